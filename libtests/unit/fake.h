/* A small in-memory "shared object" for hostile-input tests: a mapping that
   ends right before a PROT_NONE page, a dynamic section at its start and
   hand-built tables.  fake_valid() lays out a well-formed object that the
   tests then damage one field at a time. */
#ifndef UNIT_FAKE_H
#define UNIT_FAKE_H

#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "support.h"

#define FAKE_SIZE	0x4000
#define OFF_DYN		0x0000
#define OFF_STR		0x0400
#define OFF_SYM		0x0800
#define OFF_GNU		0x1000
#define OFF_SYSV	0x1400
#define OFF_VERSYM	0x1800
#define OFF_RELA	0x1900
#define OFF_RELR	0x1a00
#define OFF_ARR		0x1b00
#define OFF_VERDEF	0x1c00
#define OFF_VERNEED	0x1d00
#define FAKE_NSYMS	3

struct fake {
	unsigned char *mem;
	struct dso *d;
	int ndyn;
	size_t strsz;
	uint32_t s_soname, s_alpha, s_beta, s_v1, s_libc, s_glibc, s_rpath;
};

static inline void fake_dyn(struct fake *f, int64_t tag, uint64_t val)
{
	Elf64_Dyn *dyn = (Elf64_Dyn *)(f->mem + OFF_DYN);
	dyn[f->ndyn].d_tag = tag;
	dyn[f->ndyn].d_un.d_val = val;
	f->ndyn++;
	dyn[f->ndyn].d_tag = DT_NULL;
	dyn[f->ndyn].d_un.d_val = 0;
}

/* set the value of the first entry with this tag (adding it if absent) */
static inline void fake_set(struct fake *f, int64_t tag, uint64_t val)
{
	Elf64_Dyn *dyn = (Elf64_Dyn *)(f->mem + OFF_DYN);
	for (int i = 0; i < f->ndyn; i++)
		if (dyn[i].d_tag == tag) {
			dyn[i].d_un.d_val = val;
			return;
		}
	fake_dyn(f, tag, val);
}

static inline void fake_remove(struct fake *f, int64_t tag)
{
	Elf64_Dyn *dyn = (Elf64_Dyn *)(f->mem + OFF_DYN);
	for (int i = 0; i < f->ndyn; i++)
		if (dyn[i].d_tag == tag) {
			memmove(&dyn[i], &dyn[i + 1], (f->ndyn - i) * sizeof *dyn);
			f->ndyn--;
			i--;
		}
}

static inline uint32_t fake_str(struct fake *f, const char *s)
{
	uint32_t off = f->strsz;
	memcpy(f->mem + OFF_STR + off, s, strlen(s) + 1);
	f->strsz += strlen(s) + 1;
	return off;
}

/* when set, fake_init reuses this mapping instead of making a new one */
static unsigned char *fake_pool;

static inline void fake_init(struct fake *f)
{
	memset(f, 0, sizeof *f);
	f->mem = fake_pool ? fake_pool : tl_guarded(FAKE_SIZE);
	memset(f->mem, 0, FAKE_SIZE);
	f->d = calloc(1, sizeof *f->d);
	f->d->base = f->d->map_start = (uintptr_t)f->mem;
	f->d->map_end = (uintptr_t)f->mem + FAKE_SIZE;
	f->d->map_len = FAKE_SIZE;
	f->d->dynamic = (Elf64_Dyn *)(f->mem + OFF_DYN);
	f->d->name = "/fake/libfake.so";
	f->d->kind = DSO_LIB;
	((Elf64_Dyn *)(f->mem + OFF_DYN))[0].d_tag = DT_NULL;
}

static inline void fake_free(struct fake *f)
{
	free(f->d->versions);
	free(f->d);
	if (f->mem != fake_pool)
		tl_guard_free(f->mem, FAKE_SIZE);
}

/* forget what a previous decode stored (the dso is decoded again) */
static inline void fake_reset_dso(struct fake *f)
{
	memset(f->d, 0, sizeof *f->d);
	f->d->base = f->d->map_start = (uintptr_t)f->mem;
	f->d->map_end = (uintptr_t)f->mem + FAKE_SIZE;
	f->d->map_len = FAKE_SIZE;
	f->d->dynamic = (Elf64_Dyn *)(f->mem + OFF_DYN);
	f->d->name = "/fake/libfake.so";
	f->d->kind = DSO_LIB;
}

static inline void fake_sym(struct fake *f, unsigned i, uint32_t name, unsigned type, uint64_t value)
{
	Elf64_Sym *s = (Elf64_Sym *)(f->mem + OFF_SYM) + i;
	s->st_name = name;
	s->st_info = ELF64_ST_INFO(STB_GLOBAL, type);
	s->st_shndx = 7;
	s->st_value = value;
	s->st_size = 8;
}

/* Symbols 1 "alpha" (V1) and 2 "beta" (base version), a GNU hash table
   (1 bucket, bias 1, 1 bloom word), a SysV hash table, version definitions
   (libfake.so base, V1 = index 2), a requirement (libc.so.6 GLIBC_2.2.5 =
   index 3), RELA/RELR/init arrays, SONAME and RUNPATH. */
static inline void fake_valid(struct fake *f)
{
	fake_init(f);
	fake_str(f, "");
	f->s_soname = fake_str(f, "libfake.so");
	f->s_alpha = fake_str(f, "alpha");
	f->s_beta = fake_str(f, "beta");
	f->s_v1 = fake_str(f, "V1");
	f->s_libc = fake_str(f, "libc.so.6");
	f->s_glibc = fake_str(f, "GLIBC_2.2.5");
	f->s_rpath = fake_str(f, "/rp:$ORIGIN");

	fake_sym(f, 1, f->s_alpha, STT_FUNC, 0x2000);
	fake_sym(f, 2, f->s_beta, STT_OBJECT, 0x2100);

	uint32_t ha = ref_gnu_hash((const unsigned char *)"alpha");
	uint32_t hb = ref_gnu_hash((const unsigned char *)"beta");
	uint32_t *g = (uint32_t *)(f->mem + OFF_GNU);
	g[0] = 1;		/* nbuckets */
	g[1] = 1;		/* symoffset */
	g[2] = 1;		/* bloom words */
	g[3] = 6;		/* bloom shift */
	uint64_t *bloom = (uint64_t *)(g + 4);
	bloom[0] = (1ULL << (ha % 64)) | (1ULL << ((ha >> 6) % 64)) |
		   (1ULL << (hb % 64)) | (1ULL << ((hb >> 6) % 64));
	uint32_t *buckets = (uint32_t *)(bloom + 1);
	buckets[0] = 1;
	uint32_t *chain = buckets + 1;	/* chain[k] is for symbol 1 + k */
	chain[0] = ha & ~1u;
	chain[1] = hb | 1;

	uint32_t *h = (uint32_t *)(f->mem + OFF_SYSV);
	h[0] = 1;		/* nbucket */
	h[1] = FAKE_NSYMS;	/* nchain */
	h[2] = 2;		/* bucket[0] -> 2 -> 1 -> 0 */
	h[3 + 0] = 0;
	h[3 + 1] = 0;
	h[3 + 2] = 1;

	uint16_t *vs = (uint16_t *)(f->mem + OFF_VERSYM);
	vs[0] = 0;
	vs[1] = 2;
	vs[2] = 1;

	Elf64_Verdef *vd0 = (Elf64_Verdef *)(f->mem + OFF_VERDEF);
	Elf64_Verdaux *va0 = (Elf64_Verdaux *)(vd0 + 1);
	Elf64_Verdef *vd1 = (Elf64_Verdef *)(va0 + 1);
	Elf64_Verdaux *va1 = (Elf64_Verdaux *)(vd1 + 1);
	*vd0 = (Elf64_Verdef){ .vd_version = 1, .vd_flags = VER_FLG_BASE, .vd_ndx = 1, .vd_cnt = 1,
			       .vd_hash = ref_elf_hash((const unsigned char *)"libfake.so"),
			       .vd_aux = sizeof *vd0, .vd_next = sizeof *vd0 + sizeof *va0 };
	*va0 = (Elf64_Verdaux){ .vda_name = f->s_soname };
	*vd1 = (Elf64_Verdef){ .vd_version = 1, .vd_ndx = 2, .vd_cnt = 1,
			       .vd_hash = ref_elf_hash((const unsigned char *)"V1"),
			       .vd_aux = sizeof *vd1, .vd_next = 0 };
	*va1 = (Elf64_Verdaux){ .vda_name = f->s_v1 };

	Elf64_Verneed *vn = (Elf64_Verneed *)(f->mem + OFF_VERNEED);
	Elf64_Vernaux *na = (Elf64_Vernaux *)(vn + 1);
	*vn = (Elf64_Verneed){ .vn_version = 1, .vn_cnt = 1, .vn_file = f->s_libc,
			       .vn_aux = sizeof *vn, .vn_next = 0 };
	*na = (Elf64_Vernaux){ .vna_hash = ref_elf_hash((const unsigned char *)"GLIBC_2.2.5"),
			       .vna_flags = 0, .vna_other = 3, .vna_name = f->s_glibc, .vna_next = 0 };

	fake_dyn(f, DT_SONAME, f->s_soname);
	fake_dyn(f, DT_RUNPATH, f->s_rpath);
	fake_dyn(f, DT_STRTAB, OFF_STR);
	fake_dyn(f, DT_STRSZ, f->strsz);
	fake_dyn(f, DT_SYMTAB, OFF_SYM);
	fake_dyn(f, DT_SYMENT, sizeof(Elf64_Sym));
	fake_dyn(f, DT_GNU_HASH, OFF_GNU);
	fake_dyn(f, DT_HASH, OFF_SYSV);
	fake_dyn(f, DT_VERSYM, OFF_VERSYM);
	fake_dyn(f, DT_VERDEF, OFF_VERDEF);
	fake_dyn(f, DT_VERDEFNUM, 2);
	fake_dyn(f, DT_VERNEED, OFF_VERNEED);
	fake_dyn(f, DT_VERNEEDNUM, 1);
	fake_dyn(f, DT_RELA, OFF_RELA);
	fake_dyn(f, DT_RELASZ, 2 * sizeof(Elf64_Rela));
	fake_dyn(f, DT_RELAENT, sizeof(Elf64_Rela));
	fake_dyn(f, DT_RELR, OFF_RELR);
	fake_dyn(f, DT_RELRSZ, 16);
	fake_dyn(f, DT_RELRENT, 8);
	fake_dyn(f, DT_INIT_ARRAY, OFF_ARR);
	fake_dyn(f, DT_INIT_ARRAYSZ, 16);
	fake_dyn(f, DT_FINI_ARRAY, OFF_ARR + 16);
	fake_dyn(f, DT_FINI_ARRAYSZ, 8);
	fake_dyn(f, DT_FLAGS, DF_BIND_NOW);
}

#endif
