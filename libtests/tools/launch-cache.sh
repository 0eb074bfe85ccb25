#!/bin/bash
# The launch cache (LD_CUSTOM_CACHE, README "Launch cache"): a first start
# writes an entry, the next one takes its bindings from it (LD_DEBUG=statistics
# counts them) and prints what glibc's loader prints.  Every tampered,
# mismatching or foreign entry is ignored (no binding taken from it), the
# program prints exactly what it prints without the cache, and the entry is
# rewritten.  Secure mode neither reads nor writes.  Uses a temporary
# XDG_CACHE_HOME, never the user's cache.
set -u
case ${1:-} in
-h|--help) echo "Usage: bash libtests/tools/launch-cache.sh"
	   echo "Tests of the launch cache against glibc's loader."; exit 0 ;;
'') ;;
*) echo "Usage: bash libtests/tools/launch-cache.sh" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
craft="python3 $top/libtests/tools/launch-cache.py"
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/ldc-lcache.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
export HOME=$tmp/home XDG_CACHE_HOME=$tmp/xdg
unset LD_PRELOAD LD_LIBRARY_PATH LD_BIND_NOW LD_CUSTOM_CACHE GLIBC_TUNABLES
store=$XDG_CACHE_HOME/ld-custom
bad=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; bad=1; }

# ---------------------------------------------------------------- programs
# which() is interposed by a preload and replaced by a library of the same
# size; the main program binds at start-up (BIND_NOW): data (a copy
# relocation), TLS, IFUNC, a weak undefined symbol, a C++ unique symbol
mkdir -p "$tmp/v2" "$tmp/other" "$HOME"
cat > "$tmp/which.c" <<'C'
const char *which(void) { return WORD; }
const char *evil(void) { return "evil"; }
int lib_data = 42;
__thread int lib_tls = 7;
static int pick_a(void) { return 1; }
static int (*resolve_pick(void))(void) { return pick_a; }
int pick(void) __attribute__((ifunc("resolve_pick")));
C
cat > "$tmp/pre.c" <<'C'
const char *which(void) { return "pre!"; }
C
cat > "$tmp/uniq.h" <<'C'
inline int &counter() { static int c; return c; }
C
for k in 1 2; do
	printf '#include "uniq.h"\nextern "C" int bump%s() { return ++counter(); }\n' $k \
		> "$tmp/u$k.cc"
done
cat > "$tmp/main.c" <<'C'
#include <stdio.h>
const char *which(void);
const char *evil(void);
int pick(void);
int bump1(void), bump2(void);
extern int lib_data;
extern __thread int lib_tls;
void missing(void) __attribute__((weak));
const char *(*table[])(void) = { which, evil };	/* R_X86_64_64 */
int main(void)
{
	printf("%s %s %s %d %d %d %s\n", which(), table[0](), table[1](), lib_data, lib_tls,
	       pick(), missing ? "missing-defined" : "missing-undefined");
	int one = bump1(), two = bump2();	/* 2: one counter, process-wide */
	printf("unique %d %d\n", one, two);
	return 3;
}
C
cc="gcc -O1 -fPIC"
$cc -shared -DWORD='"good"' "$tmp/which.c" -o "$tmp/libwhich.so" &&
$cc -shared -DWORD='"gold"' "$tmp/which.c" -o "$tmp/v2/libwhich.so" &&
$cc -shared -DWORD='"othr"' "$tmp/which.c" -o "$tmp/other/libwhich.so" &&
$cc -shared "$tmp/pre.c" -o "$tmp/libpre.so" &&
g++ -O1 -fPIC -shared "$tmp/u1.cc" -o "$tmp/libu1.so" &&
g++ -O1 -fPIC -shared "$tmp/u2.cc" -o "$tmp/libu2.so" &&
gcc -O1 "$tmp/main.c" -L"$tmp" -lwhich -lu1 -lu2 -Wl,-z,now -Wl,--enable-new-dtags \
	-Wl,-rpath,"$tmp" -o "$tmp/main" &&
gcc -O1 "$tmp/main.c" -L"$tmp" -lwhich -lu1 -lu2 -Wl,-z,now -Wl,--enable-new-dtags \
	-Wl,-rpath,"$tmp" -Wl,--dynamic-linker="$ldso" -o "$tmp/main.interp" ||
	{ echo "FAIL building the test programs"; exit 1; }
readelf -sW --dyn-syms "$tmp/libu1.so" | grep -q UNIQUE || fail "libu1.so has no unique symbol"
[ "$(stat -c %s "$tmp/libwhich.so")" = "$(stat -c %s "$tmp/v2/libwhich.so")" ] ||
	fail "the replacement library differs in size"

# ---------------------------------------------------------------- helpers
# ref ENV...: stdout and status under glibc's loader; ours MODE ENV...: under ours
ref() { env "$@" $glibc "$tmp/main" 2>/dev/null; echo "status $?"; }
ours() {
	local m=$1; shift
	env LD_CUSTOM_CACHE=$m LD_DEBUG=statistics "$@" "$ldso" "$tmp/main" 2>"$tmp/err"
	echo "status $?"
}
hits() { sed -n 's/.*bindings from the launch cache: //p' "$tmp/err"; }
entries() { find "$store" -type f ! -name 'probes-*' 2>/dev/null | wc -l; }	# not the CPUID cache's
entry() { find "$store" -type f ! -name 'probes-*' | head -1; }
# expect WHAT EXPECTED-OUTPUT GOT-OUTPUT HITS(0 or +)
expect() {
	local h; h=$(hits)
	if [ "$3" != "$2" ]; then fail "$1: output '$3', expected '$2'"
	elif [ "$4" = 0 ] && [ "$h" != 0 ]; then fail "$1: $h bindings from the cache, expected none"
	elif [ "$4" = + ] && ! [ "${h:-0}" -gt 0 ]; then fail "$1: no bindings from the cache"
	elif [ "$4" = - ]; then pass "$1"
	else pass "$1 (cache bindings: $h)"
	fi
}
fresh() { rm -rf "$store"; ours on >/dev/null; }	# one valid entry

R=$(ref)
case $R in "good good evil 42 7 1 missing-undefined"*"unique 1 2"*"status 3") ;;
*) fail "glibc's output is not what the program prints: $R" ;; esac

# ---------------------------------------------------------------- modes
expect "off" "$R" "$(ours off)" 0
[ "$(entries)" = 0 ] && pass "off writes nothing" || fail "off wrote an entry"
expect "default, a small program" "$R" "$(ours '')" 0
[ "$(entries)" = 0 ] && pass "the default leaves a small program alone" ||
	fail "the default cached a small program"
expect "on: first start" "$R" "$(ours on)" 0
[ "$(entries)" = 1 ] && pass "the first start wrote one entry" || fail "no entry written"
[ "$(stat -c %a "$store")" = 700 ] && [ "$(stat -c %a "$(entry)")" = 600 ] &&
	pass "store 0700, entry 0600" || fail "store or entry mode"
expect "on: second start" "$R" "$(ours on)" +
off_lookups=$(ours off >/dev/null; sed -n 's/.*symbol lookups (scope): //p' "$tmp/err")
on_lookups=$(ours on >/dev/null; sed -n 's/.*symbol lookups (scope): //p' "$tmp/err")
[ "$on_lookups" -lt "$off_lookups" ] && pass "lookups $off_lookups without, $on_lookups with" ||
	fail "lookups $off_lookups without the cache, $on_lookups with it"
# the kernel runs main.interp with us as PT_INTERP: it takes the entry the
# command form wrote for the same file
out=$(LD_CUSTOM_CACHE=on LD_DEBUG=statistics "$ldso" "$tmp/main.interp" 2>"$tmp/err"; echo "status $?")
expect "command form, another program: first start" "$R" "$out" 0
out=$(LD_CUSTOM_CACHE=on LD_DEBUG=statistics "$tmp/main.interp" 2>"$tmp/err"; echo "status $?")
expect "PT_INTERP form takes the command form's entry" "$R" "$out" +
expect "rebuild" "$R" "$(ours rebuild)" 0
expect "after rebuild" "$R" "$(ours on)" +
# Renamed over an existing file, ext4 writes the new one out at once
# (auto_da_alloc: ~200 us here), so a rewrite unlinks the entry first; a
# reader in between only misses.  A first start has nothing to unlink.
# calls MODE: this start's calls on the entry it renames into place, in
# order (u = unlink, r = rename); the entry's name goes to $tmp/name
calls() {
	LD_CUSTOM_CACHE=$1 strace -e trace=unlink,unlinkat,rename,renameat,renameat2 -o "$tmp/st" \
		"$ldso" "$tmp/main" >/dev/null 2>&1
	sed -n '/^rename/s/.*, "\([^"]*\)").*/\1/p' "$tmp/st" | grep -v '^probes-' | tail -1 >"$tmp/name"
	awk -v n="\"$(cat "$tmp/name")\"" 'index($0, n ", 0)") && /^unlink/ { printf "u" }
		index($0, n ")") && /^rename/ { printf "r" }' "$tmp/st"
}
if command -v strace >/dev/null; then
	t=$(calls rebuild)
	[ "$t" = ur ] && pass "a rewrite unlinks the entry, then renames" ||
		fail "a rewrite's calls on the entry: '$t', expected unlink then rename (ur)"
	rm -f "$store/$(cat "$tmp/name")"
	t=$(calls on)
	[ "$t" = r ] && pass "a first start renames without an unlink" ||
		fail "a first start's calls on the entry: '$t', expected one rename (r)"
	expect "after a first start" "$R" "$(ours on)" +
else
	fail "strace is not installed (the README's set-up installs it)"
fi
# LD_DEBUG=bindings looks every binding up again and compares it with the entry
checked=$(LD_CUSTOM_CACHE=on LD_DEBUG=bindings,statistics "$ldso" "$tmp/main" 2>&1 >/dev/null |
	  sed -n 's/.*launch cache bindings looked up again: //p')
case $checked in "0, "*|"") fail "LD_DEBUG=bindings: nothing compared ($checked)" ;;
*", differing: 0") pass "LD_DEBUG=bindings: every entry equals its lookup ($checked)" ;;
*) fail "LD_DEBUG=bindings: entries differ from lookups ($checked)" ;; esac

# ---------------------------------------------------------------- --cache
"$ldso" --cache show "$tmp/main" | grep -q "$tmp/main: " && pass "--cache show PROG" ||
	fail "--cache show PROG"
"$ldso" --cache verify "$tmp/main" | grep -q "^  ok" && pass "--cache verify: ok" ||
	fail "--cache verify of a valid entry"
"$ldso" --cache show /bin/true | grep -q "^no entries" && pass "--cache show: other program" ||
	fail "--cache show of a program without entries"
"$ldso" --cache show | grep -c ": $tmp/main" | grep -qx 2 && pass "--cache show: both programs" ||
	fail "--cache show without PROG"
"$ldso" --cache clear "$tmp/main" | grep -q "^1 entries removed" && [ "$(entries)" = 1 ] &&
	pass "--cache clear PROG" || fail "--cache clear PROG"
"$ldso" --cache clear | grep -q "^1 entries removed" && [ "$(entries)" = 0 ] &&
	pass "--cache clear" || fail "--cache clear"
"$ldso" --cache bogus >/dev/null 2>&1; [ $? = 1 ] && pass "--cache with a bad action" ||
	fail "--cache bogus"

# ---------------------------------------------------------------- tampering
# each: a valid entry, tampered; the next start ignores it and rewrites it
tamper() {	# WHAT COMMAND...
	local what=$1; shift
	fresh
	"$@"
	expect "$what: ignored" "$R" "$(ours on)" 0
	expect "$what: rewritten" "$R" "$(ours on)" +
}
trunc() { truncate -s "$1" "$(entry)"; }
flip() { local f; f=$(entry)
	 printf "$(printf '\\%03o' $(( $(od -An -tu1 -j"$1" -N1 "$f") ^ 0x10 )))" |
		dd of="$f" bs=1 seek="$1" conv=notrunc status=none; }
flip_end() { flip $(( $(stat -c %s "$(entry)") - 1 )); }
for n in 0 63 100; do tamper "truncated to $n bytes" trunc $n; done
tamper "truncated by one byte" trunc -1
for off in 0 8 16 24 32 40 64 100 200; do tamper "byte $off flipped" flip $off; done
names_at=$(( 64 + 64 * $(od -An -tu4 -j40 -N4 "$(fresh; entry)") + 3 ))
tamper "a name's byte flipped" flip $names_at
tamper "last byte flipped" flip_end
tamper "another loader build (valid checksum)" eval '$craft loader "$(entry)" >/dev/null'
tamper "owned by another user" eval 'chown 65534 "$(entry)"'
tamper "mode 0666" eval 'chmod 666 "$(entry)"'
tamper "mode 0640" eval 'chmod 640 "$(entry)"'
symlinked() { local f; f=$(entry); cp "$f" "$tmp/real"; ln -sf "$tmp/real" "$f"; }
tamper "a symlink to a valid entry" symlinked
# crafted entries (valid checksum) with values out of bounds or naming what no
# lookup returns (symbol 0): each is refused where it is used, the lookups
# run, and the program prints what it prints.  (An in-bounds definition of
# another name is the user's own doing, as LD_PRELOAD: the control below.)
mangled() {	# FIELD VALUE
	fresh
	$craft mangle "$(entry)" "$1" "$2" >/dev/null || fail "mangling $1"
	expect "crafted $1=$2: ignored" "$R" "$(ours on)" 0
	expect "crafted $1=$2: next start" "$R" "$(ours on)" -
	expect "crafted $1=$2: rewritten" "$R" "$(ours on)" +
}
mangled pos 4096
mangled pos 0x3ffffffe
mangled sym 0xffffffff
mangled sym 0
mangled ref 0x7fffffff
mangled first 0xfffffff0
mangled count 0xfffffff0
# every definition "none": only a weak reference may stay undefined
fresh
$craft mangle "$(entry)" pos 0x3fffffff >/dev/null || fail "mangling pos"
expect "crafted: every reference undefined" "$R" "$(ours on)" -
expect "crafted: every reference undefined, next start" "$R" "$(ours on)" -
expect "crafted: every reference undefined, rewritten" "$R" "$(ours on)" +
rm -rf "$store"

# a library replaced by another of the same name, size and mtime
fresh
cp -p "$tmp/libwhich.so" "$tmp/libwhich.orig"
cat "$tmp/v2/libwhich.so" > "$tmp/libwhich.so"	# same inode
touch -r "$tmp/libwhich.orig" "$tmp/libwhich.so"
R2=$(ref)
case $R2 in "gold gold "*) ;; *) fail "glibc's output with the replacement: $R2" ;; esac
expect "library rewritten in place (same size, mtime)" "$R2" "$(ours on)" 0
expect "library rewritten in place: rewritten" "$R2" "$(ours on)" +
cp "$tmp/v2/libwhich.so" "$tmp/new.so"; cp -p "$tmp/libwhich.orig" "$tmp/new.so"
mv "$tmp/new.so" "$tmp/libwhich.so"	# another inode, the original's size and mtime
expect "library replaced by rename" "$R" "$(ours on)" 0
expect "library replaced by rename: rewritten" "$R" "$(ours on)" +

# inputs: LD_PRELOAD, LD_LIBRARY_PATH, LD_BIND_NOW
fresh
RP=$(ref LD_PRELOAD="$tmp/libpre.so")
case $RP in "pre! pre! "*) ;; *) fail "glibc's output with LD_PRELOAD: $RP" ;; esac
expect "LD_PRELOAD added" "$RP" "$(ours on LD_PRELOAD="$tmp/libpre.so")" 0
expect "LD_PRELOAD again" "$RP" "$(ours on LD_PRELOAD="$tmp/libpre.so")" +
expect "LD_PRELOAD removed" "$R" "$(ours on)" +
RL=$(ref LD_LIBRARY_PATH="$tmp/other")
case $RL in "othr othr "*) ;; *) fail "glibc's output with LD_LIBRARY_PATH: $RL" ;; esac
expect "LD_LIBRARY_PATH changed" "$RL" "$(ours on LD_LIBRARY_PATH="$tmp/other")" 0
expect "LD_LIBRARY_PATH again" "$RL" "$(ours on LD_LIBRARY_PATH="$tmp/other")" +
expect "LD_BIND_NOW changed" "$R" "$(ours on LD_BIND_NOW=1)" 0

# ---------------------------------------------------------------- real programs
# the machine's programs, bound now (every PLT slot through the cache): the
# second start prints what glibc's loader prints, and every binding it took
# from the cache equals the lookup's (LD_DEBUG=bindings looks them up again)
real() {	# PROGRAM ARGS...
	[ -x "$1" ] || { echo "SKIP $1: not installed"; return; }
	local g o h c
	g=$(LD_BIND_NOW=1 $glibc "$@" 2>&1; echo "status $?")
	LD_BIND_NOW=1 LD_CUSTOM_CACHE=on "$ldso" "$@" >/dev/null 2>&1
	o=$(LD_BIND_NOW=1 LD_CUSTOM_CACHE=on LD_DEBUG=statistics "$ldso" "$@" 2>"$tmp/err"; echo "status $?")
	expect "$1: second start" "$g" "$o" +
	c=$(LD_BIND_NOW=1 LD_CUSTOM_CACHE=on LD_DEBUG=bindings,statistics "$ldso" "$@" 2>&1 >/dev/null |
	    sed -n 's/.*launch cache bindings looked up again: //p')
	case $c in "0, "*|"") fail "$1: nothing compared ($c)" ;;
	*", differing: 0") pass "$1: every cached binding equals its lookup ($c)" ;;
	*) fail "$1: cached bindings differ from lookups ($c)" ;; esac
}
real /usr/bin/git --version
real /usr/bin/perl -e 'print "perl\n"'
real /usr/bin/python3 -c 'print("python")'
real /usr/bin/clangd --version

# ---------------------------------------------------------------- secure mode
# A crafted entry with a valid checksum binds which() to evil(): the user's
# own cache can do what LD_PRELOAD does (the control), a set-user-ID start
# must neither read it nor write anything.
command -v setpriv >/dev/null || { echo "FAIL setpriv (util-linux) is missing"; exit 1; }
sec=$tmp/sec; mkdir "$sec"; chmod 755 "$sec"
cp "$ldso" "$sec/ld-custom.so"
gcc -O1 "$tmp/main.c" -L"$tmp" -lwhich -lu1 -lu2 -Wl,-z,now -Wl,-rpath,"$tmp" \
	-Wl,--dynamic-linker="$sec/ld-custom.so" -o "$sec/main"
chmod -R a+rX "$tmp"; chmod 4755 "$sec/main"
export XDG_CACHE_HOME=$sec/xdg; store=$XDG_CACHE_HOME/ld-custom
LD_CUSTOM_CACHE=on "$sec/main" >/dev/null
idx() { readelf -W --dyn-syms "$tmp/libwhich.so" | awk -v s="$1" '$8 == s { sub(":", "", $1); print $1; exit }'; }
n=$($craft retarget "$(entry)" libwhich.so "$(idx which)" "$(idx evil)") ||
	fail "crafting an entry (which -> evil): $n"
case $(LD_CUSTOM_CACHE=on "$sec/main") in "evil evil evil"*) pass "control: a crafted entry is used";;
*) fail "control: the crafted entry was not used" ;; esac
before=$(ls -la --time-style=full-iso "$store")
for m in on rebuild; do
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env LD_CUSTOM_CACHE=$m \
		"$sec/main"; echo "status $?")
	expect "secure mode ($m): not read" "$R" "$out" -
	[ "$(ls -la --time-style=full-iso "$store")" = "$before" ] &&
		pass "secure mode ($m): nothing written" || fail "secure mode ($m): the store changed"
done
exit $bad
