#!/usr/bin/env bash
# valgrind-dlopen.sh [LDSO]: `valgrind --error-exitcode=1 -q` on a small
# program that dlopens, calls, dlcloses a library twice and runs a thread.
# With LDSO the program's PT_INTERP is LDSO; without it, the system loader
# (which proves the script).  Exit 0 iff valgrind reports nothing and the
# program's output is right.
set -u
usage() {
    echo "Usage: bash libtests/tools/valgrind-dlopen.sh [LDSO]"
    echo "valgrind -q on a program that dlopens, dlcloses and runs a thread."
    echo "With LDSO the test program's PT_INTERP is LDSO; without, the system loader."
    echo "Prints PASS/FAIL lines; exit 0 iff every check passes."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "valgrind-dlopen: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then
    echo "valgrind-dlopen: too many arguments" >&2; usage >&2; exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ldso=${1:-}
if [ -n "$ldso" ]; then
    case $ldso in /*) ;; *) ldso=$PWD/$ldso ;; esac
fi
command -v valgrind >/dev/null || { echo "valgrind-dlopen: valgrind is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/valgrind-dlopen.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bash "$here/build-dbg.sh" "$tmp" "$ldso" || { echo "valgrind-dlopen: build failed"; exit 1; }
timeout -k 5 300 env -i PATH=/usr/bin:/bin HOME="$tmp" \
    valgrind --error-exitcode=1 -q "$tmp/dbg-prog" >"$tmp/out" 2>"$tmp/err"
rc=$?
bad=0
if [ $rc -eq 0 ]; then echo "PASS valgrind exit status"; else echo "FAIL valgrind exit status $rc"; bad=1; fi
if grep -q '^dbg-prog: ok' "$tmp/out"; then echo "PASS program output"; else echo "FAIL program output"; bad=1; fi
if [ -s "$tmp/err" ]; then echo "FAIL valgrind printed something"; bad=1; else echo "PASS valgrind is quiet"; fi
if [ $bad -ne 0 ]; then
    echo "--- stdout"; head -n 20 "$tmp/out"
    echo "--- stderr"; head -n 60 "$tmp/err"
fi
exit $bad
