#!/bin/sh
# A dlopen nested in the relocation of another dlopen (libouter.so's IFUNC
# resolver dlopens libinner.so) must not take the outer dlopen's constructor
# order.  glibc 2.36's loader crashes here, so the expectation is reasoned, not
# differential: the inner dlopen runs its constructor before it returns, then the
# outer's constructor runs and sees the handle; the IFUNC resolves to impl (42).
set -e
LDSO=$(pwd)/ld-custom.so
src=$(pwd)/libtests/tools/nested-dlopen
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nested-dlopen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
gcc -shared -fPIC -o libinner.so "$src/inner.c"
gcc -shared -fPIC -o libouter.so "$src/outer.c" -Wl,-rpath,'$ORIGIN'
gcc -o m "$src/main.c" -Wl,-rpath,'$ORIGIN'
gcc -o m.interp "$src/main.c" -Wl,-rpath,'$ORIGIN' -Wl,--dynamic-linker="$LDSO"
expect='inner ctor
outer ctor, inner loaded
outer_call 42'
for form in "$LDSO ./m" "./m.interp"; do
    got=$(timeout 10 $form) || { echo "nested-dlopen: $form failed" >&2; exit 1; }
    [ "$got" = "$expect" ] || { printf 'nested-dlopen: %s printed:\n%s\n' "$form" "$got" >&2; exit 1; }
done
echo "nested-dlopen: a dlopen inside an IFUNC resolver of a dlopened library, both forms"
