/* elf_gnu_hash / elf_sysv_hash against published values, against reference
   implementations written from the specs, and against the hash tables real
   linkers wrote; then dso_find_symbol over every dynamic symbol of real
   objects, through the GNU table and (forced) through the SysV table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"

START_TEST(known_values)
{
	/* gnu: h = h * 33 + c from 5381 (Bernstein); values as published for
	   DT_GNU_HASH (e.g. flapenguin.me "ELF: symbol lookup via DT_GNU_HASH")
	   and checked by hand/python.  sysv: gABI "Hash Table" function. */
	static const struct { const char *s; uint32_t gnu, sysv; } t[] = {
		{ "", 0x00001505, 0x00000000 },
		{ "printf", 0x156b2bb8, 0x077905a6 },
		{ "exit", 0x7c967e3f, 0x0006cf04 },
		{ "syscall", 0xbac212a0, 0x0b09985c },
		{ "flapenguin.me", 0x8ae9f18e, 0x03987915 },
		{ "memcpy", 0x0d827590, 0x073c3a79 },
		{ "GLIBC_2.2.5", 0x427315ba, 0x09691a75 },
		{ "GLIBC_2.14", 0xc3f3f8ca, 0x06969194 },
		{ "abcdefghijklmnopqrstuvwxyz0123456789", 0x774c7211, 0x067d7f09 },
		/* bytes >= 0x80 are unsigned (a signed char would change both) */
		{ "\xff\xfe\x80\x41\xc3\xa9", 0x6cee2bef, 0x00f64dc9 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ck_assert_msg(elf_gnu_hash(t[i].s) == t[i].gnu, "gnu_hash(\"%s\") = %#x, want %#x",
			      t[i].s, elf_gnu_hash(t[i].s), t[i].gnu);
		ck_assert_msg(elf_sysv_hash(t[i].s) == t[i].sysv, "sysv_hash(\"%s\") = %#x, want %#x",
			      t[i].s, elf_sysv_hash(t[i].s), t[i].sysv);
	}
}
END_TEST

START_TEST(reference_agreement)
{
	uint64_t rs = 42;
	unsigned char buf[80];
	for (int n = 0; n < 20000; n++) {
		size_t len = tl_rand(&rs) % 70;
		for (size_t i = 0; i < len; i++)
			buf[i] = 1 + tl_rand(&rs) % 255;
		buf[len] = 0;
		uint32_t g = elf_gnu_hash((char *)buf), s = elf_sysv_hash((char *)buf);
		EXPECT_EQ(g, ref_gnu_hash(buf));
		EXPECT_EQ(elf_gnu_hash_mapped((char *)buf), g);
		EXPECT_EQ(s, ref_elf_hash(buf));
		EXPECT_TRUE(s < 1u << 28);
	}
}
END_TEST

/* elf_gnu_hash_mapped reads sixteen bytes a step: every start offset and length,
   with the name's NUL the last byte before an inaccessible page (a read
   past it would fault), and names that cross from one page into the next */
START_TEST(page_edges)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *m = mmap(0, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	ck_assert_ptr_ne(m, MAP_FAILED);
	ck_assert_int_eq(mprotect(m + 2 * pg, pg, PROT_NONE), 0);
	uint64_t rs = 7;
	for (size_t len = 0; len < 100; len++) {
		unsigned char *s = m + 2 * pg - 1 - len;	/* the NUL ends the page */
		for (size_t i = 0; i < len; i++)
			s[i] = 1 + tl_rand(&rs) % 255;
		s[len] = 0;
		EXPECT_EQ(elf_gnu_hash_mapped((char *)s), ref_gnu_hash(s));
		EXPECT_EQ(elf_gnu_hash((char *)s), ref_gnu_hash(s));
		for (size_t back = 0; back < 24; back++) {	/* across the first page's end */
			unsigned char *t = m + pg - back;
			memcpy(t, s, len + 1);
			EXPECT_EQ(elf_gnu_hash_mapped((char *)t), ref_gnu_hash(t));
		}
	}
	munmap(m, 3 * pg);
}
END_TEST

START_TEST(query_init)
{
	struct sym_query q;
	version_t v = { .name = "V", .hash = 1 };
	sym_query_init(&q, "printf", &v, LOOKUP_PLT);
	ck_assert_str_eq(q.name, "printf");
	ck_assert_uint_eq(q.gnu_hash, 0x156b2bb8);
	ck_assert_int_eq(q.sysv_hash_set, 0);
	ck_assert_ptr_eq(q.version, &v);
	ck_assert_int_eq(q.flags, LOOKUP_PLT);
	ck_assert_int_eq(q.mapped, 0);
	sym_query_init_hashed(&q, "printf", elf_gnu_hash_mapped("printf"), &v, 0);	/* a relocation's */
	ck_assert_uint_eq(q.gnu_hash, 0x156b2bb8);
	ck_assert_int_eq(q.mapped, 1);
}
END_TEST

/* The tables in the files, read with testlib's reader, must be consistent
   with our hash functions: that is what makes lookups possible at all. */
static void check_tables(const char *path)
{
	struct tl_elf e;
	ck_assert_int_eq(tl_elf_open(&e, path), 0);
	const Elf64_Shdr *gs = tl_section_type(&e, SHT_GNU_HASH);
	if (gs) {
		const uint32_t *h = tl_at(&e, gs->sh_offset, gs->sh_size);
		uint32_t nb = h[0], off = h[1], nbloom = h[2], shift = h[3];
		const uint64_t *bloom = (const uint64_t *)(h + 4);
		const uint32_t *buckets = (const uint32_t *)(bloom + nbloom), *chain = buckets + nb;
		for (size_t i = off; i < e.ndynsym; i++) {
			const char *name = e.dynstr + e.dynsym[i].st_name;
			uint32_t hv = elf_gnu_hash(name);
			EXPECT((chain[i - off] | 1) == (hv | 1), "%s: %s chain value", path, name);
			uint64_t w = bloom[(hv / 64) % nbloom];
			EXPECT_TRUE(w >> (hv % 64) & 1);
			EXPECT_TRUE(w >> ((hv >> shift) % 64) & 1);
			/* reachable from its bucket without crossing a chain end */
			uint32_t k = buckets[hv % nb];
			EXPECT_TRUE(k >= off && k <= i);
			for (; k < i; k++)
				EXPECT(!(chain[k - off] & 1), "%s: %s not reachable", path, name);
		}
	}
	const Elf64_Shdr *hs = tl_section_type(&e, SHT_HASH);
	if (hs) {
		const uint32_t *h = tl_at(&e, hs->sh_offset, hs->sh_size);
		uint32_t nb = h[0], nc = h[1];
		const uint32_t *buckets = h + 2, *chain = buckets + nb;
		ck_assert_uint_eq(nc, e.ndynsym);
		for (size_t i = 1; i < e.ndynsym; i++) {
			const char *name = e.dynstr + e.dynsym[i].st_name;
			uint32_t k = buckets[elf_sysv_hash(name) % nb], steps = 0;
			while (k && k != i && steps++ < nc)
				k = chain[k];
			EXPECT(k == i, "%s: %s not in its SysV bucket", path, name);
		}
	}
	ck_assert(gs || hs);
	tl_elf_close(&e);
}

START_TEST(tables_libm) { check_tables(SYS_LIBM); }
END_TEST
START_TEST(tables_libc) { check_tables(SYS_LIBC); }
END_TEST
START_TEST(tables_fixtures)
{
	check_tables(UNIT_FIXTURES "/libvers-gnu.so");
	check_tables(UNIT_FIXTURES "/libvers-sysv.so");
	check_tables(UNIT_FIXTURES "/libvers-both.so");
}
END_TEST

/* Every eligible dynamic symbol is found: versioned with its own version,
   and unversioned wherever glibc's rules say an unversioned reference binds
   (tl_expect_unversioned); absent names and UND entries are not found. */
static void check_find_all(const char *path, int force_sysv)
{
	struct dso *d = tl_map_dso(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(dso_decode_dynamic(d));
	if (force_sysv) {
		if (!d->sysv_hash) {
			tl_unmap_dso(d);
			return;
		}
		d->gnu_buckets = 0;	/* dso_find_symbol then walks DT_HASH */
	}
	ck_assert_ptr_null(dso_build_versions(d));
	struct tl_elf e;
	ck_assert_int_eq(tl_elf_open(&e, path), 0);
	ck_assert_uint_eq(e.ndynsym, d->nsyms);
	const char *vnames[256];
	tl_verdef_names(&e, vnames, 256);

	size_t found_versioned = 0, found_plain = 0;
	for (size_t i = 1; i < e.ndynsym; i++) {
		const Elf64_Sym *s = &e.dynsym[i];
		const char *name = e.dynstr + s->st_name;
		struct sym_query q;
		if (!tl_sym_eligible(s)) {
			/* UND and other non-definitions: only found if some other
			   symbol of that name is a definition */
			int other = 0;
			size_t first, cnt = tl_name_range(&e, name, &first);
			for (size_t k = first; k < first + cnt; k++)
				other |= e.by_name[k] != i && tl_sym_eligible(&e.dynsym[e.by_name[k]]);
			/* glibc's check_match exempts STT_TLS from the "st_value 0"
			   test and has no SHN_UNDEF test outside PLT lookups, so an
			   undefined TLS reference can match when the SysV table
			   (which lists undefined symbols) is walked; the GNU table
			   never lists them.  Same rule here: not asserted. */
			if (force_sysv && ELF64_ST_TYPE(s->st_info) == STT_TLS)
				continue;
			if (!other && *name) {
				sym_query_init(&q, name, 0, LOOKUP_RETURN_NEWEST);
				EXPECT(!dso_find_symbol(d, &q), "%s: non-definition %s found", path, name);
				sym_query_init(&q, name, 0, LOOKUP_PLT);
				EXPECT(!dso_find_symbol(d, &q), "%s: non-definition %s found (PLT)", path, name);
			}
			continue;
		}
		unsigned ndx = e.versym ? e.versym[i] & 0x7fff : 0;
		if (ndx >= 2) {
			const char *vname = ndx < 256 ? vnames[ndx] : 0;
			EXPECT(vname != 0, "%s: version index %u of %s", path, ndx, name);
			version_t v = { .name = (char *)vname, .hash = ref_elf_hash((const unsigned char *)vname) };
			sym_query_init(&q, name, &v, 0);
			const Elf64_Sym *r = dso_find_symbol(d, &q);
			EXPECT(r == &d->syms[i], "%s: %s@%s -> %p, want index %zu", path, name, vname,
				      (void *)r, i);
			found_versioned++;
		}
		for (int newest = 0; newest < 2; newest++) {
			long want = tl_expect_unversioned(&e, name, newest);
			if (want == -2)
				continue;
			sym_query_init(&q, name, 0, newest ? LOOKUP_RETURN_NEWEST : 0);
			const Elf64_Sym *r = dso_find_symbol(d, &q);
			EXPECT(r == (want < 0 ? 0 : &d->syms[want]),
				      "%s: unversioned%s %s -> %ld, want %ld", path, newest ? " (newest)" : "",
				      name, r ? (long)(r - d->syms) : -1L, want);
			found_plain += r != 0;
		}
	}
	ck_assert_uint_gt(found_versioned + found_plain, 0);

	/* names that are not there */
	static const char *absent[] = { "definitely_not_a_symbol", "", "sin_", "SIN", "memcpy2",
					"__libc_nonexistent", "GLIBC_2.2.5x" };
	for (size_t k = 0; k < sizeof absent / sizeof absent[0]; k++) {
		size_t first;
		if (tl_name_range(&e, absent[k], &first))
			continue;
		struct sym_query q;
		for (int f = 0; f < 8; f++) {
			sym_query_init(&q, absent[k], 0, f);
			EXPECT(!dso_find_symbol(d, &q), "%s found", absent[k]);
		}
	}
	/* every defined name, mangled (a suffix, a dropped last letter) */
	for (size_t i = 1; i < e.ndynsym; i++) {
		const char *name = e.dynstr + e.dynsym[i].st_name;
		char buf[512];
		for (int variant = 0; variant < 2; variant++) {
			size_t len = strlen(name);
			if (len + 3 > sizeof buf || (variant && len < 2))
				continue;
			if (variant)
				snprintf(buf, sizeof buf, "%.*s", (int)len - 1, name);
			else
				snprintf(buf, sizeof buf, "%s_x", name);
			size_t first;
			if (tl_name_range(&e, buf, &first))
				continue;
			struct sym_query q;
			sym_query_init(&q, buf, 0, LOOKUP_RETURN_NEWEST);
			EXPECT(!dso_find_symbol(d, &q), "%s: %s found", path, buf);
		}
	}
	tl_elf_close(&e);
	tl_unmap_dso(d);
}

START_TEST(find_all_libm) { check_find_all(SYS_LIBM, 0); }
END_TEST
START_TEST(find_all_libm_sysv) { check_find_all(SYS_LIBM, 1); }
END_TEST
START_TEST(find_all_libc) { check_find_all(SYS_LIBC, 0); }
END_TEST
START_TEST(find_all_libc_sysv) { check_find_all(SYS_LIBC, 1); }
END_TEST
START_TEST(find_all_fixtures)
{
	check_find_all(UNIT_FIXTURES "/libvers-gnu.so", 0);
	check_find_all(UNIT_FIXTURES "/libvers-sysv.so", 0);
	check_find_all(UNIT_FIXTURES "/libvers-both.so", 0);
	check_find_all(UNIT_FIXTURES "/libvers-both.so", 1);
	check_find_all(UNIT_FIXTURES "/libplain.so", 0);
}
END_TEST

START_TEST(readelf_agrees_with_reader)
{
	/* cross-check testlib's section reader with readelf's view */
	struct tl_rsym *rs;
	size_t n = tl_readelf_syms(SYS_LIBM, &rs);
	struct tl_elf e;
	ck_assert_int_eq(tl_elf_open(&e, SYS_LIBM), 0);
	ck_assert_uint_eq(n, e.ndynsym);
	for (size_t i = 0; i < n; i++) {
		EXPECT_EQ(rs[i].index, i);
		EXPECT(!strcmp(rs[i].name, e.dynstr + e.dynsym[i].st_name), "%zu: %s", i, rs[i].name);
		EXPECT_EQ(rs[i].value, e.dynsym[i].st_value);
		/* (readelf prints version-node symbols like "GLIBC_2.4" bare) */
		if (e.dynsym[i].st_shndx != SHN_UNDEF && e.versym[i] > 1 && rs[i].version[0])
			EXPECT(rs[i].is_default == !(e.versym[i] & 0x8000), "%zu %s@%s versym %#x",
				      i, rs[i].name, rs[i].version, e.versym[i]);
	}
	free(rs);
	tl_elf_close(&e);
}
END_TEST

START_TEST(bloom_rejects)
{
	/* most absent names die in the Bloom filter; the counter says so */
	struct dso *d = tl_map_dso(SYS_LIBC);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(dso_decode_dynamic(d));
	unsigned rejects = 0;
	char buf[64];
	for (int i = 0; i < 1000; i++) {
		struct sym_query q;
		snprintf(buf, sizeof buf, "no_such_symbol_%d", i);
		sym_query_init(&q, buf, 0, 0);
		EXPECT(!dso_find_symbol(d, &q), "%s found", buf);
		rejects += !dso_bloom_may_have(d, q.gnu_hash);
	}
	ck_assert_uint_gt(rejects, 500);
	tl_unmap_dso(d);
}
END_TEST

/* A relocation's query compares names a word at a time, those 8 bytes that
   meet a page end one by one: each of libc's names, copied to end at every
   distance from a page followed by an inaccessible one (a read past the NUL
   there would fault) and across a page's end, finds what the same name as a
   caller's (compared with strcmp) finds */
START_TEST(mapped_names_at_page_ends)
{
	struct dso *d = tl_map_dso(SYS_LIBC);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(dso_decode_dynamic(d));
	ck_assert_ptr_null(dso_build_versions(d));
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(0, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(m, MAP_FAILED);
	ck_assert_int_eq(mprotect(m + 2 * pg, pg, PROT_NONE), 0);
	size_t found = 0;
	for (size_t i = 1; i < d->nsyms; i++) {
		const char *name = d->strings + d->syms[i].st_name;
		size_t len = strlen(name);
		if (!len || len > 200)
			continue;
		struct sym_query q;
		sym_query_init(&q, name, 0, 0);
		const Elf64_Sym *want = dso_find_symbol(d, &q);
		found += want != 0;
		for (size_t back = 0; back < 10; back++) {
			char *end = m + 2 * pg - 1 - back - len, *across = m + pg - 3 - back;
			memcpy(end, name, len + 1);
			memcpy(across, name, len + 1);
			sym_query_init_hashed(&q, end, elf_gnu_hash_mapped(end), 0, 0);
			EXPECT(dso_find_symbol(d, &q) == want, "%s at a page end - %zu", name, back);
			sym_query_init_hashed(&q, across, elf_gnu_hash_mapped(across), 0, 0);
			EXPECT(dso_find_symbol(d, &q) == want, "%s across a page end", name);
		}
	}
	ck_assert_uint_gt(found, 1000);
	munmap(m, 3 * pg);
	tl_unmap_dso(d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hash");
	TCase *f = tcase_create("functions");
	tcase_add_test(f, known_values);
	tcase_add_test(f, reference_agreement);
	tcase_add_test(f, page_edges);
	tcase_add_test(f, query_init);
	suite_add_tcase(s, f);
	TCase *t = tcase_create("tables");
	tcase_add_test(t, tables_libm);
	tcase_add_test(t, tables_libc);
	tcase_add_test(t, tables_fixtures);
	suite_add_tcase(s, t);
	TCase *l = tcase_create("lookup");
	tcase_set_timeout(l, 30);
	tcase_add_test(l, find_all_libm);
	tcase_add_test(l, find_all_libm_sysv);
	tcase_add_test(l, find_all_libc);
	tcase_add_test(l, find_all_libc_sysv);
	tcase_add_test(l, find_all_fixtures);
	tcase_add_test(l, readelf_agrees_with_reader);
	tcase_add_test(l, bloom_rejects);
	tcase_add_test(l, mapped_names_at_page_ends);
	suite_add_tcase(s, l);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
