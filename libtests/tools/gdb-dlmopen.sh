#!/usr/bin/env bash
# gdb-dlmopen.sh LDSO: gdb (batch) on a program that dlmopens a library
# (which needs libc) into a new namespace and stops in it, under glibc's
# loader and under LDSO, as PT_INTERP: the breakpoint is hit and `info
# sharedlibrary` lists the same libraries, those of both namespaces (found
# through r_debug's r_next chain under LDSO; glibc's gdb uses its probes).
# The loader's own lines are normalised to LOADER (glibc's is named
# /lib64/ld-linux-x86-64.so.2 and, in the new namespace, by the path its
# search found; ours is LDSO) and the lists compared sorted (gdb lists the
# loader at a different place).  Then the command form, `gdb --args LDSO
# PROG`: gdb must list LDSO under its own path, its text inside LDSO's
# mapping, and must not warn of a .dynamic "not at the expected address".
usage() {
    echo "Usage: bash libtests/tools/gdb-dlmopen.sh LDSO"
    echo "gdb on a dlmopen into a new namespace, under glibc's loader and LDSO:"
    echo "same info sharedlibrary; and gdb --args LDSO PROG names LDSO by its path."
    echo "Prints PASS/FAIL lines; exit 0 iff every check passes."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "gdb-dlmopen: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    '') usage >&2; exit 2 ;;
esac
if [ $# -ne 1 ]; then
    echo "gdb-dlmopen: too many arguments" >&2; usage >&2; exit 2
fi
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ldso=$(realpath "$1")
command -v gdb >/dev/null || { echo "gdb-dlmopen: gdb is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gdb-dlmopen.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
gcc -g -O1 -fPIC -shared -o "$tmp/libdbgns.so" "$here/dbg-nsplug.c" &&
gcc -g -O1 -o "$tmp/sys" "$here/dbg-mprog.c" -ldl &&
gcc -g -O1 -o "$tmp/ours" "$here/dbg-mprog.c" -ldl "-Wl,--dynamic-linker=$ldso" ||
    { echo "gdb-dlmopen: build failed"; exit 1; }
bad=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; bad=1; }
rungdb() { # LOG ARGS...
    local log=$1; shift
    timeout -k 5 120 env -i PATH=/usr/bin:/bin HOME="$tmp" TERM=dumb \
        gdb -batch -nx -x "$here/gdb-dlmopen.gdb" --args "$@" >"$log" 2>&1
}
libs() { # LOG: the libraries info sharedlibrary lists, the loader as LOADER
    grep -E '^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes' "$1" | awk '{print $NF}' |
        sed -E "s#^($ldso|.*/ld-linux-x86-64\.so\.2)\$#LOADER#" | sort
}
for form in sys ours; do
    rungdb "$tmp/$form.log" "$tmp/$form"
    if grep -qE '^Breakpoint 1, (0x[0-9a-f]+ in )?dbg_ns_inner' "$tmp/$form.log"; then
        pass "$form: breakpoint hit in the dlmopened library"
    else
        fail "$form: breakpoint in the dlmopened library not hit"
    fi
    grep -q '^dbg-mprog: ok' "$tmp/$form.log" && pass "$form: program output" ||
        fail "$form: program output"
done
libs "$tmp/sys.log" >"$tmp/sys.libs"
libs "$tmp/ours.log" >"$tmp/ours.libs"
if [ "$(grep -c libc.so.6 "$tmp/sys.libs")" -eq 2 ] && grep -q libdbgns.so "$tmp/sys.libs"; then
    pass "glibc: both namespaces listed (the oracle shows what it should)"
else
    fail "glibc: expected two libc.so.6 and libdbgns.so"; cat "$tmp/sys.libs"
fi
if cmp -s "$tmp/sys.libs" "$tmp/ours.libs"; then
    pass "info sharedlibrary lists the same libraries ($(wc -l <"$tmp/ours.libs"))"
else
    fail "info sharedlibrary differs"; diff "$tmp/sys.libs" "$tmp/ours.libs"
fi

# the command form: LDSO under its own path, at its own address
log=$tmp/cmd.log
rungdb "$log" "$ldso" "$tmp/sys"
grep -qE '^Breakpoint 1, (0x[0-9a-f]+ in )?dbg_ns_inner' "$log" &&
    pass "command form: breakpoint hit" || fail "command form: breakpoint not hit"
if grep -q 'not at the expected address' "$log"; then
    fail "command form: gdb warns of a misplaced .dynamic"
else
    pass "command form: no misplaced .dynamic"
fi
from=$(grep -E "^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes +$ldso\$" "$log" | head -n1 | awk '{print $1}')
inside=0
while read -r lo hi _; do
    [ -n "$from" ] && (( from >= lo && from < hi )) && inside=1
done < <(grep -E "^ +0x[0-9a-f]+ +0x[0-9a-f]+ .* $ldso\$" "$log")
if [ -n "$from" ] && [ "$inside" -gt 0 ]; then
    pass "command form: $ldso listed, its text ($from) inside its mapping"
else
    fail "command form: $ldso not listed at an address inside its mapping"
fi
grep -q '/lib64/ld-linux-x86-64.so.2$' "$log" &&
    fail "command form: the loader listed as /lib64/ld-linux-x86-64.so.2" ||
    pass "command form: not listed as /lib64/ld-linux-x86-64.so.2"
if [ $bad -ne 0 ]; then
    echo "--- gdb output (ours, then the command form)"
    head -n 60 "$tmp/ours.log"; head -n 60 "$log"
fi
exit $bad
