#!/bin/sh
# LD_DEBUG=libs, bindings and statistics: the lines glibc's loader prints for
# /bin/true, ours prints too, in glibc's format ("PID:<tab>message").
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
check() {	# loader label
	out=$(LD_DEBUG=libs,bindings,statistics "$1" /bin/true 2>&1)
	for want in "find library=libc.so.6 [0]; searching" " search cache=/etc/ld.so.cache" \
		    "  trying file=/lib/x86_64-linux-gnu/libc.so.6" \
		    "calling init: /lib/x86_64-linux-gnu/libc.so.6" \
		    "transferring control: /bin/true" "runtime linker statistics:" \
		    "binding file /lib/x86_64-linux-gnu/libc.so.6 [0] to /lib64/ld-linux-x86-64.so.2 [0]: normal symbol \`_rtld_global_ro' [GLIBC_PRIVATE]" \
		    "binding file /lib/x86_64-linux-gnu/libc.so.6 [0] to /bin/true [0]: normal symbol \`stdout' [GLIBC_2.2.5]" \
		    "                 number of relocations: "; do
		printf '%s\n' "$out" | grep -E '^ *[0-9]+:	' | sed -E 's/^ *[0-9]+:	//' | grep -qF -- "$want" ||
			{ echo "$2: no line '$want' in:"; printf '%s\n' "$out"; exit 1; }
	done
}
check /lib64/ld-linux-x86-64.so.2 glibc
check "$top/ld-custom.so" ld-custom
echo "LD_DEBUG=libs,bindings,statistics: glibc's lines, glibc's format"
