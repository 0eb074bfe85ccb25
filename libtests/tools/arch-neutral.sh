#!/bin/sh
# Issue 7 item 3: ldso/ names no machine (scripts/check-arch-neutral passes on
# it), and the check bites: each kind of machine-specific line below, alone in
# a file, makes it fail, while ordinary words that contain those letters do not.
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check-arch-neutral
tmp=$(mktemp -d /tmp/arch-neutral.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "arch-neutral: $*"; exit 1; }

(cd "$top" && "$check" ldso) || fail "ldso/ has machine-specific lines (above)"

mkdir "$tmp/d"
while IFS= read -r line; do
	[ -n "$line" ] || continue
	printf '%s\n' "$line" >"$tmp/d/f.c"
	"$check" "$tmp/d" >/dev/null 2>&1 && fail "not caught: $line"
done <<'BAD'
	__asm__ volatile ("rdtsc" : "=a"(lo), "=d"(hi));
	asm("nop");
/* runs on x86-64 only */
#define DST_LIB "lib/x86_64-linux-gnu"
	return "/lib64/ld-linux-x86-64.so.2";
	uint64_t stat_start_tsc;
	sys_arch_prctl(0x1002 /* ARCH_SET_FS */, tp);
	/* read %fs:8 */
	/* passed in %rdx */
	/* the first argument is in rdi */
	/* xmm0 holds the result */
	/* copy with rep movsb */
	/* CPUID leaf 7 */
__attribute__((force_align_arg_pointer)) void f(void);
/* an aarch64 port */
BAD

printf '%s\n' '/* extra care: the parser checks max, tsconfig, prefix8, r8lib and xrays */' \
	'static int esp_ok, rax_count_ok;' >"$tmp/d/f.c"
"$check" "$tmp/d" >/dev/null 2>&1 || fail "false alarm on ordinary words"
exit 0
