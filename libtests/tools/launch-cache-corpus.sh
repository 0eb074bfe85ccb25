#!/bin/bash
# The corpus's binding-heavy cases with the launch cache forced on, twice: the
# first run writes an entry per program (command form and PT_INTERP form are
# separate files), the second takes its bindings from them and must pass just
# the same; no entry may be refused on the way (a refused entry is removed or
# rewritten, so the store must not change).  A temporary XDG_CACHE_HOME.
set -u
case ${1:-} in
-h|--help) echo "Usage: bash libtests/tools/launch-cache-corpus.sh"
	   echo "The difftest corpus run twice with LD_CUSTOM_CACHE=on."; exit 0 ;;
'') ;;
*) echo "Usage: bash libtests/tools/launch-cache-corpus.sh" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/../.." || exit 1
x=$(mktemp -d /tmp/ldc-lcache-corpus.XXXXXX) || exit 1
trap 'rm -rf "$x"' EXIT
export DIFFTEST_ENV="LD_CUSTOM_CACHE=on XDG_CACHE_HOME=$x"
export DIFFTEST_FILTER='^(lazy|tls|symver|cxx|preload|ifunc|hash|protected|many|weak|symbolic|relr|pie|norelro|textrel|init|threads|dl-scope|dl-tls)'
store() { (cd "$x/ld-custom" 2>/dev/null && ls -l --time-style=full-iso); }
bad=0
for run in first second; do
	out=$(scripts/difftest ./ld-custom.so build/libtests 2>&1)
	last=$(echo "$out" | tail -1)
	echo "$run run: $last"
	case $last in *" 0 failed"*) ;; *) echo "$out" | grep -v '^PASS'; bad=1 ;; esac
	[ $run = first ] && before=$(store)
done
n=$(echo "$before" | grep -c '^-rw-------')
[ "$n" -ge 40 ] || { echo "FAIL only $n entries written"; bad=1; }
[ "$(store)" = "$before" ] || { echo "FAIL entries refused or rewritten by the second run:";
	diff <(echo "$before") <(store) | head; bad=1; }
# and one of them, run by hand, says it took its bindings from the cache
h=$(cd build/libtests && env -i LD_CUSTOM_CACHE=on XDG_CACHE_HOME="$x" LD_DEBUG=statistics \
	./cxx-throw.interp 2>&1 >/dev/null | sed -n 's/.*bindings from the launch cache: //p')
[ "${h:-0}" -gt 0 ] || { echo "FAIL cxx-throw.interp took no binding from the cache"; bad=1; }
[ $bad = 0 ] && echo "PASS $n entries written, all taken by the second run ($h bindings in cxx-throw)"
exit $bad
