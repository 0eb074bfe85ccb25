#!/bin/bash
# Issue 10 item 4: the command form picks a format from one table (ldso/formats.c).
# A #! script runs as the kernel's exec runs it (the oracle: the kernel, executing
# the same script; glibc's loader runs no script): same stdout and status, argv
# [interpreter, optional argument, script, args...], nested up to the kernel's limit
# and the kernel's errno past it or for a missing interpreter.  What no entry takes
# is one line, status 127, starting with glibc's line where glibc's loader names
# the problem, and naming class, machine or kind (ELFCLASS32, aarch64, a core file,
# a relocatable object); a text or empty file gives exactly glibc's line.
set -u
usage() { echo "Usage: $0 [LDSO]  (run from anywhere; builds in build/formats)"; }
case "${1:-}" in
	-h|--help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$(cd "$top" && realpath "${1:-./ld-custom.so}")
glibc=/lib64/ld-linux-x86-64.so.2
corpus=$top/build/libtests
for p in args static static-pie; do
	[ -x "$corpus/$p" ] || { echo "formats: build the corpus first (make tests)"; exit 1; }
done
tmp=$top/build/formats
rm -rf "$tmp" && mkdir -p "$tmp" && cd "$tmp" || exit 2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
script() { printf '%s\n' "#!$2" 'echo not reached' > "$1"; chmod +x "$1"; }

# same NAME CMD...: the kernel's exec of CMD and ours in the command form agree
same() {
	local name=$1; shift
	local ks=0 os=0
	"$@" > k.out 2> k.err || ks=$?
	"$ldso" "$@" > o.out 2> o.err || os=$?
	if [ $ks -ne $os ] || ! cmp -s k.out o.out; then
		fail "$name: kernel status $ks, ours $os"; diff k.out o.out | head -10; head -3 o.err
	fi
}
# one_line NAME TEXT CMD...: status 127, stderr one line "ld-custom.so: ..." with TEXT
one_line() {
	local name=$1 text=$2; shift 2
	local st=0
	"$ldso" "$@" > o.out 2> o.err || st=$?
	[ $st -eq 127 ] || { fail "$name: status $st, not 127"; return; }
	[ "$(wc -l < o.err)" -eq 1 ] && grep -q '^ld-custom.so: ' o.err ||
		{ fail "$name: not one line: $(head -c 300 o.err)"; return; }
	grep -qF -- "$text" o.err || fail "$name: '$(cat o.err)' does not say '$text'"
}
# kernel_errno PATH: strerror of the kernel's execve of PATH ("" if it runs)
kernel_errno() {
	python3 -c 'import os,sys
r, w = os.pipe()	# close-on-exec: the child writes to it only if execve fails
if os.fork() == 0:
    os.close(r); fd = os.open(os.devnull, os.O_RDWR); os.dup2(fd, 1); os.dup2(fd, 2)
    try: os.execv(sys.argv[1], [sys.argv[1]])
    except OSError as e: os.write(w, os.strerror(e.errno).encode()); os._exit(0)
os.close(w); msg = os.read(r, 200).decode(); os.wait(); print(msg)' "$1"
}
# glibc_line FILE: glibc's loader's one line for FILE in the command form
glibc_line() { "$glibc" "./$1" 2>&1 >/dev/null | head -1; }

# --- scripts, interpreters of each ELF kind, with 0-3 loader options before them
script s-dyn "$corpus/args"
script s-static "$corpus/static"
script s-spie "$corpus/static-pie"
script s-arg "$corpus/args  -o  x y	 "	# one argument: the rest, inner blanks kept
printf '#!%s' "$corpus/args" > s-nonl; chmod +x s-nonl	# no newline at all
for s in s-dyn s-static s-spie s-arg s-nonl; do
	same "$s" "./$s" a 'b c'
done
for opts in "--inhibit-cache" "--inhibit-cache --library-path /nonexistent"; do
	for s in s-dyn s-arg s-static; do
		ks=0 os=0
		"./$s" 1 2 > k.out || ks=$?
		"$ldso" $opts "./$s" 1 2 > o.out 2> o.err || os=$?
		[ $ks -eq $os ] && cmp -s k.out o.out ||
			fail "$s with $opts: status $os (kernel $ks) or output differs: $(cat o.err)"
	done
done
# the argv as the kernel builds it, spelled out
"$ldso" ./s-arg a > o.out
grep -qx "argv\[0\]=\"$corpus/args\"" o.out && grep -qx 'argv\[1\]="-o  x y"' o.out &&
	grep -qx 'argv\[2\]="./s-arg"' o.out && grep -qx 'argv\[3\]="a"' o.out ||
	fail "s-arg: argv is not [interp, arg, script, args]: $(cat o.out)"

# --- nesting: a script whose interpreter is a script, as deep as the kernel goes
script n0 "$tmp/s-dyn -x"
for i in 1 2 3 4 5 6; do script n$i "$tmp/n$((i - 1))"; done
same "2 levels" ./n0 a
max=0
for i in 0 1 2 3 4 5 6; do
	e=$(kernel_errno "$tmp/n$i")
	if [ -z "$e" ]; then
		same "n$i" "./n$i" z; max=$i
	else
		one_line "n$i (kernel: $e)" "bad interpreter: $e" "./n$i"
	fi
done
[ $max -ge 3 ] && [ -n "$(kernel_errno "$tmp/n6")" ] ||
	fail "the kernel's nesting limit was not met (deepest run n$max)"

# --- interpreters that cannot run
script s-miss "/nonexistent/interp -a"
one_line "missing interpreter" "/nonexistent/interp: bad interpreter: $(kernel_errno "$tmp/s-miss")" \
	./s-miss
printf '#!  \t \nx\n' > s-none; chmod +x s-none
one_line "no interpreter" "no interpreter in its #! line: $(kernel_errno "$tmp/s-none")" ./s-none
# ldd's checks see no ELF file, as glibc's (it runs no script)
st=0; "$ldso" --verify ./s-dyn 2>/dev/null || st=$?
gst=0; "$glibc" --verify ./s-dyn 2>/dev/null || gst=$?
[ $st -eq $gst ] || fail "--verify on a script: status $st, glibc $gst"

# --- what no entry takes: glibc's line first where glibc's loader says what is wrong
python3 - <<'PY'
import struct
def e64(mach, typ, data=1, size=4096):
    end = '<' if data == 1 else '>'
    h = b'\x7fELF' + bytes([2, data, 1, 0]) + bytes(8) + struct.pack(
        end + 'HHIQQQIHHHHHH', typ, mach, 1, 0x400000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    ph = struct.pack(end + 'IIQQQQQQ', 1, 5, 0, 0x400000, 0x400000, size, size, 0x1000)
    return (h + ph).ljust(size, b'\0')
def e32(mach, typ, size=4096):
    h = b'\x7fELF' + bytes([1, 1, 1, 0]) + bytes(8) + struct.pack(
        '<HHIIIIIHHHHHH', typ, mach, 1, 0x8048000, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    ph = struct.pack('<IIIIIIII', 1, 0, 0x8048000, 0x8048000, size, size, 5, 0x1000)
    return (h + ph).ljust(size, b'\0')
files = {'elf32-i386': e32(3, 2), 'elf32-arm': e32(40, 3), 'elf64-aarch64': e64(183, 2),
         'elf64-riscv-dyn': e64(243, 3), 'elf64-ppc64-be': e64(21, 2, data=2),
         'core-crafted': e64(62, 4), 'elf32-trunc': e32(3, 2)[:20]}
for name, b in files.items():
    open(name, 'wb').write(b)
PY
gcc -c -x c - -o reloc.o <<< 'int f(void) { return 1; }' || fail "gcc -c"
printf 'hello\n' > short.txt; seq 1 100 > long.txt; : > empty
# a real core file, where gdb can make one
if command -v gdb > /dev/null; then
	gdb -q -batch -ex 'break main' -ex run -ex 'gcore core-gdb' -ex kill \
		--args "$corpus/args" > /dev/null 2>&1 </dev/null
fi
# starts NAME TEXT: ours is glibc's line, then our naming (TEXT) after it
starts() {
	local g; g=$(glibc_line "$1")
	one_line "$1" "$2" "./$1"
	case "$(cat o.err)" in
		"ld-custom.so: $g"*) ;;
		*) fail "$1: does not start with glibc's line '$g': $(cat o.err)" ;;
	esac
}
starts elf32-i386 'wrong ELF class: ELFCLASS32 i386 executable: this loader runs x86_64'
starts elf32-arm 'wrong ELF class: ELFCLASS32 arm shared object: this loader runs x86_64'
starts core-crafted 'ELFCLASS64 x86_64 core file (ET_CORE): a process image for a debugger'
[ -f core-gdb ] && starts core-gdb 'ELFCLASS64 x86_64 core file (ET_CORE)'
starts reloc.o 'ELFCLASS64 x86_64 relocatable object (ET_REL): link it into a program first'
# glibc's loader says "cannot open shared object file" of these: ours names them
one_line elf64-aarch64 'wrong machine: ELFCLASS64 aarch64 executable: this loader runs x86_64' \
	./elf64-aarch64
one_line elf64-riscv-dyn 'wrong machine: ELFCLASS64 riscv64 shared object' ./elf64-riscv-dyn
one_line elf64-ppc64-be 'ELFCLASS64 big-endian ppc64 executable: this loader runs x86_64' \
	./elf64-ppc64-be
one_line elf32-trunc 'ELFCLASS32 i386 executable' ./elf32-trunc
# no ELF file at all: exactly glibc's line
for f in short.txt long.txt empty; do
	one_line "$f" "$(glibc_line "$f")" "./$f"
	[ "$(cat o.err)" = "ld-custom.so: $(glibc_line "$f")" ] ||
		fail "$f: '$(cat o.err)', glibc: '$(glibc_line "$f")'"
done

# --- ELF programs still go through the table as before
for p in args static static-pie; do
	"$corpus/$p" q > k.out 2>&1; ks=$?
	"$ldso" "$corpus/$p" q > o.out 2>&1; os=$?
	# argv[0] and AT_EXECFN are the path either way
	[ $ks -eq $os ] && cmp -s k.out o.out || fail "$p: the command form differs from exec"
done

# --- one read of the program's first bytes serves the table's probes and the
# mapping (they were read twice: 256 bytes to probe, 1024 to map)
if command -v strace > /dev/null; then
	strace -e trace=openat,pread64,read -o st.txt "$ldso" "$corpus/args" q > /dev/null 2>&1
	n=$(awk -v p="\"$corpus/args\"" 'index($0, p) { on = 1; next }
		/^openat/ { on = 0 } on && /^(pread64|read)\(/ { n++ } END { print n + 0 }' st.txt)
	[ "$n" -eq 1 ] || fail "the program's header: $n reads, not 1"
fi

[ $fails -eq 0 ] && echo "formats: all passed" || echo "formats: $fails failure(s)"
[ $fails -eq 0 ]
