#!/bin/sh
# ld-profile.sh [LDSO]: LD_PROFILE and LD_PROFILE_OUTPUT under glibc's loader
# and LDSO (default ./ld-custom.so).  A program calls a profiled library a
# known number of times, then spins in it for 300 ms of CPU time; each
# loader writes DIR/libpf.so.profile (glibc's dl-profile.c format).  The files
# must hold the same header and call arcs (from, to, count), after one run and
# after a second run that adds to the file.  The PC-sample histogram (SIGPROF
# ticks, as glibc's ld.so takes them) is time, so not compared bin for bin:
# each loader's must hold samples, nearly all in pf_spin.  Then sprof reads
# both files and must print the same flat profile and call graph with the
# known counts (the columns of time left out), pf_spin with time in both.
# glibc 2.36's sprof aborts under its own loader (glibc bug 30258, an
# assertion in dlopen, fixed in 2.38), so sprof runs under LDSO for both.
# The program is linked -z now -z relro: profiling binds it lazily all the
# same, its PLT slots inside RELRO (never written: each call goes through
# the profiling trampoline).  The library is linked -z noseparate-code: sprof 2.36 matches arcs (offsets
# from the text's first page) against symbol values, which agree only when
# the text starts at 0.
usage() {
    echo "Usage: sh libtests/tools/ld-profile.sh [LDSO]"
    echo "LD_PROFILE under glibc's loader and LDSO: same profile data, same sprof output."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "ld-profile: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/libtests/tools/ld-profile
ldso=$(realpath "${1:-$top/ld-custom.so}")
command -v sprof >/dev/null || { echo "ld-profile: sprof is not installed"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gcc -shared -fPIC -O1 -o "$tmp/libpf.so" "$src/libpf.c" -Wl,-soname,libpf.so \
    -Wl,-z,noseparate-code &&
gcc -O1 -o "$tmp/sys" "$src/prog.c" -L"$tmp" -lpf -Wl,-rpath,"$tmp",-z,now,-z,relro &&
gcc -O1 -o "$tmp/ours" "$src/prog.c" -L"$tmp" -lpf -Wl,-rpath,"$tmp",-z,now,-z,relro \
    -Wl,--dynamic-linker="$ldso" || exit 1
mkdir "$tmp/g" "$tmp/o"
# header and arcs of a profile file, as text, and a digest of every byte
# but the histogram's
arcs() {
    python3 - "$1" <<'P'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()
off = 20 + 4
lo, hi, n = struct.unpack('<QQi', b[off:off + 20])
print(b[:20].hex(), b[off:off + 40].hex())
off += 40 + 2 * n
tag, narcs = struct.unpack('<II', b[off:off + 8])
print('tag', tag, 'arcs', narcs, 'size', len(b))
for i in range(narcs):
    print('from %#x to %#x count %d' % struct.unpack('<QQI', b[off + 8 + 20 * i:off + 28 + 20 * i]))
print('all but the histogram', hashlib.sha256(b[:64] + b[off:]).hexdigest())
P
}
# PC samples in a profile file: the total, and how many fall in pf_spin
# (a counter covers 4 bytes from the text's first page, at 0 here)
spin=$(nm -S "$tmp/libpf.so" | awk '$4 == "pf_spin" { print $1, $2 }')
hist() {
    python3 - "$1" $spin <<'P'
import struct, sys
b = open(sys.argv[1], 'rb').read()
n = struct.unpack('<i', b[40:44])[0]
k = struct.unpack('<%dH' % n, b[64:64 + 2 * n])
start, size = int(sys.argv[2], 16), int(sys.argv[3], 16)
print(sum(k), sum(k[start // 4:(start + size + 3) // 4]))
P
}
bad=0
for round in 1 2; do
    env -i LD_PROFILE=libpf.so LD_PROFILE_OUTPUT="$tmp/g" "$tmp/sys" >/dev/null || bad=1
    env -i LD_PROFILE=libpf.so LD_PROFILE_OUTPUT="$tmp/o" "$tmp/ours" >/dev/null || bad=1
    arcs "$tmp/g/libpf.so.profile" >"$tmp/g.arcs" && arcs "$tmp/o/libpf.so.profile" >"$tmp/o.arcs"
    if [ $bad = 0 ] && grep -q 'count 21' "$tmp/g.arcs" && cmp -s "$tmp/g.arcs" "$tmp/o.arcs"; then
        echo "PASS run $round: same profile data, but for the histogram" \
             "($(grep -c count "$tmp/o.arcs") arcs)"
    else
        echo "FAIL run $round: profile data differ"; diff "$tmp/g.arcs" "$tmp/o.arcs"; bad=1
    fi
    for f in g o; do
        set -- $(hist "$tmp/$f/libpf.so.profile")
        # 300 ms a run at AT_CLKTCK (100) ticks a second: about 30 samples
        if [ "${1:-0}" -ge $((10 * round)) ] && [ $(($2 * 10)) -ge $(($1 * 8)) ]; then
            echo "PASS run $round: $f histogram: $1 samples, $2 in pf_spin"
        else
            echo "FAIL run $round: $f histogram: ${1:-no} samples, ${2:-none} in pf_spin"; bad=1
        fi
    done
done
# sprof -p: calls and name (columns 26-34 and 44 on of glibc's printflat),
# and whether the self seconds (17-25) are not 0; -q: every float blanked
for f in g o; do
    (cd "$tmp" && "$ldso" /usr/bin/sprof -p libpf.so "$f/libpf.so.profile") 2>&1 |
        awk 'length($0) > 43 && $0 ~ /^ *[0-9]+\.[0-9][0-9] / {
                 print substr($0, 26, 9), substr($0, 44), (substr($0, 17, 9) + 0 > 0 ? "timed" : "")
             }' >"$tmp/$f.flat"
    (cd "$tmp" && "$ldso" /usr/bin/sprof -q libpf.so "$f/libpf.so.profile") 2>&1 |
        sed -E 's/[0-9]+\.[0-9]+/T/g' >"$tmp/$f.sprof"
done
# pf_leaf: 2 x 33 calls, pf_top and pf_mid 2 x 7, pf_spin 2 (two runs)
if grep -qE ' 66 +pf_leaf' "$tmp/o.sprof" && grep -qE ' 14 +pf_mid' "$tmp/o.sprof" &&
   grep -qE '^ +2 +pf_spin timed$' "$tmp/o.flat" && cmp -s "$tmp/g.flat" "$tmp/o.flat" &&
   cmp -s "$tmp/g.sprof" "$tmp/o.sprof"; then
    echo "PASS sprof: same flat profile and call graph, the known counts, pf_spin timed"
else
    echo "FAIL sprof output"; diff "$tmp/g.flat" "$tmp/o.flat"; diff "$tmp/g.sprof" "$tmp/o.sprof"
    cat "$tmp/o.flat" "$tmp/o.sprof"; bad=1
fi
exit $bad
