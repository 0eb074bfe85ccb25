#!/bin/sh
# LD_AUDIT in secure mode (AT_SECURE: a setuid program run by another user):
# glibc still reads it but loads only names without a slash (and looks for them
# in the system directories); a path is ignored.  The same program, plain and
# setuid, under glibc's loader and ours: the audit module's lines must match, and
# in the setuid run the module named by a path must not be loaded.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; exit 1; }
tmp=$(mktemp -d /tmp/ldc-audit-secure.XXXXXX); trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$top/ld-custom.so" "$tmp/ld-custom.so"	# reachable by the unprivileged user
cat > "$tmp/aud.c" <<'C'
#define _GNU_SOURCE
#include <link.h>
#include <unistd.h>
unsigned int la_version(unsigned int v)
{
	write(1, "audit module loaded\n", 20);
	return LAV_CURRENT;
}
C
echo 'int main(void) { return 0; }' > "$tmp/p.c"
gcc -shared -fPIC "$tmp/aud.c" -o "$tmp/libaud.so"
gcc "$tmp/p.c" -o "$tmp/glibc"
gcc "$tmp/p.c" -o "$tmp/ours" -Wl,--dynamic-linker="$tmp/ld-custom.so"
chmod -R a+rX "$tmp"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_AUDIT="$tmp/libaud.so" "$@"
}
fail=0
for mode in plain setuid; do
	[ $mode = setuid ] && chmod 4755 "$tmp/glibc" "$tmp/ours"
	g=$(as_nobody "$tmp/glibc" 2>&1); o=$(as_nobody "$tmp/ours" 2>&1)
	echo "$mode: glibc: '$g'; ours: '$o'"
	[ "$g" = "$o" ] || fail=1
	case $mode:$g in
	plain:"audit module loaded"|setuid:) ;;
	*) echo "unexpected output from glibc's loader"; fail=1 ;;
	esac
done
exit $fail
