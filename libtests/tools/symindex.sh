#!/bin/bash
# The symbol index (ldso/symindex.c) binds exactly as the scope walk and as
# glibc's loader: a set of libraries where the same names are defined in
# several objects (interposition by the program and by LD_PRELOAD, versions
# and a hidden version, weak before strong, protected, a copy relocation,
# STB_GNU_UNIQUE, a DF_SYMBOLIC library, an RTLD_LOCAL group, RTLD_DEEPBIND,
# RTLD_GLOBAL then dlsym(RTLD_DEFAULT) and lazy PLT calls, dlclose, dlmopen)
# and FILLERS libraries defining the same names.  The index is forced on
# (LD_CUSTOM_SYMINDEX=trace, which also says when it is built and used).
# Compared: program output (glibc, ours with the index, ours without); every
# LD_DEBUG=bindings line, in order, with and without the index; the set of
# binding lines against glibc's.  Then: a generated set in the default mode
# (the index built during relocation); dlsym in three threads while the main
# thread dlopens and dlcloses RTLD_GLOBAL libraries; the same binding
# comparisons for real programs (ls, git, perl, python3), each skipped when absent.
set -eu
usage() { echo "Usage: bash libtests/tools/symindex.sh [LDSO]"; }
case ${1:-} in -h|--help) usage; exit 0 ;; -*) usage >&2; exit 2 ;; esac
[ $# -le 1 ] || { usage >&2; exit 2; }
top=$(pwd)
LDSO=$(realpath "${1:-$top/ld-custom.so}")
GLIBC=/lib64/ld-linux-x86-64.so.2
src=$top/libtests/tools/symindex
FILLERS=${SYMINDEX_FILLERS:-12}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/symindex.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "symindex: $*" >&2; exit 1; }

lib() { local out=$1; shift; gcc -shared -fPIC -O1 -o "$out" "$@" -Wl,-rpath,'$ORIGIN'; }
build() {
	mkdir v0 v1
	lib v0/libv.so "$src/libv0.c" -Wl,-soname,libv.so
	lib v1/libv.so "$src/libv1.c" -Wl,-soname,libv.so -Wl,--version-script="$src/v1.map"
	lib libv.so "$src/libv2.c" -Wl,--version-script="$src/v2.map"
	lib libw0.so -DW=W0 "$src/libw.c" v0/libv.so
	lib libw1.so -DW=W1 "$src/libw.c" v1/libv.so
	for u in 1 2 3; do
		g++ -fPIC -O1 -DUBUMP=u${u}_bump -c -o libu$u.o "$src/libu.cc"
		lib libu$u.so libu$u.o
	done
	for l in a b p d g g2 ldep; do lib lib$l.so "$src/lib$l.c"; done
	lib libl.so "$src/libl.c" libldep.so
	lib libs.so "$src/libs.c" -Wl,-Bsymbolic
	lib liblazy.so "$src/liblazy.c" -Wl,-z,lazy
	fillers=()
	for i in $(seq 0 $((FILLERS - 1))); do
		{
			for k in $(seq 0 29); do
				echo "int common_$k(void) { return $((i * 100 + k)); }"
			done
			echo "static int (*const table[])(void) = {"
			for k in $(seq 0 29); do echo " common_$k,"; done
			echo "};"
			echo "int fsum_$i(void) { int s = 0; for (int k = 0; k < 30; k++) s += table[k](); return s; }"
		} > f$i.c
		lib libf$i.so f$i.c
		fillers+=(libf$i.so)
	done
	{
		for i in $(seq 0 $((FILLERS - 1))); do echo "int fsum_$i(void);"; done
		echo "int fill_sum(void) { return 0"
		for i in $(seq 0 $((FILLERS - 1))); do echo " + fsum_$i()"; done
		echo "; }"
	} > fill.c
	lib libfill.so fill.c "${fillers[@]}"
	gcc -O1 -no-pie -fno-pie -o main "$src/main.c" liba.so libb.so libv.so libw0.so libw1.so \
	    libu1.so libu2.so libs.so liblazy.so libfill.so "${fillers[@]}" -ldl \
	    -Wl,-rpath,'$ORIGIN' -Wl,--allow-shlib-undefined -Wl,-z,lazy
	readelf -rW main | grep -q R_X86_64_COPY || fail "main has no copy relocation"
	readelf -sW libu1.so | grep -q UNIQUE || fail "libu1.so has no STB_GNU_UNIQUE symbol"
	readelf -VW libv.so | grep -q 'Flags: none.*Name: V1' &&
	readelf -sW libv.so | grep -q 'hid@V1' || fail "libv.so has no hidden version hid@V1"
}

# binding lines of an LD_DEBUG=bindings log, without the pid
bindings() { sed -nE 's/^ *[0-9]+:\t//p' "$1" | grep '^binding file' || true; }

# run NAME LOADER ENV...: stdout to NAME.out, LD_DEBUG=bindings to NAME.dbg
run() {
	local name=$1 loader=$2; shift 2
	env "$@" LD_DEBUG=bindings "$loader" ./main >"$name.out" 2>"$name.err" ||
		fail "$name: exit status $?"
	bindings "$name.err" >"$name.dbg"
}

# the sets of binding lines must be equal, except what the two loaders do
# inside themselves: glibc's loader binds the program's malloc family for its
# own use (__rtld_malloc_init_real) and binds itself and the vDSO; ours lets
# libc call _dl_exception_create through its PLT when a dlsym fails
glibc_own='^binding file (/lib64/ld-linux-x86-64.so.2|linux-vdso.so.1) '
glibc_own+="|^binding file [^ ]+ \\[0\\] to [^ ]+ \\[0\\]: normal symbol \`(malloc|calloc|realloc|free)' \\[GLIBC_2.2.5\\]$"
our_own="^binding file /lib[^ ]*/libc.so.6 \\[0\\] to /lib64/ld-linux-x86-64.so.2 \\[0\\]: "
our_own+="normal symbol \`_dl_exception_create' \\[GLIBC_PRIVATE\\]$"
glibc_same() {
	local g=$1 o=$2 what=$3
	sort -u "$g" >"$g.set"
	sort -u "$o" >"$o.set"
	{ comm -23 "$g.set" "$o.set" | grep -vE "$glibc_own" | sed 's/^/glibc only: /'
	  comm -13 "$g.set" "$o.set" | grep -vE "$our_own" | sed 's/^/ours only: /'
	} >"$o.diff" || true
	[ ! -s "$o.diff" ] || { cat "$o.diff" >&2; fail "$what: bindings differ from glibc's"; }
}

build
pre=LD_PRELOAD=$tmp/libp.so
run glibc "$GLIBC" "$pre"
run index "$LDSO" "$pre" LD_CUSTOM_SYMINDEX=trace
run walk "$LDSO" "$pre" LD_CUSTOM_SYMINDEX=off
cmp -s glibc.out index.out || { diff glibc.out index.out >&2; fail "output differs from glibc's"; }
cmp -s walk.out index.out || { diff walk.out index.out >&2; fail "output differs without the index"; }
cmp -s walk.dbg index.dbg || { diff walk.dbg index.dbg >&2; fail "bindings differ without the index"; }
glibc_same glibc.dbg index.dbg "synthetic set"
# the index was built, extended by the RTLD_GLOBAL dlopens, and answered the
# lookups after them (dlsym and the lazy PLT calls)
grep -q '^ld-custom.so: symindex: built for' index.err || fail "the index was never built"
grep -q '^ld-custom.so: symindex: kept for' index.err || fail "the index was never extended"
for s in g_only dup_late dup_after g2_only fsum_0 vsym; do
	grep -q "^ld-custom.so: symindex: lookup \`$s'" index.err || fail "no index lookup of $s"
done
[ "$(wc -l <index.dbg)" -ge 100 ] || fail "too few bindings: $(wc -l <index.dbg)"
echo "symindex: synthetic set ($FILLERS fillers): $(wc -l <index.dbg) bindings as glibc's, index used"

# the default (ski rental): a generated set of 30 libraries x 200 symbols
# walks until the index pays, builds it in the middle of relocation, binds
# the same; LD_DEBUG=statistics says the index answered lookups
python3 "$top/libtests/tools/symset-gen.py" 30 200 "$tmp/set" >/dev/null
LD_DEBUG=bindings,statistics "$LDSO" "$tmp/set/main" >auto.out 2>auto.err || fail "set: auto"
LD_CUSTOM_SYMINDEX=off LD_DEBUG=bindings "$LDSO" "$tmp/set/main" >off.out 2>off.err ||
	fail "set: off"
LD_DEBUG=bindings "$GLIBC" "$tmp/set/main" >g.out 2>g.err || fail "set: glibc"
bindings auto.err >auto.dbg; bindings off.err >off.dbg; bindings g.err >g.dbg
cmp -s g.out auto.out && cmp -s off.out auto.out || fail "set: output differs"
cmp -s off.dbg auto.dbg || { diff off.dbg auto.dbg | head >&2; fail "set: bindings differ"; }
glibc_same g.dbg auto.dbg "generated set"
n=$(sed -nE 's/.*scope lists searched by index: ([0-9]+)$/\1/p' auto.err)
[ "${n:-0}" -gt 1000 ] || fail "set: the index answered ${n:-0} lookups by default"
echo "symindex: generated set, default mode: index built during relocation, $n lookups through it"

# lookups in other threads while dlopen and dlclose change the indexed scope
for i in 0 1 2 3 4 5; do
	echo "int g$i(void) { return $i; } int common(void) { return $i; }" >t$i.c
	lib libt$i.so t$i.c
done
gcc -O1 -o threads "$src/threads.c" libt0.so -Wl,-rpath,'$ORIGIN' -lpthread -ldl
want="wrong lookups 0, common 0"
[ "$(./threads)" = "$want" ] || fail "threads under glibc: $(./threads)"
for k in 1 2 3; do
	LD_CUSTOM_SYMINDEX=trace "$LDSO" ./threads >thr.out 2>thr.err || fail "threads: status $?"
	[ "$(cat thr.out)" = "$want" ] || fail "threads: $(cat thr.out)"
done
grep -q "^ld-custom.so: symindex: dropped" thr.err && grep -q "lookup \`common'" thr.err ||
	fail "threads: the index was not used and dropped under the readers"
echo "symindex: dlsym in 3 threads during 1500 dlopen/dlclose RTLD_GLOBAL: all right"

# real programs: in order with and without the index, as a set against glibc's
for p in /bin/ls /usr/bin/git /usr/bin/perl /usr/bin/python3; do
	[ -x "$p" ] || { echo "symindex: $p absent, skipped"; continue; }
	case $p in */ls) a=(-d /) ;; */git) a=(--version) ;; */perl) a=(-e 1) ;; *) a=(-c pass) ;; esac
	LD_DEBUG=bindings "$GLIBC" "$p" "${a[@]}" >/dev/null 2>g.err || fail "$p under glibc"
	LD_CUSTOM_SYMINDEX=on LD_DEBUG=bindings "$LDSO" "$p" "${a[@]}" >/dev/null 2>i.err ||
		fail "$p with the index"
	LD_CUSTOM_SYMINDEX=off LD_DEBUG=bindings "$LDSO" "$p" "${a[@]}" >/dev/null 2>w.err ||
		fail "$p without the index"
	bindings g.err >g.dbg; bindings i.err >i.dbg; bindings w.err >w.dbg
	cmp -s w.dbg i.dbg || { diff w.dbg i.dbg >&2; fail "$p: bindings differ without the index"; }
	glibc_same g.dbg i.dbg "$p"
	echo "symindex: $p: $(wc -l <i.dbg) bindings, the same with and without the index"
done
