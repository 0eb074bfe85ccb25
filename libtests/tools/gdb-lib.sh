# Sourced by gdb-dlopen.sh and gdb-threads.sh: build the debug program (for
# LDSO, or for the system loader when LDSO is empty), run gdb on it with the
# script NAME.gdb, and offer check() over its output.  Sets $log and $bad.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=$1 ldso=${2:-}
if [ -n "$ldso" ]; then
    case $ldso in /*) ;; *) ldso=$PWD/$ldso ;; esac
fi
command -v gdb >/dev/null || { echo "gdb-$name: gdb is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gdb-$name.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bash "$here/build-dbg.sh" "$tmp" "$ldso" || { echo "gdb-$name: build failed"; exit 1; }
log=$tmp/gdb.log
timeout -k 5 120 env -i PATH=/usr/bin:/bin HOME="$tmp" TERM=dumb \
    gdb -batch -nx -x "$here/gdb-$name.gdb" --args "$tmp/dbg-prog" >"$log" 2>&1
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
finish() {
    if [ $bad -ne 0 ]; then
        echo "--- gdb output"
        head -n 80 "$log"
    fi
    exit $bad
}
if [ $rc -eq 0 ]; then echo "PASS gdb exit status"; else echo "FAIL gdb exit status $rc"; bad=1; fi
