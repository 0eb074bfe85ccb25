#!/usr/bin/env python3
# glibc-layout.py -- gdb Python script: generate build/glibc-layout.h from the
# host glibc's DWARF (libc6-dbg).  Every offset, size, enumerator value and
# tunable attribute below is read from the debug information; none is typed
# by hand.  Only field *names* appear in this file.
#
# Usage (configure does this):
#   gdb -batch -nx \
#       -ex 'python LDSO="/lib64/ld-linux-x86-64.so.2"' \
#       -ex 'python LIBC="/lib/x86_64-linux-gnu/libc.so.6"' \
#       -ex 'python OUT="build/glibc-layout.h"' \
#       [-ex 'python DEB_VERSION="2.36-9+deb12u14"'] \
#       -x scripts/glibc-layout.py
#
# OUT is written atomically (temporary file + rename).  Without OUT the
# header goes to stdout.  Any missing type, field or symbol is an error:
# the script reports it on stderr and gdb exits with status 1.

import os
import re
import sys
import traceback

USAGE = """\
Usage: gdb -batch -nx [-ex 'python LDSO="PATH"'] [-ex 'python LIBC="PATH"']
           [-ex 'python OUT="FILE"'] [-ex 'python DEB_VERSION="V"'] -x scripts/glibc-layout.py
Write the C header of glibc's private layouts (build/glibc-layout.h) from the
DWARF of LDSO (default /lib64/ld-linux-x86-64.so.2) and LIBC (default
/lib/x86_64-linux-gnu/libc.so.6) to OUT, or to stdout.  ./configure runs it.
It runs inside gdb; run directly it only answers --help.
"""

try:
    import gdb
except ImportError:     # run directly, not by gdb -x
    if sys.argv[1:] in (["--help"], ["-h"]):
        sys.stdout.write(USAGE)
        sys.exit(0)
    if sys.argv[1:]:
        sys.stderr.write("glibc-layout.py: unknown argument '%s'\n" % sys.argv[1])
    else:
        sys.stderr.write("glibc-layout.py: must run inside gdb\n")
    sys.stderr.write(USAGE)
    sys.exit(2)

C_STRUCT = gdb.TYPE_CODE_STRUCT
C_UNION = gdb.TYPE_CODE_UNION
C_ENUM = gdb.TYPE_CODE_ENUM
C_TYPEDEF = gdb.TYPE_CODE_TYPEDEF
C_PTR = gdb.TYPE_CODE_PTR
C_ARRAY = gdb.TYPE_CODE_ARRAY
C_INT = gdb.TYPE_CODE_INT
C_BOOL = gdb.TYPE_CODE_BOOL
C_CHAR = gdb.TYPE_CODE_CHAR
C_FLT = gdb.TYPE_CODE_FLT
C_FUNC = gdb.TYPE_CODE_FUNC
C_VOID = gdb.TYPE_CODE_VOID


class LayoutError(Exception):
    pass


def die(msg):
    raise LayoutError(msg)


# --------------------------------------------------------------------------
# Loading objects and looking things up
# --------------------------------------------------------------------------

def load_object(path, what):
    if not os.path.exists(path):
        die("%s not found: %s" % (what, path))
    gdb.execute("file " + path, to_string=True)
    real = os.path.realpath(path)
    main = None
    for o in gdb.objfiles():
        if o.owner is None and o.filename and os.path.realpath(o.filename) == real:
            main = o
    if main is None:
        die("gdb did not load %s (%s)" % (what, path))
    bid = main.build_id
    if not bid:
        die("%s (%s) has no NT_GNU_BUILD_ID note" % (what, path))
    dbg = [o for o in gdb.objfiles() if o.owner is not None and o.owner == main]
    if not dbg:
        die("no separate debug info found for %s (%s, build-id %s); "
            "install the matching libc6-dbg (expected /usr/lib/debug/.build-id/%s/%s.debug)"
            % (what, path, bid, bid[:2], bid[2:]))
    for d in dbg:
        if d.build_id and d.build_id != bid:
            die("debug file %s has build-id %s, but %s has %s"
                % (d.filename, d.build_id, path, bid))
    return bid


def lookup(name, where):
    try:
        t = gdb.lookup_type(name)
    except gdb.error as e:
        die("type '%s' not found in the DWARF of %s (%s)" % (name, where, e))
    s = t.strip_typedefs()
    if s.sizeof == 0 or (s.code in (C_STRUCT, C_UNION) and len(s.fields()) == 0):
        die("type '%s' in %s is incomplete" % (name, where))
    return t


def strip(t):
    """Remove typedefs and cv-qualifiers at the top level."""
    return t.strip_typedefs().unqualified()


def is_anon(f):
    return not f.name


def find_field(s, name):
    """Find a member by name in stripped struct/union s, looking through
    anonymous members.  Returns (field, bit offset from start of s)."""
    for f in s.fields():
        if f.name == name:
            return f, f.bitpos
        if is_anon(f) and strip(f.type).code in (C_STRUCT, C_UNION):
            r = find_field(strip(f.type), name)
            if r is not None:
                return r[0], f.bitpos + r[1]
    return None


_PATH_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")


def resolve(t, path, tname):
    """Resolve 'a.b[3].c' in type t.  Returns dict with off (bytes), size,
    bitpos/bitsize (for bitfields, bit offset relative to the byte 'off')."""
    cur = strip(t)
    bits = 0
    f = None
    for comp in path.split("."):
        m = _PATH_RE.match(comp)
        if not m:
            die("bad field path %s" % path)
        if cur.code not in (C_STRUCT, C_UNION):
            die("%s: '%s' is not inside a struct/union" % (tname, path))
        r = find_field(cur, m.group(1))
        if r is None:
            die("field '%s' (in path '%s') not found in %s" % (m.group(1), path, tname))
        f, b = r
        bits += b
        ft = f.type
        for idx in re.findall(r"\[(\d+)\]", m.group(2)):
            a = strip(ft)
            if a.code != C_ARRAY:
                die("%s: '%s' is not an array" % (tname, comp))
            lo, hi = a.range()
            i = int(idx)
            if i < lo or i > hi:
                die("%s: index %d out of range in %s" % (tname, i, path))
            ft = a.target()
            bits += (i - lo) * strip(ft).sizeof * 8
        cur = strip(ft)
        if f.bitsize and comp != path.split(".")[-1]:
            die("%s: bitfield in the middle of %s" % (tname, path))
    res = {"off": bits // 8, "size": cur.sizeof, "bitsize": 0, "bit": 0}
    if f is not None and f.bitsize:
        res["bitsize"] = f.bitsize
        res["bit"] = bits % 8
        res["size"] = 0
    return res


def enumerators(t):
    s = strip(t)
    if s.code != C_ENUM:
        die("%s is not an enum" % t)
    return [(f.name, int(f.enumval)) for f in s.fields()]


def is_signed_int(u):
    try:
        return bool(u.is_signed)
    except Exception:
        if u.code == C_ENUM:
            return any(int(f.enumval) < 0 for f in u.fields())
        if u.code == C_BOOL:
            return False
        n = u.name or ""
        return not n.startswith("unsigned") and n not in ("_Bool", "char16_t", "char32_t")


# --------------------------------------------------------------------------
# #define collection
# --------------------------------------------------------------------------

class Macros:
    def __init__(self):
        self.items = []          # (name, value-string, comment) or ("#", comment)
        self.vals = {}

    def section(self, title):
        self.items.append(("#", title))

    def add(self, name, value, comment=None):
        if not re.match(r"^[A-Z_][A-Z0-9_]*$", name):
            die("bad macro name %s" % name)
        v = str(value)
        if name in self.vals:
            if self.vals[name] != v:
                die("macro %s defined twice with different values (%s, %s)"
                    % (name, self.vals[name], v))
            return
        self.vals[name] = v
        self.items.append((name, v, comment))

    def render(self):
        out = []
        for it in self.items:
            if it[0] == "#":
                out.append("")
                out.append("/* %s */" % it[1])
                continue
            name, v, c = it
            if c:
                out.append("#define %s %s  /* %s */" % (name, v, c))
            else:
                out.append("#define %s %s" % (name, v))
        return out


def macro_part(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def comment_for(r):
    if r["bitsize"]:
        return "bitfield: bit %d, %d bit(s) in this byte" % (r["bit"], r["bitsize"])
    return "size %d" % r["size"]


def top_members(s, base=0):
    """Top-level members of stripped struct s, looking through anonymous
    members: list of (name, field, bitpos)."""
    res = []
    for f in s.fields():
        if is_anon(f):
            u = strip(f.type)
            if u.code in (C_STRUCT, C_UNION):
                res.extend(top_members(u, base + f.bitpos))
            continue
        res.append((f.name, f, base + f.bitpos))
    return res


def family(M, prefix, t, tname, strip_re=None, sizeof=True):
    """<PREFIX>_<MEMBER> = byte offset for every top-level member."""
    s = strip(t)
    if sizeof:
        M.add(prefix + "_SIZEOF", s.sizeof)
    for name, f, bitpos in top_members(s):
        short = name
        if strip_re:
            short = re.sub(strip_re, "", short)
        short = short.lstrip("_")
        r = resolve(t, name, tname)
        M.add(prefix + "_" + macro_part(short), r["off"], comment_for(r))


def field_macro(M, macro, t, tname, path):
    r = resolve(t, path, tname)
    M.add(macro, r["off"], comment_for(r))
    return r


# --------------------------------------------------------------------------
# Exact-layout C type generation
# --------------------------------------------------------------------------

# Types never expanded: emitted as aligned byte arrays of the same size.
OPAQUE = {
    "pthread_mutex_t",
    "__rtld_lock_recursive_t",
    "struct auditstate",
    "struct unique_sym_table",
    "__128bits",
}
# Pointer targets that are the same object as an emitted type.
PTR_ALIAS = {"struct link_map_public": "struct link_map"}
# Typedefs to emit after the named type.
TYPEDEFS = {"union dtv": "dtv_t"}


def tag_key(t):
    """Name under which a struct/union type is emitted: 'struct X',
    'union X', or the typedef name of an anonymous struct; None for a truly
    anonymous type."""
    tdname = None
    while True:
        t = t.unqualified()
        if t.code != C_TYPEDEF:
            break
        tdname = t.name
        t = t.target()
    if t.code in (C_STRUCT, C_UNION):
        if t.tag:
            return ("struct " if t.code == C_STRUCT else "union ") + t.tag
        return tdname
    return None


def array_dims(t):
    dims = []
    while strip(t).code == C_ARRAY:
        a = strip(t)
        lo, hi = a.range()
        n = hi - lo + 1
        if a.sizeof == 0:
            n = 0           # flexible array member (gdb reports range 0..0)
        dims.append(n)
        t = a.target()
    return dims, t


def bitfield_ok(s):
    """True if every bitfield in s (recursively through anonymous/by-value
    inline members) stays within one byte."""
    for f in s.fields():
        if f.bitsize:
            if (f.bitpos % 8) + f.bitsize > 8:
                return False
        else:
            dims, et = array_dims(f.type)
            u = strip(et)
            if u.code in (C_STRUCT, C_UNION) and tag_key(et) is None:
                if not bitfield_ok(u):
                    return False
    return True


class TypeGen:
    def __init__(self, emitted_before=()):
        self.order = []             # keys in definition order
        self.types = {}             # key -> stripped gdb type
        self.roots = set()
        self.earlier = set(emitted_before)  # defined by an earlier TypeGen
        self.known = set(emitted_before)    # keys defined (this one + earlier)
        self.opaque = set(OPAQUE)

    # ---- discovery -------------------------------------------------------
    def add_root(self, name, where):
        t = lookup(name, where)
        key = tag_key(t)
        if key is None:
            die("%s is anonymous" % name)
        self.roots.add(key)
        self._visit(key, t)

    def _visit(self, key, t):
        if key in self.types or key in self.earlier:
            return
        s = strip(t)
        if key not in self.roots and not bitfield_ok(s):
            self.opaque.add(key)
            return
        self.types[key] = s          # mark (cycle guard)
        self._visit_members(s)
        self.order.append(key)
        self.known.add(key)

    def _visit_members(self, s):
        for f in s.fields():
            if f.bitsize:
                continue
            dims, et = array_dims(f.type)
            u = strip(et)
            if u.code not in (C_STRUCT, C_UNION):
                continue
            k = tag_key(et)
            if k is None:
                self._visit_members(u)
            elif k in self.opaque:
                continue
            elif k in self.types or k in self.earlier:
                continue
            else:
                self._visit(k, et)

    # ---- declarations ----------------------------------------------------
    def scalar(self, u):
        if u.code == C_BOOL:
            if u.sizeof != 1:
                die("odd _Bool size %d" % u.sizeof)
            return "uint8_t"
        if u.code in (C_INT, C_CHAR, C_ENUM):
            if u.code != C_ENUM and u.name == "char":
                return "char"
            if u.sizeof not in (1, 2, 4, 8):
                die("unsupported integer size %d (%s)" % (u.sizeof, u))
            return ("int%d_t" if is_signed_int(u) else "uint%d_t") % (8 * u.sizeof)
        if u.code == C_FLT:
            m = {4: "float", 8: "double", 16: "long double"}
            if u.sizeof in m:
                return m[u.sizeof]
        die("unsupported scalar type %s" % u)

    def ptr_decl(self, target, declarator):
        depth = 1
        t = target
        while strip(t).code == C_PTR:
            depth += 1
            t = strip(t).target()
        u = strip(t)
        if u.code in (C_STRUCT, C_UNION):
            k = tag_key(t)
            k = PTR_ALIAS.get(k, k)
            if k is not None and k in self.known:
                return "%s %s%s" % (k, "*" * depth, declarator)
        if u.code in (C_INT, C_CHAR) and u.name == "char":
            return "char %s%s" % ("*" * depth, declarator)
        return "void *%s" % declarator

    def member(self, ftype, name, ind, ctx, is_last):
        """Lines declaring one (non-bitfield) member."""
        dims, et = array_dims(ftype)
        if any(d <= 0 for d in dims[1:]):
            die("%s: zero-length inner array dimension" % ctx["tname"])
        dimstr = ""
        for i, d in enumerate(dims):
            if d <= 0:
                if i != 0 or not is_last:
                    die("%s: zero-length array %s is not the last member" % (ctx["tname"], name))
                dimstr += "[]"
            else:
                dimstr += "[%d]" % d
        u = strip(et)
        cm = "  /* %s */" % str(ftype) if name else ""
        if u.code in (C_STRUCT, C_UNION):
            k = tag_key(et)
            if k is None:
                kw = "struct" if u.code == C_STRUCT else "union"
                if not name and dims:
                    die("%s: anonymous array member" % ctx["tname"])
                sub = dict(ctx)
                if name:
                    sub["path"] = ctx["path"] + [name + ("[0]" if dims else "")]
                    sub["bprefix"] = ctx["bprefix"] + "_" + macro_part(name)
                # offset of element 0 of this member within the top type
                lines = [ind + kw + " {"]
                lines += self.body(u, ind + "    ", sub)
                lines.append(ind + "}" + ((" " + name + dimstr) if name else "") + ";")
                return lines
            if k in self.opaque or (k not in self.known):
                total = u.sizeof
                for d in dims:
                    total *= d
                return [ind + "unsigned char %s[%d] __attribute__((aligned(%d)));%s"
                        % (name, total, u.alignof, "  /* %s */" % str(ftype))]
            return [ind + "%s %s%s;%s" % (k, name, dimstr, cm)]
        if u.code == C_PTR:
            return [ind + self.ptr_decl(u.target(), name + dimstr) + ";" + cm]
        if u.code == C_FUNC:
            die("%s: function-typed member %s" % (ctx["tname"], name))
        return [ind + "%s %s%s;%s" % (self.scalar(u), name, dimstr, cm)]

    def body(self, s, ind, ctx):
        """Member lines for stripped struct/union s.  ctx: tname (C type
        name), base (byte offset of s within the top type), path (member
        path prefix for offsetof), bprefix (bitfield macro prefix),
        counter (dict for _padN/_bitsN numbering), asserts, bitmacros."""
        lines = []
        is_union = s.code == C_UNION
        fields = s.fields()
        cur = 0
        natural = 1
        i = 0
        n = len(fields)
        first_line_idx = None

        def pad(upto):
            nonlocal cur
            if upto > cur:
                idx = ctx["counter"]["pad"]
                ctx["counter"]["pad"] += 1
                nm = "_pad%d" % idx
                lines.append(ind + "uint8_t %s[%d];" % (nm, upto - cur))
                self.assert_member(ctx, nm, ctx["base"] + cur, upto - cur)
                cur = upto

        while i < n:
            f = fields[i]
            if f.bitsize:
                if is_union:
                    die("%s: bitfield inside a union" % ctx["tname"])
                group = [f]
                j = i + 1
                while j < n and fields[j].bitsize:
                    group.append(fields[j])
                    j += 1
                start = min(g.bitpos for g in group) // 8
                end = max(g.bitpos + g.bitsize - 1 for g in group) // 8 + 1
                if start < cur:
                    die("%s: bitfield overlaps previous member" % ctx["tname"])
                pad(start)
                idx = ctx["counter"]["bits"]
                ctx["counter"]["bits"] += 1
                nm = "_bits%d" % idx
                if first_line_idx is None:
                    first_line_idx = len(lines)
                names = ", ".join("%s:%d" % (g.name or "(unnamed)", g.bitsize) for g in group)
                lines.append(ind + "uint8_t %s[%d];  /* bitfields %s */" % (nm, end - start, names))
                self.assert_member(ctx, nm, ctx["base"] + start, end - start)
                for g in group:
                    if (g.bitpos % 8) + g.bitsize > 8:
                        die("%s: bitfield %s crosses a byte boundary" % (ctx["tname"], g.name))
                    if not g.name:
                        continue
                    mp = ctx["bprefix"] + "_" + macro_part(g.name)
                    ctx["bitmacros"].append((mp + "_BYTE", ctx["base"] + g.bitpos // 8))
                    ctx["bitmacros"].append((mp + "_SHIFT", g.bitpos % 8))
                    ctx["bitmacros"].append((mp + "_WIDTH", g.bitsize))
                cur = end
                i = j
                continue
            off = 0 if is_union else f.bitpos // 8
            if f.bitpos % 8:
                die("%s: member %s not byte aligned" % (ctx["tname"], f.name))
            if not is_union:
                if off < cur:
                    die("%s: member %s overlaps the previous one" % (ctx["tname"], f.name))
                pad(off)
            natural = max(natural, f.type.alignof)
            if first_line_idx is None:
                first_line_idx = len(lines)
            sub = dict(ctx)
            sub["base"] = ctx["base"] + off
            lines += self.member(f.type, f.name, ind, sub, i == n - 1)
            if f.name:
                dims, _ = array_dims(f.type)
                flexible = bool(dims) and dims[0] <= 0
                self.assert_member(ctx, f.name, ctx["base"] + off,
                                   None if flexible else f.type.sizeof)
            end = off + f.type.sizeof
            if is_union:
                cur = max(cur, end)
            else:
                cur = end
            i += 1
        if not is_union:
            pad(s.sizeof)
        elif cur > s.sizeof:
            die("%s: union member larger than union" % ctx["tname"])
        if s.alignof > natural:
            if first_line_idx is None:
                die("%s: empty struct with alignment" % ctx["tname"])
            l = lines[first_line_idx]
            stripped = l.lstrip(" ")
            lines[first_line_idx] = l[: len(l) - len(stripped)] + "_Alignas(%d) " % s.alignof + stripped
        elif s.alignof < natural:
            die("%s: packed layout (align %d < %d) cannot be expressed without packed"
                % (ctx["tname"], s.alignof, natural))
        return lines

    def assert_member(self, ctx, name, off, size):
        path = ".".join(ctx["path"] + [name])
        ctx["asserts"].append((path, off, size))

    def render(self, key):
        s = self.types[key]
        cname = key
        bare = key.split(" ", 1)[1] if " " in key else key
        ctx = {
            "tname": cname,
            "base": 0,
            "path": [],
            "bprefix": macro_part(bare),
            "counter": {"pad": 0, "bits": 0},
            "asserts": [],
            "bitmacros": [],
        }
        kw = "struct" if s.code == C_STRUCT else "union"
        out = []
        out.append("/* %s: %d bytes, align %d (from DWARF) */" % (cname, s.sizeof, s.alignof))
        body = self.body(s, "    ", ctx)
        if key.startswith(kw + " "):
            out.append("%s {" % key)
            out += body
            out.append("};")
        else:
            out.append("typedef %s {" % kw)
            out += body
            out.append("} %s;" % key)
        if key in TYPEDEFS:
            out.append("typedef %s %s;" % (key, TYPEDEFS[key]))
        tag = re.sub(r"[^A-Za-z0-9_]", "_", cname)
        out.append("_Static_assert(sizeof(%s) == %d, \"sizeof %s\");" % (cname, s.sizeof, cname))
        out.append("_Static_assert(_Alignof(%s) == %d, \"alignof %s\");" % (cname, s.alignof, cname))
        for path, off, size in ctx["asserts"]:
            out.append("_Static_assert(offsetof(%s, %s) == %d, \"%s.%s\");"
                       % (cname, path, off, tag, path))
            if size is not None:
                out.append("_Static_assert(sizeof(((%s *)0)->%s) == %d, \"size %s.%s\");"
                           % (cname, path, size, tag, path))
        for name, v in ctx["bitmacros"]:
            out.append("#define %s %d" % (name, v))
        out.append("")
        return out

    def render_all(self):
        out = []
        for key in self.order:
            out += self.render(key)
        return out

    def forward_decls(self):
        return ["%s;" % k for k in self.order if k.startswith(("struct ", "union "))]


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def int_literal(v, unsigned):
    if unsigned:
        return "%dULL" % (v & 0xFFFFFFFFFFFFFFFF)
    if v < 0:
        if v == -(1 << 63):
            return "(-9223372036854775807LL - 1)"
        return "(%dLL)" % v
    return "%dLL" % v


LDSO_ROOTS = [
    "struct link_map",
    "struct rtld_global",
    "struct rtld_global_ro",
    "struct link_namespaces",
    "struct r_scope_elem",
    "struct libname_list",
    "struct r_found_version",
    "struct r_debug",
    "struct r_debug_extended",
    "struct dl_find_object",
    "struct dtv_slotinfo_list",
    "struct dtv_slotinfo",
    "struct dl_exception",
    "struct r_file_id",
    "struct r_search_path_struct",
    "struct link_map_machine",
    "struct cpu_features",
    "union dtv",
]
LIBC_ROOTS = ["tcbhead_t"]

PD_FIELDS = [
    "list", "tid", "robust_prev", "robust_head", "cancelhandling", "flags",
    "specific_1stblock", "specific", "specific_used", "report_events",
    "user_stack", "stackblock", "stackblock_size", "guardsize", "rseq_area",
    "setxid_futex", "joinid", "tpp",
]


def generate(LDSO, LIBC, DEB_VERSION):
    M = Macros()
    out_types = []

    # ================= ld.so =================
    ldso_id = load_object(LDSO, "ld.so")
    W = "ld.so debug info"

    rg = lookup("struct rtld_global", W)
    rgro = lookup("struct rtld_global_ro", W)
    ns = lookup("struct link_namespaces", W)
    cpuf = lookup("struct cpu_features", W)
    lm = lookup("struct link_map", W)
    rdbg = lookup("struct r_debug_extended", W)
    rdbg_base = lookup("struct r_debug", W)
    dlfo = lookup("struct dl_find_object", W)
    sil = lookup("struct dtv_slotinfo_list", W)
    si = lookup("struct dtv_slotinfo", W)
    dtv = lookup("union dtv", W)
    lookup("dtv_t", W)

    M.section("struct rtld_global (_rtld_global), offsets in bytes")
    family(M, "RG", rg, "struct rtld_global", r"^_dl_")
    for name, f, bitpos in top_members(strip(ns)):
        short = re.sub(r"^_ns_", "", name).lstrip("_")
        field_macro(M, "RG_NS0_" + macro_part(short), rg, "struct rtld_global", "_dl_ns[0]." + name)
    M.add("RG_NS_COUNT", array_dims(resolve_field_type(rg, "_dl_ns"))[0][0], "DL_NNS")

    M.section("struct link_namespaces (_rtld_global._dl_ns[i])")
    family(M, "NS", ns, "struct link_namespaces", r"^_ns_")

    M.section("struct rtld_global_ro (_rtld_global_ro)")
    family(M, "RGRO", rgro, "struct rtld_global_ro", r"^_dl_")
    field_macro(M, "RGRO_CPU_FEATURES", rgro, "struct rtld_global_ro", "_dl_x86_cpu_features")

    M.section("struct cpu_features (_rtld_global_ro._dl_x86_cpu_features)")
    family(M, "CPUF", cpuf, "struct cpu_features")
    basic_t = resolve_field_type(cpuf, "basic")
    for name, f, bitpos in top_members(strip(basic_t)):
        field_macro(M, "CPUF_BASIC_" + macro_part(name), cpuf, "struct cpu_features", "basic." + name)
    feat_t = resolve_field_type(cpuf, "features")
    fdims, fel = array_dims(feat_t)
    M.add("CPUF_FEATURE_COUNT", fdims[0])
    M.add("CPUF_FEATURE_STRIDE", strip(fel).sizeof)
    M.add("CPUF_FEATURE_CPUID", resolve(fel, "cpuid", "struct cpuid_feature_internal")["off"])
    M.add("CPUF_FEATURE_ACTIVE", resolve(fel, "active", "struct cpuid_feature_internal")["off"])
    regs_t = resolve_field_type(fel, "cpuid")
    for name, f, bitpos in top_members(strip(regs_t)):
        M.add("CPUF_REG_" + macro_part(name), resolve(regs_t, name, "struct cpuid_registers")["off"])
    kind_t = resolve_field_type(basic_t, "kind")
    for en, ev in enumerators(kind_t):
        M.add("CPUF_KIND_" + macro_part(re.sub(r"^arch_kind_", "", en)), ev)
    try:
        idx_t = gdb.parse_and_eval("CPUID_INDEX_1").type
    except gdb.error as e:
        die("enumerator CPUID_INDEX_1 not found in ld.so DWARF (%s)" % e)
    for en, ev in enumerators(idx_t):
        M.add("CPUF_INDEX_" + macro_part(re.sub(r"^CPUID_INDEX_", "", en)), ev)

    M.section("struct link_map (glibc-internal, 'l_' prefix dropped); bitfields give the byte")
    family(M, "LM", lm, "struct link_map", r"^l_")
    info_dims = array_dims(resolve_field_type(lm, "l_info"))[0]
    M.add("LM_INFO_COUNT", info_dims[0], "entries in l_info[]")
    for en, ev in enumerators(resolve_field_type(lm, "l_type")):
        M.add(macro_part(en), ev, "link_map.l_type")
    for en, ev in enumerators(resolve_field_type(lm, "l_property")):
        M.add(macro_part(en), ev, "link_map.l_property")

    M.section("struct r_debug_extended (_r_debug and _dl_ns[i]._ns_debug), flattened")
    M.add("RDBG_SIZEOF", strip(rdbg).sizeof)
    M.add("RDBG_BASE_SIZEOF", strip(rdbg_base).sizeof, "struct r_debug (size of exported _r_debug)")
    for name, f, bitpos in top_members(strip(rdbg_base)):
        field_macro(M, "RDBG_" + macro_part(re.sub(r"^r_", "", name)), rdbg,
                    "struct r_debug_extended", "base." + name)
    field_macro(M, "RDBG_NEXT", rdbg, "struct r_debug_extended", "r_next")
    for en, ev in enumerators(resolve_field_type(rdbg_base, "r_state")):
        M.add(macro_part(en), ev, "r_debug.r_state")

    M.section("struct dl_find_object")
    family(M, "DLFO", dlfo, "struct dl_find_object", r"^dlfo_")

    M.section("struct dtv_slotinfo_list / struct dtv_slotinfo / dtv_t")
    family(M, "SLOTINFO_LIST", sil, "struct dtv_slotinfo_list")
    family(M, "SLOTINFO", si, "struct dtv_slotinfo")
    family(M, "DTV", dtv, "union dtv")
    ptr_t = resolve_field_type(dtv, "pointer")
    for name, f, bitpos in top_members(strip(ptr_t)):
        field_macro(M, "DTV_POINTER_" + macro_part(name), dtv, "union dtv", "pointer." + name)

    # ---- tunables ----
    M.section("Tunables (ld.so tunable_list[]); ids are this build's tunable_id_t")
    try:
        tl = gdb.parse_and_eval("tunable_list")
    except gdb.error as e:
        die("tunable_list not found in ld.so DWARF (%s)" % e)
    tdims, tel = array_dims(tl.type)
    ntun = tdims[0]
    M.add("TUNABLE_COUNT", ntun)
    M.add("TUNABLE_ENTRY_SIZEOF", strip(tel).sizeof, "sizeof(tunable_t)")
    id_t = lookup("tunable_id_t", W)
    id_enum = dict((v, n) for n, v in enumerators(id_t))
    type_code_t = resolve_field_type(tel, "type.type_code")
    seclevel_t = resolve_field_type(tel, "security_level")
    type_names = dict((v, n) for n, v in enumerators(type_code_t))
    sec_names = dict((v, n) for n, v in enumerators(seclevel_t))
    tun_rows = []
    for i in range(ntun):
        e = tl[i]
        name = e["name"].string()
        code = int(e["type"]["type_code"])
        if code not in type_names:
            die("tunable %s: unknown type code %d" % (name, code))
        tname = type_names[code]
        mn = int(e["type"]["min"])
        mx = int(e["type"]["max"])
        dv = int(e["val"]["numval"])
        sl = int(e["security_level"])
        if sl not in sec_names:
            die("tunable %s: unknown security level %d" % (name, sl))
        alias = e["env_alias"].string()
        en = id_enum.get(i)
        if en is None or en.replace("_", ".") != name.replace("_", "."):
            die("tunable_list[%d] (%s) does not match tunable_id_t enumerator %s" % (i, name, en))
        tun_rows.append((i, name, tname, code, dv, mn, mx, sec_names[sl], alias))
    for (i, name, tname, code, dv, mn, mx, sl, alias) in tun_rows:
        dshow = 0 if tname == "TUNABLE_TYPE_STRING" else dv
        M.add("TUNABLE_ID_" + macro_part(name), i, "%s, default %d" % (tname, dshow))
    for en, ev in enumerators(type_code_t):
        M.add(macro_part(en), ev, "tunable_type_code_t")
    for en, ev in enumerators(seclevel_t):
        M.add(macro_part(en), ev, "tunable_seclevel_t")

    # ---- ld.so types ----
    TG = TypeGen()
    for r in LDSO_ROOTS:
        TG.add_root(r, W)
    ldso_fwd = TG.forward_decls()
    ldso_types = TG.render_all()
    ldso_known = set(TG.known)
    ldso_opaque = sorted(TG.opaque)

    # sizes to cross-check against libc's own view of the same structures
    cross = {}
    for n in ("struct link_map", "struct rtld_global", "struct rtld_global_ro",
              "struct link_namespaces", "struct cpu_features", "union dtv",
              "struct dtv_slotinfo_list"):
        cross[n] = strip(gdb.lookup_type(n)).sizeof
    cross_off = {}
    for path in ("_dl_stack_used", "_dl_stack_user", "_dl_tls_dtv_slotinfo_list",
                 "_dl_load_lock", "_dl_stack_cache_lock"):
        cross_off["rtld_global." + path] = resolve(rg, path, "struct rtld_global")["off"]
    for path in ("l_tls_modid", "l_tls_offset", "l_tls_dtor_count", "l_map_start", "l_info"):
        cross_off["link_map." + path] = resolve(lm, path, "struct link_map")["off"]

    # ================= libc.so.6 =================
    libc_id = load_object(LIBC, "libc.so.6")
    W = "libc.so.6 debug info"
    tcb = lookup("tcbhead_t", W)
    pd = lookup("struct pthread", W)

    # cross-check libc's view of loader structures against ld.so's
    for n, sz in cross.items():
        try:
            t = gdb.lookup_type(n)
        except gdb.error:
            continue
        if strip(t).sizeof not in (0, sz):
            die("libc's DWARF says sizeof(%s) = %d but ld.so's says %d"
                % (n, strip(t).sizeof, sz))
    for key, off in cross_off.items():
        tn, path = key.split(".", 1)
        try:
            t = gdb.lookup_type("struct " + tn)
        except gdb.error:
            continue
        if strip(t).sizeof == 0:
            continue
        o2 = resolve(t, path, "struct " + tn)["off"]
        if o2 != off:
            die("libc's DWARF puts %s at %d but ld.so's at %d" % (key, o2, off))

    M.section("tcbhead_t (libc): the first bytes of struct pthread, at %fs:0")
    family(M, "TCB", tcb, "tcbhead_t")

    M.section("struct pthread (libc)")
    M.add("PD_SIZEOF", strip(pd).sizeof)
    M.add("PD_ALIGN", strip(pd).alignof)
    field_macro(M, "PD_HEADER", pd, "struct pthread", "header")
    for fld in PD_FIELDS:
        field_macro(M, "PD_" + macro_part(fld), pd, "struct pthread", fld)
    field_macro(M, "PD_RSEQ_CPU_ID", pd, "struct pthread", "rseq_area.cpu_id")
    field_macro(M, "PD_RSEQ_CPU_ID_START", pd, "struct pthread", "rseq_area.cpu_id_start")
    field_macro(M, "PD_RSEQ_CS", pd, "struct pthread", "rseq_area.rseq_cs")
    field_macro(M, "PD_RSEQ_FLAGS", pd, "struct pthread", "rseq_area.flags")
    M.add("PD_RSEQ_AREA_SIZE", resolve(pd, "rseq_area", "struct pthread")["size"],
          "sizeof(pd->rseq_area)")
    M.add("PD_SPECIFIC_1STBLOCK_SIZE", resolve(pd, "specific_1stblock", "struct pthread")["size"],
          "sizeof(pd->specific_1stblock)")
    # all remaining top-level members, for completeness
    for name, f, bitpos in top_members(strip(pd)):
        short = name.lstrip("_")
        mname = "PD_" + macro_part(short)
        if mname in M.vals:
            continue
        field_macro(M, mname, pd, "struct pthread", name)

    try:
        version = gdb.parse_and_eval("__nptl_version").string()
    except gdb.error as e:
        die("__nptl_version not found in libc (%s)" % e)
    if not re.match(r"^\d+\.\d+", version):
        die("odd __nptl_version %r" % version)

    TG2 = TypeGen(emitted_before=ldso_known)
    for r in LIBC_ROOTS:
        TG2.add_root(r, W)
    libc_fwd = TG2.forward_decls()
    libc_types = TG2.render_all()

    # ================= output =================
    L = []
    L.append("/* glibc-layout.h -- GENERATED by scripts/glibc-layout.py (run by ./configure).")
    L.append(" * Do not edit.  Every value below was read from the DWARF of the host glibc:")
    L.append(" *   ld.so: %s (build-id %s)" % (LDSO, ldso_id))
    L.append(" *   libc:  %s (build-id %s)" % (LIBC, libc_id))
    L.append(" * Self-contained C11; needs only <stdint.h> and <stddef.h>. */")
    L.append("#ifndef GLIBC_LAYOUT_H")
    L.append("#define GLIBC_LAYOUT_H")
    L.append("")
    L.append("#include <stdint.h>")
    L.append("#include <stddef.h>")
    L.append("")
    L.append("/* Identity of the glibc this header describes */")
    L.append("#define GLIBC_LDSO_BUILD_ID %s" % c_str(ldso_id))
    L.append("#define GLIBC_LIBC_BUILD_ID %s" % c_str(libc_id))
    lb = bytes.fromhex(libc_id)
    L.append("#define GLIBC_LIBC_BUILD_ID_BYTES %s" % ",".join("0x%02x" % b for b in lb))
    L.append("#define GLIBC_LIBC_BUILD_ID_LEN %d" % len(lb))
    db = bytes.fromhex(ldso_id)
    L.append("#define GLIBC_LDSO_BUILD_ID_BYTES %s" % ",".join("0x%02x" % b for b in db))
    L.append("#define GLIBC_LDSO_BUILD_ID_LEN %d" % len(db))
    L.append("#define GLIBC_VERSION_STRING %s  /* libc __nptl_version */" % c_str(version))
    if DEB_VERSION:
        L.append("#define GLIBC_DEB_VERSION %s" % c_str(DEB_VERSION))
    L += M.render()

    L.append("")
    L.append("/* X(id, name, type, default, min, max, security level, env alias or \"\");")
    L.append("   string tunables have default 0 */")
    rows = []
    for (i, name, tname, code, dv, mn, mx, sl, alias) in tun_rows:
        unsigned = tname in ("TUNABLE_TYPE_SIZE_T", "TUNABLE_TYPE_UINT_64")
        if tname == "TUNABLE_TYPE_STRING":
            dv = 0
        rows.append("    X(%d, %s, %s, %s, %s, %s, %s, %s)"
                    % (i, c_str(name), tname, int_literal(dv, unsigned),
                       int_literal(mn, unsigned), int_literal(mx, unsigned), sl, c_str(alias)))
    L.append("#define TUNABLE_TABLE(X) \\")
    L.append(" \\\n".join(rows))

    L.append("")
    L.append("/* ------------------------------------------------------------------------")
    L.append(" * Exact-layout types (from DWARF).  Integers/enums/_Bool become <stdint.h>")
    L.append(" * types of the same size and signedness; pointers to types defined here keep")
    L.append(" * their type, char pointers stay char *, every other pointer is void *.")
    L.append(" * Gaps are explicit _padN bytes; bitfields are _bitsN byte arrays with")
    L.append(" * <TYPE>_<FIELD>_BYTE/_SHIFT/_WIDTH macros.  Not expanded (byte arrays):")
    L.append(" *   %s" % ", ".join(sorted(set(ldso_opaque) | set(TG2.opaque))))
    L.append(" * ---------------------------------------------------------------------- */")
    L.append("")
    fwd = ldso_fwd + [x for x in libc_fwd if x not in ldso_fwd]
    L += fwd
    L.append("")
    for line in ldso_types + libc_types:
        L.append(line)
    L.append("#endif /* GLIBC_LAYOUT_H */")
    text = "\n".join(L) + "\n"
    text = guard_dlfo(text)
    return text


def guard_dlfo(text):
    """glibc's public <dlfcn.h> (with _GNU_SOURCE) defines struct
    dl_find_object with the same layout.  Skip our definition if that header
    was included first; the static asserts still check glibc's version."""
    start = text.find("/* struct dl_find_object:")
    if start < 0:
        return text
    end = text.find("};\n", start)
    if end < 0:
        return text
    end += 3
    return (text[:start]
            + "#if !(defined _DLFCN_H && defined __USE_GNU)\n"
            + text[start:end]
            + "#endif\n"
            + text[end:])


def resolve_field_type(t, path):
    cur = t
    for comp in path.split("."):
        r = find_field(strip(cur), comp)
        if r is None:
            die("field %s not found in %s" % (comp, t))
        cur = r[0].type
    return cur


def main():
    g = globals()
    ldso = g.get("LDSO") or "/lib64/ld-linux-x86-64.so.2"
    libc = g.get("LIBC") or "/lib/x86_64-linux-gnu/libc.so.6"
    out = g.get("OUT")
    deb = g.get("DEB_VERSION")
    for cmd in ("set pagination off", "set width 0", "set confirm off",
                "set debuginfod enabled off"):
        try:
            gdb.execute(cmd, to_string=True)
        except gdb.error:
            pass
    text = generate(ldso, libc, deb)
    if out:
        tmp = "%s.tmp.%d" % (out, os.getpid())
        try:
            with open(tmp, "w") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


try:
    main()
except LayoutError as e:
    sys.stderr.write("glibc-layout.py: error: %s\n" % e)
    sys.stderr.flush()
    os._exit(1)
except BaseException:
    sys.stderr.write("glibc-layout.py: internal error:\n")
    traceback.print_exc(file=sys.stderr)
    sys.stderr.flush()
    os._exit(1)
