#!/bin/sh
# LD_CUSTOM_LOAD (demand, eager, prefetch, copy, KIND=HOW lists; unset:
# writable file pages copied into huge pages when an aligned 2 MiB page fits
# in their segment, else eager in segments of 64 KiB or more, the rest on
# demand; an invalid value is ignored whole, like an invalid glibc tunable):
# under every value a handful of corpus programs, a scripts/gen-libs set and
# libraries with big relocated data segments give the same stdout and status
# as under glibc's loader, and strace shows that the value took effect
# (MAP_POPULATE, MADV_WILLNEED, MADV_HUGEPAGE), or for an invalid value that
# the default applies.
# Run from the repository root after make ld-custom.so tests.
set -u
top=$(pwd)
ours=$top/ld-custom.so glibc=/lib64/ld-linux-x86-64.so.2 out=$top/build/libtests
[ -x "$ours" ] && [ -d "$out" ] || { echo "FAIL run after make ld-custom.so tests"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ldc-load.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; bad=1; }

if ! python3 scripts/gen-libs "$tmp/syn" 4 30 >"$tmp/gen.log" 2>&1; then
	fail "scripts/gen-libs $tmp/syn 4 30"; cat "$tmp/gen.log"; exit 1
fi
# a library whose writable segment is 128 KiB of relocated pointers
cat >"$tmp/big.c" <<'C'
int big_x = 7;
int *big_tab[16384] = { [0 ... 16383] = &big_x };
int big_sum(void) { int s = 0; for (int i = 0; i < 16384; i++) s += *big_tab[i]; return s; }
C
printf '#include <stdio.h>\nint big_sum(void);\nint main(void) { printf("%%d\\n", big_sum()); return 0; }\n' \
	>"$tmp/bigmain.c"
# and one of 4 MiB + 64 KiB: wherever it lands, an aligned 2 MiB page fits in it;
# 16 pointers then zeros: bytes read from a wrong file offset change the sum or crash
cat >"$tmp/huge.c" <<'C'
int huge_x[1024];
#define P4(i) &huge_x[(i) % 1024], &huge_x[((i) + 1) % 1024], &huge_x[((i) + 2) % 1024], \
	&huge_x[((i) + 3) % 1024]
int *huge_tab[532480] = { P4(0), P4(4), P4(8), P4(12) };
long huge_sum(void)
{
	long s = 0;
	for (int i = 0; i < 1024; i++)
		huge_x[i] = i;
	for (int i = 0; i < 532480; i++)
		s += huge_tab[i] ? *huge_tab[i] + 1 : 0;
	return s;
}
C
printf '#include <stdio.h>\nlong huge_sum(void);\nint main(void) { printf("%%ld\\n", huge_sum()); return 0; }\n' \
	>"$tmp/hugemain.c"
if ! gcc -shared -fPIC -o "$tmp/libbig.so" "$tmp/big.c" ||
   ! gcc -o "$tmp/bigmain" "$tmp/bigmain.c" -L"$tmp" -lbig -Wl,-rpath,"$tmp" ||
   ! gcc -shared -fPIC -o "$tmp/libhuge.so" "$tmp/huge.c" ||
   ! gcc -o "$tmp/hugemain" "$tmp/hugemain.c" -L"$tmp" -lhuge -Wl,-rpath,"$tmp"; then
	fail "cannot build the big-data libraries"; exit 1
fi
# program and arguments, one per line; corpus programs run in $out like difftest
progs="$out/bindnow
$out/cxx
$out/diamond
$out/dl-basic
$out/dl-phdr
$out/noplt
$tmp/syn/main check
$tmp/syn/dlopen-loop 3
$tmp/bigmain
$tmp/hugemain
/bin/ls -l /usr/include/x86_64-linux-gnu/sys"

run() { # LOADER VALUE-or-"unset" PROG ARGS...: stdout then status into $tmp/r
	ld=$1 v=$2; shift 2
	if [ "$v" = unset ]; then
		(cd "$out" && timeout 60 "$ld" "$@" </dev/null 2>/dev/null)
	else
		(cd "$out" && LD_CUSTOM_LOAD=$v timeout 60 "$ld" "$@" </dev/null 2>/dev/null)
	fi >"$tmp/r"
	echo "status $?" >>"$tmp/r"
}

for v in unset demand eager prefetch copy "text=eager,rodata=eager,data=eager,bss=eager" \
	 "text=prefetch,rodata=prefetch,bss=eager,data=copy" bogus "data=nope" "=eager" \
	 "text=copy"; do
	n=0 ok=0
	echo "$progs" | while read -r line; do
		# shellcheck disable=SC2086
		set -- $line
		run "$glibc" unset "$@"; mv "$tmp/r" "$tmp/want"
		run "$ours" "$v" "$@"
		if cmp -s "$tmp/want" "$tmp/r"; then echo ok; else echo "differs: $line" >&2; echo no; fi
	done >"$tmp/res" 2>"$tmp/why"
	n=$(wc -l <"$tmp/res"); ok=$(grep -c '^ok$' "$tmp/res")
	if [ "$n" -eq "$ok" ] && [ "$n" -gt 0 ]; then
		pass "LD_CUSTOM_LOAD=$v: $n programs as under glibc"
	else
		fail "LD_CUSTOM_LOAD=$v: $((n - ok)) of $n differ from glibc"; cat "$tmp/why"
	fi
done

# the value took effect (or not): the syscalls that map libc.so.6
if ! command -v strace >/dev/null; then
	fail "strace is not installed (scripts/install-deps)"; exit 1
fi
calls() { # VALUE PROG...: the mmap and madvise calls of PROG under ours, but
	# the loader's own first call (its start-up pages: checked below)
	v=$1; shift
	if [ "$v" = unset ]; then
		strace -e trace=mmap,madvise -o "$tmp/st" "$ours" "$@" >/dev/null 2>&1
	else
		LD_CUSTOM_LOAD=$v strace -e trace=mmap,madvise -o "$tmp/st" "$ours" "$@" \
			>/dev/null 2>&1
	fi
	sed '1{/MADV_POPULATE_WRITE/d}' "$tmp/st"
}
# The loader's .data, hot .bss and first heap pages, which every start writes,
# are made present by one MADV_POPULATE_WRITE before anything is mapped (not
# a fault each), whatever LD_CUSTOM_LOAD says: at least the 5 pages from .data
# to the heap (.bss's first four: L, _rtld_global, the CPUID records).
for v in unset demand; do
	first=$(LD_CUSTOM_LOAD=$v strace -e trace=mmap,madvise,openat "$ours" /bin/true 2>&1 >/dev/null |
		head -1)
	len=$(echo "$first" | sed -n 's/^madvise(0x[0-9a-f]*000, \([0-9]*\), MADV_POPULATE_WRITE) = 0$/\1/p')
	if [ -n "$len" ] && [ "$len" -ge $((5 * 4096)) ] && [ $((len % 4096)) = 0 ]; then
		pass "$v: the loader's start-up pages populated first, at once ($((len / 4096)) pages)"
	else
		fail "$v: the loader's first call is not one MADV_POPULATE_WRITE of its pages: $first"
	fi
done
count() { # VALUE REGEX PROG...
	v=$1 re=$2; shift 2
	calls "$v" "$@" | grep -cE -- "$re"
}
expect() { # DESCRIPTION VALUE REGEX COUNT-MIN COUNT-MAX [PROG...]
	what=$1 v=$2 re=$3 lo=$4 hi=$5; shift 5
	[ $# -gt 0 ] || set -- /bin/true
	c=$(count "$v" "$re" "$@")
	if [ "$c" -ge "$lo" ] && [ "$c" -le "$hi" ]; then pass "$what ($c)"; else fail "$what: $c calls"; fi
}
fileW='PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_FIXED\|MAP_POPULATE, [0-9]'
expect "eager: writable file segments mapped with MAP_POPULATE" eager "$fileW" 2 9
expect "eager: nothing else populated" eager 'EXEC.*POPULATE|ANONYMOUS.*POPULATE|WILLNEED' 0 0
expect "prefetch: MADV_WILLNEED on text" prefetch 'MADV_WILLNEED' 2 9
expect "prefetch: nothing populated" prefetch 'POPULATE' 0 0
expect "bss=eager: bss populated" bss=eager 'ANONYMOUS\|MAP_POPULATE' 1 9
expect "text=eager: text populated" text=eager 'EXEC, MAP_PRIVATE\|MAP_FIXED\|MAP_POPULATE' 2 9
expect "rodata=eager: the first segment populated by madvise" rodata=eager \
	'MADV_POPULATE_READ' 2 9
expect "demand: no hint" demand 'POPULATE|WILLNEED' 0 0 "$tmp/bigmain"
# the default: small writable segments (libc's, /bin/true's) on demand, the big one eager
expect "unset: small writable segments on demand" unset 'POPULATE|WILLNEED' 0 0
expect "unset: the 128 KiB writable segment populated" unset "$fileW" 1 1 "$tmp/bigmain"
expect "unset: nothing else populated" unset 'EXEC.*POPULATE|ANONYMOUS.*POPULATE|WILLNEED' \
	0 0 "$tmp/bigmain"
expect "unset: no huge page asked for a 128 KiB segment" unset 'MADV_HUGEPAGE' 0 0 "$tmp/bigmain"
# the 4 MiB segment is read into anonymous memory with huge pages asked for
# (1 or 2 aligned 2 MiB pages fit: one madvise), nothing populated
expect "unset: huge pages asked for the 4 MiB segment" unset 'MADV_HUGEPAGE' 1 1 "$tmp/hugemain"
expect "unset: the 4 MiB segment not mapped from the file" unset "$fileW" 0 0 "$tmp/hugemain"
expect "eager: the 4 MiB segment populated, no huge page" eager 'MADV_HUGEPAGE' 0 0 \
	"$tmp/hugemain"
expect "demand: no huge page" demand 'MADV_HUGEPAGE|POPULATE' 0 0 "$tmp/hugemain"
expect "copy: the 4 MiB segment in huge pages" copy 'MADV_HUGEPAGE' 1 1 "$tmp/hugemain"
expect "copy: nothing mapped from the file writable" copy "$fileW|PROT_WRITE, MAP_PRIVATE\|MAP_FIXED, [0-9]" \
	0 0 "$tmp/hugemain"
for v in bogus "data=nope" "data=eager,junk" "text=eager," "" "data=eager,,bss=eager" \
	 "text=copy" "bss=copy"; do
	expect "LD_CUSTOM_LOAD='$v' is ignored: the default" "$v" "$fileW" 1 1 "$tmp/bigmain"
	expect "LD_CUSTOM_LOAD='$v' is ignored: no other hint" "$v" 'EXEC.*POPULATE|WILLNEED' \
		0 0 "$tmp/bigmain"
done

# a segment lying as far from the first in the file as in memory (text, as
# linkers write it) is already mapped by the reservation: made executable by
# mprotect, never mapped a second time
strace -e trace=mmap,mprotect -o "$tmp/st" "$ours" /bin/true >/dev/null 2>&1
n=$(grep -c 'mprotect(.*PROT_READ|PROT_EXEC)' "$tmp/st")
m=$(grep -c 'mmap(.*PROT_EXEC' "$tmp/st")
[ "$n" -ge 2 ] && [ "$m" -eq 0 ] && pass "text made executable in the reservation ($n)" ||
	fail "text: $n mprotect to r-x, $m mmap with PROT_EXEC"

# secure mode: the value is ignored.  A setuid copy run by nobody with
# text=eager must leave libc's text on demand (its resident size in smaps),
# while the same program without the setuid bit has it populated.
command -v setpriv >/dev/null || { fail "setpriv (util-linux) is missing"; exit 1; }
cat >"$tmp/rss.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(void)
{
	char line[512];
	int in_text = 0;
	long rss = -1, kb;
	FILE *f = fopen("/proc/self/smaps", "r");
	while (f && fgets(line, sizeof line, f)) {
		if ((line[0] >= '0' && line[0] <= '9') || (line[0] >= 'a' && line[0] <= 'f'))
			in_text = strstr(line, " r-xp ") && strstr(line, "/libc.so.6");
		else if (in_text && sscanf(line, "Rss: %ld", &kb) == 1)
			rss = kb;
	}
	puts(rss < 0 ? "no libc text" : rss >= 1024 ? "populated" : "demand");
	return 0;
}
C
mkdir "$tmp/sec" && chmod 755 "$tmp" "$tmp/sec" && cp "$ours" "$tmp/sec/ld-custom.so"
gcc -o "$tmp/sec/rss" "$tmp/rss.c" -Wl,--dynamic-linker="$tmp/sec/ld-custom.so" &&
	cp "$tmp/sec/rss" "$tmp/sec/rss-setuid" && chmod 4755 "$tmp/sec/rss-setuid" &&
	chmod 755 "$tmp/sec/rss" "$tmp/sec/ld-custom.so" || { fail "cannot build rss.c"; exit 1; }
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_CUSTOM_LOAD=text=eager "$@"
}
r=$(as_nobody "$tmp/sec/rss")
[ "$r" = populated ] && pass "not secure: text=eager populates libc's text" ||
	fail "not secure: text=eager gave '$r'"
r=$(as_nobody "$tmp/sec/rss-setuid")
[ "$r" = demand ] && pass "secure mode: LD_CUSTOM_LOAD ignored (libc's text on demand)" ||
	fail "secure mode: text=eager gave '$r'"
exit $bad
