#!/usr/bin/env python3
"""Deterministic malformed-ELF test (issue 6, items 11-15).

Builds a small program and a shared library, writes mutated variants of them
under OUT (never into the source tree) and runs each one three ways:
  cmd     LDSO ./mutant                       (the command form)
  needed  LDSO ./needer, mutant as libmut.so  (DT_NEEDED through LD_LIBRARY_PATH)
  dlopen  LDSO ./dlo ./mutant ./libgood.so    (dlopen, then a good library is used)
  dlopen-group  the same with libwrap.so, which needs the mutant as libmut.so
Pass: no fatal signal inside ld-custom.so (a crash in the mutant's own code
after a valid load is not ours, nor a call to a pointer the file supplied, e.g.
a non-canonical constructor address, which faults on the call itself; both
only where glibc's loader crashes too); a refused input in cmd/needed gives exactly
one stderr line "ld-custom.so: ..." and status 127 (1 for a version error);
dlopen returns NULL with a dlerror and the process goes on.  Mutants that
glibc loads normally ("must load": 9+ PT_LOAD, 129+ program headers, GLOB_DAT/
JUMP_SLOT addends, PT_DYNAMIC without PT_INTERP) must give glibc's output.

    malformed.py LDSO OUT [-v] [-k FILTER]
    malformed.py --patch split-loads|more-phdrs|addends|no-interp|no-dynamic IN OUT
"""
import os
import random
import re
import shutil
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GLIBC = "/lib64/ld-linux-x86-64.so.2"
PAGE = 4096
PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_PHDR, PT_TLS = 0, 1, 2, 3, 6, 7
PF_X, PF_W, PF_R = 1, 2, 4
DT = dict(NULL=0, NEEDED=1, PLTRELSZ=2, PLTGOT=3, HASH=4, STRTAB=5, SYMTAB=6, RELA=7,
          RELASZ=8, RELAENT=9, STRSZ=10, SYMENT=11, INIT=12, FINI=13, SONAME=14,
          JMPREL=23, INIT_ARRAY=25, FINI_ARRAY=26, INIT_ARRAYSZ=27, FINI_ARRAYSZ=28,
          RELRSZ=35, RELR=36, GNU_HASH=0x6ffffef5, VERSYM=0x6ffffff0, VERDEF=0x6ffffffc,
          VERDEFNUM=0x6ffffffd, RELACOUNT=0x6ffffff9, VERNEED=0x6ffffffe, VERNEEDNUM=0x6fffffff)
DT_CHECKSUM = 0x6ffffdf8	# a tag every loader ignores: "remove" an entry in place
BIG = 1 << 63
MAX = (1 << 64) - 1


class Elf:
    """A mutable ELF64 image with its header, program headers and dynamic entries."""

    def __init__(self, data):
        self.b = bytearray(data)

    def ehdr(self, field, value=None):
        fmt, off = {"type": ("<H", 16), "entry": ("<Q", 24), "phoff": ("<Q", 32),
                    "phentsize": ("<H", 54), "phnum": ("<H", 56)}[field]
        if value is None:
            return struct.unpack_from(fmt, self.b, off)[0]
        struct.pack_into(fmt, self.b, off, value)

    def phdrs(self):
        off, n = self.ehdr("phoff"), self.ehdr("phnum")
        return [list(struct.unpack_from("<IIQQQQQQ", self.b, off + 56 * i)) for i in range(n)]

    def set_phdrs(self, phs):
        off = self.ehdr("phoff")
        for i, p in enumerate(phs):
            struct.pack_into("<IIQQQQQQ", self.b, off + 56 * i, *p)
        self.ehdr("phnum", len(phs))

    def phdr_edit(self, ptype, nth=0, **kw):
        """Change fields (type flags offset vaddr filesz memsz align) of the nth ptype header."""
        phs = self.phdrs()
        idx = [i for i, p in enumerate(phs) if p[0] == ptype][nth]
        names = ["type", "flags", "offset", "vaddr", "paddr", "filesz", "memsz", "align"]
        for k, v in kw.items():
            phs[idx][names.index(k)] = v
        self.set_phdrs(phs)
        return self

    def has(self, ptype):
        return any(p[0] == ptype for p in self.phdrs())

    def v2o(self, vaddr):
        for p in self.phdrs():
            if p[0] == PT_LOAD and p[3] <= vaddr < p[3] + p[5]:
                return p[2] + vaddr - p[3]
        raise KeyError(hex(vaddr))

    def dyn(self):
        """[(file offset, tag, value)] up to and including DT_NULL."""
        p = [p for p in self.phdrs() if p[0] == PT_DYNAMIC][0]
        out = []
        for off in range(p[2], p[2] + p[5], 16):
            tag, val = struct.unpack_from("<qQ", self.b, off)
            out.append((off, tag, val))
            if tag == 0:
                break
        return out

    def dyn_get(self, tag):
        return [v for _, t, v in self.dyn() if t == DT[tag]]

    def dyn_set(self, tag, value=None, newtag=None, nth=0):
        ents = [(o, v) for o, t, v in self.dyn() if t == DT[tag]]
        o, v = ents[nth]
        struct.pack_into("<qQ", self.b, o, DT[newtag] if isinstance(newtag, str)
                         else (DT[tag] if newtag is None else newtag),
                         v if value is None else value)
        return self

    def relocs(self):
        """File offsets of every RELA entry (DT_RELA and DT_JMPREL tables)."""
        out = []
        for t, sz in (("RELA", "RELASZ"), ("JMPREL", "PLTRELSZ")):
            if self.dyn_get(t):
                o = self.v2o(self.dyn_get(t)[0])
                out += [o + 24 * i for i in range(self.dyn_get(sz)[0] // 24)]
        return out

    def move_phdrs(self, extra_null=0, phs=None):
        """Put the program header table at the end of the file (unmapped, so the
        loader reads it from the file), optionally with extra PT_NULL entries."""
        phs = [p for p in (phs or self.phdrs())]
        for p in phs:
            if p[0] == PT_PHDR:	# it would describe the old, shorter table
                p[0] = PT_NULL
        phs += [[PT_NULL, 0, 0, 0, 0, 0, 0, 0] for _ in range(extra_null)]
        self.b += bytes(-len(self.b) % 8)
        self.ehdr("phoff", len(self.b))
        self.b += bytes(56 * len(phs))
        self.set_phdrs(phs)
        return self


def split_loads(e, pieces):
    """Split the largest read-only PT_LOAD at page boundaries into `pieces` PT_LOADs."""
    phs = e.phdrs()
    cands = [i for i, p in enumerate(phs) if p[0] == PT_LOAD and p[1] == PF_R]
    i = max(cands, key=lambda i: phs[i][6])
    t, fl, off, va, pa, fsz, msz, al = phs[i]
    assert fsz == msz and msz >= pieces * PAGE
    cuts = [va] + [(va & ~(PAGE - 1)) + PAGE * k for k in range(1, pieces)] + [va + msz]
    new = [[PT_LOAD, fl, off + a - va, a, a, b - a, b - a, PAGE] for a, b in zip(cuts, cuts[1:])]
    return e.move_phdrs(phs=phs[:i] + new + phs[i + 1:])


def build(out):
    """Compile the base objects; return a dict name -> path."""
    b = os.path.join(out, "base")
    os.makedirs(b, exist_ok=True)
    cc = ["gcc", "-O1", "-g0", "-w"]
    src = lambda n: os.path.join(HERE, n)
    steps = [
        (["-fPIC", "-shared", "-Wl,-soname,libmut.so", "-o", f"{b}/libmut.so", src("mlib.c")]),
        (["-fPIC", "-shared", "-Wl,-soname,libmut.so", "-Wl,--hash-style=sysv", "-o",
          f"{b}/libmut-sysv.so", src("mlib.c")]),
        (["-fPIC", "-shared", "-Wl,-soname,libgood.so", "-o", f"{b}/libgood.so", src("good.c")]),
        (["-o", f"{b}/mprog", src("mprog.c")]),
        (["-no-pie", "-o", f"{b}/mprog-nopie", src("mprog.c")]),
        (["-o", f"{b}/needer", src("needer.c"), f"-L{b}", "-lmut"]),
        (["-fPIC", "-shared", "-Wl,-soname,libwrap.so", "-o", f"{b}/libwrap.so", src("wrap.c"),
          f"-L{b}", "-lmut"]),
        (["-o", f"{b}/dlo", src("dlo.c"), "-ldl"]),
        (["-O2", "-Wall", "-o", f"{b}/runner", src("runner.c")]),
    ]
    for args in steps:
        subprocess.run(cc + args, check=True)
    return {n: os.path.join(b, n) for n in os.listdir(b)}


def mutants(base):
    """Yield (name, kind, bytes, must_load).  kind: prog or lib (what it was made of)."""
    def load(n):
        with open(base[n], "rb") as f:
            return f.read()
    srcs = {"prog": load("mprog"), "nopie": load("mprog-nopie"), "lib": load("libmut.so"),
            "sysv": load("libmut-sysv.so")}	# DT_HASH only

    for k in ("prog", "nopie", "lib", "sysv"):
        def E():
            return Elf(srcs[k])
        kind = "lib" if k in ("lib", "sysv") else "prog"
        size = len(srcs[k])
        e0 = E()
        loads = [p for p in e0.phdrs() if p[0] == PT_LOAD]

        def m(name, e, must=False):
            return (f"{k}-{name}", kind, bytes(e.b if isinstance(e, Elf) else e), must)

        # the ELF header's identification and machine fields
        for name, off, val in (("class-32", 4, b"\x01"), ("class-3", 4, b"\x03"), ("big-endian", 5, b"\x02"),
                               ("ident-version-0", 6, b"\x00"), ("osabi-hpux", 7, b"\x01"),
                               ("abiversion-9", 8, b"\x09"), ("ident-padding", 12, b"\x01"),
                               ("machine-i386", 18, b"\x03\x00"), ("version-2", 20, b"\x02"),
                               ("not-elf", 0, b"\x7fELG")):
            e = E()
            e.b[off:off + len(val)] = val
            yield m(name, e)
        # execute-only segments (protection keys: not readable)
        yield m("xonly-first", E().phdr_edit(PT_LOAD, 0, flags=PF_X))
        e = E()
        phs = e.phdrs()
        for p in phs:
            if p[0] == PT_LOAD and not p[1] & PF_W:
                p[1] = PF_X
        e.set_phdrs(phs)
        yield m("xonly-all-readonly", e)
        # the dynamic section in a read-only segment / a read-only PT_DYNAMIC
        dv = [p for p in e0.phdrs() if p[0] == PT_DYNAMIC][0][3]
        nth = [i for i, p in enumerate(loads) if p[3] <= dv < p[3] + p[6]][0]
        yield m("dynamic-in-readonly-segment", E().phdr_edit(PT_LOAD, nth, flags=PF_R))
        yield m("dynamic-phdr-readonly", E().phdr_edit(PT_DYNAMIC, flags=PF_R))
        # PT_INTERP / PT_TLS outside the image
        end = loads[-1][3] + loads[-1][6]
        if e0.has(PT_INTERP):
            yield m("interp-vaddr-far", E().phdr_edit(PT_INTERP, vaddr=0x7ff000000000))
            yield m("interp-vaddr-past-end", E().phdr_edit(PT_INTERP, vaddr=end + 0x10000))
            yield m("interp-vaddr-max", E().phdr_edit(PT_INTERP, vaddr=MAX - 4))
            yield m("no-interp", E().phdr_edit(PT_INTERP, type=PT_NULL), must=True)
            yield m("no-interp-no-dynamic",
                    E().phdr_edit(PT_INTERP, type=PT_NULL).phdr_edit(PT_DYNAMIC, type=PT_NULL))
        yield m("tls-vaddr-far", E().phdr_edit(PT_TLS, vaddr=0x7ff000000000))
        yield m("tls-vaddr-past-end", E().phdr_edit(PT_TLS, vaddr=end + 0x10000))
        yield m("tls-vaddr-wraps", E().phdr_edit(PT_TLS, vaddr=MAX - 8))
        yield m("tls-align-2^63", E().phdr_edit(PT_TLS, align=BIG))
        yield m("tls-align-3", E().phdr_edit(PT_TLS, align=3))
        yield m("tls-memsz-max", E().phdr_edit(PT_TLS, memsz=MAX))
        yield m("tls-memsz-2^40", E().phdr_edit(PT_TLS, memsz=1 << 40))
        yield m("tls-filesz-max", E().phdr_edit(PT_TLS, filesz=MAX, memsz=MAX))
        yield m("tls-filesz-huge", E().phdr_edit(PT_TLS, filesz=1 << 40, memsz=1 << 40))
        # truncated files
        offs = {0, 1, 4, 16, 20, 40, 52, 63, 64, 65, 100, 64 + 56 * 2 + 3, size // 2, size - 1}
        for p in e0.phdrs():
            if p[0] in (PT_LOAD, PT_DYNAMIC) and p[5]:
                offs |= {p[2] + 1, p[2] + p[5] - 1}
        for o in sorted(x for x in offs if 0 <= x < size):
            yield m(f"truncated-at-{o}", srcs[k][:o])
        # program header table lies
        for name, fld, val in (("phoff-huge", "phoff", BIG), ("phoff-max", "phoff", MAX - 7),
                               ("phoff-misaligned", "phoff", 66), ("phoff-at-end", "phoff", size - 8),
                               ("phnum-0", "phnum", 0), ("phnum-1", "phnum", 1),
                               ("phnum-ffff", "phnum", 0xffff), ("phnum-fffe", "phnum", 0xfffe),
                               ("phnum-200", "phnum", 200), ("phentsize-0", "phentsize", 0),
                               ("phentsize-32", "phentsize", 32), ("phentsize-112", "phentsize", 112),
                               ("entry-0", "entry", 0), ("entry-far", "entry", 0x7ff000000000),
                               ("type-rel", "type", 1), ("type-core", "type", 4)):
            e = E()
            e.ehdr(fld, val)
            yield m(name, e)
        e = E()
        e.ehdr("type", 2 if e.ehdr("type") == 3 else 3)
        yield m("type-swapped", e)
        # segments: huge or overlapping offsets and sizes
        yield m("load-offset-2^63", E().phdr_edit(PT_LOAD, 1, offset=BIG + loads[1][3] % PAGE))
        yield m("load-offset-past-eof", E().phdr_edit(PT_LOAD, 1, offset=(size + 2 * PAGE) & ~(PAGE - 1)
                                                      | loads[1][3] % PAGE))
        yield m("load-filesz-max", E().phdr_edit(PT_LOAD, 1, filesz=MAX, memsz=MAX))
        yield m("load-filesz-past-eof", E().phdr_edit(PT_LOAD, 1, filesz=size, memsz=size))
        yield m("load-filesz-gt-memsz", E().phdr_edit(PT_LOAD, 1, memsz=1))
        yield m("load-memsz-2^46", E().phdr_edit(PT_LOAD, len(loads) - 1, memsz=1 << 46))
        yield m("load-memsz-wraps", E().phdr_edit(PT_LOAD, len(loads) - 1, memsz=MAX - 0x1000))
        yield m("load-vaddr-2^63", E().phdr_edit(PT_LOAD, 1, vaddr=BIG + loads[1][3]))
        yield m("load-overlap", E().phdr_edit(PT_LOAD, 1, vaddr=loads[0][3], offset=loads[0][2]))
        yield m("load-descending", E().phdr_edit(PT_LOAD, len(loads) - 1,
                                                 vaddr=loads[1][3], offset=loads[1][2]))
        yield m("load-align-3", E().phdr_edit(PT_LOAD, 0, align=3))
        yield m("load-align-2^63", E().phdr_edit(PT_LOAD, 0, align=BIG))
        yield m("load-misaligned-offset", E().phdr_edit(PT_LOAD, 1, offset=loads[1][2] + 8))
        yield m("load-all-null", Elf(bytes(E().b)).phdr_edit(PT_LOAD, 0, type=PT_NULL)
                .phdr_edit(PT_LOAD, 0, type=PT_NULL).phdr_edit(PT_LOAD, 0, type=PT_NULL)
                .phdr_edit(PT_LOAD, 0, type=PT_NULL))
        yield m("load-all-prot-none", _all_loads(E(), 0))
        PT_GNU_EH_FRAME, PT_GNU_RELRO = 0x6474e550, 0x6474e552
        yield m("eh-frame-far", E().phdr_edit(PT_GNU_EH_FRAME, vaddr=0x7ff000000000))
        if e0.has(PT_GNU_RELRO):
            yield m("relro-far", E().phdr_edit(PT_GNU_RELRO, vaddr=0x7ff000000000))
            yield m("relro-before-image", E().phdr_edit(PT_GNU_RELRO, vaddr=MAX - 0x7fffff,
                                                        memsz=0x1000000))
            relro = [p for p in e0.phdrs() if p[0] == PT_GNU_RELRO][0]	# over .got.plt too
            top = (loads[-1][3] + loads[-1][6] + PAGE - 1) & ~(PAGE - 1)
            yield m("relro-over-plt-slots", E().phdr_edit(PT_GNU_RELRO, memsz=top - relro[3]))
        yield m("dynamic-offset-huge", E().phdr_edit(PT_DYNAMIC, offset=BIG, vaddr=BIG))
        yield m("dynamic-vaddr-past-end", E().phdr_edit(PT_DYNAMIC, vaddr=end + 0x10000))
        yield m("dynamic-vaddr-misaligned", E().phdr_edit(PT_DYNAMIC, vaddr=dv + 4))
        yield m("no-dynamic", E().phdr_edit(PT_DYNAMIC, type=PT_NULL))
        # dynamic section contents
        strsz = e0.dyn_get("STRSZ")[0]
        yield m("no-symtab", E().dyn_set("SYMTAB", newtag=DT_CHECKSUM))
        yield m("no-strtab", E().dyn_set("STRTAB", newtag=DT_CHECKSUM))
        yield m("no-hash", _drop_tags(E(), "GNU_HASH", "HASH"))
        yield m("no-dt-null", _fill_dyn(E()))
        yield m("pltgot-readonly", E().dyn_set("PLTGOT", e0.dyn_get("SYMTAB")[0]))
        yield m("pltgot-in-text", E().dyn_set("PLTGOT", loads[1][3] + 0x10 & ~7))
        for tag in ("PLTGOT", "STRTAB", "SYMTAB", "GNU_HASH", "VERSYM", "VERNEED", "RELA",
                    "JMPREL", "INIT_ARRAY", "FINI_ARRAY"):
            if e0.dyn_get(tag):
                yield m(f"{tag.lower()}-far", E().dyn_set(tag, 0x7ff000000000))
                yield m(f"{tag.lower()}-wraps", E().dyn_set(tag, MAX - 0xfff))
        for tag in ("STRSZ", "RELASZ", "PLTRELSZ", "INIT_ARRAYSZ", "FINI_ARRAYSZ", "VERNEEDNUM"):
            if e0.dyn_get(tag):
                yield m(f"{tag.lower()}-huge", E().dyn_set(tag, 1 << 40))
                yield m(f"{tag.lower()}-max", E().dyn_set(tag, MAX))
        yield m("strsz-0", E().dyn_set("STRSZ", 0))
        for i, _ in enumerate(e0.dyn_get("NEEDED")):
            yield m(f"needed{i}-past-strtab", E().dyn_set("NEEDED", strsz + 10, nth=i))
            yield m(f"needed{i}-2^63", E().dyn_set("NEEDED", BIG, nth=i))
            yield m(f"needed{i}-last-byte", E().dyn_set("NEEDED", strsz - 1, nth=i))
        if e0.dyn_get("SONAME"):
            yield m("soname-past-strtab", E().dyn_set("SONAME", strsz + 10))
        hh = e0.v2o(e0.dyn_get("HASH")[0]) if e0.dyn_get("HASH") else None
        for name, word, val in (("hash-nbucket-huge", 0, 0x7fffffff), ("hash-nbucket-0", 0, 0),
                                ("hash-nchain-huge", 1, 0x7fffffff), ("hash-nchain-0", 1, 0),
                                ("hash-nchain-1", 1, 1), ("hash-bucket0-far", 2, 0x7ffffff0),
                                ("hash-chain1-loop", 4, 1)) if hh is not None else ():
            e = E()
            struct.pack_into("<I", e.b, hh + 4 * word, val)
            yield m(name, e)
        if e0.dyn_get("HASH"):
            e = E()	# every chain points at itself: a lookup that never ends
            nb, nc = struct.unpack_from("<II", e.b, hh)
            for i in range(nc):
                struct.pack_into("<I", e.b, hh + 8 + 4 * nb + 4 * i, i)
            yield m("hash-chains-loop", e)
        gh = e0.v2o(e0.dyn_get("GNU_HASH")[0]) if e0.dyn_get("GNU_HASH") else hh
        for name, word, val in (("gnuhash-nbuckets-huge", 0, 0x7fffffff),
                                ("gnuhash-symoffset-huge", 1, 0xfffffff0),
                                ("gnuhash-bloom-huge", 2, 1 << 30), ("gnuhash-shift-99", 3, 99)) \
                if e0.dyn_get("GNU_HASH") else ():
            e = E()
            struct.pack_into("<I", e.b, gh + 4 * word, val)
            yield m(name, e)
        if e0.dyn_get("GNU_HASH"):
            e = E()	# every bucket points far past the chain
            nb, _, bl, _ = struct.unpack_from("<IIII", e.b, gh)
            for i in range(nb):
                struct.pack_into("<I", e.b, gh + 16 + 8 * bl + 4 * i, 0x7ffffff0)
            yield m("gnuhash-buckets-far", e)
        e = E()	# symbols point past the string table
        so = e.v2o(e0.dyn_get("SYMTAB")[0])
        for i in range(1, 40):	# .dynstr follows .dynsym
            if so + 24 * i + 4 <= e.v2o(e0.dyn_get("STRTAB")[0]):
                struct.pack_into("<I", e.b, so + 24 * i, 0x7ffffff0)
        yield m("sym-names-far", e)
        e = E()
        for o in e.relocs():
            struct.pack_into("<Q", e.b, o, 0x7ff000000000)
        yield m("reloc-offsets-far", e)
        # one target outside the writable segment: the first entry (DT_RELACOUNT's
        # prefix: RELATIVE applied without a type check) far away or in the headers
        ro = e0.relocs()
        for name, val in (("first-far", 0x7ff000000000), ("first-in-headers", 0),
                          ("last-far", 0x7ff000000000)):
            e = E()
            struct.pack_into("<Q", e.b, ro[0 if name.startswith("first") else -1], val)
            yield m(f"reloc-offset-{name}", e)
        if e0.dyn_get("RELACOUNT"):
            nrela = e0.dyn_get("RELASZ")[0] // 24
            yield m("relacount-huge", E().dyn_set("RELACOUNT", 1 << 40))
            yield m("relacount-all", E().dyn_set("RELACOUNT", nrela))
            # fewer than there are: the rest go by their types, as under glibc
            yield m("relacount-1", E().dyn_set("RELACOUNT", 1), must=True)
        e = E()
        for o in e.relocs():
            struct.pack_into("<Q", e.b, o + 8, (0xffffff << 32) | struct.unpack_from("<Q", e.b, o + 8)[0]
                             & 0xffffffff)
        yield m("reloc-symidx-huge", e)
        e = E()
        for o in e.relocs():
            struct.pack_into("<Q", e.b, o + 8, (struct.unpack_from("<Q", e.b, o + 8)[0] & ~0xffffffff) | 99)
        yield m("reloc-type-99", e)

        # must load, as under glibc: 9+ PT_LOAD segments, 129+ program headers,
        # GLOB_DAT/JUMP_SLOT with addends (ignored: psABI S, not S+A)
        yield m("many-loads", split_loads(E(), 8), must=True)
        yield m("many-phdrs", E().move_phdrs(extra_null=140), must=True)
        yield m("many-loads-many-phdrs", split_loads(E(), 9).move_phdrs(extra_null=200), must=True)
        yield m("got-plt-addends", _addends(E()), must=True)

        # seeded field mutations: one to three fields of the tables the loader
        # reads (headers, dynamic entries, hash, symbol, version and relocation
        # tables) set to boundary values; the same inputs on every run
        rng = random.Random(f"ld-custom-{k}")
        spots = _field_spots(e0)
        tag_offs = {o for o, _, _ in e0.dyn()}
        for i in range(RANDOM_PER_BASE):
            e = E()
            for _ in range(rng.randint(1, 3)):
                off, width, hint = rng.choice(spots)
                val = rng.choice(_interesting(hint, size, width))
                if off in tag_offs and val in (0x7ffffffd, 0x7fffffff):
                    val = DT_CHECKSUM	# DT_AUXILIARY/DT_FILTER: filters are not supported
                e.b[off:off + width] = (val & ((1 << 8 * width) - 1)).to_bytes(width, "little")
            yield m(f"field-{i}", e)


def special_files(base):
    """Inputs that are no regular ELF file: (name, make) where make(path) creates
    the thing at path and returns the path to run it by (None: not in that form)."""
    def mkdir(p, needed):
        os.mkdir(p)
        return p

    def loop(p, needed):
        os.symlink(os.path.basename(p), p)
        return p

    def devnull(p, needed):
        os.symlink("/dev/null", p)
        return p

    def empty(p, needed):
        open(p, "wb").close()
        return p

    def fifo(p, needed):	# glibc's loader blocks in read() on one; we never block
        os.mkfifo(p)
        return p

    def devzero(p, needed):	# a character device that reads forever
        os.symlink("/dev/zero", p)
        return p

    def script(p, needed):
        with open(p, "w") as f:
            f.write("#!/bin/sh\necho script\n")
        os.chmod(p, 0o755)
        return p

    def long_path(p, needed):	# longer than PATH_MAX: ENAMETOOLONG, never cut mid-line
        if needed:
            return None
        shutil.copy(base["libmut.so"], p)
        return "/" + "./" * 2100 + p.lstrip("/")

    def missing(p, needed):
        return p

    return [("file-directory", mkdir), ("file-symlink-loop", loop), ("file-dev-null", devnull),
            ("file-empty", empty), ("file-fifo", fifo), ("file-dev-zero", devzero),
            ("file-script", script), ("file-long-path", long_path),
            ("file-missing", missing)]


RANDOM_PER_BASE = int(os.environ.get("MALFORMED_RANDOM", "90"))


def _interesting(hint, size, width):
    top = (1 << 8 * width) - 1
    return [0, 1, 2, 7, 8, 0x40, 0xfff, 0x1000, size - 1, size, size + 1, hint - 1, hint + 1,
            hint + 0x1000, hint * 2, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, 1 << 32, 1 << 40,
            BIG, top, top - 7, top >> 1]


def _field_spots(e):
    """(file offset, width, current value) of the fields worth corrupting."""
    spots = []
    for o, w in ((16, 2), (24, 8), (32, 8), (54, 2), (56, 2)):
        spots.append((o, w, int.from_bytes(e.b[o:o + w], "little")))
    po = e.ehdr("phoff")
    for i in range(e.ehdr("phnum")):
        for fo, w in ((0, 4), (4, 4), (8, 8), (16, 8), (32, 8), (40, 8), (48, 8)):
            o = po + 56 * i + fo
            spots.append((o, w, int.from_bytes(e.b[o:o + w], "little")))
    for o, t, v in e.dyn():
        spots += [(o, 8, t), (o + 8, 8, v)]

    def table(tag, count, entsize, fields):
        if e.dyn_get(tag):
            base = e.v2o(e.dyn_get(tag)[0])
            for i in range(count):
                for fo, w in fields:
                    o = base + entsize * i + fo
                    if o + w <= len(e.b):
                        spots.append((o, w, int.from_bytes(e.b[o:o + w], "little")))
    table("GNU_HASH", 1, 16, [(0, 4), (4, 4), (8, 4), (12, 4)])
    table("GNU_HASH", 12, 4, [(16, 4)])	# bloom words and buckets
    table("HASH", 1, 8, [(0, 4), (4, 4)])
    table("SYMTAB", 12, 24, [(0, 4), (4, 1), (6, 2), (8, 8), (16, 8)])
    table("VERSYM", 12, 2, [(0, 2)])
    table("VERNEED", 1, 16, [(0, 2), (2, 2), (4, 4), (8, 4), (12, 4)])
    table("VERNEED", 2, 16, [(16, 4), (20, 2), (22, 2), (24, 4), (28, 4)])	# first vna
    table("VERDEF", 1, 20, [(2, 2), (4, 2), (6, 2), (12, 4), (16, 4)])
    table("RELA", 6, 24, [(0, 8), (8, 8), (16, 8)])
    table("JMPREL", 4, 24, [(0, 8), (8, 8), (16, 8)])
    return spots


def _all_loads(e, flags):
    phs = e.phdrs()
    for p in phs:
        if p[0] == PT_LOAD:
            p[1] = flags
    e.set_phdrs(phs)
    return e


def _drop_tags(e, *tags):
    for t in tags:
        if e.dyn_get(t):
            e.dyn_set(t, newtag=DT_CHECKSUM)
    return e


def _fill_dyn(e):
    """No DT_NULL: every entry from the first DT_NULL to the segment's end is DT_CHECKSUM."""
    d = e.dyn()
    p = [p for p in e.phdrs() if p[0] == PT_LOAD and p[3] <= [q for q in e.phdrs() if q[0] == 2][0][3]
         < p[3] + p[5]][0]
    end = p[2] + p[5]
    for o in range(d[-1][0], end - 15, 16):
        struct.pack_into("<qQ", e.b, o, DT_CHECKSUM, 0)
    return e


def _addends(e):
    for o in e.relocs():
        t = struct.unpack_from("<Q", e.b, o + 8)[0] & 0xffffffff
        if t in (6, 7):	# R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT
            struct.pack_into("<q", e.b, o + 16, 0x1230)
    return e


# Inputs glibc's loader runs that we refuse on purpose; any other refusal of
# an input glibc runs fails the test (seeded field-N mutants excepted).
STRICTER = {
    r"xonly": "tables in an execute-only segment: unreadable with protection keys",
    r"truncated-at": "a segment runs past the end of the file (SIGBUS on access)",
    r"tls-(align-3|vaddr|memsz|filesz)": "PT_TLS image outside the object, or unallocatable",
    r"interp-vaddr": "PT_INTERP string outside the object",
    r"load-(filesz|memsz|align-3)": "PT_LOAD sizes or alignment that contradict the ELF spec",
    r"strsz|needed\d|versym|pltrelsz|init_arraysz": "table sizes or offsets outside the object",
    r"gnuhash|hash-nchain": "hash tables that index outside their tables",
}


def run(runner, argv, env, cwd, timeout=10):
    rep = os.path.join(cwd, ".report")
    p = subprocess.run([runner, rep, str(timeout)] + argv, cwd=cwd, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 5)
    with open(rep) as f:
        how = f.read().strip()
    return how, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def judge(form, how, out, err, ldso_name, glibc_how):
    """'' if acceptable for our loader, else why not.  glibc_how "crash" covers
    its assertion failures ("Inconsistency detected"): no defined behaviour."""
    if how.startswith("signal"):
        if "ld-custom.so" in how and "[indirect branch]" not in how:
            return f"crash in the loader: {how}"
        if "signal 14 " in how:
            return "hang (killed by the alarm)"
        if form == "dlopen" and not glibc_how.startswith("signal"):
            return f"dlopen driver died: {how}"
        if not glibc_how.startswith("signal"):
            # the mutant's code ran where glibc's loader did not crash: we let it
            # run unlinked or half-linked
            return f"crash after our load ({how}); glibc: {glibc_how}"
        return ""	# the mutant's own code, as under glibc
    status = int(how.split()[1])
    lines = err.splitlines()
    ours = [ln for ln in lines if ln.startswith(ldso_name + ":")]
    if form == "dlopen":
        if status != 0 or "intact 42" not in out:
            return f"process not intact after dlopen (status {status}): {out!r} {err!r}"
        if "refused" in out and "NO MESSAGE" in out:
            return "dlopen failed without a dlerror"
        if "NEWLINE IN MESSAGE" in out:
            return f"dlerror is more than one line: {err!r}"
        if "LEFT MAPPED" in out or "OBJECTS LEFT" in out:
            return "a refused dlopen left the file mapped"
        return ""
    if status == 0 and glibc_how == "exit 127":
        return "glibc refuses it, we ran it"
    if ours or status == 127:
        if status not in (127, 1):
            return f"loader error with status {status}"
        # one line of ours, then only explanations ("ld-custom.so:   ...")
        if not lines or not lines[0].startswith(ldso_name + ": ") or \
                any(not ln.startswith(ldso_name + ":   ") for ln in lines[1:]):
            return f"error is not one line '{ldso_name}: ...': {err!r}"
    return ""


def patch(mode, src, dst):
    """Write a patched copy of src: the shapes glibc loads that are rare in the wild."""
    with open(src, "rb") as f:
        e = Elf(f.read())
    if mode == "split-loads":	# 9+ PT_LOAD segments
        split_loads(e, 8)
    elif mode == "more-phdrs":	# 129+ program headers (PT_NULL padding)
        e.move_phdrs(extra_null=140)
    elif mode == "addends":	# GLOB_DAT/JUMP_SLOT with r_addend 0x1230
        _addends(e)
    elif mode in ("no-interp", "no-dynamic"):	# the header becomes PT_NULL
        e.phdr_edit(PT_INTERP if mode == "no-interp" else PT_DYNAMIC, type=PT_NULL)
    else:
        raise SystemExit(f"unknown patch {mode}")
    with open(dst + ".tmp", "wb") as f:
        f.write(e.b)
    os.chmod(dst + ".tmp", 0o755)
    os.replace(dst + ".tmp", dst)
    return 0


def main():
    if sys.argv[1:2] == ["--patch"]:
        return patch(*sys.argv[2:5])
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    filt = None
    if "-k" in sys.argv:
        filt = re.compile(sys.argv[sys.argv.index("-k") + 1])
        args.remove(filt.pattern)
    ldso, out = os.path.abspath(args[0]), os.path.abspath(args[1])
    shutil.rmtree(out, ignore_errors=True)
    base = build(out)
    runner = base["runner"]
    mdir = os.path.join(out, "m")
    ndir = os.path.join(out, "needed")
    os.makedirs(mdir)
    os.makedirs(ndir)
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    fails, count, refused = [], 0, 0
    ref = {}	# glibc's normal outputs, for the "must load" mutants

    inputs = list(mutants(base)) + [(n, "file", make, False) for n, make in special_files(base)]
    for name, kind, data, must in inputs:
        if filt and not filt.search(name):
            continue
        path = os.path.join(mdir, name)
        needed = os.path.join(ndir, "libmut.so")
        if os.path.isdir(needed) and not os.path.islink(needed):
            os.rmdir(needed)
        elif os.path.lexists(needed):
            os.unlink(needed)
        if callable(data):
            path, needed = data(path, False), data(needed, True)
        else:
            with open(path, "wb") as f:
                f.write(data)
            os.chmod(path, 0o755)
            shutil.copy(path, needed)
        forms = [("cmd", [path], {}),
                 ("needed", [base["needer"]], {"LD_LIBRARY_PATH": ndir}),
                 ("dlopen", [base["dlo"], path, base["libgood.so"]] +
                  (["mut_fn"] if must and kind == "lib" else []), {})]
        if "-field-" not in name:	# a group whose dependency is refused: rolled back
            forms.append(("dlopen-group", [base["dlo"], base["libwrap.so"], base["libgood.so"]] +
                          (["wrap_fn"] if must and kind == "lib" else []), {"LD_LIBRARY_PATH": ndir}))
        if not needed:
            del forms[1:2]
            forms = [f for f in forms if f[0] != "dlopen-group"]
        if name.endswith("got-plt-addends"):
            forms += [(f + "-now", a, dict(e, LD_BIND_NOW="1")) for f, a, e in forms]
        for form, argv, extra in forms:
            f0 = form.split("-")[0]	# cmd, needed or dlopen
            if must and (f0 == "cmd") == (kind == "lib"):
                continue	# a library is no program, a program no library
            count += 1
            e = dict(env, **extra)
            how, o, er = run(runner, [ldso] + argv, e, out)
            if name == "file-script" and form == "cmd":
                # the command form runs a #! script as the kernel's exec does
                # (ldso/formats.c): the kernel is the oracle, glibc's loader refuses it
                ghow, go, ger = run(runner, argv, e, out)
                why = "" if (ghow, go) == (how, o) else \
                    f"differs from the kernel's exec: {ghow} {go!r}, ours {how} {o!r} {er!r}"
            else:
                ghow, go, ger = run(runner, [GLIBC] + argv, e, out, timeout=2)	# may hang
                if "Inconsistency detected by ld.so" in ger:
                    ghow = "signal (glibc assertion)"
                why = judge(f0, how, o, er, "ld-custom.so", ghow)
            if must:
                if (ghow, go) != (how, o):
                    why = why or f"differs from glibc: glibc {ghow} {go!r}, ours {how} {o!r} {er!r}"
                elif ghow != "exit 0":
                    why = why or f"glibc does not load it ({ghow}): the mutant is wrong"
            if (not why and not must and "-field-" not in name and ghow == "exit 0" and
                    how == "exit 127" and not any(re.search(k, name) for k in STRICTER)):
                why = f"glibc runs it, we refuse it (add to STRICTER with a reason?): {er!r}"
            if how == "exit 127" or "refused" in o:
                refused += 1
            if verbose:
                print(f"{'FAIL' if why else 'ok  '} {name} [{form}] {how} {er.strip()[:150]!r}"
                      f" glibc: {ghow} {ger.strip()[:100]!r}")
            if why:
                fails.append(f"{name} [{form}]: {why}")
    for f in fails:
        print("FAIL", f)
    print(f"malformed: {count} runs ({refused} refused), {len(fails)} failures")
    return 1 if fails or not count else 0


if __name__ == "__main__":
    sys.exit(main())
