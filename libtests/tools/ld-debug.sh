#!/bin/bash
# LD_DEBUG, LD_DEBUG_OUTPUT, LD_SHOW_AUXV, --list-tunables, --list-diagnostics,
# --help and --version against glibc's loader: the same programs (a hello, one
# that dlopens a plug-in with a dependency and dlcloses it, one with versioned
# references to its own library, one with RTLD_GLOBAL and repeated dlopens) run
# in the command form under both loaders; every LD_DEBUG category's stderr must
# be glibc's, line for line and in glibc's order, once what legitimately
# differs is normalised (norm, stat_adjust and drop_loader_own below say what
# and why).  Usage: ld-debug.sh [LDSO]  (default ./ld-custom.so)
set -e
usage="Usage: ld-debug.sh [LDSO]"
if [ "$1" = --help ]; then echo "$usage"; exit 0; fi
case "$1" in -*) echo "$usage" >&2; exit 2;; esac
[ $# -le 1 ] || { echo "$usage" >&2; exit 2; }
LDSO=$(realpath "${1:-./ld-custom.so}")
GLIBC=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld-debug.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail=0

cat > hello.c <<'EOF'
#include <stdio.h>
int main(void) { puts("hello"); return 0; }
EOF
cat > libv.c <<'EOF'
int v_old(void) { return 1; }
int v_new(void) { return 2; }
__asm__(".symver v_old, v@VERS_1");
__asm__(".symver v_new, v@@VERS_2");
EOF
printf 'VERS_1 { global: v; local: *; };\nVERS_2 { global: v; } VERS_1;\n' > libv.map
cat > vers.c <<'EOF'
#include <stdio.h>
int v(void);
int main(void) { printf("v %d\n", v()); return 0; }
EOF
cat > plug.c <<'EOF'
int v(void);
static int inited;
__attribute__((constructor)) static void ctor(void) { inited = 1; }
int plug(void) { return inited + v(); }
EOF
cat > dl.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	void *h = dlopen("./libplug.so", RTLD_NOW);
	if (!h)
		return 1;
	int (*f)(void) = (int (*)(void))dlsym(h, "plug");
	printf("plug %d\n", f ? f() : -1);
	return dlclose(h);
}
EOF
# RTLD_GLOBAL ("add to global scope"), a second dlopen of the same object
# and one of libc (loaded at start-up: glibc shows the scopes it makes for
# it), dlsym(RTLD_DEFAULT) from the program (NODELETE), dlclose of each
cat > a.c <<'EOF'
int a_val = 5;
int a(void) { return a_val; }
EOF
cat > b.c <<'EOF'
int a(void);
int b(void) { return a() + 1; }
EOF
cat > dlg.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	void *ha = dlopen("./liba.so", RTLD_NOW | RTLD_GLOBAL);
	void *hb = dlopen("./libb.so", RTLD_LAZY);
	void *ha2 = dlopen("./liba.so", RTLD_NOW);
	void *hc = dlopen("libc.so.6", RTLD_NOW);
	int (*b)(void) = (int (*)(void))dlsym(hb, "b");
	void *d = dlsym(RTLD_DEFAULT, "a_val");
	printf("%d %d\n", b(), d != 0);
	dlclose(ha2);
	dlclose(hc);
	dlclose(hb);
	dlclose(ha);
	return 0;
}
EOF
# libb binds to RTLD_GLOBAL liba, which it does not need: a relocation
# dependency (at dlopen with RTLD_NOW, at the first call with RTLD_LAZY)
cat > rdep.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	void *ha = dlopen("./liba.so", RTLD_NOW | RTLD_GLOBAL);
	void *hb = dlopen("./libb.so", argc > 1 ? RTLD_NOW : RTLD_LAZY);
	int (*b)(void) = (int (*)(void))dlsym(hb, "b");
	printf("%d\n", b());
	dlclose(ha);
	dlclose(hb);
	return 0;
}
EOF
# RTLD_NODELETE, then a dlopen that fails (libb needs liba's symbol, not
# global here: "error: ... (fatal)" and the rollback), then RTLD_NODELETE on
# an object already open; a C++ library with a STB_GNU_UNIQUE symbol
cat > nd.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	void *h = dlopen("./liba.so", RTLD_NOW | RTLD_NODELETE);
	void *f = dlopen("./libb.so", RTLD_NOW);
	void *h2 = dlopen("./liba.so", RTLD_LAZY | RTLD_NODELETE);
	void *u = dlopen("./libuq.so", RTLD_NOW);
	int (*get)(void) = u ? (int (*)(void))dlsym(u, "get") : 0;
	printf("%d %d %d %d\n", h != 0, f == 0, h2 != 0, get ? get() : -1);
	dlclose(h);
	dlclose(h2);
	if (u)
		dlclose(u);
	return 0;
}
EOF
cat > uq.cpp <<'EOF'
template <class T> struct S { static int v; };
template <class T> int S<T>::v = 3;
extern "C" int get(void) { return S<int>::v++; }
EOF
g++ -shared -fPIC -o libuq.so uq.cpp
gcc -o nd nd.c
gcc -shared -fPIC -o liba.so a.c
gcc -shared -fPIC -o libb.so b.c
gcc -o dlg dlg.c
gcc -o rdep rdep.c

# no soname, linked by a path with a slash: DT_NEEDED "./libv.so" is opened
# without a search (the glibc-hwcaps subdirectories a search by name tries
# are libtests' hwcaps tests' concern, not this one's); libc is searched for
gcc -shared -fPIC -o libv.so libv.c -Wl,--version-script=libv.map
gcc -shared -fPIC -o libplug.so plug.c ./libv.so
gcc -o hello hello.c
gcc -o vers vers.c ./libv.so
gcc -o dl dl.c

# What differs and why (nothing else may):
# - the "PID:" prefix (another process) and every 0x address (ASLR);
# - statistics: cycle counts and their shares (timing); the number of
#   relocations less the loader's own lookups (own_lookups below: glibc's
#   include those of its second relocation of itself, ours has none);
# - the path of the loader in the PT_INTERP form (ours is not at glibc's path);
# - ld-custom's own statistics counters (launch cache, symbol index, Bloom
#   filter, scope walks), printed after glibc's lines: glibc has no such counters.
norm() {
	sed -E -e '/(symbol lookups \(scope\)|bindings from the launch cache|launch cache bindings looked up again|objects skipped by Bloom filter|scope lists searched by index|objects passed by scope walks|processor probes executed|processor probes from the cache): /d' \
	    -e 's/^ *[0-9]+:/PID:/' -e 's/0x[0-9a-f]+/ADDR/g' \
	    -e 's/(: )[0-9]+ cycles \([0-9]*\.[0-9]%\)$/\1T cycles (P%)/' \
	    -e 's/(total startup time in dynamic loader: )[0-9]+/\1T/' \
	    -e "s|$LDSO|$GLIBC|g"
}
# The loader's own objects: glibc relocates itself again after the others
# (its lookups are not ours to make) and shows its map with "no scope" until
# then; it gives the vDSO a scope list although nothing in the vDSO is ever
# relocated, where ours leaves the vDSO without one (it binds nothing).  Those
# lookup lines and those two objects' scope blocks are dropped from both.
drop_loader_own() {	# own_symbols_file
	awk -v own="$1" -v ldso="$GLIBC" '
		BEGIN { while ((getline s < own) > 0) skip["symbol=" s ";"] = 1 }
		{ line = $0; sub(/^PID:\t/, "", line) }
		inblock && line == "" { inblock = 0; next }
		inblock { next }
		line == "object=" ldso " [0]" || line == "object=linux-vdso.so.1 [0]" {
			inblock = 1; next }
		index(line, "binding file " ldso " [0] to ") == 1 { next }
		{ split(line, w, "  "); if (w[1] in skip) next }
		{ print }'
}
# the symbols glibc's loader looks up for itself, from its own binding lines
LD_DEBUG=bindings $GLIBC ./dl 2>&1 >/dev/null | norm |
	sed -n "s|^PID:	binding file $GLIBC \[0\] to .*symbol \`\([^']*\)'.*|\1|p" | sort -u > own
[ -s own ] || { echo "ld-debug: could not tell glibc's own lookups"; exit 1; }

# how many lookups a loader made for its own relocation: its binding lines
own_lookups() {	# loader program [arg]
	LD_DEBUG=bindings "$@" 2>&1 >/dev/null | norm |
		grep -c "^PID:	binding file $GLIBC \[0\] to " || true
}
# the relocation counts (at start-up and at exit) less n
stat_adjust() {	# n
	awk -v n="$1" '/ number of relocations: [0-9]+$/ {
		k = $NF; sub(/[0-9]+$/, ""); $0 = $0 (k - n) } { print }'
}

compare() {	# label file-glibc file-ours
	if ! diff -u "$2" "$3" > diff.out; then
		echo "FAIL: $1"; head -40 diff.out; fail=1
	fi
}

for run in hello vers dl dlg rdep 'rdep now' nd; do
	prog=${run%% *}
	args=${run#$prog}
	gk=$(own_lookups $GLIBC ./$prog $args)
	ok=$(own_lookups "$LDSO" ./$prog $args)
	for cat in libs reloc files symbols bindings versions scopes statistics unused all \
		   libs,files,scopes; do
		LD_DEBUG=$cat $GLIBC ./$prog $args > g.out 2> g.err || true
		LD_DEBUG=$cat "$LDSO" ./$prog $args > o.out 2> o.err || true
		norm < g.err | drop_loader_own own | stat_adjust "$gk" > g.n
		norm < o.err | drop_loader_own own | stat_adjust "$ok" > o.n
		compare "LD_DEBUG=$cat ./$run (stderr)" g.n o.n
		compare "LD_DEBUG=$cat ./$run (stdout)" g.out o.out
	done
done

# the PT_INTERP form prints what the command form prints (the program is not
# mapped by the loader there, so no "generating link map" for it in either)
gcc -o hello.interp hello.c -Wl,--dynamic-linker="$LDSO"
LD_DEBUG=libs,files,versions,reloc ./hello 2> g.err > /dev/null
LD_DEBUG=libs,files,versions,reloc ./hello.interp 2> o.err > /dev/null
norm < g.err | sed 's|\./hello\b|PROG|g' > g.n
norm < o.err | sed 's|\./hello\.interp|PROG|g' > o.n
compare "LD_DEBUG=libs,files,versions,reloc PT_INTERP form" g.n o.n

# LD_DEBUG=help and an unknown category: glibc's text, same status
LD_DEBUG=help $GLIBC ./hello > g.out 2>&1 && gs=0 || gs=$?
LD_DEBUG=help "$LDSO" ./hello > o.out 2>&1 && os=0 || os=$?
compare "LD_DEBUG=help" g.out o.out
[ "$gs" = "$os" ] || { echo "FAIL: LD_DEBUG=help status $os, glibc $gs"; fail=1; }
LD_DEBUG=libs,bogus $GLIBC ./hello 2>&1 | norm > g.n
LD_DEBUG=libs,bogus "$LDSO" ./hello 2>&1 | norm > o.n
compare "LD_DEBUG with an unknown category" g.n o.n

# LD_DEBUG_OUTPUT=F: the lines go to F.PID (nothing on stderr); no category, no file
mkdir gd od
LD_DEBUG=libs LD_DEBUG_OUTPUT=$tmp/gd/log $GLIBC ./hello > /dev/null 2> g.err
LD_DEBUG=libs LD_DEBUG_OUTPUT=$tmp/od/log "$LDSO" ./hello > /dev/null 2> o.err
compare "LD_DEBUG_OUTPUT: stderr" g.err o.err
(cd gd && ls | sed -E 's/^log\.[0-9]+$/log.PID/') > g.n
(cd od && ls | sed -E 's/^log\.[0-9]+$/log.PID/') > o.n
compare "LD_DEBUG_OUTPUT: file name" g.n o.n
if [ "$(ls od | wc -l)" = 1 ]; then
	pid=$(ls od | sed 's/^log\.//')
	grep -q "^ *$pid:	find library=libc.so.6 \[0\]; searching" od/log.$pid ||
		{ echo "FAIL: LD_DEBUG_OUTPUT: log.$pid lacks its own pid's lines"; fail=1; }
	cat gd/log.* | norm > g.n
	norm < od/log.$pid > o.n
	compare "LD_DEBUG_OUTPUT: contents" g.n o.n
fi
rm -f gd/* od/*
LD_DEBUG_OUTPUT=$tmp/od/log "$LDSO" ./hello > /dev/null
[ -z "$(ls od)" ] || { echo "FAIL: LD_DEBUG_OUTPUT without LD_DEBUG made a file"; fail=1; }

# set-user-ID programs: glibc reads LD_DEBUG before it drops it (help still
# exits), keeps it only if /etc/suid-debug exists (made here in an overlay of
# /etc in a private mount namespace), and never writes LD_DEBUG_OUTPUT's file
mkdir sx sx/up sx/work sx/out
chmod 755 "$tmp" sx sx/out
cp "$LDSO" sx/ldso
gcc -o sx/g hello.c
gcc -o sx/o hello.c -Wl,--dynamic-linker="$tmp/sx/ldso"
chmod 4755 sx/g sx/o
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env "$@"; }
with_suid_debug() {
	unshare -m sh -c "mount -t overlay overlay -o \
		lowerdir=/etc,upperdir=$tmp/sx/up,workdir=$tmp/sx/work /etc &&
		touch /etc/suid-debug && $*"
}
for p in g o; do
	as_nobody LD_DEBUG=libs LD_DEBUG_OUTPUT=$tmp/sx/out/log sx/$p > /dev/null 2> sx/$p.plain
	with_suid_debug setpriv --reuid=65534 --regid=65534 --clear-groups env LD_DEBUG=libs \
		LD_DEBUG_OUTPUT=$tmp/sx/out/log sx/$p 2>&1 > /dev/null |
		norm | sed -e "s|$tmp/sx/ldso|$GLIBC|" -e "s|sx/$p\$|sx/PROG|" > sx/$p.suid
	as_nobody LD_DEBUG=help sx/$p > sx/$p.help
done
compare "set-user-ID, LD_DEBUG=libs" sx/g.plain sx/o.plain
compare "set-user-ID with /etc/suid-debug, LD_DEBUG=libs" sx/g.suid sx/o.suid
compare "set-user-ID, LD_DEBUG=help" sx/g.help sx/o.help
[ -s sx/g.suid ] || { echo "FAIL: glibc printed nothing with /etc/suid-debug"; fail=1; }
[ -z "$(ls sx/out)" ] || { echo "FAIL: LD_DEBUG_OUTPUT written for a set-user-ID program"; fail=1; }

# LD_SHOW_AUXV: the same AT_ names in the same order and glibc's format; the
# values that change per run (addresses, the random bytes' place) masked, and
# AT_EXECFN is the file the kernel ran: each loader's own path
auxv_norm() {
	sed -E -e 's/^(AT_[A-Z0-9_?]+( \(0x[0-9a-f]+\))?: +)(0x)?[0-9a-f]+$/\1\3V/' \
	    -e "s|^(AT_EXECFN: +)$LDSO\$|\1$GLIBC|"
}
LD_SHOW_AUXV=1 $GLIBC ./hello | auxv_norm > g.n
LD_SHOW_AUXV=1 "$LDSO" ./hello | auxv_norm > o.n
compare "LD_SHOW_AUXV" g.n o.n

# --list-tunables: names, order, types, defaults and bounds of the host's
# table.  glibc then overwrites its x86 cache tunables with what it measured
# of this CPU (sysdeps/x86/dl-cacheinfo.h TUNABLE_SET_WITH_BOUNDS); those four
# lines keep only their names.
tun_norm() { sed -E 's/^(glibc\.cpu\.x86_(data_cache_size|shared_cache_size|non_temporal_threshold|rep_movsb_threshold)):.*/\1: MEASURED/'; }
$GLIBC --list-tunables | tun_norm > g.n
"$LDSO" --list-tunables | tun_norm > o.n
compare "--list-tunables" g.n o.n

# --list-diagnostics: every line of glibc's, in its order, equal but for the
# auxiliary vector's values that are per run (vDSO, random bytes) or the
# loader's own file (its program headers, base, entry, path), and the initial
# APIC id in CPUID leaf 1's ebx (bits 24-31: the CPU the process ran on)
diag_norm() {
	awk '/^x86\.cpu_features\.features\[0x0\]\.cpuid\[0x1\]=0x/ {
		v = substr($0, index($0, "=") + 3)
		if (length(v) > 6) v = substr(v, length(v) - 5)
		sub(/^0+/, "", v); print substr($0, 1, index($0, "=")) "0x" v; next }
	     /^auxv\[0x[0-9a-f]+\]\.a_type=/ { t = $0; sub(/.*=/, "", t) }
	     /^auxv\[0x[0-9a-f]+\]\.a_val=/ && t ~ /^0x(3|4|5|7|9|19|1f|21)$/ {
		sub(/=.*/, "=V") }
	     { print }'
}
$GLIBC --list-diagnostics | diag_norm > g.n
"$LDSO" --list-diagnostics | diag_norm > o.n
compare "--list-diagnostics" g.n o.n

# --help: glibc's text, the loader's name as invoked; --version: glibc's first
# line's shape with our name in front (system-loader.sh tells the loaders apart by it)
# ("self-identifies as" is the built-in name in both, not the path invoked).
# The whole text, to the glibc-hwcaps and legacy HWCAP lists at its end, also
# with the hwcaps options (glibc honours those given before --help).
help_case() {
	$GLIBC "$@" --help | sed "1s|$GLIBC|LDSO|" > g.n
	# ld-custom's own options (--cache: the launch cache; --tree, --why; --timeline) are
	# not glibc's: dropped.
	"$LDSO" "$@" --help | sed -e "1s|$LDSO|LDSO|" -e '/^  --cache ACTION/d' \
		-e '/^  --tree  /,/^  --why LIB/d' -e '/^  --timeline FILE/d' > o.n
	compare "--help $*${LD_HWCAP_MASK:+ (LD_HWCAP_MASK=$LD_HWCAP_MASK)}" g.n o.n
}
help_case
help_case --glibc-hwcaps-mask x86-64-v2
help_case --glibc-hwcaps-prepend foo:bar --glibc-hwcaps-mask x86-64-v3:x86-64-v4
LD_HWCAP_MASK=0 help_case
[ "$LDSO" = "$(realpath $GLIBC)" ] || "$LDSO" --version | grep -qE '^ld-custom\.so \(.*\) stable release version 2\.[0-9]+\.$' ||
	{ echo "FAIL: --version"; fail=1; }

[ $fail = 0 ] && echo "LD_DEBUG (every category), LD_DEBUG_OUTPUT, LD_SHOW_AUXV," \
	"--list-tunables, --list-diagnostics, --help, --version: glibc's output"
exit $fail
