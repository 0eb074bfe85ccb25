#!/usr/bin/env bash
# gdb-dlopen.sh [LDSO]: gdb against a program that dlopens a library.
# A pending breakpoint in the dlopened library must be hit (twice: the
# library is dlclosed and dlopened again), `info sharedlibrary` must list it,
# and `bt` must show the frames through it down to main.  With LDSO the
# program is linked with --dynamic-linker=LDSO; without it, the system
# loader (which proves the script).  Exit 0 iff every check passes.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ldso=${1:-}
if [ -n "$ldso" ]; then
    case $ldso in /*) ;; *) ldso=$PWD/$ldso ;; esac
fi
command -v gdb >/dev/null || { echo "gdb-dlopen: gdb is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gdb-dlopen.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bash "$here/build-dbg.sh" "$tmp" "$ldso" || { echo "gdb-dlopen: build failed"; exit 1; }
log=$tmp/gdb.log
timeout -k 5 120 env -i PATH=/usr/bin:/bin HOME="$tmp" TERM=dumb \
    gdb -batch -nx -x "$here/gdb-dlopen.gdb" --args "$tmp/dbg-prog" >"$log" 2>&1
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
check "breakpoint hit in the dlopened library, twice" 2 '^Breakpoint 1, (0x[0-9a-f]+ in )?dbg_plugin_inner'
check "info sharedlibrary lists libdbgplug.so" 2 '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*/libdbgplug\.so$'
check "info sharedlibrary lists libc.so.6" 2 '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes.*/libc\.so\.6$'
check "bt: dbg_plugin_inner" 1 '^#0 +(0x[0-9a-f]+ in )?dbg_plugin_inner .*dbg-plug\.c'
check "bt: dbg_plugin_entry" 1 '^#1 +0x[0-9a-f]+ in dbg_plugin_entry .*dbg-plug\.c'
check "bt: main" 1 '^#2 +0x[0-9a-f]+ in main .*dbg-prog\.c'
check "program output" 1 '^dbg-prog: ok'
check "program exited normally" 1 'exited normally'
if [ $bad -ne 0 ]; then
    echo "--- gdb output"
    head -n 80 "$log"
fi
exit $bad
