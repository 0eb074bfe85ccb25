#!/usr/bin/env bash
# gdb-threads.sh [LDSO]: gdb's thread debugging through libthread_db (which
# reads the loader's _rtld_global: the stack lists, TLS slotinfo) on the
# program of gdb-dlopen.sh, stopped in its second thread.  With LDSO the
# program is linked with --dynamic-linker=LDSO; without it, the system
# loader (which proves the script).  Exit 0 iff every check passes.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ldso=${1:-}
if [ -n "$ldso" ]; then
    case $ldso in /*) ;; *) ldso=$PWD/$ldso ;; esac
fi
command -v gdb >/dev/null || { echo "gdb-threads: gdb is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gdb-threads.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bash "$here/build-dbg.sh" "$tmp" "$ldso" || { echo "gdb-threads: build failed"; exit 1; }
log=$tmp/gdb.log
timeout -k 5 120 env -i PATH=/usr/bin:/bin HOME="$tmp" TERM=dumb \
    gdb -batch -nx -x "$here/gdb-threads.gdb" --args "$tmp/dbg-prog" >"$log" 2>&1
rc=$?
bad=0
check() { # DESCRIPTION COUNT-AT-LEAST EXTENDED-REGEX
    local n
    n=$(grep -cE -- "$3" "$log")
    if [ "$n" -ge "$2" ]; then
        echo "PASS $1"
    else
        echo "FAIL $1 (expected >= $2 lines matching /$3/, found $n)"
        bad=1
    fi
}
if [ $rc -eq 0 ]; then echo "PASS gdb exit status"; else echo "FAIL gdb exit status $rc"; bad=1; fi
check "libthread_db enabled" 1 '^\[Thread debugging using libthread_db enabled\]'
check "breakpoint hit in the second thread" 1 'hit Breakpoint 1, thread_main'
check "info threads: two threads known to libthread_db" 2 '^\*? +[12] +Thread 0x[0-9a-f]+ \(LWP [0-9]+\)'
check "bt: thread_main" 1 '^#0 +(0x[0-9a-f]+ in )?thread_main .*dbg-prog\.c'
check "program output" 1 '^dbg-prog: ok'
check "program exited normally" 1 'exited normally'
if [ $bad -ne 0 ]; then
    echo "--- gdb output"
    head -n 80 "$log"
fi
exit $bad
