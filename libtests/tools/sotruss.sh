#!/bin/sh
# glibc's sotruss (/usr/bin/sotruss: LD_AUDIT=.../audit/sotruss-lib.so, then exec)
# on /bin/ls, under glibc's loader and with ld-custom.so bind-mounted over
# /lib64/ld-linux-x86-64.so.2 in a private mount namespace (sotruss execs the
# program, so the loader must be the system one there, as in system-loader.sh):
# the same calls from ls, in the same order, with the same first argument and
# return values.  Addresses are masked (ASLR); sotruss prints three registers
# whatever the callee takes, and the second and third are leftovers of the
# loader's own code for a function with fewer arguments: they are not compared.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v sotruss >/dev/null || { echo "sotruss (libc-devtools) is missing"; exit 1; }
tmp=$(mktemp -d /tmp/ldc-sotruss.XXXXXX); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/d" && touch "$tmp/d/a" "$tmp/d/b"
cd "$tmp"
mask() {
    sed -E 's/0x[0-9a-f]{9,}/ADDR/g; s/^(.*:[ *][^(]*\([^,]*),.*\)$/\1, ...)/' "$1"
}
trace() {	# MODE OUT: the trace of ls, with (-e) or without exits
    opt=$1 out=$2
    sotruss $opt -o "$tmp/$out" -- /bin/ls d > "$tmp/$out.ls"
}
inside() {
    unshare -m sh -c "mount --bind '$top/ld-custom.so' /lib64/ld-linux-x86-64.so.2 &&
        /lib64/ld-linux-x86-64.so.2 --version | grep -q '^ld-custom.so' &&
        cd '$tmp' && sotruss $1 -o '$tmp/$2' -- /bin/ls d > '$tmp/$2.ls'"
}
for opt in -e ""; do
    trace "$opt" glibc
    inside "$opt" ours
    mask glibc > glibc.m
    mask ours > ours.m
    [ -s glibc.m ] || { echo "sotruss $opt: glibc's loader traced nothing"; exit 1; }
    diff -u glibc.m ours.m
    cmp glibc.ls ours.ls
    echo "sotruss ${opt:+$opt }-- /bin/ls: $(wc -l < ours.m) lines identical"
done
