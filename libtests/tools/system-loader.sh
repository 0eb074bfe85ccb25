#!/bin/sh
# The third way to use the loader: bind-mounted over /lib64/ld-linux-x86-64.so.2
# in a private mount namespace, so every exec there goes through it.  The same
# commands run outside (glibc's loader) and inside must print the same.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/cmds" <<'SH'
ls -l /usr/bin/true | cut -c1-10
bash -c 'echo $((6*7)); for i in 1 2 3; do echo $i; done' | sort -r
printf 'b\na\n' | sort | sha256sum
/usr/bin/python3 -c 'import json, hashlib; print(json.dumps([hashlib.sha1(b"x").hexdigest()]))'
perl -MPOSIX -e 'print floor(2.5), "\n"'
git --version
getent passwd root
ldd /usr/bin/python3 | sed 's/ (0x[0-9a-f]*)//'
SH
bash "$tmp/cmds" > "$tmp/outside"
unshare -m sh -c "mount --bind '$top/ld-custom.so' /lib64/ld-linux-x86-64.so.2 &&
	/lib64/ld-linux-x86-64.so.2 --version | grep -q '^ld-custom.so' &&
	bash '$tmp/cmds'" > "$tmp/inside"
diff -u "$tmp/outside" "$tmp/inside"
echo "system loader: $(wc -l < "$tmp/inside") lines identical with ld-custom.so bind-mounted over ld-linux"
