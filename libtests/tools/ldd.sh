#!/bin/bash
# ldd tells the truth (issue 6, item 16).  Differential: the commands ldd runs
# (--verify, LD_TRACE_LOADED_OBJECTS with LD_WARN, LD_BIND_NOW, LD_VERBOSE and
# LD_DEBUG=unused) and --list, run under glibc's loader and ours by the same
# path; stdout, stderr and the status must match once load addresses and PIDs
# are masked.  Then the real /usr/bin/ldd, outside and inside a mount namespace
# where ld-custom.so is bind-mounted over /lib64/ld-linux-x86-64.so.2.  Last,
# tracing never runs code of the inspected files (IFUNC resolvers,
# constructors, preinit): they would write a marker file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=$top/ld-custom.so
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# ---- fixtures ----
cc() { gcc -w "$@" || { echo "cannot build fixture: gcc $*"; exit 1; }; }
mkdir full old nov ufull uold cbig csmall
cat > v.c <<'EOF'
int v1(void) { return 1; }
#ifdef FULL
int v2(void) { return 2; }
#endif
EOF
printf 'V1 { global: v1; };\nV2 { global: v2; } V1;\n' > v.map
printf 'V1 { global: v1; local: *; };\n' > v1.map
cc -shared -fPIC -DFULL -Wl,--version-script=v.map -Wl,-soname,libv.so -o full/libv.so v.c
cc -shared -fPIC -Wl,--version-script=v1.map -Wl,-soname,libv.so -o old/libv.so v.c
cc -shared -fPIC -DFULL -Wl,-soname,libv.so -o nov/libv.so v.c
echo 'int v1(void), v2(void); int main(void) { return v1() + v2() != 3; }' > pv.c
cc -o progok pv.c -Lfull -lv -Wl,-rpath,'$ORIGIN/full'
cc -o pver pv.c -Lfull -lv -Wl,-rpath,'$ORIGIN/old'	# needs V2, finds only V1
cc -o pnov pv.c -Lfull -lv -Wl,-rpath,'$ORIGIN/nov'	# no version definitions at all
# missing libraries: the program's own, and one a library needs
echo 'int gone(void) { return 0; }' > gone.c
cc -shared -fPIC -o libgone.so gone.c
cc -shared -fPIC -o libgone2.so gone.c
echo 'int x(void) { return 0; }' > x.c
cc -shared -fPIC -o libx.so x.c -Wl,--no-as-needed -L. -lgone2
echo 'int gone(void); int main(void) { return gone(); }' > pg.c
cc -o pgone pg.c -L. -lgone -Wl,-rpath,'$ORIGIN'
echo 'int x(void); int main(void) { return x(); }' > px.c
cc -o px px.c -L. -lx -Wl,-rpath,'$ORIGIN'
rm libgone.so libgone2.so
# undefined data and function symbols, an unused dependency (libm)
echo 'int udata = 1; int ufunc(void) { return 2; } int keep(void) { return 0; }' > u.c
echo 'int keep(void) { return 0; }' > u0.c
cc -shared -fPIC -o ufull/libu.so u.c
cc -shared -fPIC -o uold/libu.so u0.c
echo 'extern int udata; int ufunc(void), keep(void);
int main(void) { return udata + ufunc() + keep(); }' > pu.c
cc -o pu pu.c -Lufull -lu -Wl,-rpath,'$ORIGIN/uold' -Wl,--no-as-needed -lm
cc -o pnow pu.c -Lufull -lu -Wl,-rpath,'$ORIGIN/uold' -Wl,-z,now
# a copy relocation whose definition grew
echo 'int arr[4] = { 1 };' > c4.c
echo 'int arr[8] = { 1 };' > c8.c
cc -shared -fPIC -Wl,-soname,libc2.so -o csmall/libc2.so c4.c
cc -shared -fPIC -Wl,-soname,libc2.so -o cbig/libc2.so c8.c
echo 'extern int arr[4]; int main(void) { return arr[0] != 1; }' > pc.c
cc -no-pie -fno-pic -o pcopy pc.c -Lcsmall -lc2 -Wl,-rpath,'$ORIGIN/cbig'
mkdir ctiny; echo 'int arr[2] = { 1 };' > c2.c	# and one that shrank (a warning with LD_WARN)
cc -shared -fPIC -Wl,-soname,libc2.so -o ctiny/libc2.so c2.c
cc -no-pie -fno-pic -o pcopy2 pc.c -Lcsmall -lc2 -Wl,-rpath,'$ORIGIN/ctiny'
echo 'int main(void) { return 0; }' > s.c
cc -static -o static s.c
cc -static-pie -o spie s.c
echo 'just text' > notelf
# code that must never run while tracing: each piece writes to $tmp/marker
cat > mark.h <<'EOF'
static long sc3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
static void mark(const char *m)
{
	long n = 0, fd = sc3(2, (long)MARKER, 02101, 0644);	/* open(O_WRONLY|O_CREAT|O_APPEND) */
	while (m[n])
		n++;
	if (fd >= 0) {
		sc3(1, fd, (long)m, n);
		sc3(3, fd, 0, 0);
	}
}
EOF
cat > ifn.c <<'EOF'
#include "mark.h"
static int impl(void) { return 42; }
static void *resolve_f(void) { mark("library ifunc\n"); return (void *)impl; }
int f(void) __attribute__((ifunc("resolve_f")));
__attribute__((constructor)) static void ctor(void) { mark("library constructor\n"); }
EOF
cat > safe.c <<'EOF'
#include "mark.h"
extern int f(void), nowhere(void);
static int mimpl(void) { return 1; }
static void *mres(void) { mark("program ifunc\n"); return (void *)mimpl; }
int g(void) __attribute__((ifunc("mres")));
int (*fp)(void) = f;
static void pre(int c, char **v, char **e) { mark("preinit\n"); }
__attribute__((section(".preinit_array"), used)) static void (*p)(int, char **, char **) = pre;
__attribute__((constructor)) static void ctor(void) { mark("program constructor\n"); }
int main(int argc, char **argv) { return f() + g() + fp() != 85 || (argc > 5 && nowhere()); }
EOF
echo 'int nowhere(void) { return 0; }' > nw.c
cc -shared -fPIC -DMARKER="\"$tmp/marker\"" -o libifn.so ifn.c
cc -shared -fPIC -o libnw.so nw.c
cc -DMARKER="\"$tmp/marker\"" -o safe safe.c -L. -lifn -lnw -Wl,-rpath,'$ORIGIN'
echo 'int somewhere;' > nw.c	# nowhere() is undefined now: -r has something to say
cc -shared -fPIC -o libnw.so nw.c

mask() {
	sed -E -e 's/\(0x[0-9a-f]{16}\)/(ADDR)/; s/^ *[0-9]+:\t/PID:\t/' \
		-e 's/in object at 0x[0-9]{16}/in object at BASE/'
}

# run TAG LOADER "ENV" ARGS...: the loader started as $tmp/rtld, so both print the same l_name
run() {
	local tag=$1 ld=$2 e=$3
	shift 3
	ln -sf "$ld" "$tmp/rtld"
	env -i PATH=/usr/bin:/bin LC_ALL=C $e "$tmp/rtld" "$@" > out 2> err
	echo "status $?" >> out
	{ mask < out; echo "-- stderr"; mask < err; } > "res.$tag"
}

# same "ENV" ARGS...: glibc and ours print the same
same() {
	run g "$glibc" "$@" 2>/dev/null; run o "$ours" "$@" 2>/dev/null
	local t=${*:2}; t=${t//\//_}
	mv res.g "g.$t"; mv res.o "o.$t"
	cmp -s "g.$t" "o.$t" || { bad "$1 ${*:2}"; diff "g.$t" "o.$t" | sed 's/^/    /'; }
}

# fatal "ENV" ARGS...: same status and stdout; our stderr is one line of ours
# (then only explanation lines, "ld-custom.so:   ...")
fatal() {
	run g "$glibc" "$@" 2>/dev/null; run o "$ours" "$@" 2>/dev/null
	[ "$(sed -n '/^status/p' res.g)" = "$(sed -n '/^status/p' res.o)" ] &&
		[ "$(sed '/^-- stderr/,$d' res.g)" = "$(sed '/^-- stderr/,$d' res.o)" ] ||
		{ bad "$1 ${*:2}: status or stdout"; diff res.g res.o | sed 's/^/    /'; }
	head -n 1 err | grep -q '^ld-custom.so: ' && [ "$(tail -n +2 err | grep -vc '^ld-custom.so:   ')" = 0 ] ||
		{ bad "$1 ${*:2}: not one line of ours:"; sed 's/^/    /' err; }
}

T=LD_TRACE_LOADED_OBJECTS=1
for f in ./progok ./pver ./pgone ./px ./pu ./pnow ./pcopy ./spie ./safe \
	 /lib/x86_64-linux-gnu/libm.so.6 /usr/bin/python3; do
	same "" --verify "$f"
	same "$T" "$f"
	same "LD_TRACE_LOADED_OBJECTS=2" "$f"
	same "$T LD_WARN=yes LD_BIND_NOW=" "$f"			# ldd -d
	same "$T LD_WARN=yes LD_BIND_NOW=yes" "$f"		# ldd -r
	same "$T LD_BIND_NOW= LD_DEBUG=unused" "$f"		# ldd -u
	same "$T LD_DEBUG=unused LD_BIND_NOW=" "$f"		# ... the other order binds lazily
	same "$T LD_WARN=yes LD_BIND_NOW=yes LD_DEBUG=unused" "$f"
	same "$T LD_VERBOSE=yes" "$f"				# ldd -v
	same "$T LD_PRELOAD=libz.so.1" "$f"
	case $f in ./pgone | ./px) ;; *) same "" --list "$f" ;; esac
done
same "$T LD_VERBOSE=yes" ./pnov		# glibc asserts in its lookups with LD_WARN here
for f in ./pcopy ./pcopy2; do	# LD_WARN outside ldd: the copy relocation warning
	same "" "$f"
	same "LD_WARN=yes" "$f"
	same "$T LD_WARN=yes" "$f"
done
same "$T LD_TRACE_LOADED_OBJECTS=" ./progok
same "" --list ./progok v1 v2 printf
for f in ./static ./notelf ./nonexistent /tmp; do
	same "" --verify "$f"
done
fatal "" --list ./pgone		# --list is not LD_TRACE_LOADED_OBJECTS: glibc stops
fatal "" --list ./progok nosuchsymbol
fatal "$T" ./notelf
# glibc's loader crashes tracing a program with no dynamic section (ldd asks
# --verify first and says this itself); ours says it and exits 1
ln -sf "$ours" rtld
out=$(LD_TRACE_LOADED_OBJECTS=1 ./rtld ./static 2>&1); st=$?
[ "$st" = 1 ] && [ "$out" = "	not a dynamic executable" ] ||
	bad "trace of a static program: $st '$out'"

# ---- nothing runs: the marker shows when the code does run ----
./safe 2>/dev/null
[ -s marker ] || bad "the safety fixture never wrote its marker"
rm -f marker
for l in "$glibc" "$ours"; do
	for e in "$T" "$T LD_WARN=yes" "$T LD_WARN=yes LD_BIND_NOW=yes" "$T LD_DEBUG=unused" \
		 "$T LD_VERBOSE=yes"; do
		env $e "$l" ./safe > /dev/null 2>&1
		[ -e marker ] && { bad "$l $e ran code of the traced file: $(cat marker)"; rm -f marker; }
	done
	"$l" --list ./safe > /dev/null 2>&1
	[ -e marker ] && { bad "$l --list ran code of the traced file: $(cat marker)"; rm -f marker; }
done

# ---- set-user-ID programs are not traced: glibc exits 5 (rtld.c process_envvars) ----
if command -v setpriv > /dev/null; then
	chmod 755 "$tmp"
	cp "$ours" ld-custom.so
	cc -o sgl s.c
	cc -o sours s.c -Wl,--dynamic-linker="$tmp/ld-custom.so"
	for mode in plain setuid; do
		[ $mode = setuid ] && chmod 4755 sgl sours
		for p in sgl sours; do
			setpriv --reuid=65534 --regid=65534 --clear-groups \
				env LD_TRACE_LOADED_OBJECTS=1 "$tmp/$p" > "sec.$p" 2>&1
			echo "status $?" >> "sec.$p"
		done
		grep -q "^status $([ $mode = setuid ] && echo 5 || echo 0)\$" sec.sgl &&
			[ "$(mask < sec.sgl | grep -v ld-linux)" = "$(mask < sec.sours | grep -v ld-custom)" ] ||
			{ bad "LD_TRACE_LOADED_OBJECTS, $mode program run by nobody"; paste sec.sgl sec.sours; }
	done
fi

# ---- the real ldd, with ours as the system loader ----
cat > cmds <<'SH'
for f in ./progok ./pver ./pgone ./px ./pu ./pcopy ./static ./spie ./notelf ./safe \
	 /lib/x86_64-linux-gnu/libm.so.6; do
	for o in "" -d -r -u -v; do
		echo "== ldd $o $f"
		ldd $o $f 2>&1
		echo "status $?"
	done
done
echo "== direct"; LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes LD_BIND_NOW=yes ./pu 2>&1
echo "== direct"; LD_TRACE_LOADED_OBJECTS=1 LD_VERBOSE=yes ./safe 2>&1
ldd ./progok ./pgone; echo "status $?"
test -e marker && echo "marker: $(cat marker)"
SH
bash cmds 2>&1 | mask > ldd.glibc
unshare -m sh -c "mount --bind '$ours' /lib64/ld-linux-x86-64.so.2 &&
	/lib64/ld-linux-x86-64.so.2 --version | grep -q '^ld-custom.so' && bash cmds" 2>&1 |
	mask > ldd.ours
cmp -s ldd.glibc ldd.ours ||
	{ bad "/usr/bin/ldd with ours as the system loader"; diff ldd.glibc ldd.ours | sed 's/^/    /'; }
grep -q 'not found' ldd.glibc && grep -q 'Version information' ldd.glibc &&
	grep -q 'undefined symbol: ufunc' ldd.glibc || bad "ldd fixtures say less than expected"

[ $fail = 0 ] &&
	echo "ldd: $(grep -c '^==' ldd.ours) ldd runs and every trace mode as glibc; nothing ran"
exit $fail
