#!/bin/sh
# Differential: what libc reads from _rtld_global_ro (cpu features, hwcap,
# page size, TLS sizes, sysconf cache values) must be identical under glibc's
# loader and ours, in both forms.  Pinned to one CPU: cpu_features keeps
# CPUID leaf 1 EBX raw, whose top byte is the APIC id of the CPU it ran on;
# the CPUID cache (a private store here) keeps the writing CPU's, so the first
# run, which writes it, is on that CPU too and the second form reads it.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/abi
mkdir -p "$out"
gcc -std=gnu11 -O2 -Wall -I"$top/build" "$top/libtests/abi/dump_rtld_ro.c" \
    /lib64/ld-linux-x86-64.so.2 -o "$out/dump_rtld_ro"
gcc -std=gnu11 -O2 -Wall -I"$top/build" "$top/libtests/abi/dump_rtld_ro.c" \
    /lib64/ld-linux-x86-64.so.2 -o "$out/dump_rtld_ro.interp" -Wl,--dynamic-linker="$top/ld-custom.so"
run_dir=$(mktemp -d /dev/shm/ldc-rtld-ro.XXXXXX); trap 'rm -rf "$run_dir"' EXIT
export XDG_RUNTIME_DIR=$run_dir
taskset -c 0 "$out/dump_rtld_ro" > "$out/glibc.out"
taskset -c 0 "$top/ld-custom.so" "$out/dump_rtld_ro" > "$out/ours-command.out"
taskset -c 0 "$out/dump_rtld_ro.interp" > "$out/ours-interp.out"
diff -u "$out/glibc.out" "$out/ours-command.out"
diff -u "$out/glibc.out" "$out/ours-interp.out"
echo "_rtld_global_ro: $(wc -l < "$out/glibc.out") values identical in both forms"
