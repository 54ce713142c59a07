// Terraform host: deployment_config blocks of aws_sagemaker_endpoint and
// aws_sagemaker_inference_component, snake_case keys translated to the API's names, the
// provider's own limits as their own findings, and fixes written back as HCL.
import { strict as assert } from 'node:assert';
import { analyzeDocument, checkDocument, type SyntaxParsers } from '../../server/src/core/check';
import { quickFixes } from '../../server/src/core/edits/fixes';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { completionsAt } from '../../server/src/core/services/completion';
import { hoverAt } from '../../server/src/core/services/hover';
import { at, atIn, check, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;

const module = `variable "bake_seconds" {
  type    = number
  default = 600
}

resource "aws_sagemaker_endpoint_configuration" "small" {
  name = "small"
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.this.name
    initial_instance_count = 2
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "this" {
  name = "prod"
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.this.name
    initial_instance_count = 8
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint" "this" {
  name                 = "prod"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.this.name

  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "LINEAR"
        wait_interval_in_seconds = var.bake_seconds
        linear_step_size {
          type  = "INSTANCE_COUNT"
          value = 5
        }
      }
      maximum_execution_timeout_in_seconds = 20000
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.errors.alarm_name
      }
      alarms {
        alarm_name = "\${local.prefix}-latency"
      }
    }
  }
}
`;

describe('Terraform host', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('reads the linked endpoint configuration for the fleet, the provider cap, and names keys in snake_case', () => {
    const [block] = analyzeDocument(module, 'terraform', { parsers }).blocks;
    assert.equal(block?.family, 'endpoint');
    assert.equal(block?.fleetSize, 8, 'initial_instance_count of aws_sagemaker_endpoint_configuration.this, not .small');
    assert.deepEqual(findings(module, 'terraform'), [
      atIn(module, 'value = 5', '5', 'linear-step-size'),
      at(module, '20000', 'terraform-limit'),
      at(module, 'auto_rollback_configuration', 'terraform-replacement'),
    ]);
    const messages = check(module, 'terraform').map((f) => f.message);
    assert.match(messages[1]!, /maximum_execution_timeout_in_seconds above 14400/);
    const [block2] = analyzeDocument(module, 'terraform', { parsers }).blocks;
    const alarms = block2!.root.kind === 'object' ? block2!.root.properties.find((p) => p.key === 'AutoRollbackConfiguration') : undefined;
    assert.equal(alarms?.writtenKey, 'auto_rollback_configuration');
  });

  it('reports API errors on the snake_case token, with snake_case names in the message', () => {
    const text = `resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = "cfg"
  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "CAPACITY_PERCENTAGE"
        value = 10
      }
      wait_interval_seconds = 300
    }
  }
}
`;
    const found = check(text, 'terraform');
    assert.deepEqual(
      findings(text, 'terraform'),
      [at(text, 'rolling_update_policy', 'missing-key'), at(text, 'rolling_update_policy', 'no-rollback-alarms'), at(text, '"CAPACITY_PERCENTAGE"', 'invalid-enum'), at(text, 'wait_interval_seconds', 'unknown-key')],
    );
    const unknown = found.find((f) => f.code === 'unknown-key')!;
    assert.match(unknown.message, /wait_interval_in_seconds/);
    assert.doesNotMatch(unknown.message, /WaitInterval/);
  });

  it('treats variables, locals, functions, templates and dynamic blocks as unknown', () => {
    const text = `resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = var.config
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = var.mode
        wait_interval_in_seconds = max(60, local.bake)
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = "\${var.canary}"
        }
      }
      maximum_execution_timeout_in_seconds = local.timeout
    }
    dynamic "auto_rollback_configuration" {
      for_each = var.alarms
      content {
        dynamic "alarms" {
          for_each = auto_rollback_configuration.value
          content { alarm_name = alarms.value }
        }
      }
    }
  }
}
`;
    assert.deepEqual(findings(text, 'terraform'), []);
  });

  it('reports a rolling update of a serverless or multi-variant configuration and Inf1 instances', () => {
    const text = (variants: string) => `resource "aws_sagemaker_endpoint_configuration" "this" {
  name = "c"
${variants}
}

resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.this.name
  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "CAPACITY_PERCENT"
        value = 20
      }
      wait_interval_in_seconds = 300
    }
  }
}
`;
    const serverless = text('  production_variants {\n    variant_name = "a"\n    model_name   = "m"\n    serverless_config {\n      max_concurrency   = 5\n      memory_size_in_mb = 2048\n    }\n  }');
    assert.ok(findings(serverless, 'terraform').includes(at(serverless, 'rolling_update_policy', 'rolling-unsupported')));
    assert.match(check(serverless, 'terraform').find((f) => f.code === 'rolling-unsupported')!.message, /aws_sagemaker_endpoint_configuration\.this has a ServerlessConfig/);
    const inf1 = text('  production_variants {\n    variant_name           = "a"\n    model_name             = "m"\n    initial_instance_count = 2\n    instance_type          = "ml.inf1.2xlarge"\n  }');
    assert.deepEqual(findings(inf1, 'terraform').filter((f) => !f.endsWith('no-rollback-alarms')), [at(inf1, 'rolling_update_policy', 'guardrails-ignored')]);
  });

  it('checks inference components with their copy count and no endpoint-only provider facts', () => {
    const text = `resource "aws_sagemaker_inference_component" "ic" {
  name          = "ic"
  endpoint_name = aws_sagemaker_endpoint.e.name
  runtime_config {
    copy_count = 4
  }
  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "COPY_COUNT"
        value = 1
      }
      wait_interval_in_seconds = 120
    }
  }
}
`;
    const [block] = analyzeDocument(text, 'terraform', { parsers }).blocks;
    assert.deepEqual([block?.family, block?.fleetSize], ['inference-component', 4]);
  });

  it('warns when the bakes outlast the provider’s 60-minute wait', () => {
    const text = `resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = "cfg"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "LINEAR"
        wait_interval_in_seconds = 1800
        linear_step_size {
          type  = "CAPACITY_PERCENT"
          value = 25
        }
      }
      maximum_execution_timeout_in_seconds = 14400
    }
  }
}
`;
    assert.deepEqual(findings(text, 'terraform'), [at(text, 'blue_green_update_policy', 'no-rollback-alarms'), at(text, '1800', 'terraform-wait')]);
  });

  describe('fixes and completion write HCL', () => {
    const text = `resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = "cfg"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type = "CANARY"
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 75
        }
      }
      maximum_execution_timeout_in_seconds = 20000
    }
  }
}
`;
    const fixFor = (source: string, code: string, title?: RegExp) => {
      const analysis = checkDocument(source, 'terraform', { parsers });
      const finding = analysis.findings.find((f) => f.code === code)!;
      assert.ok(finding, `no ${code}`);
      const fixes = quickFixes(source, 'terraform', analysis, finding);
      const chosen = title ? fixes.find((f) => title.test(f.title)) : fixes.find((f) => f.isPreferred);
      assert.ok(chosen, fixes.map((f) => f.title).join(' | '));
      return { fix: chosen, text: applyEdits(source, chosen.edits) };
    };

    it('clamps values and caps the timeout at the provider limit', () => {
      assert.match(fixFor(text, 'canary-size').text, /value = 50\n/);
      const capped = fixFor(text, 'terraform-limit');
      assert.match(capped.fix.title, /maximum_execution_timeout_in_seconds to 14400/);
      assert.match(capped.text, /maximum_execution_timeout_in_seconds = 14400\n/);
    });

    it('adds a missing attribute and a rollback block in HCL', () => {
      const withWait = fixFor(text, 'missing-key').text;
      assert.match(withWait, /value = 75\n {8}\}\n {8}wait_interval_in_seconds = 600\n {6}\}/);
      const alarms = fixFor(text, 'no-rollback-alarms', /AutoRollbackConfiguration|auto_rollback_configuration/).text;
      assert.ok(
        alarms.includes(`      maximum_execution_timeout_in_seconds = 20000
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "<your-alarm-name>"
      }
    }
  }
}`),
        alarms,
      );
      assert.equal(checkDocument(alarms, 'terraform', { parsers }).blocks.length, 1);
    });

    it('ignores a finding with a # comment', () => {
      const ignored = fixFor(text, 'canary-size', /^Ignore/).text;
      assert.match(ignored, /value = 75  # sm-guardrails: ignore\[canary-size\]\n/);
      assert.deepEqual(check(ignored, 'terraform').filter((f) => f.code === 'canary-size'), []);
    });

    it('completes snake_case attributes and blocks, and hovers with the API docs', () => {
      const typing = text.replace('        type = "CANARY"\n', '        type = "CANARY"\n        wai\n');
      const analysis = analyzeDocument(typing, 'terraform', { parsers });
      const entries = completionsAt(typing, 'terraform', analysis.blocks, typing.indexOf('wai\n') + 3);
      const labels = entries.map((e) => e.label);
      assert.ok(labels.includes('wait_interval_in_seconds'), labels.join(', '));
      assert.equal(entries.find((e) => e.label === 'wait_interval_in_seconds')!.insertText, 'wait_interval_in_seconds = ${1:600}');
      const hover = hoverAt(analyzeDocument(text, 'terraform', { parsers }).blocks, text.indexOf('canary_size') + 2);
      assert.ok(hover, 'no hover on canary_size');
      assert.match(hover.markdown, /^\*\*traffic_routing_configuration\.canary_size\*\* · /);
      assert.equal(text.slice(hover.span.offset, hover.span.offset + hover.span.length), 'canary_size');
    });
  });

  describe('hover names keys in snake_case', () => {
    const hoverLines = (text: string, token: string): string[] => {
      const hover = hoverAt(analyzeDocument(text, 'terraform', { parsers }).blocks, text.indexOf(token) + 1);
      assert.ok(hover, `no hover on ${token}`);
      return hover.markdown.split('\n');
    };

    it('titles a key and an enum value as written, with the API names left in the API line', () => {
      const title = hoverLines(module, 'linear_step_size');
      assert.deepEqual(title.slice(0, 3), ['**traffic_routing_configuration.linear_step_size** · guardrail: 10-50% of the fleet · required for LINEAR, not allowed otherwise', '', 'LINEAR only: how much of the green fleet each step adds. Between 10% and 50% of the fleet.']);
      assert.equal(title[4], '_Endpoint DeploymentConfig (CreateEndpoint / UpdateEndpoint)._');
      assert.equal(hoverLines(module, 'value = 5')[0], '**linear_step_size.value** · integer, at least 1 · guardrail: 10-50% of the fleet · required');
      assert.equal(hoverLines(module, '"LINEAR"')[0], '**LINEAR** (traffic_routing_configuration.type)');
    });

    it('names the instance count in the unknown-fleet hint as Terraform writes it', () => {
      const text = `resource "aws_sagemaker_endpoint" "this" {
  name                 = "prod"
  endpoint_config_name = var.config_name
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "LINEAR"
        wait_interval_in_seconds = 600
        linear_step_size {
          type  = "CAPACITY_PERCENT"
          value = 25
        }
      }
    }
  }
}
`;
      const lines = hoverLines(text, 'linear_step_size');
      assert.equal(lines[0], '**traffic_routing_configuration.linear_step_size** · guardrail: 10-50% of the fleet · required for LINEAR, not allowed otherwise');
      assert.ok(lines.includes('_Fleet size unknown: instance counts need `initial_instance_count` in this file or the `smGuardrails.defaultFleetSize` setting._'), lines.join('\n'));
    });
  });
});
