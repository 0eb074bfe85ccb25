#!/bin/sh
# Issue 7 item 6: ldso/ and arch/ keep functions within 80 lines and lines
# within 100 columns (scripts/check-style passes on them), and the check bites:
# an 81-line body, a 101-column line (tabs to 8) each fail alone, the limits
# themselves pass, and --report-only lists a file without failing on it.
# Usage: sh libtests/tools/check-style.sh [--report-only FILE]...
usage() {
	echo "Usage: sh libtests/tools/check-style.sh [--report-only FILE]..."
	echo "Runs scripts/check-style on ldso/ and arch/, then checks that it fails when it should."
}
n=0
for a in "$@"; do
	n=$((n + 1))
	case $a in
	-h|--help) usage; exit 0 ;;
	--report-only) [ $((n % 2)) -eq 1 ] || { usage >&2; exit 2; } ;;
	*) [ $((n % 2)) -eq 0 ] || { usage >&2; exit 2; } ;;
	esac
done
[ $((n % 2)) -eq 0 ] || { usage >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check-style
tmp=$(mktemp -d /tmp/check-style.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-style: $*"; exit 1; }

(cd "$top" && "$check" "$@" ldso arch) || fail "ldso/ or arch/ breaks the style (above)"

body() { # N: a function whose body is N lines
	printf 'int f(void)\n{\n'
	i=0
	while [ $i -lt "$1" ]; do printf '\tx();\n'; i=$((i + 1)); done
	printf '}\n'
}
mkdir "$tmp/d"
body 78 >"$tmp/d/f.c"	# braces included: 80 lines
"$check" "$tmp/d" >/dev/null 2>&1 || fail "an 80-line function was refused"
body 79 >"$tmp/d/f.c"
"$check" "$tmp/d" >/dev/null 2>&1 && fail "an 81-line function passed"
"$check" --report-only "$tmp/d/f.c" "$tmp/d" >"$tmp/out" 2>&1 ||
	fail "--report-only still failed"
grep -q 'function f is 81 lines' "$tmp/out" || fail "--report-only did not list the finding"
# 12 tabs are 96 columns: 4 more characters are 100, 5 are 101
printf '\t\t\t\t\t\t\t\t\t\t\t\tabcd\n' >"$tmp/d/f.c"
"$check" "$tmp/d" >/dev/null 2>&1 || fail "a 100-column line was refused"
printf '\t\t\t\t\t\t\t\t\t\t\t\tabcde\n' >"$tmp/d/f.h"
"$check" "$tmp/d" >/dev/null 2>&1 && fail "a 101-column line passed"
echo "check-style: PASS"
