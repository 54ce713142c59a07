// The status bar's decision (client/src/status.ts): counts only for the text on screen.
import { strict as assert } from 'node:assert';
import { statusToShow } from '../../client/src/status';
import type { DocumentStatusParams } from '../../server/src/lsp/protocol';

const status = (uri: string, version: number, errorCount = 1): DocumentStatusParams => ({ uri, version, configCount: 1, errorCount, warningCount: 0 });

describe('status bar', () => {
  it('after a switch, never shows counts of an older text of the file switched to', () => {
    // b.py was checked at version 3 earlier; it is now at version 5 and a.py was shown until now.
    assert.equal(statusToShow({ uri: 'file:///b.py', version: 5 }, status('file:///b.py', 3), 'file:///a.py'), undefined);
    // Once the server has checked version 5, its counts are shown.
    const current = status('file:///b.py', 5, 0);
    assert.equal(statusToShow({ uri: 'file:///b.py', version: 5 }, current, undefined), current);
  });

  it("never shows another file's counts", () => {
    assert.equal(statusToShow({ uri: 'file:///b.py', version: 1 }, status('file:///a.py', 1), 'file:///a.py'), undefined);
    assert.equal(statusToShow({ uri: 'file:///b.py', version: 1 }, undefined, 'file:///a.py'), undefined);
  });

  it('keeps the last counts of the file on screen while it is typed in', () => {
    const last = status('file:///a.py', 7);
    assert.equal(statusToShow({ uri: 'file:///a.py', version: 8 }, last, 'file:///a.py'), last);
  });

  it('hides when the file holds no config', () => {
    assert.equal(statusToShow({ uri: 'file:///a.py', version: 1 }, { ...status('file:///a.py', 1), configCount: 0 }, undefined), undefined);
  });
});
