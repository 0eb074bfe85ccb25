#!/bin/sh
# AT_SECURE: a setuid program run by another user must ignore LD_LIBRARY_PATH
# and lose glibc's unsecure variables, under glibc's loader and ours alike;
# the same program without the setuid bit must honour them (the control).
# GLIBC_TUNABLES is rewritten to drop SXID_ERASE tunables, and their alias
# variables (MALLOC_CHECK_) are removed, exactly as glibc does.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; exit 1; }
tmp=$(mktemp -d /tmp/ldc-secure.XXXXXX); trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$top/ld-custom.so" "$tmp/ld-custom.so"	# reachable by the unprivileged user
mkdir "$tmp/evil"
echo 'const char *which(void) { return "good"; }' > "$tmp/good.c"
echo 'const char *which(void) { return "evil"; }' > "$tmp/evil.c"
cat > "$tmp/s.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
const char *which(void);
int main(void)
{
	const char *t = getenv("GLIBC_TUNABLES"), *c = getenv("MALLOC_CHECK_"), *p = getenv("MALLOC_TOP_PAD_");
	printf("%s %s %s GLIBC_TUNABLES=%s MALLOC_CHECK_=%s MALLOC_TOP_PAD_=%s\n", which(),
	       getenv("LD_LIBRARY_PATH") ? "LD_LIBRARY_PATH-kept" : "LD_LIBRARY_PATH-removed",
	       getenv("GCONV_PATH") ? "GCONV_PATH-kept" : "GCONV_PATH-removed",
	       t ? t : "(unset)", c ? c : "(unset)", p ? p : "(unset)");
	return 0;
}
C
gcc -shared -fPIC "$tmp/good.c" -o "$tmp/libwhich.so"
gcc -shared -fPIC "$tmp/evil.c" -o "$tmp/evil/libwhich.so"
gcc "$tmp/s.c" -L"$tmp" -lwhich -Wl,-rpath,"$tmp" -o "$tmp/glibc"
gcc "$tmp/s.c" -L"$tmp" -lwhich -Wl,-rpath,"$tmp" -o "$tmp/ours" -Wl,--dynamic-linker="$tmp/ld-custom.so"
chmod -R a+rX "$tmp"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_LIBRARY_PATH="$tmp/evil" GCONV_PATH=/x \
		GLIBC_TUNABLES=glibc.malloc.check=2:glibc.malloc.mmap_max=5:bogus=1:glibc.pthread.rseq=0 \
		MALLOC_CHECK_=3 MALLOC_TOP_PAD_=4096 "$@"
}
fail=0
for mode in plain setuid; do
	[ $mode = setuid ] && chmod 4755 "$tmp/glibc" "$tmp/ours"
	g=$(as_nobody "$tmp/glibc"); o=$(as_nobody "$tmp/ours")
	echo "$mode: glibc: $g; ours: $o"
	[ "$g" = "$o" ] || fail=1
done
case $g in "good LD_LIBRARY_PATH-removed GCONV_PATH-removed "*) ;; *) fail=1 ;; esac
# LD_PRELOAD is read before it is removed: a name with a slash is skipped, one
# found in a system directory that is not set-user-ID is refused (glibc's
# __RTLD_SECURE), each with glibc's warning; stderr compared too
pre="libm.so.6 $tmp/evil/libwhich.so nosuch.so"
g=$(as_nobody env LD_PRELOAD="$pre" "$tmp/glibc" 2>&1); o=$(as_nobody env LD_PRELOAD="$pre" "$tmp/ours" 2>&1)
echo "preload: glibc: $g"
[ "$g" = "$o" ] || { echo "preload: ours: $o"; fail=1; }
case $g in *"object 'libm.so.6' from LD_PRELOAD cannot be preloaded"*) ;; *) fail=1 ;; esac
exit $fail
