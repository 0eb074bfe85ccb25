/* dso_decode_dynamic: (a) real objects mapped like a loader maps them, with
   every decoded field compared against the section headers (read by
   testlib's own ELF reader) and readelf; (b) hostile dynamic sections, which
   must produce an error string and never a crash (Check runs each test in a
   child, so a fault shows up as an error). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"
#include "fake.h"

/* ---- (a) real objects ---- */

static const Elf64_Shdr *sect(const struct tl_elf *e, const char *name, uint32_t type)
{
	const Elf64_Shdr *s = tl_section(e, name);
	return s && s->sh_type == type ? s : 0;
}

static void check_real(const char *path)
{
	struct dso *d = tl_map_dso(path);
	ck_assert_msg(d != 0, "cannot map %s", path);
	const char *err = dso_decode_dynamic(d);
	ck_assert_msg(!err, "%s: %s", path, err);

	struct tl_elf e;
	ck_assert_int_eq(tl_elf_open(&e, path), 0);
	uintptr_t b = d->base;
	char val[512];

	/* symbol count: readelf and the .dynsym section size */
	long n = tl_readelf_nsyms(path);
	ck_assert_msg(n > 0, "readelf --dyn-syms %s", path);
	ck_assert_uint_eq(d->nsyms, (size_t)n);
	ck_assert_uint_eq(d->nsyms, e.ndynsym);

	const Elf64_Shdr *ds = tl_section_type(&e, SHT_DYNSYM);
	ck_assert_ptr_eq(d->syms, (void *)(b + ds->sh_addr));
	const Elf64_Shdr *ss = &e.sh[ds->sh_link];
	ck_assert_ptr_eq(d->strings, (void *)(b + ss->sh_addr));
	ck_assert_uint_eq(d->strings_size, ss->sh_size);

	if (tl_readelf_dyn(path, "SONAME", val, sizeof val)) {
		ck_assert_ptr_nonnull(d->soname);
		ck_assert_str_eq(d->soname, val);
	} else
		ck_assert_ptr_null(d->soname);
	if (tl_readelf_dyn(path, "RUNPATH", val, sizeof val))
		ck_assert_str_eq(d->runpath, val);
	else
		ck_assert_ptr_null(d->runpath);
	if (tl_readelf_dyn(path, "RPATH", val, sizeof val))
		ck_assert_str_eq(d->rpath, val);
	else
		ck_assert_ptr_null(d->rpath);

	const Elf64_Shdr *gh = tl_section_type(&e, SHT_GNU_HASH);
	if (gh) {
		const uint32_t *h = tl_at(&e, gh->sh_offset, 16);
		ck_assert_ptr_nonnull(d->gnu_buckets);
		ck_assert_uint_eq(d->gnu_nbuckets, h[0]);
		ck_assert_uint_eq(d->gnu_symbias, h[1]);
		ck_assert_uint_eq(d->gnu_bloom_mask, h[2] - 1);
		ck_assert_uint_eq(d->gnu_shift, h[3]);
		ck_assert_ptr_eq(d->gnu_bloom, (void *)(b + gh->sh_addr + 16));
		ck_assert_ptr_eq(d->gnu_buckets, (void *)(b + gh->sh_addr + 16 + 8 * (uint64_t)h[2]));
		ck_assert_int_eq(tl_readelf_dyn(path, "GNU_HASH", val, sizeof val), 1);
	} else {
		ck_assert_ptr_null(d->gnu_buckets);
		ck_assert_int_eq(tl_readelf_dyn(path, "GNU_HASH", val, sizeof val), 0);
	}
	const Elf64_Shdr *hs = tl_section_type(&e, SHT_HASH);
	if (hs)
		ck_assert_ptr_eq(d->sysv_hash, (void *)(b + hs->sh_addr));
	else
		ck_assert_ptr_null(d->sysv_hash);

	const Elf64_Shdr *vs = tl_section_type(&e, SHT_GNU_versym);
	if (vs) {
		ck_assert_ptr_eq(d->versym, (void *)(b + vs->sh_addr));
		ck_assert_uint_eq(vs->sh_size / 2, d->nsyms);
	} else
		ck_assert_ptr_null(d->versym);
	/* for version sections sh_info is the number of entries */
	const Elf64_Shdr *vd = tl_section_type(&e, SHT_GNU_verdef);
	if (vd) {
		ck_assert_ptr_eq(d->verdef, (void *)(b + vd->sh_addr));
		ck_assert_uint_eq(d->verdefnum, vd->sh_info);
	} else
		ck_assert_ptr_null(d->verdef);
	const Elf64_Shdr *vn = tl_section_type(&e, SHT_GNU_verneed);
	if (vn) {
		ck_assert_ptr_eq(d->verneed, (void *)(b + vn->sh_addr));
		ck_assert_uint_eq(d->verneednum, vn->sh_info);
	} else
		ck_assert_ptr_null(d->verneed);

	const Elf64_Shdr *rr = tl_section(&e, ".relr.dyn");
	if (rr && rr->sh_size) {
		ck_assert_ptr_eq(d->relr, (void *)(b + rr->sh_addr));
		ck_assert_uint_eq(d->relr_size, rr->sh_size);
		ck_assert_int_eq(tl_readelf_dyn(path, "RELR", val, sizeof val), 1);
	} else
		ck_assert_ptr_null(d->relr);
	const Elf64_Shdr *ra = sect(&e, ".rela.dyn", SHT_RELA);
	if (ra && ra->sh_size) {
		ck_assert_ptr_eq(d->rela, (void *)(b + ra->sh_addr));
		ck_assert_uint_eq(d->rela_size, ra->sh_size);
	} else
		ck_assert_ptr_null(d->rela);
	const Elf64_Shdr *rp = sect(&e, ".rela.plt", SHT_RELA);
	if (rp && rp->sh_size) {
		ck_assert_ptr_eq(d->jmprel, (void *)(b + rp->sh_addr));
		ck_assert_uint_eq(d->jmprel_size, rp->sh_size);
	} else
		ck_assert_ptr_null(d->jmprel);

	const Elf64_Shdr *ia = sect(&e, ".init_array", SHT_INIT_ARRAY);
	if (ia) {
		ck_assert_ptr_eq(d->init_array, (void *)(b + ia->sh_addr));
		ck_assert_uint_eq(d->init_count, ia->sh_size / 8);
	} else
		ck_assert_ptr_null(d->init_array);
	const Elf64_Shdr *fa = sect(&e, ".fini_array", SHT_FINI_ARRAY);
	if (fa) {
		ck_assert_ptr_eq(d->fini_array, (void *)(b + fa->sh_addr));
		ck_assert_uint_eq(d->fini_count, fa->sh_size / 8);
	} else
		ck_assert_ptr_null(d->fini_array);
	const Elf64_Shdr *in = sect(&e, ".init", SHT_PROGBITS);
	ck_assert_uint_eq(d->init, in ? b + in->sh_addr : 0);
	const Elf64_Shdr *fi = sect(&e, ".fini", SHT_PROGBITS);
	ck_assert_uint_eq(d->fini, fi ? b + fi->sh_addr : 0);

	if (tl_readelf_dyn(path, "PLTGOT", val, sizeof val))
		ck_assert_ptr_eq(d->pltgot, (void *)(b + strtoull(val, 0, 0)));
	else
		ck_assert_ptr_null(d->pltgot);

	/* DT_FLAGS / DT_FLAGS_1 as readelf spells them */
	int has = tl_readelf_dyn(path, "FLAGS", val, sizeof val);
	ck_assert_int_eq(!!(d->flags & DF_BIND_NOW), has && strstr(val, "BIND_NOW") != 0);
	ck_assert_int_eq(!!(d->flags & DF_STATIC_TLS), has && strstr(val, "STATIC_TLS") != 0);
	has = tl_readelf_dyn(path, "FLAGS_1", val, sizeof val);
	ck_assert_int_eq(!!(d->flags_1 & DF_1_NOW), has && strstr(val, "NOW") != 0);
	ck_assert_int_eq(d->textrel, tl_readelf_dyn(path, "TEXTREL", val, sizeof val));

	tl_elf_close(&e);
	tl_unmap_dso(d);
}

START_TEST(real_libm) { check_real(SYS_LIBM); }
END_TEST
START_TEST(real_libc) { check_real(SYS_LIBC); }
END_TEST
START_TEST(real_ldso) { check_real(SYS_LDSO); }
END_TEST
START_TEST(fixture_gnu_only) { check_real(UNIT_FIXTURES "/libvers-gnu.so"); }
END_TEST
START_TEST(fixture_sysv_only) { check_real(UNIT_FIXTURES "/libvers-sysv.so"); }
END_TEST
START_TEST(fixture_both) { check_real(UNIT_FIXTURES "/libvers-both.so"); }
END_TEST
START_TEST(fixture_plain) { check_real(UNIT_FIXTURES "/libplain.so"); }
END_TEST

START_TEST(real_libm_expected_facts)
{
	/* the facts the task statement names, spelled out for libm */
	struct dso *d = tl_map_dso(SYS_LIBM);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(dso_decode_dynamic(d));
	ck_assert_str_eq(d->soname, "libm.so.6");
	ck_assert_ptr_nonnull(d->gnu_buckets);
	ck_assert_ptr_nonnull(d->versym);
	ck_assert_ptr_nonnull(d->relr);
	ck_assert_uint_gt(d->relr_size, 0);
	tl_unmap_dso(d);
}
END_TEST

/* ---- (b) hostile dynamic sections ---- */

static const char *decode(struct fake *f)
{
	fake_reset_dso(f);
	return dso_decode_dynamic(f->d);
}

START_TEST(fake_is_valid)
{
	struct fake f;
	fake_valid(&f);
	const char *e = decode(&f);
	ck_assert_msg(!e, "%s", e);
	struct dso *d = f.d;
	ck_assert_uint_eq(d->nsyms, FAKE_NSYMS);
	ck_assert_str_eq(d->soname, "libfake.so");
	ck_assert_str_eq(d->runpath, "/rp:$ORIGIN");
	ck_assert_ptr_eq(d->syms, f.mem + OFF_SYM);
	ck_assert_uint_eq(d->gnu_nbuckets, 1);
	ck_assert_ptr_eq(d->relr, f.mem + OFF_RELR);
	ck_assert_uint_eq(d->init_count, 2);
	ck_assert_uint_eq(d->fini_count, 1);
	ck_assert(d->flags & DF_BIND_NOW);
	/* and the tables work: both hash styles find both symbols */
	struct sym_query q;
	sym_query_init(&q, "alpha", 0, LOOKUP_RETURN_NEWEST);
	ck_assert_ptr_eq(dso_find_symbol(d, &q), (Elf64_Sym *)(f.mem + OFF_SYM) + 1);
	sym_query_init(&q, "beta", 0, 0);
	ck_assert_ptr_eq(dso_find_symbol(d, &q), (Elf64_Sym *)(f.mem + OFF_SYM) + 2);
	sym_query_init(&q, "gamma", 0, 0);
	ck_assert_ptr_null(dso_find_symbol(d, &q));
	d->gnu_buckets = 0;
	sym_query_init(&q, "alpha", 0, LOOKUP_RETURN_NEWEST);
	ck_assert_ptr_eq(dso_find_symbol(d, &q), (Elf64_Sym *)(f.mem + OFF_SYM) + 1);
	sym_query_init(&q, "beta", 0, 0);
	ck_assert_ptr_eq(dso_find_symbol(d, &q), (Elf64_Sym *)(f.mem + OFF_SYM) + 2);
	ck_assert_ptr_null(dso_build_versions(d));
	ck_assert_uint_eq(d->nversions, 4);
	ck_assert_str_eq(d->versions[2].name, "V1");
	ck_assert_str_eq(d->versions[3].name, "GLIBC_2.2.5");
	ck_assert_str_eq(d->versions[3].filename, "libc.so.6");
	fake_free(&f);
}
END_TEST

START_TEST(addr_ok)
{
	struct dso d;
	memset(&d, 0, sizeof d);
	d.map_start = 0x10000;
	d.map_end = 0x20000;
	ck_assert(dso_addr_ok(&d, 0x10000, 0x10000));
	ck_assert(dso_addr_ok(&d, 0x1fff8, 8));
	ck_assert(dso_addr_ok(&d, 0x20000, 0));
	ck_assert(!dso_addr_ok(&d, 0x1fff9, 8));
	ck_assert(!dso_addr_ok(&d, 0xffff, 1));
	ck_assert(!dso_addr_ok(&d, 0x20000, 1));
	ck_assert(!dso_addr_ok(&d, 0x10000, 0x10001));
	ck_assert(!dso_addr_ok(&d, 0x10008, SIZE_MAX));		/* no wrap-around */
	ck_assert(!dso_addr_ok(&d, UINTPTR_MAX - 4, 8));
}
END_TEST

START_TEST(no_dynamic)
{
	struct fake f;
	fake_init(&f);
	f.d->dynamic = 0;
	ck_assert_ptr_null(dso_decode_dynamic(f.d));
	ck_assert_ptr_null(f.d->syms);
	/* an empty dynamic section (just DT_NULL) */
	ck_assert_ptr_null(decode(&f));
	fake_free(&f);
}
END_TEST

/* One damaged field per case; each must be refused. */
static void damage(struct fake *f, int i)
{
	uint32_t *g = (uint32_t *)(f->mem + OFF_GNU);
	uint32_t *h = (uint32_t *)(f->mem + OFF_SYSV);
	switch (i) {
	case 0: fake_set(f, DT_STRTAB, FAKE_SIZE + 0x100); break;	/* strtab outside */
	case 1: fake_set(f, DT_STRTAB, FAKE_SIZE - 8); break;		/* strtab straddles the end */
	case 2: fake_set(f, DT_STRSZ, FAKE_SIZE); break;		/* size runs past the end */
	case 3: fake_set(f, DT_STRSZ, UINT64_MAX); break;
	case 4: fake_set(f, DT_STRSZ, 0); break;
	case 5: f->mem[OFF_STR + f->strsz - 1] = 'x'; break;		/* not NUL-terminated */
	case 6: fake_set(f, DT_STRTAB, (uint64_t)-0x1000); break;	/* below the mapping */
	case 7: g[2] = 3; break;					/* bloom size not 2^n */
	case 8: g[2] = 0; break;
	case 9: g[2] = 0x80000000u; break;				/* bloom runs off the end */
	case 10: g[0] = 0; break;					/* no buckets */
	case 11: g[0] = 0x10000000u; break;				/* buckets run off the end */
	case 12: fake_set(f, DT_GNU_HASH, FAKE_SIZE - 8); break;	/* header cut */
	case 13: fake_set(f, DT_GNU_HASH, FAKE_SIZE + 64); break;
	case 14: {	/* a chain never terminated before the end of the mapping */
		fake_remove(f, DT_HASH);
		fake_set(f, DT_GNU_HASH, FAKE_SIZE - 0x100);
		uint32_t *t = (uint32_t *)(f->mem + FAKE_SIZE - 0x100);
		t[0] = 1; t[1] = 1; t[2] = 1; t[3] = 6;
		memset(t + 4, 0xff, 8);
		t[6] = 1;
		for (uint32_t *c = t + 7; (unsigned char *)c < f->mem + FAKE_SIZE; c++)
			*c = 0x12345678;	/* even: never the end of a chain */
		break;
	}
	case 15: h[0] = 0; break;					/* SysV: no buckets */
	case 16: h[1] = 0x40000000u; break;				/* nchain off the end */
	case 17: h[0] = 0xffffffffu; h[1] = 0xffffffffu; break;
	case 18: fake_set(f, DT_HASH, FAKE_SIZE - 4); break;		/* header cut */
	case 19: fake_dyn(f, DT_REL, OFF_RELA); break;			/* REL on x86_64 */
	case 20: fake_dyn(f, DT_RELSZ, 0); break;
	case 21: fake_set(f, DT_SYMENT, 16); break;
	case 22: fake_set(f, DT_RELAENT, 16); break;
	case 23: fake_dyn(f, DT_PLTREL, DT_REL); break;
	case 24: fake_set(f, DT_SYMTAB, FAKE_SIZE - 24); break;		/* 3 symbols do not fit */
	case 25: fake_set(f, DT_VERSYM, FAKE_SIZE - 2); break;
	case 26: fake_set(f, DT_RELA, FAKE_SIZE - 8); break;
	case 27: fake_set(f, DT_RELASZ, FAKE_SIZE); break;
	case 28: fake_set(f, DT_RELRSZ, UINT64_MAX - 7); break;
	case 29: fake_dyn(f, DT_JMPREL, FAKE_SIZE - 8); fake_dyn(f, DT_PLTRELSZ, 24); break;
	case 30: fake_set(f, DT_INIT_ARRAYSZ, 1ULL << 40); break;
	case 31: fake_set(f, DT_FINI_ARRAY, FAKE_SIZE); break;
	case 32: fake_dyn(f, DT_PREINIT_ARRAY, FAKE_SIZE - 8); fake_dyn(f, DT_PREINIT_ARRAYSZ, 16); break;
	case 33: fake_remove(f, DT_STRTAB); break;			/* SONAME/RUNPATH, no strtab */
	case 34:	/* no DT_NULL: the dynamic section runs into the guard page */
		f->d->dynamic = 0;	/* set up after reset, see below */
		break;
	case 35: g[0] = 1; ((uint32_t *)(g + 4 + 2))[0] = 0x7fffffff; break; /* bucket far past the end */
	case 36: fake_dyn(f, DT_PLTGOT, FAKE_SIZE - 16); break;		/* 3 GOT words do not fit */
	case 37: fake_remove(f, DT_SYMTAB); break;			/* hash tables, no symbols */
	case 38: fake_dyn(f, DT_INIT, FAKE_SIZE + 0x1000); break;	/* code outside the object */
	case 39: fake_dyn(f, DT_FINI, (uint64_t)-0x1000); break;
	/* 40-44: segments, set up after the reset (below) */
	}
}
#define NDAMAGE 45

/* PT_TLS and PT_GNU_RELRO damage (what dso_scan_phdrs would have stored) */
static void damage_segments(struct fake *f, int i)
{
	struct dso *d = f->d;
	d->tls_image = f->mem + 0x100;
	d->tls_filesz = d->tls_memsz = 16;
	d->tls_align = 8;
	switch (i) {
	case 40: d->tls_image = f->mem + FAKE_SIZE - 8; break;		/* image runs out */
	case 41: d->tls_memsz = 1ULL << 40; break;			/* glibc: cannot allocate */
	case 42: d->tls_align = 1ULL << 63; break;
	case 43: d->tls_filesz = 32; break;				/* filesz > memsz */
	case 44: d->tls_memsz = d->tls_filesz = 0;
		d->relro_start = d->map_start - 0x1000;			/* RELRO over a neighbour */
		d->relro_end = d->map_start + 0x1000;
		break;
	}
}

START_TEST(hostile)
{
	struct fake f;
	fake_valid(&f);
	damage(&f, _i);
	fake_reset_dso(&f);
	if (_i == 34) {
		/* fill the tail of the mapping with non-NULL entries */
		Elf64_Dyn *dyn = (Elf64_Dyn *)(f.mem + FAKE_SIZE - 10 * sizeof(Elf64_Dyn));
		for (int k = 0; k < 10; k++)
			dyn[k] = (Elf64_Dyn){ .d_tag = DT_DEBUG, .d_un.d_val = k };
		f.d->dynamic = dyn;
	}
	if (_i >= 40)
		damage_segments(&f, _i);
	const char *e = dso_decode_dynamic(f.d);
	ck_assert_msg(e != 0, "damage %d accepted", _i);
	ck_assert_uint_gt(strlen(e), 0);
	fake_free(&f);
}
END_TEST

/* A dynamic section in a read-only segment is never written (d_ptr rebasing),
   whatever PT_DYNAMIC's flags say; sizes without their arrays count nothing;
   a partial last relocation entry counts, as glibc walks r < start + size. */
START_TEST(readonly_and_sizes)
{
	struct fake f;
	fake_valid(&f);
	fake_remove(&f, DT_FINI_ARRAY);
	fake_set(&f, DT_RELASZ, 2 * sizeof(Elf64_Rela) + 5);
	fake_reset_dso(&f);
	struct dso *d = f.d;
	d->seg = d->seg_mem;
	d->seg[0] = (struct dso_seg){ d->map_start, d->map_end, 0 };
	d->nsegs = 1;
	d->segs_known = 1;
	const char *e = dso_decode_dynamic(d);
	ck_assert_msg(!e, "%s", e);
	ck_assert_uint_eq(d->dyn_readonly, 1);
	ck_assert_uint_eq(d->fini_count, 0);
	ck_assert_uint_eq(d->rela_size, 3 * sizeof(Elf64_Rela));
	fake_free(&f);
	/* the same in a writable segment: rebased like glibc */
	fake_valid(&f);
	fake_reset_dso(&f);
	d = f.d;
	d->seg = d->seg_mem;
	d->seg[0] = (struct dso_seg){ d->map_start, d->map_end, 1 };
	d->nsegs = 1;
	d->segs_known = 1;
	ck_assert_ptr_null(dso_decode_dynamic(d));
	ck_assert_uint_eq(d->dyn_readonly, 0);
	fake_free(&f);
}
END_TEST

/* Damage that is tolerated, but must not lead to out-of-bounds pointers. */
START_TEST(tolerated)
{
	struct fake f;
	fake_valid(&f);
	fake_set(&f, DT_SONAME, f.strsz + 5);	/* name offset past the table */
	fake_set(&f, DT_RUNPATH, UINT64_MAX);
	const char *e = decode(&f);
	if (!e) {
		const char *lo = (const char *)f.mem + OFF_STR, *hi = lo + f.strsz;
		ck_assert(!f.d->soname || (f.d->soname >= lo && f.d->soname < hi));
		ck_assert(!f.d->runpath || (f.d->runpath >= lo && f.d->runpath < hi));
	}
	fake_free(&f);
}
END_TEST

/* hostile version tables: dso_build_versions must refuse, not crash */
START_TEST(hostile_versions)
{
	struct fake f;
	fake_valid(&f);
	Elf64_Verdef *vd0 = (Elf64_Verdef *)(f.mem + OFF_VERDEF);
	Elf64_Verdef *vd1 = (Elf64_Verdef *)((char *)vd0 + vd0->vd_next);
	Elf64_Verdaux *va1 = (Elf64_Verdaux *)((char *)vd1 + vd1->vd_aux);
	Elf64_Verneed *vn = (Elf64_Verneed *)(f.mem + OFF_VERNEED);
	Elf64_Vernaux *na = (Elf64_Vernaux *)(vn + 1);
	switch (_i) {
	case 0: vd0->vd_next = FAKE_SIZE; break;
	case 1: vd1->vd_aux = FAKE_SIZE; break;
	case 2: va1->vda_name = f.strsz; break;
	case 3: vn->vn_aux = FAKE_SIZE; break;
	case 4: vn->vn_file = 0x7fffffff; break;
	case 5: na->vna_name = f.strsz + 100; break;
	case 6: vd1->vd_next = FAKE_SIZE - OFF_VERDEF - 28 - 4; fake_set(&f, DT_VERDEFNUM, 3); break;
	case 7: fake_set(&f, DT_VERNEED, FAKE_SIZE - 8); break;
	case 8: vd1->vd_aux = 0; break;
	}
	ck_assert_ptr_null(decode(&f));
	ck_assert_ptr_nonnull(dso_build_versions(f.d));
	fake_free(&f);
}
END_TEST

START_TEST(hostile_versions_cycle)
{
	/* a verdef chain of huge count whose links stay inside the mapping:
	   it ends when the links leave the mapping, in bounded time */
	struct fake f;
	fake_valid(&f);
	Elf64_Verdef *vd0 = (Elf64_Verdef *)(f.mem + OFF_VERDEF);
	fake_set(&f, DT_VERDEFNUM, UINT64_MAX);
	vd0->vd_next = 4;	/* every 4 bytes a "verdef", mostly zeros */
	ck_assert_ptr_null(decode(&f));
	const char *e = dso_build_versions(f.d);
	(void)e;		/* an error or a table; only termination matters */
	fake_free(&f);
}
END_TEST

/* random damage to a valid object; whatever decode accepts must then be safe
   to use for lookups and version tables */
static volatile int fuzz_iter;
static void on_fault(int sig)
{
	char msg[96];
	int n = snprintf(msg, sizeof msg, "fuzz: signal %d in iteration %d\n", sig, fuzz_iter);
	(void)!write(2, msg, n);
	_exit(3);
}

START_TEST(fuzz)
{
	static const int64_t tags[] = {
		DT_STRTAB, DT_STRSZ, DT_SYMTAB, DT_HASH, DT_GNU_HASH, DT_VERSYM, DT_VERDEF,
		DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM, DT_RELA, DT_RELASZ, DT_RELR, DT_RELRSZ,
		DT_JMPREL, DT_PLTRELSZ, DT_INIT_ARRAY, DT_INIT_ARRAYSZ, DT_FINI_ARRAY,
		DT_FINI_ARRAYSZ, DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ, DT_SONAME, DT_RPATH,
		DT_RUNPATH, DT_INIT, DT_FINI,
	};
	signal(SIGSEGV, on_fault);
	signal(SIGBUS, on_fault);
	uint64_t rs = 0x1234567;
	int accepted = 0;
	fake_pool = tl_guarded(FAKE_SIZE);
	for (fuzz_iter = 0; fuzz_iter < 3000; fuzz_iter++) {
		struct fake f;
		fake_valid(&f);
		int nmut = 1 + tl_rand(&rs) % 4;
		for (int m = 0; m < nmut; m++) {
			uint64_t r = tl_rand(&rs);
			uint64_t v;
			switch (r % 5) {
			case 0: v = tl_rand(&rs) % (FAKE_SIZE + 64); break;
			case 1: v = FAKE_SIZE - tl_rand(&rs) % 32; break;
			case 2: v = tl_rand(&rs); break;
			case 3: v = tl_rand(&rs) % 64; break;
			default: v = 0; break;
			}
			if ((r >> 8) % 3 == 0) {
				/* corrupt a byte of the tables */
				unsigned off = OFF_STR + tl_rand(&rs) % (OFF_VERNEED + 0x40 - OFF_STR);
				f.mem[off] = (unsigned char)tl_rand(&rs);
			} else
				fake_set(&f, tags[(r >> 16) % (sizeof tags / sizeof tags[0])], v);
		}
		if (!decode(&f)) {
			accepted++;
			struct dso *d = f.d;
			static const char *names[] = { "alpha", "beta", "gamma", "" };
			for (int k = 0; k < 4; k++) {
				struct sym_query q;
				sym_query_init(&q, names[k], 0, k & 1 ? LOOKUP_RETURN_NEWEST : 0);
				const Elf64_Sym *s = dso_find_symbol(d, &q);
				EXPECT_TRUE(!s || (s >= d->syms && s < d->syms + d->nsyms));
			}
			if (!dso_build_versions(d)) {
				for (size_t k = 0; k < d->nversions; k++)
					if (d->versions[k].name)
						(void)strlen(d->versions[k].name);
				version_t v1 = { .name = "V1", .hash = ref_elf_hash((const unsigned char *)"V1") };
				struct sym_query q;
				sym_query_init(&q, "alpha", &v1, 0);
				(void)dso_find_symbol(d, &q);
			}
			if (d->soname)
				(void)strlen(d->soname);
			if (d->runpath)
				(void)strlen(d->runpath);
		}
		fake_free(&f);
	}
	ck_assert_int_gt(accepted, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dynamic");
	TCase *r = tcase_create("real");
	tcase_set_timeout(r, 20);
	tcase_add_test(r, real_libm);
	tcase_add_test(r, real_libc);
	tcase_add_test(r, real_ldso);
	tcase_add_test(r, fixture_gnu_only);
	tcase_add_test(r, fixture_sysv_only);
	tcase_add_test(r, fixture_both);
	tcase_add_test(r, fixture_plain);
	tcase_add_test(r, real_libm_expected_facts);
	suite_add_tcase(s, r);
	TCase *h = tcase_create("hostile");
	tcase_add_test(h, fake_is_valid);
	tcase_add_test(h, addr_ok);
	tcase_add_test(h, no_dynamic);
	tcase_add_loop_test(h, hostile, 0, NDAMAGE);
	tcase_add_test(h, tolerated);
	tcase_add_test(h, readonly_and_sizes);
	tcase_add_loop_test(h, hostile_versions, 0, 9);
	tcase_add_test(h, hostile_versions_cycle);
	tcase_add_test(h, fuzz);
	suite_add_tcase(s, h);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
