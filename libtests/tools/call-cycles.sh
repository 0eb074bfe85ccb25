#!/bin/sh
# Issue 7: no call cycle between the loader's files beyond the entry's and lazy
# binding's; and the check itself catches a planted cycle (two objects that call
# each other) while it passes a chain.
set -e
scripts/check-call-cycles build/obj
tmp=$(mktemp -d "${TMPDIR:-/tmp}/call-cycles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/chain" "$tmp/cycle"
printf 'int b(void);\nint a(void) { return b(); }\n' > "$tmp/a.c"
printf 'int c(void);\nint b(void) { return c(); }\n' > "$tmp/b.c"
printf 'int a(void);\nint c(void) { return a(); }\n' > "$tmp/c_cycle.c"
printf 'int c(void) { return 1; }\n' > "$tmp/c_chain.c"
for d in chain cycle; do
    gcc -c "$tmp/a.c" -o "$tmp/$d/a.o"
    gcc -c "$tmp/b.c" -o "$tmp/$d/b.o"
done
gcc -c "$tmp/c_chain.c" -o "$tmp/chain/c.o"
gcc -c "$tmp/c_cycle.c" -o "$tmp/cycle/c.o"
scripts/check-call-cycles "$tmp/chain" >/dev/null
if scripts/check-call-cycles "$tmp/cycle" >"$tmp/out"; then
    echo "call-cycles: a planted cycle a -> b -> c -> a was not reported" >&2
    exit 1
fi
grep -q 'a.o <-> b.o <-> c.o' "$tmp/out"
echo "call-cycles: no cycle beyond the entry's and lazy binding's; a planted one is caught"
