/* Version matching in dso_find_symbol (glibc elf/dl-lookup.c check_match)
   and the version index table of dso_build_versions.  Oracles: readelf -V,
   the gABI hash of the names, and glibc's own dlsym/dlvsym in this process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "support.h"
#include "oracle.h"
#include "fake.h"

static struct dso *load(const char *path)
{
	struct dso *d = tl_map_dso(path);
	ck_assert_msg(d != 0, "map %s", path);
	const char *e = dso_decode_dynamic(d);
	ck_assert_msg(!e, "%s: %s", path, e);
	e = dso_build_versions(d);
	ck_assert_msg(!e, "%s: %s", path, e);
	return d;
}

static const Elf64_Sym *find(struct dso *d, const char *name, const char *ver, int hidden, int flags)
{
	version_t v = { 0 };
	struct sym_query q;
	if (ver) {
		v.name = (char *)ver;
		v.hash = ref_elf_hash((const unsigned char *)ver);
		v.hidden = hidden;
	}
	sym_query_init(&q, name, ver ? &v : 0, flags);
	return dso_find_symbol(d, &q);
}

/* the value readelf --dyn-syms lists for name@ver / name@@ver */
static int readelf_value(struct tl_rsym *rs, size_t n, const char *name, const char *ver,
			 int dflt, unsigned long *value)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rs[i].name, name) && !strcmp(rs[i].version, ver) &&
		    rs[i].is_default == dflt && strcmp(rs[i].ndx, "UND")) {
			*value = rs[i].value;
			return 1;
		}
	return 0;
}

/* ---- dso_build_versions against readelf -V ---- */

static void check_versions_table(const char *path)
{
	struct dso *d = load(path);
	struct tl_ver defs[128], needs[128];
	size_t nd = tl_readelf_versions(path, defs, 128, 0);
	size_t nn = tl_readelf_versions(path, needs, 128, 1);
	ck_assert_uint_gt(nd + nn, 0);
	unsigned max = 0;
	char seen[0x8000] = { 0 };
	for (size_t i = 0; i < nd; i++) {
		unsigned ndx = defs[i].index & 0x7fff;
		if (ndx > max)
			max = ndx;
		ck_assert_uint_lt(ndx, d->nversions);
		version_t *v = &d->versions[ndx];
		seen[ndx] = 1;
		if (defs[i].base) {
			/* glibc leaves the base definition's slot empty */
			ck_assert_ptr_null(v->name);
			ck_assert_uint_eq(v->hash, 0);
			continue;
		}
		ck_assert_msg(v->name && !strcmp(v->name, defs[i].name), "%s: index %u: %s vs %s", path,
			      ndx, v->name, defs[i].name);
		ck_assert_uint_eq(v->hash, ref_elf_hash((const unsigned char *)defs[i].name));
		ck_assert_ptr_null(v->filename);
		ck_assert_int_eq(v->hidden, 0);
	}
	for (size_t i = 0; i < nn; i++) {
		unsigned ndx = needs[i].index & 0x7fff;
		if (ndx > max)
			max = ndx;
		ck_assert_uint_lt(ndx, d->nversions);
		version_t *v = &d->versions[ndx];
		seen[ndx] = 1;
		ck_assert_msg(v->name && !strcmp(v->name, needs[i].name), "%s: index %u", path, ndx);
		ck_assert_uint_eq(v->hash, ref_elf_hash((const unsigned char *)needs[i].name));
		ck_assert_ptr_nonnull(v->filename);
		ck_assert_str_eq(v->filename, needs[i].file);
		ck_assert_int_eq(!!v->hidden, !!(needs[i].index & 0x8000));
	}
	ck_assert_uint_eq(d->nversions, max + 1);
	for (unsigned k = 0; k < d->nversions; k++)
		if (!seen[k]) {
			ck_assert_ptr_null(d->versions[k].name);
			ck_assert_uint_eq(d->versions[k].hash, 0);
		}
	tl_unmap_dso(d);
}

START_TEST(table_libc) { check_versions_table(SYS_LIBC); }
END_TEST
START_TEST(table_libm) { check_versions_table(SYS_LIBM); }
END_TEST
START_TEST(table_ldso) { check_versions_table(SYS_LDSO); }
END_TEST
START_TEST(table_fixture) { check_versions_table(UNIT_FIXTURES "/libvers-gnu.so"); }
END_TEST

START_TEST(table_none)
{
	/* no DT_VERSYM: nothing to build, no table */
	struct dso *d = load(UNIT_FIXTURES "/libplain.so");
	ck_assert_ptr_null(d->versym);
	ck_assert_ptr_null(d->versions);
	ck_assert_uint_eq(d->nversions, 0);
	tl_unmap_dso(d);
}
END_TEST

/* ---- memcpy in libc: GLIBC_2.2.5 (hidden, index 2) and GLIBC_2.14 (default) ---- */

START_TEST(memcpy_versions)
{
	struct dso *d = load(SYS_LIBC);
	struct tl_rsym *rs;
	size_t n = tl_readelf_syms(SYS_LIBC, &rs);
	unsigned long v214, v225;
	ck_assert(readelf_value(rs, n, "memcpy", "GLIBC_2.14", 1, &v214));
	ck_assert(readelf_value(rs, n, "memcpy", "GLIBC_2.2.5", 0, &v225));
	free(rs);

	const Elf64_Sym *a = find(d, "memcpy", "GLIBC_2.14", 0, 0);
	const Elf64_Sym *b = find(d, "memcpy", "GLIBC_2.2.5", 0, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_uint_eq(a->st_value, v214);
	ck_assert_uint_eq(b->st_value, v225);
	ck_assert_uint_eq(d->versym[a - d->syms] & 0x8000, 0);	/* @@: default */
	ck_assert_uint_ne(d->versym[b - d->syms] & 0x8000, 0);	/* @: hidden */

	/* unversioned, old-binary rules: index 2 (the oldest version) binds at once */
	ck_assert_ptr_eq(find(d, "memcpy", 0, 0, 0), b);
	ck_assert_ptr_eq(find(d, "memcpy", 0, 0, LOOKUP_PLT), b);
	/* dlsym rules (RETURN_NEWEST): the default version */
	ck_assert_ptr_eq(find(d, "memcpy", 0, 0, LOOKUP_RETURN_NEWEST), a);
	/* dlvsym passes hidden=1: exact version only */
	ck_assert_ptr_eq(find(d, "memcpy", "GLIBC_2.14", 1, 0), a);
	ck_assert_ptr_eq(find(d, "memcpy", "GLIBC_2.2.5", 1, 0), b);
	/* a version libc has, but not for memcpy; one it does not have */
	ck_assert_ptr_null(find(d, "memcpy", "GLIBC_2.3", 0, 0));
	ck_assert_ptr_null(find(d, "memcpy", "GLIBC_2.3", 1, 0));
	ck_assert_ptr_null(find(d, "memcpy", "GLIBC_9.99", 0, 0));
	/* the right name with a wrong hash is a different version */
	version_t bad = { .name = "GLIBC_2.14", .hash = ref_elf_hash((const unsigned char *)"GLIBC_2.14") ^ 1 };
	struct sym_query q;
	sym_query_init(&q, "memcpy", &bad, 0);
	ck_assert_ptr_null(dso_find_symbol(d, &q));

	/* glibc agrees */
	unsigned long off;
	ck_assert_int_eq(glibc_lookup("libc.so.6", "memcpy", "GLIBC_2.2.5", &off), ORACLE_FOUND);
	ck_assert_uint_eq(off, v225);
	tl_unmap_dso(d);
}
END_TEST

START_TEST(hidden_only)
{
	/* sys_siglist exists only as hidden versions (GLIBC_2.2.5, GLIBC_2.3.3):
	   dlsym cannot see it; an old unversioned reference binds index 2 */
	struct dso *d = load(SYS_LIBC);
	struct tl_rsym *rs;
	size_t n = tl_readelf_syms(SYS_LIBC, &rs);
	unsigned long v225;
	int have = readelf_value(rs, n, "sys_siglist", "GLIBC_2.2.5", 0, &v225);
	unsigned long dummy;
	int any_default = 0;
	for (size_t i = 0; i < n; i++)
		any_default |= !strcmp(rs[i].name, "sys_siglist") && rs[i].is_default;
	free(rs);
	if (!have || any_default)
		return;	/* a different libc; the fixture test covers this too */
	ck_assert_ptr_null(find(d, "sys_siglist", 0, 0, LOOKUP_RETURN_NEWEST));
	const Elf64_Sym *s = find(d, "sys_siglist", 0, 0, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->st_value, v225);
	ck_assert_ptr_nonnull(find(d, "sys_siglist", "GLIBC_2.3.3", 1, 0));
	int r = glibc_lookup("libc.so.6", "sys_siglist", 0, &dummy);
	ck_assert_int_ne(r, ORACLE_FOUND);
	tl_unmap_dso(d);
}
END_TEST

/* ---- the fixture: every rule on one page ---- */

static void check_fixture(const char *path)
{
	struct dso *d = load(path);
	struct tl_rsym *rs;
	size_t n = tl_readelf_syms(path, &rs);
	unsigned long v;
#define VAL(name, ver, dflt) (ck_assert_msg(readelf_value(rs, n, name, ver, dflt, &v), "%s@%s", name, ver), v)
	const Elf64_Sym *s;

	/* dup: dup@V1 (hidden, index 2), dup@@V2 (index 3) */
	s = find(d, "dup", 0, 0, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->st_value, VAL("dup", "V1", 0));
	s = find(d, "dup", 0, 0, LOOKUP_RETURN_NEWEST);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->st_value, VAL("dup", "V2", 1));
	ck_assert_uint_eq(find(d, "dup", "V1", 0, 0)->st_value, VAL("dup", "V1", 0));
	ck_assert_uint_eq(find(d, "dup", "V2", 0, 0)->st_value, VAL("dup", "V2", 1));
	ck_assert_uint_eq(find(d, "dup", "V1", 1, 0)->st_value, VAL("dup", "V1", 0));

	/* old: only old@V1, hidden, index 2: old binaries bind it, dlsym does not */
	ck_assert_ptr_nonnull(find(d, "old", 0, 0, 0));
	ck_assert_ptr_null(find(d, "old", 0, 0, LOOKUP_RETURN_NEWEST));
	ck_assert_ptr_nonnull(find(d, "old", "V1", 0, 0));

	/* hid: only hid@V2, hidden, index 3: no unversioned reference sees it */
	ck_assert_ptr_null(find(d, "hid", 0, 0, 0));
	ck_assert_ptr_null(find(d, "hid", 0, 0, LOOKUP_RETURN_NEWEST));
	ck_assert_uint_eq(find(d, "hid", "V2", 0, 0)->st_value, VAL("hid", "V2", 0));
	ck_assert_ptr_nonnull(find(d, "hid", "V2", 1, 0));
	ck_assert_ptr_null(find(d, "hid", "V1", 0, 0));
	ck_assert_ptr_null(find(d, "hid", "V1", 1, 0));

	/* plain_v2: default at index 3, the only version: found both ways */
	ck_assert_uint_eq(find(d, "plain_v2", 0, 0, 0)->st_value, VAL("plain_v2", "V2", 1));
	ck_assert_uint_eq(find(d, "plain_v2", 0, 0, LOOKUP_RETURN_NEWEST)->st_value, VAL("plain_v2", "V2", 1));
	ck_assert_ptr_null(find(d, "plain_v2", "V1", 0, 0));
	ck_assert_ptr_nonnull(find(d, "plain_v1", "V1", 0, 0));

	/* definitions of every kind */
	ck_assert_uint_eq(find(d, "data_v2", 0, 0, 0)->st_value, VAL("data_v2", "V2", 1));
	s = find(d, "tls_v2", "V2", 0, 0);	/* STT_TLS at st_value 0 still counts */
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(ELF64_ST_TYPE(s->st_info), STT_TLS);
	s = find(d, "absz", 0, 0, LOOKUP_RETURN_NEWEST);	/* SHN_ABS at 0 counts */
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->st_shndx, SHN_ABS);
	ck_assert_uint_eq(find(d, "absv", 0, 0, 0)->st_value, 0x1234);
	ck_assert_uint_eq(sym_address(d, find(d, "absv", 0, 0, 0)), 0x1234);	/* no load bias */
	ck_assert_uint_eq(sym_address(d, find(d, "data_v2", 0, 0, 0)), d->base + VAL("data_v2", "V2", 1));
	s = find(d, "weak_v1", 0, 0, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(ELF64_ST_BIND(s->st_info), STB_WEAK);
	/* not definitions */
	ck_assert_ptr_null(find(d, "secret", 0, 0, 0));		/* hidden visibility: not exported */
	ck_assert_ptr_null(find(d, "ext_func", 0, 0, 0));	/* undefined */
	ck_assert_ptr_null(find(d, "ext_func", 0, 0, LOOKUP_PLT));
	ck_assert_ptr_null(find(d, "plain_v3", 0, 0, 0));
#undef VAL
	free(rs);
	tl_unmap_dso(d);
}

START_TEST(fixture_gnu) { check_fixture(UNIT_FIXTURES "/libvers-gnu.so"); }
END_TEST
START_TEST(fixture_sysv) { check_fixture(UNIT_FIXTURES "/libvers-sysv.so"); }
END_TEST
START_TEST(fixture_both) { check_fixture(UNIT_FIXTURES "/libvers-both.so"); }
END_TEST

START_TEST(unversioned_object)
{
	/* no DT_VERSYM: a versioned reference takes the plain definition
	   (check_match: "we accept the symbol") */
	struct dso *d = load(UNIT_FIXTURES "/libplain.so");
	ck_assert_ptr_nonnull(find(d, "plain_v1", "V1", 0, 0));
	ck_assert_ptr_nonnull(find(d, "plain_v1", "WHATEVER", 1, 0));
	ck_assert_ptr_nonnull(find(d, "plain_data", 0, 0, 0));
	ck_assert_ptr_nonnull(find(d, "weak_plain", 0, 0, LOOKUP_RETURN_NEWEST));
	ck_assert_ptr_null(find(d, "plain_v2", 0, 0, 0));
	tl_unmap_dso(d);
}
END_TEST

/* ---- glibc's dlsym/dlvsym over every symbol of an object ---- */

static void check_against_glibc(const char *path, const char *lib)
{
	struct dso *d = load(path);
	struct tl_elf e;
	ck_assert_int_eq(tl_elf_open(&e, path), 0);
	const char *vnames[256];
	tl_verdef_names(&e, vnames, 256);
	size_t compared = 0;
	for (size_t i = 1; i < e.ndynsym; i++) {
		const Elf64_Sym *s = &e.dynsym[i];
		const char *name = e.dynstr + s->st_name;
		unsigned type = ELF64_ST_TYPE(s->st_info);
		if (!tl_sym_eligible(s) || s->st_shndx == SHN_ABS || type == STT_TLS)
			continue;
		unsigned long off = 0;
		/* dlsym: once per name, at the name's first eligible entry */
		size_t first;
		tl_name_range(&e, name, &first);
		int first_eligible = 1;
		for (size_t k = first; e.by_name[k] != i; k++)
			if (tl_sym_eligible(&e.dynsym[e.by_name[k]]))
				first_eligible = 0;
		if (first_eligible) {
			int r = glibc_lookup(lib, name, 0, &off);
			EXPECT(r != ORACLE_ERROR, "%s: dlsym %s failed oddly", lib, name);
			const Elf64_Sym *ours = find(d, name, 0, 0, LOOKUP_RETURN_NEWEST);
			if (r == ORACLE_FOUND) {
				EXPECT(ours != 0, "%s: %s: glibc finds it, we do not", lib, name);
				if (ELF64_ST_TYPE(ours->st_info) != STT_GNU_IFUNC)
					EXPECT(ours->st_value == off, "%s: %s: %#lx, glibc %#lx", lib, name,
					       (unsigned long)ours->st_value, off);
			} else if (ours && ELF64_ST_TYPE(ours->st_info) == STT_GNU_IFUNC)
				/* the resolver may pick code elsewhere (gettimeofday -> vDSO) */
				EXPECT(r == ORACLE_ELSEWHERE, "%s: %s: IFUNC, glibc %d", lib, name, r);
			else
				EXPECT(ours == 0, "%s: %s: we find index %ld, glibc does not", lib, name,
				       (long)(ours - d->syms));
			compared++;
		}
		/* dlvsym for each versioned definition */
		unsigned ndx = e.versym ? e.versym[i] & 0x7fff : 0;
		if (ndx >= 2 && ndx < 256 && vnames[ndx]) {
			int r = glibc_lookup(lib, name, vnames[ndx], &off);
			const Elf64_Sym *ours = find(d, name, vnames[ndx], 1, 0);
			EXPECT(ours == &d->syms[i], "%s: %s@%s not found", lib, name, vnames[ndx]);
			EXPECT(r == ORACLE_FOUND || (r == ORACLE_ELSEWHERE && type == STT_GNU_IFUNC),
			       "%s: glibc: %s@%s -> %d", lib, name, vnames[ndx], r);
			if (type != STT_GNU_IFUNC)
				EXPECT(off == s->st_value, "%s: %s@%s: glibc %#lx", lib, name, vnames[ndx], off);
			compared++;
		}
	}
	ck_assert_uint_gt(compared, 10);
	tl_elf_close(&e);
	tl_unmap_dso(d);
}

START_TEST(glibc_libc) { check_against_glibc(SYS_LIBC, "libc.so.6"); }
END_TEST
START_TEST(glibc_libm) { check_against_glibc(SYS_LIBM, "libm.so.6"); }
END_TEST
START_TEST(glibc_fixture) { check_against_glibc(UNIT_FIXTURES "/libvers-gnu.so", UNIT_FIXTURES "/libvers-gnu.so"); }
END_TEST

/* ---- dso_check_versions: requirements against the dependencies ---- */

START_TEST(check_versions)
{
	struct dso *m = load(SYS_LIBM), *c = load(SYS_LIBC), *fx = load(UNIT_FIXTURES "/libvers-gnu.so");
	char err[512] = "";
	struct dso *deps[1] = { c };
	m->deps = deps;
	m->ndeps = 1;
	ck_assert_int_eq(dso_check_versions(m, err, sizeof err), 0);
	/* a "libc.so.6" that defines none of GLIBC_2.x */
	fx->soname = "libc.so.6";
	deps[0] = fx;
	ck_assert_int_eq(dso_check_versions(m, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "version `GLIBC_") && strstr(err, "not found (required by " SYS_LIBM ")"),
		      "message: %s", err);
	/* a dependency without version definitions satisfies everything */
	struct dso *p = load(UNIT_FIXTURES "/libplain.so");
	p->soname = "libc.so.6";
	deps[0] = p;
	ck_assert_int_eq(dso_check_versions(m, err, sizeof err), 0);
	m->deps = 0;
	m->ndeps = 0;
	tl_unmap_dso(m);
	tl_unmap_dso(c);
	tl_unmap_dso(fx);
	tl_unmap_dso(p);
}
END_TEST

/* ---- the base version and the hidden flag of a reference (fake object:
   alpha is V1 = index 2, beta is in the base version, index 1) ---- */

START_TEST(base_version_rules)
{
	struct fake f;
	fake_valid(&f);
	fake_reset_dso(&f);
	ck_assert_ptr_null(dso_decode_dynamic(f.d));
	ck_assert_ptr_null(dso_build_versions(f.d));
	const Elf64_Sym *syms = (const Elf64_Sym *)(f.mem + OFF_SYM);
	/* a versioned reference may bind a base-version definition ... */
	ck_assert_ptr_eq(find(f.d, "beta", "V1", 0, 0), syms + 2);
	ck_assert_ptr_eq(find(f.d, "beta", "GLIBC_2.2.5", 0, 0), syms + 2);
	/* ... unless the reference is hidden (dlvsym: exact version only) */
	ck_assert_ptr_null(find(f.d, "beta", "V1", 1, 0));
	/* an exact match is fine either way; another version is not */
	ck_assert_ptr_eq(find(f.d, "alpha", "V1", 0, 0), syms + 1);
	ck_assert_ptr_eq(find(f.d, "alpha", "V1", 1, 0), syms + 1);
	ck_assert_ptr_null(find(f.d, "alpha", "V2", 0, 0));
	/* a hidden definition never satisfies a reference to another version */
	((uint16_t *)(f.mem + OFF_VERSYM))[2] = 1 | 0x8000;
	ck_assert_ptr_null(find(f.d, "beta", "V1", 0, 0));
	/* unversioned: index 1 binds at once, with or without RETURN_NEWEST */
	((uint16_t *)(f.mem + OFF_VERSYM))[2] = 1;
	ck_assert_ptr_eq(find(f.d, "beta", 0, 0, 0), syms + 2);
	ck_assert_ptr_eq(find(f.d, "beta", 0, 0, LOOKUP_RETURN_NEWEST), syms + 2);
	/* index 2 binds at once only without RETURN_NEWEST; hidden at 2 as well */
	((uint16_t *)(f.mem + OFF_VERSYM))[1] = 2 | 0x8000;
	ck_assert_ptr_eq(find(f.d, "alpha", 0, 0, 0), syms + 1);
	ck_assert_ptr_null(find(f.d, "alpha", 0, 0, LOOKUP_RETURN_NEWEST));
	fake_free(&f);
}
END_TEST

/* ---- scope_find_symbol: first definition in scope order ---- */

START_TEST(scope_order)
{
	struct dso *fx = load(UNIT_FIXTURES "/libvers-gnu.so"), *c = load(SYS_LIBC);
	struct link_map *list[2] = { &fx->lm, &c->lm };
	struct r_scope_elem elem = { .r_list = list, .r_nlist = 2 };
	struct r_scope_elem *scope[2] = { &elem, 0 };
	struct sym_query q;
	struct sym_result res;

	/* "dup" is in both: the fixture comes first */
	sym_query_init(&q, "dup", 0, LOOKUP_RETURN_NEWEST);
	ck_assert_int_eq(scope_find_symbol(scope, &q, 0, &res), 1);
	ck_assert_ptr_eq(res.dso, fx);
	ck_assert_ptr_eq(res.sym, find(fx, "dup", 0, 0, LOOKUP_RETURN_NEWEST));
	/* RTLD_NEXT from the fixture: everything up to and including it is skipped */
	ck_assert_int_eq(scope_find_symbol(scope, &q, fx, &res), 1);
	ck_assert_ptr_eq(res.dso, c);
	ck_assert_int_eq(scope_find_symbol(scope, &q, c, &res), 0);
	/* copy relocations skip the executable */
	fx->kind = DSO_MAIN;
	sym_query_init(&q, "dup", 0, LOOKUP_NO_EXEC);
	ck_assert_int_eq(scope_find_symbol(scope, &q, 0, &res), 1);
	ck_assert_ptr_eq(res.dso, c);
	fx->kind = DSO_LIB;
	/* only in libc; in neither */
	sym_query_init(&q, "memcpy", 0, 0);
	ck_assert_int_eq(scope_find_symbol(scope, &q, 0, &res), 1);
	ck_assert_ptr_eq(res.dso, c);
	sym_query_init(&q, "no_such_symbol_anywhere", 0, 0);
	ck_assert_int_eq(scope_find_symbol(scope, &q, 0, &res), 0);
	/* sym_address: load bias added, except SHN_ABS and TLS */
	sym_query_init(&q, "memcpy", 0, LOOKUP_RETURN_NEWEST);
	ck_assert_int_eq(scope_find_symbol(scope, &q, 0, &res), 1);
	ck_assert_uint_eq(sym_address(res.dso, res.sym), c->base + res.sym->st_value);
	ck_assert_uint_eq(sym_address(fx, find(fx, "tls_v2", "V2", 0, 0)), 0);
	tl_unmap_dso(fx);
	tl_unmap_dso(c);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("version");
	TCase *t = tcase_create("table");
	tcase_add_test(t, table_libc);
	tcase_add_test(t, table_libm);
	tcase_add_test(t, table_ldso);
	tcase_add_test(t, table_fixture);
	tcase_add_test(t, table_none);
	suite_add_tcase(s, t);
	TCase *m = tcase_create("match");
	tcase_set_timeout(m, 30);
	tcase_add_test(m, memcpy_versions);
	tcase_add_test(m, hidden_only);
	tcase_add_test(m, fixture_gnu);
	tcase_add_test(m, fixture_sysv);
	tcase_add_test(m, fixture_both);
	tcase_add_test(m, unversioned_object);
	tcase_add_test(m, glibc_libc);
	tcase_add_test(m, glibc_libm);
	tcase_add_test(m, glibc_fixture);
	tcase_add_test(m, check_versions);
	tcase_add_test(m, scope_order);
	tcase_add_test(m, base_version_rules);
	suite_add_tcase(s, m);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
