#!/bin/sh
# Issue 10 item 2: errors that explain.  Fixtures built here for each kind: a
# program needing a glibc version newer than this one, and a library version
# between two the library has; undefined symbols that exist hidden, with
# another version, in an RTLD_LOCAL object and only in a library not loaded; a
# library missing two levels down with a wrong-class, an unreadable and an
# absent candidate.  The first line must be glibc's (the system loader run on
# the same file, its "ld-custom.so: " prefix aside); the lines after it state
# what the fixtures were built to be.  Through dlerror: nothing more unless
# LD_CUSTOM_EXPLAIN=1, and dlerror's text equal to glibc's either way.
set -e
case ${1-} in
--help) echo "Usage: sh libtests/tools/explain.sh"; exit 0 ;;
"") ;;
*) echo "Usage: sh libtests/tools/explain.sh" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
sysld=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d /tmp/explain.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$top/ld-custom.so" "$tmp/"
ldso=$tmp/ld-custom.so
fail() { echo "explain: $*"; exit 1; }
cd "$tmp"

# ---- fixtures ----
cc() { gcc -O1 -fPIC "$@"; }
so() { out=$1 soname=$2; shift 2; cc -shared -Wl,-soname,"$soname" -o "$out" "$@"; }
exe() { out=$1; shift; cc -Wl,--enable-new-dtags,-rpath,'$ORIGIN',-z,now -o "$out" "$@"
	cc -Wl,--enable-new-dtags,-rpath,'$ORIGIN',-z,now -Wl,-I,"$ldso" -o "$out.interp" "$@"; }
mkdir link extra wrong arm noperm empty
printf 'int b(void) { return 2; }\n' >b.c
so link/libB.so.2 libB.so.2 b.c
printf 'int b(void);\nint a(void) { return b() + 1; }\n' >a.c
so libA.so.1 libA.so.1 a.c -Wl,--enable-new-dtags,-rpath,'$ORIGIN' link/libB.so.2
printf 'int a(void);\nint main(void) { return a() == 3 ? 0 : 1; }\n' >pm.c
exe prog-missing pm.c libA.so.1 -Wl,-rpath-link,link
# the candidates for libB.so.2: 32-bit, another machine, unreadable, absent
printf 'int b(void) { return 2; }\n' >b32.c
if gcc -m32 -fPIC -c b32.c -o b32.o 2>/dev/null &&
   ld -m elf_i386 -shared -soname libB.so.2 -o wrong/libB.so.2 b32.o 2>/dev/null; then :; else
	cp link/libB.so.2 wrong/libB.so.2	# ELFCLASS32 in e_ident: the class check comes first
	printf '\001' | dd of=wrong/libB.so.2 bs=1 seek=4 conv=notrunc 2>/dev/null
fi
cp link/libB.so.2 arm/libB.so.2	# e_machine EM_AARCH64 (183)
printf '\267' | dd of=arm/libB.so.2 bs=1 seek=18 conv=notrunc 2>/dev/null
cp link/libB.so.2 noperm/libB.so.2
chmod 000 noperm/libB.so.2

# a glibc version newer than this one (2.36): a program's need for GLIBC_2.34
# (__libc_start_main) renamed GLIBC_2.38, its hash made the new name's
printf 'int main(void) { return 0; }\n' >pg.c
exe prog-glibc pg.c
for f in prog-glibc prog-glibc.interp; do python3 - "$f" <<'EOP'
import struct, sys
def elf_hash(s):
    h = 0
    for c in s.encode():
        h = ((h << 4) + c) & 0xffffffff
        h ^= (h & 0xf0000000) >> 24
        h &= 0x0fffffff
    return h
path, old, new = sys.argv[1], 'GLIBC_2.34', 'GLIBC_2.38'
b = bytearray(open(path, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum = struct.unpack_from('<HH', b, 0x3a)
secs = [struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize) for i in range(shnum)]
vr = [s for s in secs if s[1] == 0x6ffffffe][0]
stroff, off, done = secs[vr[6]][4], vr[4], 0
while True:
    ver, cnt, fil, aux, nxt = struct.unpack_from('<HHIII', b, off)
    a = off + aux
    for _ in range(cnt):
        h, fl, oth, name, anext = struct.unpack_from('<IHHII', b, a)
        at = stroff + name
        if b[at:at + len(old) + 1] == old.encode() + b'\0':
            b[at:at + len(old)] = new.encode()
            struct.pack_into('<I', b, a, elf_hash(new))
            done += 1
        a += anext
    if not nxt:
        break
    off += nxt
assert done, path + ': no need for ' + old
open(path, 'wb').write(b)
EOP
done
# a version between the two the library has
printf 'int gv(void) { return 1; }\n' >gv.c
printf 'V_1.5 { global: gv; };\n' >gv-link.map
printf 'V_1.0 { global: gv; }; V_2.0 { global: gv2; } V_1.0;\n' >gv-run.map
printf 'int gv(void) { return 1; }\nint gv2(void) { return 2; }\n' >gv2.c
so link/libgv.so.1 libgv.so.1 gv.c -Wl,--version-script=gv-link.map
so libgv.so.1 libgv.so.1 gv2.c -Wl,--version-script=gv-run.map
printf 'int gv(void);\nint main(void) { return gv() == 1 ? 0 : 1; }\n' >pv.c
exe prog-gv pv.c link/libgv.so.1

# undefined: hidden at run time, another version, only in a library not loaded
printf 'int hid_fn(void) { return 1; }\n' >hid-link.c
printf '__attribute__((visibility("hidden"))) int hid_fn(void) { return 1; }\n' >hid.c
printf 'int hid_other(void) { return hid_fn() + 1; }\n' >>hid.c
so link/libhid.so.1 libhid.so.1 hid-link.c
so libhid.so.1 libhid.so.1 hid.c
printf 'int hid_fn(void);\nint main(void) { return hid_fn(); }\n' >ph.c
exe prog-hidden ph.c link/libhid.so.1
# a library whose .dynsym has the name, made STB_LOCAL (both loaders skip it)
printf 'int dl_fn(void) { return 1; }\n' >dl1.c
so link/libdyn.so.1 libdyn.so.1 dl1.c
cp link/libdyn.so.1 libdyn.so.1
python3 - libdyn.so.1 dl_fn <<'EOP'
import struct, sys
path, name = sys.argv[1], sys.argv[2].encode()
b = bytearray(open(path, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum = struct.unpack_from('<HH', b, 0x3a)
secs = [struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize) for i in range(shnum)]
ds = [s for s in secs if s[1] == 11][0]	# SHT_DYNSYM
stroff, done = secs[ds[6]][4], 0
for off in range(ds[4], ds[4] + ds[5], 24):
    st_name, = struct.unpack_from('<I', b, off)
    if b[stroff + st_name:stroff + st_name + len(name) + 1] == name + b'\0':
        b[off + 4] = b[off + 4] & 0xf	# STB_LOCAL, the type kept
        done += 1
assert done, 'no ' + sys.argv[2]
open(path, 'wb').write(b)
EOP
printf 'int dl_fn(void);\nint main(void) { return dl_fn(); }\n' >pl.c
exe prog-local pl.c link/libdyn.so.1
printf 'int ver_fn(void) { return 1; }\nint ver_keep(void) { return 2; }\n' >ver.c
printf 'VER_1 { global: ver_fn; }; VER_2 { global: ver_keep; } VER_1;\n' >ver-link.map
printf 'VER_1 { global: ver_keep; }; VER_2 { global: ver_fn; } VER_1;\n' >ver-run.map
so link/libver.so.1 libver.so.1 ver.c -Wl,--version-script=ver-link.map
so libver.so.1 libver.so.1 ver.c -Wl,--version-script=ver-run.map
printf 'int ver_fn(void);\nint main(void) { return ver_fn(); }\n' >pr.c
exe prog-version pr.c link/libver.so.1
printf 'int extra_fn(void) { return 1; }\n' >old-link.c
printf 'int old_fn(void) { return 1; }\n' >old.c
so link/libold.so.1 libold.so.1 old-link.c
so libold.so.1 libold.so.1 old.c
so extra/libextra.so.1 libextra.so.1 old-link.c
printf 'int extra_fn(void);\nint main(void) { return extra_fn(); }\n' >pu.c
exe prog-unloaded pu.c link/libold.so.1

# through dlerror: a library RTLD_LOCAL, one that needs its symbol, dlsym, a missing one
printf 'int loc_fn(void) { return 7; }\n' >local.c
so liblocal.so liblocal.so local.c
printf 'int loc_fn(void);\nint use_fn(void) { return loc_fn(); }\n' >user.c
so libuser.so libuser.so user.c
cat >pd.c <<'EOC'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/liblocal.so", argv[1]);
	if (!dlopen(path, RTLD_NOW | RTLD_LOCAL))
		return 2;
	snprintf(path, sizeof path, "%s/libuser.so", argv[1]);
	if (!dlopen(path, RTLD_NOW))
		printf("%s\n", dlerror());
	if (!dlsym(RTLD_DEFAULT, "loc_fn"))
		printf("%s\n", dlerror());
	if (!dlopen("libnothere.so.9", RTLD_NOW))
		printf("%s\n", dlerror());
	return 0;
}
EOC
exe prog-dl pd.c

# ---- checks ----
# run NAME CMD...: stdout, stderr and status of one run into NAME.{out,err,rc}
run() { n=$1; shift; st=0; timeout 20 "$@" >"$n.out" 2>"$n.err" </dev/null || st=$?; echo $st >"$n.rc"; }

# error WANT_RC PROG [ENV...]: both forms under ld-custom.so, each against the
# system loader (its command form; the program it is PT_INTERP of): same status, the first line glibc's, and
# every further line an explanation; leaves the PT_INTERP form's stderr in got.err,
# the command form's in got-cmd.err
error() {
	rc=$1 prog=$2; shift 2
	for form in cmd interp; do
		if [ $form = cmd ]; then
			run want env "$@" "$sysld" "./$prog"; run got env "$@" "$ldso" "./$prog"
		else
			# glibc's own PT_INTERP run, the program named as ours is
			run want env "$@" "./$prog"; run got env "$@" "./$prog.interp"
			sed "s|\./$prog\b|./$prog.interp|g" want.err >want.tmp && mv want.tmp want.err
		fi
		[ "$(cat want.rc)" = "$rc" ] || fail "$prog: glibc's status $(cat want.rc), not $rc"
		[ "$(cat got.rc)" = "$rc" ] || fail "$prog ($form): status $(cat got.rc), not $rc"
		# glibc's line without its "PROG: " ends ours, as before (not only now)
		g=$(head -n 1 want.err); g=${g#*: }; l=$(head -n 1 got.err)
		case $l in "ld-custom.so: "*"$g") ;; *)
			fail "$prog ($form): first line '$l', glibc: '$(head -n 1 want.err)'" ;; esac
		[ "$(tail -n +2 got.err | grep -vc '^ld-custom.so:   ')" = 0 ] ||
			fail "$prog ($form): a line after the first is no explanation: $(cat got.err)"
		[ "$(wc -l <got.err)" -gt 1 ] || fail "$prog ($form): nothing explained"
		[ $form = interp ] || cp got.err got-cmd.err
	done
}
# says LINE [FILE]: the last run's stderr (or FILE) has this explanation line, whole
says() {
	grep -qxF "ld-custom.so:   $1" ${2:-got.err} || fail "missing line '$1' in: $(cat ${2:-got.err})"
}

as=""
if [ "$(id -u)" = 0 ]; then	# root reads anything: the unreadable file needs a user
	command -v setpriv >/dev/null || fail "setpriv missing"
	as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
lp="LD_LIBRARY_PATH=$tmp/wrong:$tmp/arm:$tmp/noperm:$tmp/empty"
error 127 prog-missing $lp $as
says "needed by: ./prog-missing -> libA.so.1 -> libB.so.2" got-cmd.err
says "  $tmp/wrong/libB.so.2 (LD_LIBRARY_PATH): wrong ELF class: ELFCLASS32" got-cmd.err
says "needed by: ./prog-missing.interp -> libA.so.1 -> libB.so.2"
says "looked for libB.so.2 in:"
says "  $tmp/wrong/libB.so.2 (LD_LIBRARY_PATH): wrong ELF class: ELFCLASS32"
says "  $tmp/arm/libB.so.2 (LD_LIBRARY_PATH): wrong machine (not x86_64)"
says "  $tmp/noperm/libB.so.2 (LD_LIBRARY_PATH): Permission denied"
says "  $tmp/empty/libB.so.2 (LD_LIBRARY_PATH): No such file or directory"
says "  $tmp/libB.so.2 (RUNPATH of libA.so.1): No such file or directory"
says "  /etc/ld.so.cache: no entry for this name"

v=$(getconf GNU_LIBC_VERSION | sed 's/glibc //')
error 1 prog-glibc
says "libc.so.6 provides GLIBC_2.2.5 ... GLIBC_$v, GLIBC_ABI_DT_RELR, GLIBC_PRIVATE; ./prog-glibc.interp needs GLIBC_2.38: it was built against a newer glibc"
error 1 prog-gv
says "libgv.so.1 provides V_1.0, V_2.0; ./prog-gv.interp needs V_1.5: it was built against another libgv.so.1, one that defines V_1.5 (this one is older, newer or a different build)"

error 127 prog-hidden
says "$tmp/libhid.so.1 has hid_fn in its .symtab only (local: static, or hidden when it was built): it is not exported"
error 127 prog-local
says "$tmp/libdyn.so.1 has dl_fn only as a local symbol: it is not exported"
error 127 prog-version
says "$tmp/libver.so.1 defines ver_fn@@VER_2, not version VER_1"
error 127 prog-unloaded "LD_LIBRARY_PATH=$tmp/extra"
says "$tmp/extra/libextra.so.1 defines extra_fn but is not loaded: link ./prog-unloaded.interp with it, or preload it"

# dlerror: glibc's text on stdout; stderr empty, or explanations under LD_CUSTOM_EXPLAIN=1
run want "$sysld" ./prog-dl "$tmp"
[ "$(cat want.rc)" = 0 ] && [ "$(wc -l <want.out)" = 3 ] || fail "prog-dl under glibc: $(cat want.out)"
for x in 0 1; do
	for form in "$ldso ./prog-dl" ./prog-dl.interp; do
		run got env LD_CUSTOM_EXPLAIN=$x $form "$tmp"
		[ "$form" = "$ldso ./prog-dl" ] || sed -i 's|\./prog-dl\.interp|./prog-dl|' got.out
		cmp -s want.out got.out || fail "$form: dlerror '$(cat got.out)', glibc '$(cat want.out)'"
		[ $x = 1 ] || [ ! -s got.err ] || fail "$form: stderr without LD_CUSTOM_EXPLAIN: $(cat got.err)"
	done
done
[ "$(grep -vc '^ld-custom.so:   ' got.err)" = 0 ] || fail "prog-dl: not explanation lines: $(cat got.err)"
says "dlerror: $(sed -n 1p want.out)"
says "$tmp/liblocal.so defines loc_fn but is not in the lookup scope of $tmp/libuser.so: it was loaded by dlopen with RTLD_LOCAL"
says "dlerror: $(sed -n 2p want.out | sed 's|\./prog-dl|&.interp|')"
says "$tmp/liblocal.so defines loc_fn but is not in the lookup scope of ./prog-dl.interp: it was loaded by dlopen with RTLD_LOCAL"
says "dlerror: $(sed -n 3p want.out)"
says "dlopen from: ./prog-dl.interp -> libnothere.so.9"
says "  $tmp/libnothere.so.9 (RUNPATH of ./prog-dl.interp): No such file or directory"

# a secure program ignores LD_CUSTOM_EXPLAIN (a set-user-ID copy run by another
# user); the copy without the bit, run by that user, is the control
if [ "$(id -u)" = 0 ]; then
	cp prog-dl.interp suid-dl && cp prog-dl.interp plain-dl && chmod 4755 suid-dl
	run got $as env LD_CUSTOM_EXPLAIN=1 ./plain-dl "$tmp"
	grep -q '^ld-custom.so:   dlerror: ' got.err || fail "control: not explained: $(cat got.err)"
	run got $as env LD_CUSTOM_EXPLAIN=1 ./suid-dl "$tmp"
	[ "$(wc -l <got.out)" = 3 ] || fail "secure: $(cat got.out)"
	[ ! -s got.err ] || fail "secure mode honoured LD_CUSTOM_EXPLAIN: $(cat got.err)"
fi

echo "explain: versions, near misses of undefined symbols, the search for a missing library, dlerror"
