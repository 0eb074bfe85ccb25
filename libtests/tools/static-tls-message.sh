#!/bin/sh
# When initial-exec TLS of a dlopen'ed library does not fit the static TLS
# surplus, dlerror must say which symbol, which library, which referrer, and
# which tunable raises the surplus (glibc only says "cannot allocate memory
# in static TLS block").  Uses the dl-tls-surplus case's library.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
lt=$top/build/libtests
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/m.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(void) { if (!dlopen("libdt-bigie.so", RTLD_NOW)) puts(dlerror()); return 0; }
C
gcc -o "$tmp/m" "$tmp/m.c" -ldl
msg=$(LD_LIBRARY_PATH=$lt "$top/ld-custom.so" "$tmp/m")
for want in "static TLS" "bigie_buf" "libdt-bigie.so" "glibc.rtld.optional_static_tls"; do
	case $msg in *"$want"*) ;; *) echo "dlerror lacks '$want': $msg"; exit 1 ;; esac
done
echo "static TLS exhaustion explained: $msg"
