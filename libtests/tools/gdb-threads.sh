#!/usr/bin/env bash
# gdb-threads.sh [LDSO]: gdb's thread debugging through libthread_db (which
# reads the loader's _rtld_global: the stack lists, TLS slotinfo) on the
# program of gdb-dlopen.sh, stopped in its second thread.  With LDSO the
# program is linked with --dynamic-linker=LDSO; without it, the system
# loader (which proves the script).  Exit 0 iff every check passes.
usage() {
    echo "Usage: bash libtests/tools/gdb-threads.sh [LDSO]"
    echo "gdb's thread debugging through libthread_db on a two-thread program."
    echo "With LDSO the test program's PT_INTERP is LDSO; without, the system loader."
    echo "Prints PASS/FAIL lines; exit 0 iff every check passes."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "gdb-threads: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
    echo "gdb-threads: too many arguments" >&2; usage >&2; exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/gdb-lib.sh" threads "${1:-}"
check "libthread_db enabled" 1 '^\[Thread debugging using libthread_db enabled\]'
check "breakpoint hit in the second thread" 1 'hit Breakpoint 1, thread_main'
check "info threads: two threads known to libthread_db" 2 '^\*? +[12] +Thread 0x[0-9a-f]+ \(LWP [0-9]+\)'
check "bt: thread_main" 1 '^#0 +(0x[0-9a-f]+ in )?thread_main .*dbg-prog\.c'
check "program output" 1 '^dbg-prog: ok'
check "program exited normally" 1 'exited normally'
finish
