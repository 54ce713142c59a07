import { strict as assert } from 'node:assert';
import { ChangedRegions } from '../../server/src/core/changed-regions';
import { mayHoldConfig } from '../../server/src/core/check';
import { mayHoldCliConfig } from '../../server/src/core/hosts/cli';
import { mayHoldPythonConfig } from '../../server/src/core/hosts/python';
import { mayHoldPythonShapeConfig } from '../../server/src/core/hosts/python-shapes';

/** A small deterministic generator (the same cases on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('changed regions (the trigger-word test after edits)', () => {
  it('gives the whole-text answer after any sequence of edits to a text without a trigger word', () => {
    const next = random(7);
    // Pieces that make trigger words only when they meet: edits must see words across their edges.
    const pieces = ['Deployment', 'Config', 'Rolling', 'UpdatePolicy', 'BlueGreen', 'AutoRollback', 'Configuration', '--deployment', '-config', 'x = 1\n', ' ', '\n', 'y = 2\n'.repeat(40)];
    let agreed = 0;
    let found = 0;
    for (let round = 0; round < 400; round++) {
      // Halves of trigger words already in the text: an edit next to one completes a word across its edge.
      let text = 'import math\nnote = "Deployment" + "Rolling"\n'.repeat(100 + Math.floor(next() * 100));
      const regions = new ChangedRegions();
      const edits = 2 + Math.floor(next() * 10);
      let typedUpTo = Math.floor(next() * (text.length + 1));
      for (let e = 0; e < edits; e++) {
        // Mostly typing on where the last edit ended (so pieces meet), else anywhere (moving what follows).
        const anywhere = Math.floor(next() * (text.length + 1));
        const halfEnd = text.indexOf('"', text.indexOf('Deployment', anywhere) + 1);
        const roll = next();
        const start = roll < 0.5 ? Math.min(typedUpTo, text.length) : roll < 0.75 && halfEnd > 0 ? halfEnd : anywhere;
        const end = Math.min(text.length, start + Math.floor(next() * 8));
        const inserted = next() < 0.8 ? pieces[Math.floor(next() * pieces.length)]! : '';
        regions.replace(start, end, inserted.length);
        text = text.slice(0, start) + inserted + text.slice(end);
        if (start === typedUpTo || start < typedUpTo) typedUpTo = start === typedUpTo ? start + inserted.length : typedUpTo + inserted.length - (end - start);
      }
      const whole = mayHoldConfig(text, 'python');
      assert.equal(regions.mayHoldConfigNow(text, 'python'), whole, `round ${round}`);
      agreed++;
      if (whole) found++;
    }
    assert.equal(agreed, 400);
    assert.ok(found > 20, `too few texts gained a trigger word (${found}): the test would not see a miss`);
  });

  it('reads the whole text after the whole text is replaced (a change without a range)', () => {
    const regions = new ChangedRegions();
    const text = 'x = 1\n'.repeat(100) + 'DeploymentConfig';
    regions.replace(0, 12, text.length);
    assert.equal(regions.mayHoldConfigNow(text, 'python'), true);
  });

  it('the one-pass test before the hosts\' own word tests lets every trigger word through', () => {
    const words = ['DeploymentConfig', 'BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration', 'deployment_config', '--deployment-config', 'json.loads("{\\"RollingUpdatePolicy\\": 1}")', 'InferenceComponentDeploymentConfig', 'DeploymentConfigProperty'];
    for (const word of words) {
      const text = `x = 1\n${word}\n`;
      const python = mayHoldPythonConfig(text) || mayHoldPythonShapeConfig(text) || mayHoldCliConfig(text);
      assert.equal(python, true, word);
      assert.equal(mayHoldConfig(text, 'python'), true, word);
      assert.equal(mayHoldConfig(text, 'json'), mayHoldPythonConfig(text) || mayHoldCliConfig(text), `json: ${word}`);
      assert.equal(mayHoldConfig(text, 'yaml'), mayHoldPythonConfig(text), `yaml: ${word}`);
      assert.equal(mayHoldConfig(text, 'shell'), mayHoldCliConfig(text), `shell: ${word}`);
    }
    for (const text of ['deployments = 1\nloads(x)\n', 'UpdatePolic y', '']) for (const kind of ['python', 'json', 'yaml', 'shell'] as const) assert.equal(mayHoldConfig(text, kind), false, `${kind}: ${text}`);
  });
});
