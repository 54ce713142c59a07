// V8 settings for the CLI process, set before any grammar (.wasm) is compiled. A check runs
// tree-sitter for well under a second: V8's optimising compiler (TurboFan) would spend seconds
// of CPU on the grammars' lexers (tree-sitter-bash's alone takes ~4 s) in background threads,
// and the process waits for them at exit. With the baseline compiler (Liftoff) alone, checking
// the 2,000-file bench tree takes about a third of the CPU and wall time. Worker threads share
// the process's flags. The language server (a separate entry point) keeps V8's defaults.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
