#!/bin/sh
# glibc-hwcaps and the legacy hwcap subdirectories: a library in
# DIR/glibc-hwcaps/x86-64-v2/, DIR/x86_64/x86_64/ and DIR/, each saying where
# it is, found through RUNPATH and LD_LIBRARY_PATH, with --glibc-hwcaps-mask,
# --glibc-hwcaps-prepend and LD_HWCAP_MASK.  glibc's loader and ours, in the
# command form (and as PT_INTERP where no option is needed), must pick the same
# file and print the same LD_DEBUG=libs search lines (the PIDs dropped).
set -e
case ${1:-} in
--help) echo "Usage: $0   (tests hwcaps subdirectories against glibc's loader)"; exit 0 ;;
"") ;;
*) echo "Usage: $0" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/ldc-hwcaps.XXXXXX); trap 'rm -rf "$tmp"' EXIT
lib() {	# subdir
	mkdir -p "$tmp/d/$1"
	echo "const char *where(void) { return \"$1\"; }" > "$tmp/w.c"
	gcc -shared -fPIC -Wl,-soname,libhw.so -o "$tmp/d/$1/libhw.so" "$tmp/w.c"
}
lib .
lib glibc-hwcaps/x86-64-v2
lib glibc-hwcaps/mine
lib x86_64/x86_64
cat > "$tmp/m.c" <<'C'
#include <stdio.h>
const char *where(void);
int main(void) { printf("libhw.so from %s\n", where()); return 0; }
C
gcc -o "$tmp/m" "$tmp/m.c" -L"$tmp/d" -lhw -Wl,--enable-new-dtags,-rpath,"$tmp/d"
gcc -o "$tmp/m.interp" "$tmp/m.c" -L"$tmp/d" -lhw -Wl,--enable-new-dtags,-rpath,"$tmp/d" \
	-Wl,--dynamic-linker="$ldso"
gcc -o "$tmp/mlp" "$tmp/m.c" -L"$tmp/d" -lhw
fail=0
# run LOADER ARGS...: stdout and the search lines of LD_DEBUG=libs ($E: more
# environment)
run() {
	env LD_DEBUG=libs $E "$@" 2>&1 | sed -E 's/^ *[0-9]+:\t//' |
		grep -E '^(libhw|find library|  *search|  *trying)'
}
check() {	# label, more environment (or ""), then the arguments after the loader
	label=$1 E=$2; shift 2
	g=$(run "$glibc" "$@"); o=$(run "$ldso" "$@")
	# without LD_DEBUG our search skips missing subdirectories sooner: same choice
	g2=$(env $E "$glibc" "$@" 2>&1); o2=$(env $E "$ldso" "$@" 2>&1)
	if [ "$g2" != "$o2" ]; then
		echo "$label without LD_DEBUG: glibc $g2, ours $o2"; fail=1
	elif [ "$g" != "$o" ]; then
		echo "$label differs:"; echo "$g" > "$tmp/g"; echo "$o" > "$tmp/o"
		diff "$tmp/g" "$tmp/o" | head -20; fail=1
	else
		echo "$label: $(printf '%s\n' "$g" | grep '^libhw')"
	fi
}
check "RUNPATH" "" "$tmp/m"
check "LD_LIBRARY_PATH" "LD_LIBRARY_PATH=$tmp/d::$tmp/d/" "$tmp/mlp"
check "mask x86-64-v3" "" --glibc-hwcaps-mask x86-64-v3 "$tmp/m"
check "mask empty" "" --glibc-hwcaps-mask '' "$tmp/m"
check "prepend mine" "" --glibc-hwcaps-prepend mine:nothere "$tmp/m"
check "prepend + mask" "" --glibc-hwcaps-prepend x86-64-v2 --glibc-hwcaps-mask mine "$tmp/m"
rm -r "$tmp/d/glibc-hwcaps/x86-64-v2"
check "legacy x86_64/x86_64" "" "$tmp/m"
check "LD_HWCAP_MASK=0" LD_HWCAP_MASK=0 "$tmp/m"
check "GLIBC_TUNABLES hwcap_mask" GLIBC_TUNABLES=glibc.cpu.hwcap_mask=0 "$tmp/m"
# as PT_INTERP: the same choice as the system loader running the program
g=$("$tmp/m"); o=$("$tmp/m.interp")
[ "$g" = "$o" ] || { echo "PT_INTERP: glibc $g, ours $o"; fail=1; }
exit $fail
