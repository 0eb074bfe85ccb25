#!/bin/bash
# --tree and --why (and LD_CUSTOM_TREE / LD_CUSTOM_WHY as PT_INTERP): a program
# whose libraries are found by every rule of the search order -- libA through
# the program's RUNPATH ($ORIGIN), libB (libA's need) through LD_LIBRARY_PATH,
# libH (libB's) through libB's RPATH in a glibc-hwcaps subdirectory, libS by a
# path with a slash, a diamond libL/libR -> libD (each through its own
# RUNPATH), libc through /etc/ld.so.cache (the default directories with
# --inhibit-cache), libP from LD_PRELOAD, and a library that is not there.
# Checks: the rule each line names; the set of objects equals glibc's
# `ld.so --list` (LD_TRACE_LOADED_OBJECTS where a library is missing); the
# diamond's object expanded once, "(see above)" after, and --why prints its two
# chains; no constructor of the program or of a library ran; exit statuses;
# secure mode ignores LD_CUSTOM_TREE.
set -u
case ${1:-} in
--help) echo "Usage: $0   (tests ld-custom.so --tree and --why)"; exit 0 ;;
"") ;;
*) echo "Usage: $0" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/ldc-tree.XXXXXX); [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# every object's constructor leaves a file in $tmp/ran: none may appear
ctor() { echo "#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void ran(void)
{ close(open(\"$tmp/ran/$1\", O_CREAT | O_WRONLY, 0600)); }"; }
mkdir -p "$tmp/ran" "$tmp/app" "$tmp/a" "$tmp/b" "$tmp/h/glibc-hwcaps/x86-64-v2" "$tmp/s" \
	"$tmp/d" "$tmp/p" "$tmp/m"
lib() {	# DIR NAME [gcc args]: lib NAME.so in DIR, with soname NAME.so unless -nosoname
	local dir=$1 name=$2; shift 2
	{ ctor "$name"; echo "int f_$name(void) { return 1; }"; } > "$tmp/$name.c"
	local so=-Wl,-soname,$name.so
	[ "${1:-}" = -nosoname ] && { so=; shift; }
	gcc -shared -fPIC -Wl,-rpath-link,"$tmp/b:$tmp/h:$tmp/d" $so -o "$tmp/$dir/$name.so" "$tmp/$name.c" -Wl,--no-as-needed "$@" ||
		exit 1
}
lib h libH
lib h/glibc-hwcaps/x86-64-v2 libH
lib b libB -L"$tmp/h" -lH -Wl,--disable-new-dtags,-rpath,"$tmp/h"
lib a libA -L"$tmp/b" -lB
lib d libD
lib d libL -L"$tmp/d" -lD -Wl,--enable-new-dtags,-rpath,'$ORIGIN'
lib d libR -L"$tmp/d" -lD -Wl,--enable-new-dtags,-rpath,'$ORIGIN'
lib s libS -nosoname
lib p libP -L"$tmp/d" -lD -Wl,--enable-new-dtags,-rpath,"$tmp/d"
lib m libmissing
lib d libQ -L"$tmp/m" -lmissing
{ ctor prog; echo 'int main(void) { return 0; }'; } > "$tmp/prog.c"
libs="-Wl,-rpath-link,$tmp/b:$tmp/h -L$tmp/a -L$tmp/d -L$tmp/b -L$tmp/h -L$tmp/m -Wl,--no-as-needed -lA -lL -lR $tmp/s/libS.so"
rp="-Wl,--enable-new-dtags,-rpath,\$ORIGIN/../a:\$ORIGIN/../d"
gcc -o "$tmp/app/prog" "$tmp/prog.c" $libs "$rp" || exit 1
gcc -o "$tmp/app/prog.interp" "$tmp/prog.c" $libs "$rp" -Wl,--dynamic-linker="$ldso" || exit 1
gcc -o "$tmp/app/progmiss" "$tmp/prog.c" $libs -lmissing -lQ "$rp" || exit 1
rm "$tmp/m/libmissing.so"
prog=$tmp/app/prog
export LD_LIBRARY_PATH=$tmp/b
# the hwcaps subdirectory is searched where the CPU is x86-64-v2, else by name
hw=
"$glibc" --help | grep -q 'x86-64-v2 (supported' || hw="--glibc-hwcaps-prepend x86-64-v2"

# the objects of a --tree, one a line: its path, LOADER, or NOTFOUND:name
tree_set() {
	sed -E 's/^[|` ]*[|`]-- //' | grep -v -e '(see above)$' -e '\[program\]$' |
		sed -E -e 's/^(.*) => not found$/NOTFOUND:\1/' -e 's/^.* \[loader\]$/LOADER/' \
		       -e 's/^.* => (.*) \[[^]]*\]$/\1/' -e 's/^(.*) \[[^]]*\]$/\1/' | sort -u
}
# the same from glibc's listing
list_set() {
	sed -E -e 's/^\t//' -e 's/ \(0x[0-9a-f]+\)$//' -e 's/^(.*) => not found$/NOTFOUND:\1/' \
	       -e 's/^.* => //' -e "s|^$glibc\$|LOADER|" | sort -u
}
same_set() {	# LABEL OURS-TREE GLIBC-LIST
	local o g
	o=$(printf '%s\n' "$2" | tree_set); g=$(printf '%s\n' "$3" | list_set)
	[ "$o" = "$g" ] || { bad "$1: objects differ from glibc's"; diff <(echo "$g") <(echo "$o"); }
}
has() {	# LABEL OUTPUT LINE: OUTPUT has LINE, exactly once
	[ "$(printf '%s\n' "$2" | grep -cxF -- "$3")" = 1 ] || bad "$1: no line '$3'"
}
obj() {	# LABEL OUTPUT DEPTH TEXT: a tree line at that depth, with that text
	local pre=
	[ "$3" -gt 0 ] && pre=$(printf '%*s' $((4 * $3 - 4)) '' | tr ' ' '?')'?-- '
	printf '%s\n' "$2" | grep -F -- "$4" | awk -v p="$pre" -v t="$4" \
		'length($0) == length(p) + length(t) && substr($0, length(p) + 1) == t &&
		 (p == "" || substr($0, length(p) - 3, 4) ~ /^[|`]-- $/) { n++ } END { exit n < 1 }' ||
		bad "$1: no line '$4' at depth $3"
}
no_ctor() {
	[ -z "$(ls "$tmp/ran")" ] || bad "$1: constructors ran: $(ls "$tmp/ran")"
	rm -f "$tmp/ran"/*
}

# --tree: the rules
out=$(env LD_PRELOAD="$tmp/p/libP.so" "$ldso" $hw --tree "$prog"); st=$?
echo "$out"
no_ctor "--tree"
[ $st = 0 ] || bad "--tree exit status $st"
has tree "$out" "$prog [program]"
obj tree "$out" 1 "libA.so => $tmp/app/../a/libA.so [RUNPATH of $prog]"
obj tree "$out" 2 "libB.so => $tmp/b/libB.so [LD_LIBRARY_PATH]"
obj tree "$out" 3 \
	"libH.so => $tmp/h/glibc-hwcaps/x86-64-v2/libH.so [RPATH of libB.so, glibc-hwcaps/x86-64-v2]"
obj tree "$out" 1 "$tmp/s/libS.so [path]"
has tree "$out" "$tmp/p/libP.so [LD_PRELOAD: path]"
obj tree "$out" 1 "libL.so => $tmp/app/../d/libL.so [RUNPATH of $prog]"
obj tree "$out" 1 "libR.so => $tmp/app/../d/libR.so [RUNPATH of $prog]"
# the preload's dependencies are searched before libL's (breadth first)
obj tree "$out" 2 "libD.so => $tmp/d/libD.so [RUNPATH of libP.so]"
[ "$(printf '%s\n' "$out" | grep -c -- "-- libD.so => $tmp/d/libD.so (see above)$")" = 2 ] ||
	bad "tree: libD.so is not twice '(see above)'"
has tree "$out" "linux-vdso.so.1 [vDSO]"
printf '%s\n' "$out" | grep -qE -- '-- libc\.so\.6 => /.*/libc\.so\.6 \[ld\.so\.cache\]$' ||
	bad "tree: libc.so.6 not from ld.so.cache"
printf '%s\n' "$out" | grep -qE -- '-- ld-linux-x86-64\.so\.2 => .*ld-custom\.so \[loader\]$' ||
	bad "tree: no loader line"
g=$(env LD_PRELOAD="$tmp/p/libP.so" "$glibc" $hw --list "$prog")
same_set "--tree" "$out" "$g"

# an audit module is not loaded either (its constructor would run)
{ ctor audit; echo 'unsigned la_version(unsigned v) { return v; }'; } > "$tmp/audit.c"
gcc -shared -fPIC -o "$tmp/audit.so" "$tmp/audit.c" || exit 1
"$ldso" --audit "$tmp/audit.so" --tree "$prog" > /dev/null
LD_AUDIT="$tmp/audit.so" "$ldso" --why libD.so "$prog" > /dev/null
no_ctor "--tree with an audit module"
# ldd's variable wins over LD_CUSTOM_TREE: ldd stays ldd
out=$(LD_CUSTOM_TREE=1 LD_TRACE_LOADED_OBJECTS=1 "$ldso" "$prog")
case $out in *"[program]"*) bad "LD_CUSTOM_TREE overrode LD_TRACE_LOADED_OBJECTS" ;; esac

# /etc/ld.so.preload (an overlay in a private mount namespace) and --preload
mkdir "$tmp/etc" "$tmp/pf"
lib pf libF
echo "$tmp/pf/libF.so" > "$tmp/etc/ld.so.preload"
etc_run() {
	unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=$1:/etc" /etc || exit 99
		shift; exec "$@"' sh "$tmp/etc" "$@"
}
if unshare -m true 2> /dev/null; then
	out=$(etc_run "$ldso" --preload libB.so --tree "$prog")
	no_ctor "--tree with a preload file"
	has "preload file" "$out" "$tmp/pf/libF.so [/etc/ld.so.preload: path]"
	obj "--preload" "$out" 2 "libB.so => $tmp/b/libB.so [--preload: LD_LIBRARY_PATH]"
	has "--preload" "$out" "libB.so => $tmp/b/libB.so (see above)"
	same_set "preload file" "$out" "$(etc_run "$glibc" --preload libB.so --list "$prog")"
else
	echo "unshare -m is not permitted: /etc/ld.so.preload not tested"
fi

# the system's programs: the same objects as glibc lists
for p in /bin/ls /bin/bash /usr/bin/python3 /usr/bin/perl /usr/bin/git; do
	[ -x "$p" ] || continue
	out=$("$ldso" --tree "$p") || bad "--tree $p: exit status $?"
	same_set "--tree $p" "$out" "$("$glibc" --list "$p")"
done

# --library-path is named as such
out=$(env -u LD_LIBRARY_PATH "$ldso" --library-path "$tmp/b" --tree "$prog")
obj "--library-path" "$out" 2 "libB.so => $tmp/b/libB.so [--library-path]"
no_ctor "--library-path --tree"

# the default directories, and the PT_INTERP form (LD_CUSTOM_TREE)
out=$("$ldso" --inhibit-cache --tree "$prog")
printf '%s\n' "$out" | grep -qE -- '-- libc\.so\.6 => /.*/libc\.so\.6 \[default dirs\]$' ||
	bad "--inhibit-cache: libc.so.6 not from the default dirs"
same_set "--inhibit-cache --tree" "$out" "$("$glibc" --inhibit-cache --list "$prog")"
no_ctor "--inhibit-cache --tree"
if [ -z "$hw" ]; then
	out=$(LD_CUSTOM_TREE=1 "$prog.interp"); st=$?
	no_ctor "LD_CUSTOM_TREE"
	[ $st = 0 ] || bad "LD_CUSTOM_TREE exit status $st"
	has LD_CUSTOM_TREE "$out" "$prog.interp [program]"
	obj LD_CUSTOM_TREE "$out" 2 "libB.so => $tmp/b/libB.so [LD_LIBRARY_PATH]"
	obj LD_CUSTOM_TREE "$out" 2 "libD.so => $tmp/app/../d/libD.so [RUNPATH of libL.so]"
	same_set "LD_CUSTOM_TREE" "$(echo "$out" | sed "s|$ldso|$glibc|")" "$("$glibc" --list "$prog")"
fi

# a missing library: listed as not found, the rest still printed, status 1
out=$("$ldso" --tree "$tmp/app/progmiss"); st=$?
no_ctor "--tree (missing)"
[ $st = 1 ] || bad "--tree with a missing library: exit status $st"
obj missing "$out" 1 "libmissing.so => not found"
same_set "--tree (missing)" "$out" "$(LD_TRACE_LOADED_OBJECTS=1 "$glibc" "$tmp/app/progmiss")"

# a cycle: libC1 -> libC2 -> libC1, printed once, one chain each
mkdir "$tmp/c"
lib c libC2
lib c libC1 -L"$tmp/c" -lC2 -Wl,-rpath,'$ORIGIN'
lib c libC2 -L"$tmp/c" -lC1 -Wl,-rpath,'$ORIGIN'
gcc -o "$tmp/app/progcyc" "$tmp/prog.c" -L"$tmp/c" -Wl,--no-as-needed -lC1 \
	-Wl,-rpath,"$tmp/c" || exit 1
out=$("$ldso" --tree "$tmp/app/progcyc")
no_ctor "--tree (cycle)"
obj cycle "$out" 1 "libC1.so => $tmp/c/libC1.so [RUNPATH of $tmp/app/progcyc]"
obj cycle "$out" 2 "libC2.so => $tmp/c/libC2.so [RUNPATH of libC1.so]"
obj cycle "$out" 3 "libC1.so => $tmp/c/libC1.so (see above)"
same_set "--tree (cycle)" "$out" "$("$glibc" --list "$tmp/app/progcyc")"
out=$("$ldso" --why libC1.so "$tmp/app/progcyc")
[ "$(echo "$out" | grep -c '^  ')" = 1 ] || bad "--why in a cycle: $out"
has "--why in a cycle" "$out" "  $tmp/app/progcyc -> libC1.so"

# --why: the diamond's two chains, by soname, basename or path, and a preload's
chains() { grep '^  ' | sort; }
want="  $prog -> libL.so -> libD.so
  $prog -> libR.so -> libD.so"
for lib in libD.so "$tmp/app/../d/libD.so" "$tmp/d/libD.so"; do
	out=$("$ldso" --why "$lib" "$prog"); st=$?
	[ $st = 0 ] || bad "--why $lib: exit status $st"
	has "--why $lib" "$out" "$tmp/app/../d/libD.so [RUNPATH of libL.so]"
	[ "$(echo "$out" | chains)" = "$want" ] || bad "--why $lib: chains: $out"
done
out=$(env LD_PRELOAD="$tmp/p/libP.so" "$ldso" --why libD.so "$prog")
has "--why (preload)" "$out" "  $tmp/p/libP.so [LD_PRELOAD: path] -> libD.so"
[ "$(echo "$out" | chains | wc -l)" = 3 ] || bad "--why (preload): $out"
out=$("$ldso" --why libmissing.so "$tmp/app/progmiss"); st=$?
[ $st = 0 ] || bad "--why of a missing library: exit status $st"
has "--why (missing)" "$out" "libmissing.so => not found"
has "--why (missing)" "$out" "  $tmp/app/progmiss -> libmissing.so"
has "--why (missing)" "$out" "  $tmp/app/progmiss -> libQ.so -> libmissing.so"
[ "$(echo "$out" | grep -c '^  ')" = 2 ] || bad "--why (missing): $out"
out=$("$ldso" --why libnothere.so "$prog" 2>&1); st=$?
[ $st = 1 ] || bad "--why of an unneeded library: exit status $st"
[ "$out" = "ld-custom.so: $prog: nothing it needs matches: libnothere.so" ] ||
	bad "--why of an unneeded library: '$out'"
out=$(LD_CUSTOM_WHY=libH.so "$prog.interp"); st=$?
[ $st = 0 ] || bad "LD_CUSTOM_WHY: exit status $st"
has LD_CUSTOM_WHY "$out" "  $prog.interp -> libA.so -> libB.so -> libH.so"
no_ctor "--why"

# secure mode: LD_CUSTOM_TREE is not read, the program runs
if command -v setpriv > /dev/null && [ "$(id -u)" = 0 ]; then
	mkdir "$tmp/sx"
	cp "$ldso" "$tmp/sx/ld-custom.so"
	echo '#include <stdio.h>
int main(void) { puts("the program ran"); return 0; }' > "$tmp/sx/s.c"
	gcc -o "$tmp/sx/s" "$tmp/sx/s.c" -Wl,--dynamic-linker="$tmp/sx/ld-custom.so"
	chmod 755 "$tmp" && chmod -R a+rX "$tmp/sx" && chmod 4755 "$tmp/sx/s"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env LD_CUSTOM_TREE=1 \
		LD_CUSTOM_WHY=libc.so.6 "$tmp/sx/s" 2>&1)
	[ "$out" = "the program ran" ] || bad "secure mode: LD_CUSTOM_TREE was read: $out"
fi
[ $fail = 0 ] && echo "tree-why: all checks passed"
exit $fail
