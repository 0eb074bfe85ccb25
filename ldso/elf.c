/* Checks on untrusted ELF input and one-time decoding of the dynamic section.
   Every pointer taken from the file is bounds-checked against the mapping. */
#include "ldso.h"
#include "elf_machines.h"

/* glibc's texts (dl-load.c open_verify) where glibc has the same check */
const char *elf_check_header(const Elf64_Ehdr *eh, size_t file_size, int allow_exec)
{
	if (file_size < sizeof *eh)
		return "file too short";
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return "invalid ELF header";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return eh->e_ident[EI_CLASS] == ELFCLASS32 ? "wrong ELF class: ELFCLASS32"
							  : "invalid ELF class";
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "ELF file data encoding not little-endian";
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return "ELF file version ident does not match current one";
	/* as glibc: SYSV or GNU OS ABI, a known ABI version, zero padding */
	if (eh->e_ident[EI_OSABI] != ELFOSABI_SYSV && eh->e_ident[EI_OSABI] != ELFOSABI_GNU)
		return "ELF file OS ABI invalid";
	if (eh->e_ident[EI_ABIVERSION] > (eh->e_ident[EI_OSABI] == ELFOSABI_GNU ? 3 : 0))
		return "ELF file ABI version invalid";
	for (int i = EI_PAD; i < EI_NIDENT; i++)
		if (eh->e_ident[i])
			return "nonzero padding in e_ident";
	if (eh->e_version != EV_CURRENT)
		return "ELF file version does not match current one";
	if (eh->e_machine != ARCH_EM)
		return "wrong machine (not " ARCH_NAME ")";
	/* glibc's words (open_verify, _dl_map_object_from_fd) */
	if (eh->e_type != ET_DYN && eh->e_type != ET_EXEC)
		return "only ET_DYN and ET_EXEC can be loaded";
	if (eh->e_type == ET_EXEC && !allow_exec)
		return "cannot dynamically load executable";
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return "ELF file's phentsize not the expected size";
	if (eh->e_phnum == 0 || eh->e_phnum == 0xffff)
		return "no program headers";
	if (eh->e_phoff & 7)
		return "misaligned program headers";
	if (eh->e_phoff > file_size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > file_size - eh->e_phoff)
		return "file too short (program headers truncated)";
	return 0;
}

/* a field of an ELF header of either byte order; 0 if it is not inside the n bytes */
static uint64_t hdr_field(const unsigned char *b, size_t n, size_t off, unsigned size, int msb)
{
	uint64_t v = 0;
	if (off > n || size > n - off)
		return 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)b[off + i] << 8 * (msb ? size - 1 - i : i);
	return v;
}

/* a PT_INTERP among the program headers inside the n bytes: an ET_DYN with one is a PIE */
static int hdr_has_interp(const unsigned char *b, size_t n, int is64, int msb)
{
	uint64_t off = hdr_field(b, n, is64 ? 32 : 28, is64 ? 8 : 4, msb);
	unsigned ent = hdr_field(b, n, is64 ? 54 : 42, 2, msb);
	unsigned num = hdr_field(b, n, is64 ? 56 : 44, 2, msb);
	if (!off || off >= n || ent < 4)
		return 0;
	for (unsigned i = 0; i < num && (uint64_t)i * ent < n - off; i++)
		if (hdr_field(b, n, off + (uint64_t)i * ent, 4, msb) == PT_INTERP)
			return 1;
	return 0;
}

static const char *type_phrase(unsigned type, int interp)
{
	switch (type) {
	case ET_REL: return "relocatable object (ET_REL)";
	case ET_EXEC: return "executable";
	case ET_DYN: return interp ? "PIE executable" : "shared object";
	case ET_CORE: return "core file (ET_CORE)";
	}
	return "file of an unknown type";
}

/* What the first n bytes of a file say it is, in one phrase for an error
   ("ELFCLASS32 <machine> executable", "ELFCLASS64 big-endian <machine> core
   file (ET_CORE)"), of any class, byte order or machine; 0 if they are not an
   ELF header with a valid class and byte order. */
const char *elf_describe(const unsigned char *b, size_t n, char *out, size_t cap)
{
	if (n < 20 || memcmp(b, ELFMAG, SELFMAG))
		return 0;
	int is64 = b[EI_CLASS] == ELFCLASS64, msb = b[EI_DATA] == ELFDATA2MSB;
	if ((!is64 && b[EI_CLASS] != ELFCLASS32) || (!msb && b[EI_DATA] != ELFDATA2LSB))
		return 0;
	unsigned type = hdr_field(b, n, 16, 2, msb), em = hdr_field(b, n, 18, 2, msb);
	const char *kind = type_phrase(type, type == ET_DYN && hdr_has_interp(b, n, is64, msb));
	const char *mach = arch_elf_machine_name(em, is64);
	char num[24];
	if (!mach)
		rt_snprintf(num, sizeof num, "machine %u", em), mach = num;
	rt_snprintf(out, cap, "ELFCLASS%d %s%s %s", is64 ? 64 : 32, msb ? "big-endian " : "",
		    mach, kind);
	return out;
}

const char *elf_check_phdrs(const Elf64_Phdr *ph, unsigned phnum, size_t file_size, size_t pagesize)
{
	uint64_t last_end = 0;
	int nload = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD) {
			if ((p->p_type == PT_DYNAMIC || p->p_type == PT_TLS ||
			     p->p_type == PT_INTERP) &&
			    (p->p_filesz > p->p_memsz || p->p_offset > file_size ||
			     p->p_filesz > file_size - p->p_offset))
				return "segment outside the file";
			if (p->p_type == PT_TLS && p->p_align & (p->p_align - 1))
				return "invalid TLS alignment";
			continue;
		}
		if (p->p_filesz > p->p_memsz)
			return "segment file size exceeds memory size";
		if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
			return "file too short (segment beyond end of file)";
		if (p->p_align > 1 && (p->p_align & (p->p_align - 1)))
			return "segment alignment is not a power of two";
		if ((p->p_vaddr - p->p_offset) & (pagesize - 1))
			return "segment address and file offset disagree modulo the page size";
		if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_vaddr + p->p_memsz > (1ULL << 47))
			return "segment outside the address space";
		if (nload && p->p_vaddr < last_end)
			return "segments overlap or are not in ascending order";
		last_end = p->p_vaddr + p->p_memsz;
		nload++;
	}
	return nload ? 0 : "no loadable segments";
}

static size_t gnu_hash_nsyms(const struct dso *d)
{
	/* symbols are sorted by bucket, so the last non-empty bucket starts
	   the last chain */
	uint32_t last = 0;
	for (uint32_t i = d->gnu_nbuckets; i-- > 0 && !last;)
		last = d->gnu_buckets[i];
	if (last < d->gnu_symbias)
		return d->gnu_symbias;
	const uint32_t *c = d->gnu_chain + last;
	for (;;) {
		if (!dso_addr_ok(d, (uintptr_t)c, 4))
			return 0;
		last++;
		if (*c++ & 1)
			return last;
	}
}

#define PTR(tag_val) (d->base + (tag_val))

/* PT_TLS and PT_GNU_RELRO.  The TLS image must be readable memory of the
   object; sizes and alignments no allocation can meet are refused up front
   (glibc fails later with the same words, or crashes on the arithmetic). */
static const char *check_segments(const struct dso *d)
{
	/* mprotect'ed read-only after relocation: never memory of another object */
	if (d->relro_end < d->relro_start || (d->relro_end > d->relro_start &&
	    (d->relro_start < d->map_start || d->relro_end > d->map_end)))
		return "RELRO segment outside the mapping";
	if (!d->tls_memsz)
		return 0;
	if (d->tls_filesz > d->tls_memsz || (d->tls_align & (d->tls_align - 1)))
		return "invalid TLS segment";
	/* every thread gets a copy: past 1 GiB no process is served (glibc says the
	   same words, or crashes on the arithmetic, or zeroes gigabytes per thread) */
	if (d->tls_memsz > (1ULL << 30) || d->tls_align > (1ULL << 30))
		return "cannot allocate memory for thread-local data";
	if (d->tls_filesz && !dso_addr_ok(d, (uintptr_t)d->tls_image, d->tls_filesz))
		return "TLS image outside the mapping";
	return 0;
}

/* the dynamic section is written (d_ptr rebased, like glibc) only where the
   mapping really is writable, whatever PT_DYNAMIC's flags say */
static int dyn_writable(const struct dso *d, const Elf64_Dyn *end)
{
	uintptr_t a = (uintptr_t)d->dynamic, len = (uintptr_t)end - a;
	for (unsigned i = 0; i < d->nsegs; i++)
		if (a >= d->seg[i].start && a <= d->seg[i].end && len <= d->seg[i].end - a)
			return d->seg[i].writable;
	return !d->segs_known;
}

/* what the dynamic section says that is checked before it lands in the dso */
struct dyn_raw {
	uintptr_t strtab, symtab, hash, gnuhash, versym;
	size_t relaent, syment, pltrel;
	size_t soname, rpath, runpath;
};

/* the table may not run out of the segment that holds it */
static const Elf64_Dyn *dyn_last(const struct dso *d)
{
	const Elf64_Dyn *last = (const Elf64_Dyn *)d->map_end - 1;
	for (unsigned i = 0; i < d->nsegs; i++)
		if ((uintptr_t)d->dynamic >= d->seg[i].start &&
		    (uintptr_t)d->dynamic < d->seg[i].end)
			last = (const Elf64_Dyn *)d->seg[i].end - 1;
	return last;
}

/* one entry into the dso or into r; 1 at DT_NULL, -1 for REL relocations */
static int dyn_entry(struct dso *d, struct dyn_raw *r, const Elf64_Dyn *dyn)
{
	uint64_t v = dyn->d_un.d_val;
	switch (dyn->d_tag) {
	case DT_NULL: return 1;
	case DT_STRTAB: r->strtab = PTR(v); break;
	case DT_STRSZ: d->strings_size = v; break;
	case DT_SYMTAB: r->symtab = PTR(v); break;
	case DT_SYMENT: r->syment = v; break;
	case DT_HASH: r->hash = PTR(v); break;
	case DT_GNU_HASH: r->gnuhash = PTR(v); break;
	case DT_VERSYM: r->versym = PTR(v); break;
	case DT_VERDEF: d->verdef = (const void *)PTR(v); break;
	case DT_VERDEFNUM: d->verdefnum = v; break;
	case DT_VERNEED: d->verneed = (const void *)PTR(v); break;
	case DT_VERNEEDNUM: d->verneednum = v; break;
	case DT_RELA: d->rela = (const void *)PTR(v); break;
	case DT_RELASZ: d->rela_size = v; break;
	case DT_RELACOUNT: d->relacount = v; break;
	case DT_RELAENT: r->relaent = v; break;
	case DT_RELR: d->relr = (const void *)PTR(v); break;
	case DT_RELRSZ: d->relr_size = v; break;
	case DT_JMPREL: d->jmprel = (const void *)PTR(v); break;
	case DT_PLTGOT: d->pltgot = (uint64_t *)PTR(v); break;
	case DT_PLTRELSZ: d->jmprel_size = v; break;
	case DT_PLTREL: r->pltrel = v; break;
	case DT_REL: case DT_RELSZ: return -1;
	case DT_INIT: d->init = PTR(v); break;
	case DT_FINI: d->fini = PTR(v); break;
	case DT_INIT_ARRAY: d->init_array = (const void *)PTR(v); break;
	case DT_INIT_ARRAYSZ: d->init_count = v / sizeof(uintptr_t); break;
	case DT_FINI_ARRAY: d->fini_array = (const void *)PTR(v); break;
	case DT_FINI_ARRAYSZ: d->fini_count = v / sizeof(uintptr_t); break;
	case DT_PREINIT_ARRAY: d->preinit_array = (const void *)PTR(v); break;
	case DT_PREINIT_ARRAYSZ: d->preinit_count = v / sizeof(uintptr_t); break;
	case DT_SONAME: r->soname = v; break;
	case DT_RPATH: r->rpath = v; break;
	case DT_RUNPATH: r->runpath = v; break;
	case DT_FLAGS:
		d->flags = v;
		if (v & DF_TEXTREL)
			d->textrel = 1;
		break;
	case DT_FLAGS_1: d->flags_1 = v; break;
	case DT_TEXTREL: d->textrel = 1; break;
	case DT_SYMBOLIC: d->flags |= DF_SYMBOLIC; break;
	case DT_BIND_NOW: d->flags |= DF_BIND_NOW; break;
	}
	return 0;
}

/* walks the table up to DT_NULL, which must lie inside its segment */
static const char *read_dynamic(struct dso *d, struct dyn_raw *r)
{
	const Elf64_Dyn *dyn = d->dynamic, *last = dyn_last(d);
	for (;; dyn++) {
		if (dyn > last)
			return "dynamic section runs past the mapping";
		int end = dyn_entry(d, r, dyn);
		if (end < 0)
			return "REL relocations are not used on " ARCH_NAME;
		if (end)
			break;
	}
	/* glibc walks a table while r < start + size: a partial last entry counts
	   (sizes past the address space are refused by the range checks below) */
	if (d->rela_size < (1ULL << 47))
		d->rela_size = (d->rela_size + 23) / 24 * 24;	/* 24: sizeof(Elf64_Rela) */
	if (d->jmprel_size < (1ULL << 47))
		d->jmprel_size = (d->jmprel_size + 23) / 24 * 24;
	if (!dyn_writable(d, dyn + 1))
		d->dyn_readonly = 1;
	if (r->syment != sizeof(Elf64_Sym) || r->relaent != sizeof(Elf64_Rela) ||
	    r->pltrel != DT_RELA)
		return "unsupported dynamic table entry sizes";
	return 0;
}

static const char *decode_strings(struct dso *d, const struct dyn_raw *r)
{
	if (!r->strtab) {
		d->strings_size = 0;	/* a size without a table is nothing */
		return 0;
	}
	if (!d->strings_size || !dso_addr_ok(d, r->strtab, d->strings_size))
		return "string table outside the mapping";
	d->strings = (const char *)r->strtab;
	if (d->strings[d->strings_size - 1])
		return "string table is not terminated";
	return 0;
}

static const char *decode_gnu_hash(struct dso *d, uintptr_t gnuhash)
{
	const uint32_t *h = (const uint32_t *)gnuhash;
	if (!dso_addr_ok(d, gnuhash, 16))
		return "GNU hash table outside the mapping";
	uint32_t nb = h[0], bloom = h[2];
	if (!nb || !bloom || (bloom & (bloom - 1)) || h[3] >= 32 ||
	    !dso_addr_ok(d, gnuhash + 16, (size_t)bloom * 8 + (size_t)nb * 4))
		return "corrupt GNU hash table";
	d->gnu_nbuckets = nb;
	d->gnu_symbias = h[1];
	d->gnu_bloom_mask = bloom - 1;
	d->gnu_shift = h[3];
	d->gnu_bloom = (const uint64_t *)(h + 4);
	d->gnu_buckets = (const uint32_t *)(d->gnu_bloom + bloom);
	d->gnu_chain = d->gnu_buckets + nb - d->gnu_symbias;
	d->nsyms = gnu_hash_nsyms(d);
	if (!d->nsyms)
		return "corrupt GNU hash chain";
	return 0;
}

/* the hash tables give the symbol count the symbol and version tables are checked by */
static const char *decode_symbols(struct dso *d, const struct dyn_raw *r)
{
	const char *why = r->gnuhash ? decode_gnu_hash(d, r->gnuhash) : 0;
	if (why)
		return why;
	if (r->hash) {
		const uint32_t *h = (const uint32_t *)r->hash;
		if (!dso_addr_ok(d, r->hash, 8) ||
		    !dso_addr_ok(d, r->hash + 8, ((size_t)h[0] + h[1]) * 4) || !h[0])
			return "corrupt SysV hash table";
		d->sysv_hash = h;
		d->nsyms = h[1];
	}
	if (!r->symtab && d->nsyms)
		return "hash table without a symbol table";
	if (r->symtab) {
		/* no hash table, or a GNU table that hashes nothing (ld then leaves
		   symoffset at 1): the linker puts .dynstr right after .dynsym */
		uintptr_t strtab = r->strtab, symtab = r->symtab;
		if ((!d->nsyms || (!d->sysv_hash && d->nsyms == d->gnu_symbias)) &&
		    strtab > symtab && (strtab - symtab) / sizeof(Elf64_Sym) > d->nsyms)
			d->nsyms = (strtab - symtab) / sizeof(Elf64_Sym);
		if (!dso_addr_ok(d, symtab, d->nsyms * sizeof(Elf64_Sym)))
			return "symbol table outside the mapping";
		d->syms = (const Elf64_Sym *)symtab;
	}
	if (r->versym) {
		if (!dso_addr_ok(d, r->versym, d->nsyms * 2))
			return "version table outside the mapping";
		d->versym = (const uint16_t *)r->versym;
	}
	return 0;
}

/* a table present is inside the mapping */
static int table_ok(const struct dso *d, const void *p, size_t size)
{
	return !p || dso_addr_ok(d, (uintptr_t)p, size);
}

static const char *check_tables(struct dso *d)
{
	if (!table_ok(d, d->rela, d->rela_size) || !table_ok(d, d->relr, d->relr_size) ||
	    !table_ok(d, d->jmprel, d->jmprel_size) || !table_ok(d, d->pltgot, 3 * 8) ||
	    !table_ok(d, d->init_array, d->init_count * 8) ||
	    !table_ok(d, d->fini_array, d->fini_count * 8) ||
	    !table_ok(d, d->preinit_array, d->preinit_count * 8))
		return "relocation or init table outside the mapping";
	/* a size without its array is nothing; code addresses lie in the object */
	if (!d->init_array)
		d->init_count = 0;
	if (!d->fini_array)
		d->fini_count = 0;
	if (!d->preinit_array)
		d->preinit_count = 0;
	if ((d->init && (d->init < d->map_start || d->init >= d->map_end)) ||
	    (d->fini && (d->fini < d->map_start || d->fini >= d->map_end)))
		return "DT_INIT or DT_FINI outside the mapping";
	return 0;
}

static const char *decode_names(struct dso *d, const struct dyn_raw *r)
{
	const size_t none = (size_t)-1;
	if (!d->strings && (r->soname != none || r->rpath != none || r->runpath != none))
		return "dynamic strings without a string table";
	if (r->soname != none && r->soname < d->strings_size)
		d->soname = d->strings + r->soname;
	if (r->rpath != none && r->rpath < d->strings_size)
		d->rpath = d->strings + r->rpath;
	if (r->runpath != none && r->runpath < d->strings_size)
		d->runpath = d->strings + r->runpath;
	return 0;
}

const char *dso_decode_dynamic(struct dso *d)
{
	struct dyn_raw r = {
		.relaent = sizeof(Elf64_Rela), .syment = sizeof(Elf64_Sym), .pltrel = DT_RELA,
		.soname = (size_t)-1, .rpath = (size_t)-1, .runpath = (size_t)-1,
	};
	const char *why = check_segments(d);
	if (why)
		return why;
	/* handed to unwinders by _dl_find_object: outside the object it is absent */
	if (d->eh_frame && !dso_addr_ok(d, d->eh_frame, 4))
		d->eh_frame = 0;
	if (!d->dynamic)
		return 0;
	if (((uintptr_t)d->dynamic & 7) ||
	    !dso_addr_ok(d, (uintptr_t)d->dynamic, sizeof(Elf64_Dyn)))
		return "dynamic section outside the mapping";
	if ((why = read_dynamic(d, &r)) || (why = decode_strings(d, &r)))
		return why;
	/* every table is read as words: misaligned means corrupt */
	if ((r.symtab | r.gnuhash | (uintptr_t)d->rela | (uintptr_t)d->relr |
	     (uintptr_t)d->jmprel | (uintptr_t)d->init_array | (uintptr_t)d->fini_array |
	     (uintptr_t)d->preinit_array | (uintptr_t)d->pltgot) & 7 ||
	    (r.hash & 3) || (r.versym & 1))
		return "misaligned dynamic table";
	if ((why = decode_symbols(d, &r)) || (why = check_tables(d)))
		return why;
	return decode_names(d, &r);
}
