// V8 settings for the CLI and the language server, set before any grammar (.wasm) is compiled
// (each entry imports this module first; worker threads share the process's flags).
// --liftoff-only: the grammars run on V8's baseline wasm compiler only. With TurboFan allowed, V8
// spent seconds of background CPU on the grammars' lexers (tree-sitter-bash's alone takes ~4 s),
// the process waited for that compilation at exit (a CLI run, or the server 4-6 s after `exit` on a
// loaded 2-core machine, against 20-60 ms), and the first parse in a fresh server took about 3x
// longer. The CLI on the 2,000-file bench tree takes about a third of the CPU and wall time.
// Steady-state parsing is about 1.4x slower; the server reparses incrementally after an edit.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
