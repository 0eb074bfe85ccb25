#!/bin/sh
# /etc/ld.so.preload, read in a private mount namespace (a read-only overlay
# puts a test file over /etc; the real /etc is never written): comments,
# blanks, tabs, colons and newlines as separators, a name at the end without
# a newline, entries that are missing or no ELF object (glibc warns "from
# /etc/ld.so.preload" and goes on), after LD_PRELOAD's and --preload's; a NUL
# byte and glibc's way with comments (below).
# glibc's loader and ours, in the command form and as PT_INTERP, must print
# the same on stdout and stderr.
set -e
case ${1:-} in
--help) echo "Usage: $0   (tests /etc/ld.so.preload handling against glibc's loader)"; exit 0 ;;
"") ;;
*) echo "Usage: $0" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/ldc-preload.XXXXXX); trap 'rm -rf "$tmp"' EXIT
unshare -m true 2>/dev/null || { echo "unshare -m is not permitted here"; exit 1; }
for n in a b c d; do
	cat > "$tmp/$n.c" <<C
#include <unistd.h>
#include <string.h>
const char *who_$n(void) { return "$n"; }
const char *which(void) { return "$n"; }
__attribute__((constructor)) static void ctor(void) { write(1, "ctor $n\n", 7); }
C
	gcc -shared -fPIC -o "$tmp/lib$n.so" "$tmp/$n.c"
done
cat > "$tmp/m.c" <<'C'
#include <stdio.h>
const char *which(void) __attribute__((weak));
int main(void) { printf("which=%s\n", which ? which() : "none"); return 0; }
C
gcc -o "$tmp/m" "$tmp/m.c"
gcc -o "$tmp/m.interp" "$tmp/m.c" -Wl,--dynamic-linker="$ldso"
printf 'not ELF\n' > "$tmp/notelf.so"
mkdir "$tmp/etc"
# comments, tab, colon, a missing and a non-ELF entry, libb twice, no final newline
printf '# a comment line with %s/liba.so\n%s/libc.so\t%s/libnone.so #trailing %s/libd.so\n:%s/notelf.so  %s/libb.so\n\n%s/libb.so:%s/libd.so' \
	"$tmp" "$tmp" "$tmp" "$tmp" "$tmp" "$tmp" "$tmp" "$tmp" > "$tmp/etc/ld.so.preload"
run() {	# how: each form, glibc's and ours, with LD_PRELOAD=liba and (command form) --preload
	# sh is running before the overlay: nothing but the program reads the file
	unshare -m sh -c '
		mount -t overlay overlay -o "lowerdir=$1/${ETC:-etc}:/etc" /etc || exit 99
		[ -f /etc/ld.so.preload ] || exit 98
		export LD_PRELOAD="$1/liba.so"
		shift
		exec "$@"' sh "$tmp" "$@" 2>&1
}
fail=0
check() {	# label expected actual
	if [ "$2" != "$3" ]; then
		echo "$1 differs:"; echo "--- glibc"; echo "$2"; echo "--- ld-custom"; echo "$3"; fail=1
	fi
}
g=$(run "$tmp/m"); o=$(run "$tmp/m.interp")
check "PT_INTERP" "$g" "$o"
printf '%s\n' "$g" | grep -qx "ERROR: ld.so: object '$tmp/notelf.so' from /etc/ld.so.preload cannot be preloaded (file too short): ignored." ||
	{ echo "glibc's own output is not what the test expects:"; echo "$g"; exit 1; }
g=$(run "$glibc" --preload "$tmp/libd.so:$tmp/notelf.so" "$tmp/m"); o=$(run "$ldso" --preload "$tmp/libd.so:$tmp/notelf.so" "$tmp/m")
check "command form with --preload" "$g" "$o"
# glibc reads the file as a C string: a NUL ends the names, but a last name
# with no separator after it is loaded all the same (cut at a NUL in it, to
# an empty name); a '#' is looked for only within the bytes left after the
# comment before it (rtld.c), so a comment far into the file stays names
pad=$(printf '%0100d' 0)
mkdir "$tmp/nul1" "$tmp/nul2" "$tmp/hash"
printf '%s/libc.so\n\0%s/libd.so\n%s/libb.so' "$tmp" "$tmp" "$tmp" > "$tmp/nul1/ld.so.preload"
printf '%s/libc.so \0%s/libd.so' "$tmp" "$tmp" > "$tmp/nul2/ld.so.preload"
printf '#%s\n%s/libb.so #x %s/libd.so\n' "$pad" "$tmp" "$tmp" > "$tmp/hash/ld.so.preload"
for e in nul1 nul2 hash; do
	ETC=$e; export ETC
	g=$(run "$tmp/m"); o=$(run "$tmp/m.interp")
	check "$e: PT_INTERP" "$g" "$o"
	g=$(run "$glibc" "$tmp/m"); o=$(run "$ldso" "$tmp/m")
	check "$e: command form" "$g" "$o"
done
[ $fail = 0 ] && echo "/etc/ld.so.preload: 8 cases identical with glibc's loader"
exit $fail
