#!/usr/bin/env python3
"""Print the SageMaker service model's shape tree under DeploymentConfig as JSON.

Reads the model of the botocore installed for this python3 (no AWS credentials,
no network) and prints, on stdout:

    {
      "botocoreVersion": "1.43.11",
      "service": "sagemaker",
      "apiVersion": "2017-07-24",
      "root": <node>
    }

where every <node> is

    {
      "name": botocore shape name,
      "type": botocore type ("structure", "list", "string", "integer", ...),
      "min", "max", "pattern": only when the shape has them,
      "enum": [...]               only when the shape has one,
      "required": [...],          structures: required member names
      "members": {name: <node>},  structures, in model order
      "member": <node>,           lists
      "key", "value": <node>,     maps
      "cycle": true               instead of children when the shape already
                                  appears on the path from the root
    }

Usage: python3 scripts/dump-botocore-shapes.py [ROOT_SHAPE]   (default DeploymentConfig)

Exit codes: 0 ok; 3 botocore is not importable (message on stderr); 1 any other
failure (unknown shape, model not found, ...).
"""

import json
import sys

EXIT_NO_BOTOCORE = 3
SERVICE = 'sagemaker'
DEFAULT_ROOT = 'DeploymentConfig'


def describe(shape, ancestors):
    node = {'name': shape.name, 'type': shape.type_name}
    if shape.name in ancestors:
        node['cycle'] = True
        return node
    metadata = shape.metadata
    for key in ('min', 'max', 'pattern'):
        if key in metadata:
            node[key] = metadata[key]
    if metadata.get('enum'):
        node['enum'] = list(metadata['enum'])
    inner = ancestors | {shape.name}
    if shape.type_name == 'structure':
        node['required'] = list(shape.required_members)
        node['members'] = {
            name: describe(member, inner) for name, member in shape.members.items()
        }
    elif shape.type_name == 'list':
        node['member'] = describe(shape.member, inner)
    elif shape.type_name == 'map':
        node['key'] = describe(shape.key, inner)
        node['value'] = describe(shape.value, inner)
    return node


def main(argv):
    root_name = argv[1] if len(argv) > 1 else DEFAULT_ROOT
    try:
        import botocore
        import botocore.session
    except ImportError as exc:
        print(
            'botocore is not importable by %s (%s): %s' % (sys.executable, sys.version.split()[0], exc),
            file=sys.stderr,
        )
        return EXIT_NO_BOTOCORE

    try:
        model = botocore.session.get_session().get_service_model(SERVICE)
        root = model.shape_for(root_name)
    except Exception as exc:  # noqa: BLE001 - any failure here is a real error, not a skip
        print(
            'cannot read shape %s of service %s from botocore %s: %s: %s'
            % (root_name, SERVICE, botocore.__version__, type(exc).__name__, exc),
            file=sys.stderr,
        )
        return 1

    json.dump(
        {
            'botocoreVersion': botocore.__version__,
            'service': SERVICE,
            'apiVersion': model.api_version,
            'root': describe(root, frozenset()),
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
