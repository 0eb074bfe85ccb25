#!/bin/sh
# ld.so.cache's hwcaps entries: a private cache (ldconfig -C) bind-mounted over
# /etc/ld.so.cache in a private mount namespace (the real /etc is never
# written) lists libhw.so.1 in glibc-hwcaps/x86-64-v2, -v3, a prepended
# "mine", the legacy tls, x86_64 and haswell subdirectories and the directory
# itself.  glibc's loader and ours (command form, options as glibc's) must
# pick the same entry with --glibc-hwcaps-mask/-prepend and LD_HWCAP_MASK
# (and fail alike where the entry chosen is a file since removed).
set -e
case ${1:-} in
--help) echo "Usage: $0   (tests ld.so.cache hwcaps entries against glibc's loader)"; exit 0 ;;
"") ;;
*) echo "Usage: $0" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/ldc-hwcache.XXXXXX); trap 'rm -rf "$tmp"' EXIT
unshare -m true 2>/dev/null || { echo "unshare -m is not permitted here"; exit 1; }
for sub in . glibc-hwcaps/x86-64-v2 glibc-hwcaps/x86-64-v3 glibc-hwcaps/mine tls x86_64 haswell; do
	mkdir -p "$tmp/d/$sub"
	echo "const char *where(void) { return \"$sub\"; }" > "$tmp/w.c"
	gcc -shared -fPIC -Wl,-soname,libhw.so.1 -o "$tmp/d/$sub/libhw.so.1" "$tmp/w.c"
done
ln -s libhw.so.1 "$tmp/d/libhw.so"
printf '#include <stdio.h>\nconst char *where(void);\nint main(void) { printf("%%s\\n", where()); return 0; }\n' > "$tmp/m.c"
gcc -o "$tmp/m" "$tmp/m.c" -L"$tmp/d" -lhw	# no RUNPATH: found through the cache
gcc -o "$tmp/m.interp" "$tmp/m.c" -L"$tmp/d" -lhw -Wl,--dynamic-linker="$ldso"
echo "$tmp/d" > "$tmp/conf"
cache() {	# FILE: a cache of the system's directories and $tmp/d
	ldconfig -C "$1" -f "$tmp/conf" 2>/dev/null
	ldconfig -C "$1" -p | grep -q 'hwcap: "x86-64-v2"' || { echo "ldconfig made no hwcaps entry"; exit 1; }
}
cache "$tmp/cache.all"
rm -r "$tmp/d/tls"
cache "$tmp/cache.notls"
cat > "$tmp/cmds" <<'SH'
for c in all notls; do
	mount --bind "$T/cache.$c" /etc/ld.so.cache || exit 99
	for o in "" "--glibc-hwcaps-mask x86-64-v2" "--glibc-hwcaps-prepend mine" \
		 "--glibc-hwcaps-mask none" "--glibc-hwcaps-prepend x86-64-v2:mine"; do
		for m in "" 0 2; do
			printf '%s %s hwcap_mask=%s: ' $c "${o:-(none)}" "${m:-default}"
			# the error texts differ in form; whether it loads must not
			{ if [ -n "$m" ]; then LD_HWCAP_MASK=$m $LOADER $o "$T/m"
			  else $LOADER $o "$T/m"; fi; } 2>/dev/null || echo "(not loaded)"
		done
	done
	printf '%s PT_INTERP: ' $c; "$T/$PROG"
	umount /etc/ld.so.cache
done
SH
g=$(T=$tmp LOADER=$glibc PROG=m unshare -m sh "$tmp/cmds" 2>&1)
o=$(T=$tmp LOADER=$ldso PROG=m.interp unshare -m sh "$tmp/cmds" 2>&1)
if [ "$g" != "$o" ]; then
	echo "$g" > "$tmp/g"; echo "$o" > "$tmp/o"; diff -u "$tmp/g" "$tmp/o"; exit 1
fi
printf '%s\n' "$g" | grep -q '^all (none) hwcap_mask=default: glibc-hwcaps/x86-64-v' ||
	{ echo "glibc did not pick a glibc-hwcaps entry:"; echo "$g"; exit 1; }
echo "ld.so.cache hwcaps: $(printf '%s\n' "$o" | wc -l) choices identical with glibc's loader"
