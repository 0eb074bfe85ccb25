#!/bin/bash
# The CPUID cache (arch/x86_64/machine.c, ldso/probe_cache.c): a first start
# writes the file (0600), a second executes no CPUID;
# what libc reads from _rtld_global_ro is glibc's with a cold and a warm
# cache, and after every kind of tampering (which is ignored and rewritten);
# LD_CUSTOM_CPUID_CACHE=off and secure mode neither read nor write it; a
# directory not on a tmpfs (one a reboot would not empty) is never written.
# CPUIDs are counted by LD_DEBUG=statistics ("processor probes executed").
# Pinned to CPU 0 as libtests/abi/rtld-ro-diff.sh (leaf 1 EBX keeps the APIC
# id); a file written on another CPU gives that CPU's id, as glibc run there.
set -e
case $1 in
-h|--help) echo "Usage: libtests/tools/cpuid-cache.sh"; exit 0 ;;
-*) echo "Usage: libtests/tools/cpuid-cache.sh" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! grep -qw hypervisor /proc/cpuinfo; then
	echo "SKIP: no hypervisor flag in /proc/cpuinfo: the cache is used only on a VM"
	exit 0
fi
tmp=$(mktemp -d /tmp/ldc-cpuid.XXXXXX)
run_dir=$(mktemp -d /dev/shm/ldc-cpuid.XXXXXX)	# a tmpfs: the store's parent
trap 'rm -rf "$tmp" "$run_dir"' EXIT
chmod 755 "$tmp"
cp "$top/ld-custom.so" "$tmp/ld-custom.so"	# reachable by the unprivileged user
src=$top/libtests/abi/dump_rtld_ro.c
gcc -std=gnu11 -O2 -Wall -I"$top/build" "$src" /lib64/ld-linux-x86-64.so.2 -o "$tmp/glibc"
gcc -std=gnu11 -O2 -Wall -I"$top/build" "$src" /lib64/ld-linux-x86-64.so.2 -o "$tmp/ours" \
	-Wl,--dynamic-linker="$tmp/ld-custom.so"
taskset -c 0 "$tmp/glibc" > "$tmp/glibc.out"
other=0
[ "$(nproc)" -gt 1 ] && other=1
export XDG_CACHE_HOME=$tmp/xdg XDG_RUNTIME_DIR=$run_dir
# probe_file STORE_PARENT: the file of the loader under test
probe_file() { ls -d "$1"/ld-custom/probes-* 2>/dev/null | head -1; }
probe_file_in() { ls -d "$1"/probes-* 2>/dev/null | head -1; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# run [CPU] [ENV...]: the program under ours; its output must be glibc's; sets $n, the CPUIDs
run() {
	local cpu=0
	case $1 in [0-9]) cpu=$1; shift ;; esac
	taskset -c $cpu env LD_DEBUG=statistics "$@" "$tmp/ours" > "$tmp/ours.out" 2> "$tmp/err"
	n=$(sed -n 's/.*processor probes executed: //p' "$tmp/err")
	[ -n "$n" ] || { bad "no probe count in LD_DEBUG=statistics"; cat "$tmp/err"; exit 1; }
	if [ $cpu = 0 ] && ! cmp -s "${want:-$tmp/glibc.out}" "$tmp/ours.out"; then
		bad "_rtld_global_ro differs from glibc's ($*)"
		diff "${want:-$tmp/glibc.out}" "$tmp/ours.out" | head -5
	fi
}

run LD_CUSTOM_CPUID_CACHE=off
full=$n
[ ! -e "$XDG_RUNTIME_DIR/ld-custom" ] || bad "LD_CUSTOM_CPUID_CACHE=off made the store"
[ "$full" -gt 2 ] || bad "only $full CPUIDs without the cache: nothing to cache"
run
[ "$n" = "$full" ] || bad "cold start: $n CPUIDs, $full without the cache"
file=$(probe_file "$XDG_RUNTIME_DIR")
[ -f "$file" ] || { bad "cold start wrote no file"; ls -la "$XDG_RUNTIME_DIR"/ld-custom; exit 1; }
case ${file##*/} in
"probes-"[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
*) bad "file name ${file##*/}: not probes-LOADER-KEY (16 hex digits each)" ;; esac
[ "$(stat -c %a "$file")" = 600 ] || bad "mode $(stat -c %a "$file"), not 600"
[ "$(stat -c %a "${file%/*}")" = 700 ] || bad "the store's mode $(stat -c %a "${file%/*}"), not 700"
run
[ "$n" = 0 ] || bad "warm start: $n CPUIDs, not 0"
echo "CPUIDs: $full without the cache, $n with it"
cp "$file" "$tmp/good"

# written on another CPU, read on CPU 0: what glibc computes on the writer
if [ $other = 1 ]; then
	taskset -c 1 "$tmp/glibc" > "$tmp/glibc1.out"
	rm "$file"
	run 1
	want=$tmp/glibc1.out run
	[ "$n" = 0 ] || bad "another CPU's file: $n CPUIDs, not 0"
	cp "$tmp/good" "$file"
	[ $fail = 1 ] || echo "written on CPU 1, read on CPU 0: CPU 1's values, as glibc's there"
fi

# tamper HOW: the file changed, then ignored (all CPUIDs), rewritten (1 next time)
reseal() {
	python3 - "$file" "$top/libtests/tools" "$@" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[2])
lc = __import__("launch-cache")
b = bytearray(open(sys.argv[1], "rb").read())
at = int(sys.argv[3])
b[at] ^= 1
b[8:16] = struct.pack("<Q", lc.checksum(bytes(b[16:])))
open(sys.argv[1], "wb").write(b)
PY
}
# craft FILE: leaf 7 EBX bit 5 (AVX2) flipped, the checksum made valid
craft() {
	python3 - "$1" "$top/libtests/tools" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[2])
lc = __import__("launch-cache")
b = bytearray(open(sys.argv[1], "rb").read())
keylen, paylen = struct.unpack_from("<II", b, 32)
at = 40 + keylen
for i in range(paylen // 24):
    leaf, sub, eax, ebx = struct.unpack_from("<IIII", b, at + 24 * i)
    if (leaf, sub) == (7, 0):
        struct.pack_into("<I", b, at + 24 * i + 12, ebx ^ 32)
b[8:16] = struct.pack("<Q", lc.checksum(bytes(b[16:])))
open(sys.argv[1], "wb").write(b)
PY
}
tamper() {
	local how=$1
	cp "$tmp/good" "$file"; chmod 600 "$file"
	case $how in
	flip) printf '\x5a' | dd of="$file" bs=1 seek=120 conv=notrunc status=none ;;
	truncate) truncate -s 100 "$file" ;;
	empty) : > "$file" ;;
	loader) reseal 24 ;;		# struct pc_head: loader
	key) reseal 40 ;;		# AT_HWCAP (the key): another processor
	sizes) reseal 36 ;;		# paylen
	version) reseal 7 ;;		# the magic's last byte: another format
	mode) chmod 644 "$file" ;;
	symlink) rm "$file"; ln -s "$tmp/good" "$file" ;;
	esac
	run
	[ "$n" = "$full" ] || bad "$how: $n CPUIDs, the file was used"
	[ -f "$file" ] && [ ! -L "$file" ] || bad "$how: not rewritten as a file"
	run
	[ "$n" = 0 ] || bad "$how: $n CPUIDs after the rewrite, not 0"
	echo "$how: ignored, rewritten"
}
for how in flip truncate empty loader key sizes version mode symlink; do
	tamper $how
done

# without XDG_RUNTIME_DIR: /dev/shm/ld-custom-UID (the machine's own store,
# which this run may create or refresh: it holds only this cache's files)
if [ -d /dev/shm ] && [ "$(stat -f -c %T /dev/shm)" = tmpfs ]; then
	shm=/dev/shm/ld-custom-$(id -u)
	env -u XDG_RUNTIME_DIR taskset -c 0 "$tmp/ours" > /dev/null
	run_default() { taskset -c 0 env -u XDG_RUNTIME_DIR LD_DEBUG=statistics "$tmp/ours" 2>&1 \
		>/dev/null | sed -n 's/.*processor probes executed: //p'; }
	m=$(run_default)
	[ "$m" = 0 ] || bad "default store: $m CPUIDs on the second start, not 0"
	[ "$(stat -c %a:%u "$shm")" = "700:$(id -u)" ] || bad "$shm: $(stat -c %a:%u "$shm")"
	[ -n "$(probe_file_in "$shm")" ] || bad "no file in $shm"
	[ $fail = 1 ] || echo "default store: $shm, no CPUID on a second start"
fi

# the format before this one kept each boot's file in the launch cache's
# store (probes-BOOT_ID-LOADER, earlier probes-BOOT_ID): a store removes them
old=$XDG_CACHE_HOME/ld-custom/probes-00000000-0000-0000-0000-000000000000
mkdir -p "$XDG_CACHE_HOME/ld-custom"
cp "$tmp/good" "$old"
cp "$tmp/good" "$old-0123456789abcdef"
cp "$tmp/good" "$old-0123456789abcdef.42.tmp"	# a writer's temporary: not ours to remove
echo keep > "$XDG_CACHE_HOME/ld-custom/0123456789abcdef-0123456789abcdef"	# a launch cache entry
rm "$file"
run
[ ! -e "$old" ] && [ ! -e "$old-0123456789abcdef" ] || bad "an old-format file was kept"
[ -e "$old-0123456789abcdef.42.tmp" ] || bad "a writer's temporary was removed"
[ -e "$XDG_CACHE_HOME/ld-custom/0123456789abcdef-0123456789abcdef" ] ||
	bad "a launch cache entry was removed"
rm -rf "$XDG_CACHE_HOME/ld-custom"

# a store whose directory is not on a tmpfs (here /tmp's file system, unless
# that is one too), or is not private, is not written: every start probes
if [ "$(stat -f -c %T "$tmp")" != tmpfs ]; then
	XDG_RUNTIME_DIR=$tmp run
	[ "$n" = "$full" ] || bad "not a tmpfs, first start: $n CPUIDs, $full without the cache"
	XDG_RUNTIME_DIR=$tmp run
	[ "$n" = "$full" ] || bad "not a tmpfs: $n CPUIDs, the file was kept there"
	[ -z "$(probe_file "$tmp")" ] || bad "a file was written on a file system a reboot keeps"
	rm -rf "$tmp/ld-custom"
	echo "not a tmpfs: not written"
fi
shared=$run_dir/shared; mkdir -p -m 700 "$shared/ld-custom"; chmod 755 "$shared/ld-custom"
XDG_RUNTIME_DIR=$shared run
XDG_RUNTIME_DIR=$shared run
[ "$n" = "$full" ] || bad "a store readable by others: $n CPUIDs, a file was kept there"
[ -z "$(probe_file "$shared")" ] || bad "a file was written into a store readable by others"

# two builds used in turn (another build-id) keep a file each: after one cold
# start apiece, every start executes only leaf 1; neither removes the other's
python3 - "$tmp/ld-custom.so" "$tmp/ld-custom2.so" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
at = b.index(struct.pack("<III", 4, 20, 3) + b"GNU\0") + 16	# NT_GNU_BUILD_ID's bits
b[at] ^= 0xff
open(sys.argv[2], "wb").write(b)
PY
chmod 755 "$tmp/ld-custom2.so"
gcc -std=gnu11 -O2 -Wall -I"$top/build" "$src" /lib64/ld-linux-x86-64.so.2 -o "$tmp/ours2" \
	-Wl,--dynamic-linker="$tmp/ld-custom2.so"
n2() { taskset -c 0 env LD_DEBUG=statistics "$tmp/ours2" 2>&1 >/dev/null |
	sed -n 's/.*processor probes executed: //p'; }
first2=$(n2)
[ "$first2" = "$full" ] || bad "another build's cold start: $first2 CPUIDs, $full without the cache"
for k in 1 2; do
	run
	[ "$n" = 0 ] || bad "builds in turn ($k): $n CPUIDs for the first, not 0"
	m=$(n2)
	[ "$m" = 0 ] || bad "builds in turn ($k): $m CPUIDs for the second, not 0"
done
[ "$(ls "$XDG_RUNTIME_DIR"/ld-custom/probes-* | wc -l)" = 2 ] || bad "not one file per build"
[ $fail = 1 ] || echo "two builds in turn: one file each, no CPUID"

# secure mode: a set-user-ID program run by nobody, the store its owner's
# (the effective user's): the file is neither read (all CPUIDs) nor written
if command -v setpriv >/dev/null; then
	sx=$run_dir/secure; mkdir -m 700 "$sx"
	chmod -R a+rX "$tmp/ours" "$tmp/ld-custom.so"
	chmod 4755 "$tmp/ours"
	XDG_RUNTIME_DIR=$sx run		# control: run by its owner, not secure
	sxfile=$(probe_file "$sx")
	[ -f "$sxfile" ] || bad "control: run by its owner, it wrote none"
	XDG_RUNTIME_DIR=$sx run
	[ "$n" = 0 ] || bad "control: $n CPUIDs for its owner, not 0"
	rm -rf "$sx/ld-custom"
	out=$(taskset -c 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env XDG_RUNTIME_DIR="$sx" LD_DEBUG=statistics "$tmp/ours" 2>&1 >/dev/null)
	[ ! -e "$sx/ld-custom" ] || bad "secure mode wrote the store"
	# a crafted file with a valid checksum (leaf 7 without AVX2): its owner's
	# programs see it (the threat model: a user can lie only to themselves);
	# the set-user-ID program run by nobody must not
	XDG_RUNTIME_DIR=$sx run
	craft "$sxfile"
	cp "$sxfile" "$tmp/crafted.bin"
	taskset -c 0 env XDG_RUNTIME_DIR="$sx" "$tmp/ours" > "$tmp/crafted.out"
	cmp -s "$tmp/glibc.out" "$tmp/crafted.out" && bad "control: the crafted file was not used"
	out=$(taskset -c 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env XDG_RUNTIME_DIR="$sx" "$tmp/ours")
	[ "$out" = "$(cat "$tmp/glibc.out")" ] || bad "secure mode read the crafted file"
	cmp -s "$tmp/crafted.bin" "$sxfile" || bad "secure mode rewrote the file"
	[ $fail = 1 ] || echo "secure mode: not read, not written"
fi
exit $fail
