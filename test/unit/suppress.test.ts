// Suppression comments silence findings wherever findings are made: documents, Markdown fences
// and notebooks (the CLI and the language server use these same paths).
import { strict as assert } from 'node:assert';
import { analyzeNotebook, checkBlocks, finalizeFindings, type SyntaxParsers } from '../../server/src/core/check';
import { at, findings, parsersReady } from './helpers/findings';

let parsers: SyntaxParsers;
const bad = `{"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300}}`;

describe('suppression comments', () => {
  before(async () => {
    parsers = await parsersReady();
  });

  it('Python: a comment at the end of the line silences only the named rule on that line', () => {
    const text = `cfg = ${bad}  # sm-guardrails: ignore[rolling-batch-size]\n`;
    assert.deepEqual(findings(text, 'python'), ['1:8-1:29 no-rollback-alarms']);
  });

  it('Python: a comment line above silences the whole next statement; bare `ignore` silences every rule', () => {
    const text = `# sm-guardrails: ignore\ncfg = {\n    "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 90}, "WaitIntervalInSeconds": 300},\n}\nother = ${bad}\n`;
    assert.deepEqual(findings(text, 'python'), [at(text, '"RollingUpdatePolicy"', 'no-rollback-alarms', 2), at(text, '90', 'rolling-batch-size', 2)]);
  });

  it('shell: a comment above a multi-line command silences it', () => {
    const command = `aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c \\\n  --deployment-config '${bad}'\n`;
    assert.equal(findings(command, 'shell').length, 2);
    assert.deepEqual(findings(`# sm-guardrails: ignore[rolling-batch-size, no-rollback-alarms]\n${command}`, 'shell'), []);
  });

  it('Markdown: a comment inside a bash fence counts; JSON fences have no comments', () => {
    const md = `# Runbook\n\n\`\`\`bash\naws sagemaker update-endpoint --deployment-config '${bad}'  # sm-guardrails: ignore[rolling-batch-size]\n\`\`\`\n`;
    assert.deepEqual(findings(md, 'markdown').map((f) => f.split(' ')[1]), ['no-rollback-alarms']);
  });

  it('notebooks: a comment in the defining cell silences a config passed in another cell, and on `!aws` lines', () => {
    const cells = [
      { kind: 'code' as const, text: `cfg = ${bad}  # sm-guardrails: ignore[rolling-batch-size]` },
      { kind: 'code' as const, text: 'sm.update_endpoint(EndpointName="e", EndpointConfigName="c", DeploymentConfig=cfg)' },
      { kind: 'code' as const, text: `!aws sagemaker update-endpoint --endpoint-name e --endpoint-config-name c --deployment-config '${bad}'  # sm-guardrails: ignore` },
    ];
    const notebook = analyzeNotebook(cells, { parsers });
    const result = finalizeFindings([...notebook.findings, ...checkBlocks(notebook.blocks)]);
    assert.deepEqual(result.map((f) => f.code), ['no-rollback-alarms']);
    assert.equal(result[0]!.span.offset, cells[0]!.text.indexOf('"RollingUpdatePolicy"'));
  });
});
