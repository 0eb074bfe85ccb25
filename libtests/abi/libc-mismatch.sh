#!/bin/sh
# A libc.so.6 that is not the build the loader was configured for must be
# refused before any of its code runs: exit 127, one line naming the problem.
# The copy differs from the real libc only in its build-id, so the layout
# descriptors still match and the documented override lets it run.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/build/libc-mismatch
mkdir -p "$dir"
id=$(sed -n 's/^GLIBC_LIBC_BUILD_ID = //p' "$top/build/config.mk")
python3 - "$id" /lib/x86_64-linux-gnu/libc.so.6 "$dir/libc.so.6" <<'PY'
import sys
bid, src, dst = bytes.fromhex(sys.argv[1]), sys.argv[2], sys.argv[3]
data = bytearray(open(src, 'rb').read())
at = data.find(bid)
assert at > 0, "build-id not found in libc.so.6"
data[at + len(bid) - 1] ^= 0xff
open(dst, 'wb').write(data)
PY
set +e
err=$(LD_LIBRARY_PATH=$dir "$top/ld-custom.so" /bin/true 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" = 127 ] || { echo "expected exit 127 for a foreign libc, got $rc: $err"; exit 1; }
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || { echo "expected one line, got: $err"; exit 1; }
case $err in
  "ld-custom.so: /bin/true: incompatible C library: $dir/libc.so.6 (build-id "*"rebuild the loader"*) ;;
  *) echo "unexpected message: $err"; exit 1 ;;
esac
out=$(LD_CUSTOM_ALLOW_LIBC_MISMATCH=1 LD_LIBRARY_PATH=$dir "$top/ld-custom.so" /bin/echo ok)
[ "$out" = ok ] || { echo "override with matching layouts did not run: $out"; exit 1; }
echo "libc mismatch: refused with one line and status 127; override works"
