# patch-stack.py FILE zero|none: set PT_GNU_STACK's p_flags to 0, or turn
# the header into PT_NULL (an object with no PT_GNU_STACK).  ELF64 LE only.
import struct, sys
path, how = sys.argv[1], sys.argv[2]
with open(path, 'r+b') as f:
    eh = f.read(64)
    phoff, = struct.unpack_from('<Q', eh, 32)
    phentsize, phnum = struct.unpack_from('<HH', eh, 54)
    for i in range(phnum):
        at = phoff + i * phentsize
        f.seek(at)
        p_type, = struct.unpack('<I', f.read(4))
        if p_type == 0x6474e551:			# PT_GNU_STACK
            f.seek(at if how == 'none' else at + 4)	# p_type, or p_flags
            f.write(struct.pack('<I', 0))
            break
    else:
        sys.exit(path + ': no PT_GNU_STACK')
