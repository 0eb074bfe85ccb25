#!/bin/sh
# ld-profile.sh [LDSO]: LD_PROFILE and LD_PROFILE_OUTPUT under glibc's loader
# and LDSO (default ./ld-custom.so).  A program calls a profiled library a
# known number of times; each loader writes DIR/libpf.so.profile (glibc's
# dl-profile.c format).  The files must hold the same header and call arcs
# (from, to, count; the PC-sample histogram is time, not compared), after
# one run and after a second run that adds to the file.  Then sprof reads
# both files and must print the same call graph with the known counts.
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
# header and arcs of a profile file, as text (the histogram left out)
arcs() {
    python3 - "$1" <<'P'
import struct, sys
b = open(sys.argv[1], 'rb').read()
off = 20 + 4
lo, hi, n = struct.unpack('<QQi', b[off:off + 20])
print(b[:20].hex(), b[off:off + 40].hex())
off += 40 + 2 * n
tag, narcs = struct.unpack('<II', b[off:off + 8])
print('tag', tag, 'arcs', narcs, 'size', len(b))
for i in range(narcs):
    print('from %#x to %#x count %d' % struct.unpack('<QQI', b[off + 8 + 20 * i:off + 28 + 20 * i]))
P
}
bad=0
for round in 1 2; do
    env -i LD_PROFILE=libpf.so LD_PROFILE_OUTPUT="$tmp/g" "$tmp/sys" >/dev/null || bad=1
    env -i LD_PROFILE=libpf.so LD_PROFILE_OUTPUT="$tmp/o" "$tmp/ours" >/dev/null || bad=1
    arcs "$tmp/g/libpf.so.profile" >"$tmp/g.arcs" && arcs "$tmp/o/libpf.so.profile" >"$tmp/o.arcs"
    if [ $bad = 0 ] && grep -q 'count 21' "$tmp/g.arcs" && cmp -s "$tmp/g.arcs" "$tmp/o.arcs"; then
        echo "PASS run $round: same profile data ($(grep -c count "$tmp/o.arcs") arcs)"
    else
        echo "FAIL run $round: profile data differ"; diff "$tmp/g.arcs" "$tmp/o.arcs"; bad=1
    fi
done
for f in g o; do
    (cd "$tmp" && "$ldso" /usr/bin/sprof -q libpf.so "$f/libpf.so.profile") >"$tmp/$f.sprof" 2>&1
done
# pf_leaf: 2 x 33 calls, pf_top and pf_mid 2 x 7 (two runs)
if grep -qE ' 66 +pf_leaf' "$tmp/o.sprof" && grep -qE ' 14 +pf_mid' "$tmp/o.sprof" &&
   cmp -s "$tmp/g.sprof" "$tmp/o.sprof"; then
    echo "PASS sprof: same call graph, the known counts"
else
    echo "FAIL sprof output"; diff "$tmp/g.sprof" "$tmp/o.sprof"; cat "$tmp/o.sprof"; bad=1
fi
exit $bad
