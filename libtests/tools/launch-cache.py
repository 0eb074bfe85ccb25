#!/usr/bin/env python3
"""launch-cache.py: read and rewrite a launch cache entry for the tests
(libtests/tools/launch-cache.sh).  The layout is ldso/launch_cache.h's.

  launch-cache.py retarget FILE LIB FROM TO   the bindings to symbol FROM of
                     the object whose path ends in LIB now name symbol TO
                     (indexes), with a valid checksum: a crafted entry
  launch-cache.py loader FILE                 another loader build's entry,
                     with a valid checksum
  launch-cache.py mangle FILE FIELD VALUE     every entry's FIELD (ref, sym,
                     pos: the definer's position) or the second object's
                     (first, count) set to VALUE, with a valid checksum
Prints how many entries it changed; exit 1 when none, 2 on usage errors.
"""
import struct
import sys

M = (1 << 64) - 1
K1, K2 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F
HEAD, OBJ, ENT = 64, 64, 12


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def checksum(b):
    """ldso/launch_cache.c lc_checksum"""
    n = len(b) // 8
    w = struct.unpack("<%dQ" % n, b[:n * 8])
    lanes = [(K1 + K2) & M, K2, 0, (-K1) & M]
    i = 0
    while i + 4 <= n:
        for k in range(4):
            lanes[k] = rotl((lanes[k] + w[i + k] * K2) & M, 31) * K1 & M
        i += 4
    while i < n:
        lanes[0] = rotl((lanes[0] + w[i] * K2) & M, 31) * K1 & M
        i += 1
    h = (rotl(lanes[0], 1) + rotl(lanes[1], 7) + rotl(lanes[2], 12) + rotl(lanes[3], 18)
         + len(b)) & M
    h ^= h >> 33
    h = h * K2 & M
    h ^= h >> 29
    return h


def seal(b):
    b[8:16] = struct.pack("<Q", checksum(bytes(b[16:])))


def retarget(b, lib, frm, to):
    nobjs, nent, names_size = struct.unpack_from("<III", b, 40)
    names = HEAD + nobjs * OBJ
    ents = names + ((names_size + 7) & ~7)
    pos = None
    for i in range(nobjs):
        off = struct.unpack_from("<I", b, HEAD + i * OBJ + 60)[0]
        name = bytes(b[names + off:b.index(0, names + off)]).decode()
        if name.endswith(lib):
            pos = i
    changed = 0
    for k in range(nent):
        ref, sym, dfn = struct.unpack_from("<III", b, ents + k * ENT)
        if pos is not None and dfn >> 2 == pos and sym == frm:
            struct.pack_into("<I", b, ents + k * ENT + 4, to)
            changed += 1
    return changed


def mangle(b, field, value):
    nobjs, nent, names_size = struct.unpack_from("<III", b, 40)
    if field in ("first", "count"):
        struct.pack_into("<I", b, HEAD + OBJ + (52 if field == "first" else 56), value)
        return 1
    ents = HEAD + nobjs * OBJ + ((names_size + 7) & ~7)
    for k in range(nent):
        at = ents + k * ENT
        ref, sym, dfn = struct.unpack_from("<III", b, at)
        if field == "ref":
            ref = value
        elif field == "sym":
            sym = value
        else:
            dfn = value << 2 | (dfn & 3)
        struct.pack_into("<III", b, at, ref, sym, dfn)
    return nent


def main(argv):
    if len(argv) >= 1 and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) == 5 and argv[0] == "retarget":
        b = bytearray(open(argv[1], "rb").read())
        n = retarget(b, argv[2], int(argv[3]), int(argv[4]))
    elif len(argv) == 4 and argv[0] == "mangle":
        b = bytearray(open(argv[1], "rb").read())
        n = mangle(b, argv[2], int(argv[3], 0))
    elif len(argv) == 2 and argv[0] == "loader":
        b = bytearray(open(argv[1], "rb").read())
        b[24] ^= 0x80
        n = 1
    else:
        sys.stderr.write(__doc__)
        return 2
    seal(b)
    open(argv[1], "wb").write(b)
    print(n)
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
