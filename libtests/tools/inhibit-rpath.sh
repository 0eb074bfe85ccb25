#!/bin/sh
# inhibit-rpath.sh: `LOADER --inhibit-rpath LIST PROG` under glibc's loader
# and ld-custom.so, same output and status.  glibc (elf/dl-load.c
# decompose_rpath) compares each element of LIST with an object's l_name,
# the full path it was opened by: a base name inhibits nothing, and the
# program's own l_name is "" so only an empty element names it.  PROG's
# RPATH finds liba.so in a/, liba.so's RPATH finds libb.so in b/.
case ${1:-} in
    -h|--help) echo "Usage: sh libtests/tools/inhibit-rpath.sh"
               echo "--inhibit-rpath under glibc's loader and ld-custom.so: same results."
               exit 0 ;;
    ?*) echo "inhibit-rpath: unknown argument '$1'" >&2
        echo "Usage: sh libtests/tools/inhibit-rpath.sh" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a" "$tmp/b"
echo 'int b_val(void) { return 2; }' > "$tmp/b.c"
echo 'int b_val(void); int a_val(void) { return b_val() + 1; }' > "$tmp/a.c"
cat > "$tmp/m.c" <<'C'
#include <stdio.h>
int a_val(void);
int main(void) { printf("a_val %d\n", a_val()); return 0; }
C
gcc -shared -fPIC -o "$tmp/b/libb.so" "$tmp/b.c" &&
gcc -shared -fPIC -o "$tmp/a/liba.so" "$tmp/a.c" -L"$tmp/b" -lb \
    -Wl,--disable-new-dtags,-rpath,"$tmp/b" &&
gcc -o "$tmp/m" "$tmp/m.c" -L"$tmp/a" -la -Wl,--disable-new-dtags,-rpath,"$tmp/a" || exit 1
bad=0
check() { # LIST
    want=$(env -i /lib64/ld-linux-x86-64.so.2 --inhibit-rpath "$1" "$tmp/m" 2>/dev/null; echo "status $?")
    got=$(env -i "$top/ld-custom.so" --inhibit-rpath "$1" "$tmp/m" 2>/dev/null; echo "status $?")
    if [ "$want" = "$got" ]; then
        echo "PASS --inhibit-rpath '$1': $(echo $got)"
    else
        echo "FAIL --inhibit-rpath '$1': glibc '$(echo $want)', ours '$(echo $got)'"; bad=1
    fi
}
check "$tmp/a/liba.so"                 # liba's RPATH ignored: libb not found
check "/nonexistent:$tmp/a/liba.so"    # a later element
check "liba.so"                        # a base name names nothing
check "$tmp/a/liba.s"                  # a prefix names nothing
check "$tmp/m"                         # the program's path is not its l_name
check ""                               # ... "" is: its RPATH ignored
check "/nonexistent::x"                # an empty element in the middle
check "/nonexistent:"                  # a trailing empty element is never compared
exit $bad
