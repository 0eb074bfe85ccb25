#!/bin/bash
# What an object is decides how the command form runs it (issue 6, item 12),
# against glibc's loader: a program or library with PT_DYNAMIC is linked even
# without PT_INTERP; libc.so.6 given as the program prints its banner; a program
# without a usable PT_DYNAMIC that needs linking is refused, never entered
# unlinked.  Where glibc crashes (ET_EXEC with PT_INTERP and no PT_DYNAMIC, a
# library with no entry point) we must give one line and status 127.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=$top/ld-custom.so glibc=/lib64/ld-linux-x86-64.so.2
patch() { python3 "$top/libtests/malformed/malformed.py" --patch "$@"; }
tmp=$top/build/object-kinds
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 2
cat > prog.c <<'C'
#include <stdio.h>
int main(int argc, char **argv) { printf("prog ran, %d args\n", argc); return 3; }
C
cat > lib.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int lib_fn(void) { return 1; }
/* the entry point of a library run as a program (like libc.so.6's banner) */
__attribute__((force_align_arg_pointer, noreturn)) void lib_entry(void)
{
	printf("library entry ran\n");
	exit(5);
}
C
cat > nolibc.c <<'C'
/* no DT_NEEDED, no PT_INTERP: glibc execve()s it (BZ #28648), so it runs
   unrelocated; its one RELATIVE pointer is still the link-time value */
__attribute__((visibility("hidden"))) const char *volatile ptr = "relocated\n";
__attribute__((noreturn)) void ent(void)
{
	long unrelocated = (unsigned long)ptr < 0x100000;
	__asm__ volatile("syscall" : : "a"(60), "D"(unrelocated ? 7 : 8));
	__builtin_unreachable();
}
C
set -e
gcc -shared -fPIC -nostdlib -O1 -o libnolibc.so nolibc.c -Wl,-e,ent
readelf -rW libnolibc.so | grep -q R_X86_64_RELATIVE
gcc -o pie prog.c
gcc -no-pie -o nopie prog.c
gcc -o pie-ours prog.c -Wl,--dynamic-linker="$ours"	# started by the kernel
gcc -shared -fPIC -o libent.so lib.c -Wl,-e,lib_entry
gcc -shared -fPIC -o libnoent.so lib.c
patch no-interp pie pie-nointerp
patch no-interp nopie nopie-nointerp
cp libent.so libent-nointerp.so	# a library has no PT_INTERP
patch no-dynamic pie pie-nodyn
patch no-dynamic nopie nopie-nodyn
patch no-dynamic pie-ours pie-ours-nodyn
set +e
fail=0
same() {	# same stdout and status under both loaders
	local g o gs os
	g=$("$glibc" "$@" 2>/dev/null); gs=$?
	o=$("$ours" "$@" 2>"$tmp/err"); os=$?
	if [ "$g/$gs" != "$o/$os" ]; then
		echo "FAIL $*: glibc [$gs] '$g', ours [$os] '$o' $(cat "$tmp/err")"; fail=1
	else
		echo "ok   $*: [$os] $(printf %s "$o" | head -1)"
	fi
}
refused() {	# ours: status 127 and exactly one line mentioning TEXT
	local text=$1; shift
	"$ours" "$@" >/dev/null 2>"$tmp/err"; local os=$?
	if [ $os != 127 ] || [ "$(wc -l < "$tmp/err")" != 1 ] ||
	   ! grep -q "^ld-custom.so: .*$text" "$tmp/err"; then
		echo "FAIL $*: want 127 and one line '$text', got [$os] $(cat "$tmp/err")"; fail=1
	else
		echo "ok   $*: refused: $(cat "$tmp/err")"
	fi
}
same /lib/x86_64-linux-gnu/libc.so.6
same ./pie a b
same ./pie-nointerp a b
same ./nopie-nointerp a b
same ./libent-nointerp.so
same ./libnolibc.so
same ./pie-nodyn
refused "object file has no dynamic section" ./pie-nodyn
refused "object file has no dynamic section" ./nopie-nodyn	# glibc: SIGSEGV
refused "not an executable" ./libnoent.so			# glibc: SIGSEGV at the header
# as the kernel's PT_INTERP: no PT_DYNAMIC is refused too (glibc enters it: SIGSEGV)
./pie-ours-nodyn >/dev/null 2>"$tmp/err"; st=$?
if [ $st != 127 ] || [ "$(wc -l < "$tmp/err")" != 1 ] ||
   ! grep -q "^ld-custom.so: .*object file has no dynamic section" "$tmp/err"; then
	echo "FAIL ./pie-ours-nodyn (direct): [$st] $(cat "$tmp/err")"; fail=1
else
	echo "ok   ./pie-ours-nodyn (direct): refused: $(cat "$tmp/err")"
fi
exit $fail
