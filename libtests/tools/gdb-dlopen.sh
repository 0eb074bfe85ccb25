#!/usr/bin/env bash
# gdb-dlopen.sh [LDSO]: gdb against a program that dlopens a library.
# A pending breakpoint in the dlopened library must be hit (twice: the
# library is dlclosed and dlopened again), `info sharedlibrary` must list it,
# and `bt` must show the frames through it down to main.  With LDSO the
# program is linked with --dynamic-linker=LDSO; without it, the system
# loader (which proves the script).  Exit 0 iff every check passes.
usage() {
    echo "Usage: bash libtests/tools/gdb-dlopen.sh [LDSO]"
    echo "gdb on a program that dlopens a library: breakpoints, info sharedlibrary, bt."
    echo "With LDSO the test program's PT_INTERP is LDSO; without, the system loader."
    echo "Prints PASS/FAIL lines; exit 0 iff every check passes."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "gdb-dlopen: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
    echo "gdb-dlopen: too many arguments" >&2; usage >&2; exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/gdb-lib.sh" dlopen "${1:-}"
check "breakpoint hit in the dlopened library, twice" 2 '^Breakpoint 1, (0x[0-9a-f]+ in )?dbg_plugin_inner'
check "info sharedlibrary lists libdbgplug.so" 2 '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*/libdbgplug\.so$'
check "info sharedlibrary lists libc.so.6" 2 '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*/libc\.so\.6$'
check "bt: dbg_plugin_inner" 1 '^#0 +(0x[0-9a-f]+ in )?dbg_plugin_inner .*dbg-plug\.c'
check "bt: dbg_plugin_entry" 1 '^#1 +0x[0-9a-f]+ in dbg_plugin_entry .*dbg-plug\.c'
check "bt: main" 1 '^#2 +0x[0-9a-f]+ in main .*dbg-prog\.c'
check "program output" 1 '^dbg-prog: ok'
check "program exited normally" 1 'exited normally'
finish
