// Imported by main.ts right after the V8 flags, before the modules that take the longest to load:
// the tree-sitter runtime and the Python grammar (the language most documents are in) compile on
// V8's background threads while the server loads and reads `initialize`, so the first document's
// first parse does not compile them function by function on the main thread. Other grammars
// compile when a document first needs them. A failure here is met again, and reported, when the
// runtime is created.
import { precompile } from '../node/grammars';

void precompile(['python']).catch(() => undefined);
