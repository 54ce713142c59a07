// V8 settings for the CLI process, set before any grammar (.wasm) is compiled. A check runs
// tree-sitter for well under a second: V8's optimising compiler (TurboFan) would spend seconds
// of CPU on the grammars' lexers (tree-sitter-bash's alone takes ~4 s) in background threads,
// and the process waits for them at exit. The baseline compiler (Liftoff) alone is 2-3x faster
// overall. Worker threads share the process's flags. The language server keeps V8's defaults.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
