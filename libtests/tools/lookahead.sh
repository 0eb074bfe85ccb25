#!/bin/sh
# The relocation lookahead (ldso/reloc.c) runs only where it pays: under
# 1 MiB of loaded symbol tables (symbols, names, hash tables, versions) never,
# from 8 MiB always, between as a trial decides (each group linked, start-up
# or dlopen, times windows with and without it and keeps the cheaper);
# LD_CUSTOM_LOOKAHEAD=on|off decides instead, =trace reports each decision.
# Checked: a small program is off; a program linked against a library of
# 3.5 MiB of tables decides by its trial (one decision, the one its numbers
# say) and binds as under glibc's loader in every mode; a small program that
# dlopens a user of a library of 9 MiB is off at start-up and on at the
# dlopen; on/off print nothing; a set-user-ID program ignores the variable
# (speed is not the caller's to choose there).
# Run from the repository root after make ld-custom.so.
set -u
top=$(pwd)
ours=$top/ld-custom.so glibc=/lib64/ld-linux-x86-64.so.2
[ -x "$ours" ] || { echo "FAIL run after make ld-custom.so"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ldc-ahead.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; bad=1; }

# libwide.so: N data symbols with 120-character names (150 bytes of tables
# each): 24000 in libmid.so (3.5 MiB), 64000 in libwide.so (9.2 MiB); main
# binds 1000 of libmid's, each twice, and libuser.so as many of libwide's
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
name = lambda i: "wide_" + "x" * 108 + "_%05d" % i
for lib, n in (("mid", 24000), ("wide", 64000)):
    with open(d + "/%s.c" % lib, "w") as f:
        for i in range(n):
            f.write("int %s = %d;\n" % (name(i), i % 97))
with open(d + "/main.c", "w") as f:
    f.write("#include <stdio.h>\n")
    picks = [i * 157 % 24000 for i in range(1000)]
    for i in picks:
        f.write("extern int %s;\n" % name(i))
    f.write("int *refs[] = {\n%s};\n" % "".join("&%s, &%s,\n" % (name(i), name(i)) for i in picks))
    f.write("long user_sum(void)\n{\n    long s = 0;\n"
            "    for (unsigned i = 0; i < sizeof refs / sizeof *refs; i++)\n"
            "        s = s * 31 + *refs[i];\n    return s;\n}\n"
            "#ifndef LIB\nint main(void)\n{\n    printf(\"%ld\\n\", user_sum());\n"
            "    return 0;\n}\n#endif\n")
PY
cat >"$tmp/small.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	if (argc > 1) {
		void *h = dlopen(argv[1], RTLD_NOW);
		long (*f)(void) = h ? (long (*)(void))dlsym(h, "user_sum") : 0;
		printf("%ld\n", f ? f() : -1);
	}
	return 0;
}
C
if ! gcc -shared -fPIC -O0 -o "$tmp/libwide.so" "$tmp/wide.c" ||
   ! gcc -shared -fPIC -O0 -o "$tmp/libmid.so" "$tmp/mid.c" ||
   ! gcc -O1 -o "$tmp/main" "$tmp/main.c" -L"$tmp" -lmid -Wl,-rpath,"$tmp" ||
   ! gcc -O1 -shared -fPIC -DLIB -o "$tmp/libuser.so" "$tmp/main.c" -L"$tmp" -lwide -Wl,-rpath,"$tmp" ||
   ! gcc -O1 -o "$tmp/small" "$tmp/small.c"; then
	fail "cannot build the test programs"; exit 1
fi
cd "$tmp"

# run NAME MODE PROG...: ours with LD_CUSTOM_LOOKAHEAD=MODE (no launch cache, whose
# replay has no lookups); stdout in NAME.out, stderr NAME.err
run() {
	name=$1 mode=$2; shift 2
	LD_CUSTOM_CACHE=off LD_CUSTOM_LOOKAHEAD=$mode "$ours" "$@" >"$name.out" 2>"$name.err"
	echo $? >"$name.st"
}
# the trace lines of NAME.err, space-separated: "small" (off: tables under
# 1 MiB), "big" (on: over 8 MiB), "trial" (a trial's decision, the one its
# two costs say), "wrong" (a decision its costs contradict), "other"
decisions() {
	while read -r line; do
		case $line in
		"ld-custom.so: lookahead: off (tables under 1 MiB)") printf 'small ' ;;
		"ld-custom.so: lookahead: on (tables over 8 MiB)") printf 'big ' ;;
		"ld-custom.so: lookahead: "*" (cycles a lookup: "*" with, "*" without)")
			set -- $(echo "$line" | sed 's/.*lookahead: \([a-z]*\) (cycles a lookup: \([0-9]*\) with, \([0-9]*\) without)/\1 \2 \3/')
			if { [ "$1" = on ] && [ "$2" -lt "$3" ]; } || { [ "$1" = off ] && [ "$2" -ge "$3" ]; }; then
				printf 'trial '
			else
				printf 'wrong '
			fi ;;
		*) printf 'other ' ;;
		esac
	done <"$1.err"
}

run small trace ./small
d=$(decisions small)
[ "$d" = "small " ] && pass "a small program: $(cat small.err)" || fail "a small program: '$d' ($(cat small.err))"

"$glibc" ./main >glibc.out 2>glibc.err
for mode in trace on off; do
	run "main-$mode" $mode ./main
	if [ "$(cat main-$mode.st)" = 0 ] && cmp -s glibc.out "main-$mode.out"; then
		pass "main under LD_CUSTOM_LOOKAHEAD=$mode: as under glibc ($(cat glibc.out))"
	else
		fail "main under LD_CUSTOM_LOOKAHEAD=$mode: status $(cat main-$mode.st), $(cat main-$mode.out) against $(cat glibc.out)"
	fi
done
d=$(decisions main-trace)
[ "$d" = "trial " ] && pass "3.5 MiB of tables: $(cat main-trace.err)" ||
	fail "3.5 MiB of tables: '$d' ($(cat main-trace.err))"
for mode in on off; do
	[ -s "main-$mode.err" ] && fail "LD_CUSTOM_LOOKAHEAD=$mode printed: $(cat main-$mode.err)" ||
		pass "LD_CUSTOM_LOOKAHEAD=$mode prints nothing"
done

run dl trace ./small "$tmp/libuser.so"
d=$(decisions dl)
"$glibc" ./small "$tmp/libuser.so" >dl-glibc.out
if [ "$d" = "small big " ] && cmp -s dl-glibc.out dl.out; then
	pass "dlopen of a user of the wide library: decided again ($(tr '\n' ' ' <dl.err))"
else
	fail "dlopen of a user of the wide library: '$d', printed $(cat dl.out) ($(cat dl.err))"
fi

# set-user-ID: the variable is ignored (as LD_CUSTOM_LOAD), so no trace
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$tmp"
	cp "$ours" ld-custom.so
	gcc -O1 -o suid "$tmp/small.c" -Wl,--dynamic-linker="$tmp/ld-custom.so" && chmod 4755 suid
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_CUSTOM_LOOKAHEAD=trace ./suid \
		>suid.out 2>suid.err
	st=$?
	[ $st = 0 ] && [ ! -s suid.err ] && pass "set-user-ID: LD_CUSTOM_LOOKAHEAD ignored" ||
		fail "set-user-ID: status $st, stderr $(cat suid.err)"
	# the control: the same program without the bit traces
	chmod 755 suid
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_CUSTOM_LOOKAHEAD=trace ./suid \
		>plain.out 2>plain.err
	[ "$(decisions plain)" = "small " ] && pass "the control without set-user-ID traces" ||
		fail "the control without set-user-ID: $(cat plain.err)"
else
	echo "SKIP set-user-ID: needs root and setpriv"
fi
exit $bad
