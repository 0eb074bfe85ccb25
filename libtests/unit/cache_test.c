/* ldcache_lookup / ldcache_libcmp / ldcache_find on the real
   /etc/ld.so.cache with glibc's ldconfig -p as the oracle, plus truncated,
   corrupted and compat-format copies (which must never make it read out of
   bounds: the copies end right before a PROT_NONE page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "support.h"

#define CACHE "/etc/ld.so.cache"

struct entry { char *name, *flags, *path; int x8664, hwcap; };
static struct entry *ents;	/* in ldconfig -p (= cache) order */
static size_t nents;

static void load_ldconfig(void)
{
	size_t n;
	char **lines = tl_lines("PATH=$PATH:/sbin:/usr/sbin ldconfig -p -C " CACHE, &n);
	ents = calloc(n + 1, sizeof *ents);
	nents = 0;
	for (size_t i = 0; i < n; i++) {
		/* "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1" */
		char *l = lines[i];
		if (l[0] != '\t')
			continue;
		char *open = strstr(l, " ("), *arrow = strstr(l, ") => ");
		if (!open || !arrow)
			continue;
		struct entry *e = &ents[nents++];
		e->name = strndup(l + 1, open - (l + 1));
		e->flags = strndup(open + 2, arrow - (open + 2));
		e->path = strdup(arrow + 5);
		e->x8664 = !strncmp(e->flags, "libc6,x86-64", 12) &&
			   (e->flags[12] == 0 || e->flags[12] == ',');
		e->hwcap = strstr(e->flags, "hwcap") != 0;
	}
	tl_free_lines(lines, n);
}

/* what glibc's loader resolves name to: the first baseline x86-64 entry */
static const char *expected(const char *name)
{
	for (size_t i = 0; i < nents; i++)
		if (ents[i].x8664 && !ents[i].hwcap && !strcmp(ents[i].name, name))
			return ents[i].path;
	return 0;
}

static int listed(const char *name)
{
	for (size_t i = 0; i < nents; i++)
		if (!strcmp(ents[i].name, name))
			return 1;
	return 0;
}

static unsigned char *cache;
static size_t cache_size;

static void setup(void)
{
	load_ldconfig();
	cache = tl_slurp(CACHE, &cache_size);
}

static void teardown(void)
{
	free(cache);
}

START_TEST(every_entry)
{
	ck_assert_uint_gt(nents, 20);
	size_t checked = 0;
	for (size_t i = 0; i < nents; i++) {
		const char *want = expected(ents[i].name);
		if (!want)
			continue;
		const char *got = ldcache_lookup(cache, cache_size, ents[i].name);
		EXPECT(got && !strcmp(got, want), "%s: got %s, ldconfig says %s", ents[i].name,
		       got ? got : "NULL", want);
		checked++;
	}
	ck_assert_uint_gt(checked, 20);
}
END_TEST

START_TEST(absent_names)
{
	static const char *names[] = { "libdoesnotexist.so.1", "", "lib", "libc.so", "libc.so.66",
				       "libc.so.6x", "libc.so.6.0", "LIBC.SO.6", "libc.so.5", "zzzz", "0",
				       "libz.so.1/../libc.so.6", "libc.so.6 " };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (listed(names[i]))
			continue;
		ck_assert_msg(!ldcache_lookup(cache, cache_size, names[i]), "%s found", names[i]);
	}
	/* names listed only for other ABIs (e.g. 32-bit libc6 in /lib32) */
	for (size_t i = 0; i < nents; i++)
		if (!expected(ents[i].name))
			ck_assert_msg(!ldcache_lookup(cache, cache_size, ents[i].name), "%s (%s) found",
				      ents[i].name, ents[i].flags);
}
END_TEST

START_TEST(find_real)
{
	/* the syscall-backed path: open, fstat, mmap /etc/ld.so.cache */
	const char *want = expected("libc.so.6");
	ck_assert_ptr_nonnull(want);
	const char *got = ldcache_find("libc.so.6");
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert_ptr_null(ldcache_find("libdoesnotexist.so.1"));
	const char *m = expected("libm.so.6");
	ck_assert_str_eq(ldcache_find("libm.so.6"), m);
}
END_TEST

static int sign(int v) { return (v > 0) - (v < 0); }

START_TEST(libcmp_examples)
{
	/* glibc's _dl_cache_libcmp: digit runs compare by value, a digit sorts
	   after any non-digit, otherwise bytes compare; shorter prefix first */
	static const struct { const char *a, *b; int s; } t[] = {
		{ "libfoo.so.10", "libfoo.so.9", 1 },
		{ "libfoo.so.9", "libfoo.so.10", -1 },
		{ "libfoo.so.9", "libfoo.so.9", 0 },
		{ "libfoo.so.09", "libfoo.so.9", 0 },
		{ "libfoo.so.1.2", "libfoo.so.1.10", -1 },
		{ "lib2x", "lib10x", -1 },
		{ "libfoo1.so", "libfoo.so", 1 },	/* '1' (digit) after '.' */
		{ "libfoo.so", "libfoo1.so", -1 },
		{ "libfooa", "libfoo1", -1 },	/* a letter sorts before a digit */
		{ "libfoo1", "libfooa", 1 },
		{ "libfoo.so", "libfoo.so.1", -1 },
		{ "libfoo.so.1", "libfoo.so", 1 },
		{ "liba.so", "libb.so", -1 },
		{ "libB.so", "liba.so", -1 },
		{ "", "", 0 },
		{ "", "a", -1 },
		{ "a", "", 1 },
		{ "1", "", 1 },
		{ "libz.so.1", "libz.so.1.2.13", -1 },
		{ "libstdc++.so.6", "libstdc++.so.6", 0 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		ck_assert_msg(sign(ldcache_libcmp(t[i].a, t[i].b)) == t[i].s, "libcmp(%s, %s) = %d, want sign %d",
			      t[i].a, t[i].b, ldcache_libcmp(t[i].a, t[i].b), t[i].s);
}
END_TEST

START_TEST(libcmp_matches_ldconfig_order)
{
	/* ldconfig sorts the cache so that keys never increase */
	for (size_t i = 0; i + 1 < nents; i++)
		EXPECT(ldcache_libcmp(ents[i].name, ents[i + 1].name) >= 0, "%s before %s", ents[i].name,
		       ents[i + 1].name);
	/* and the comparison is antisymmetric */
	for (size_t i = 0; i < nents; i += 7)
		for (size_t j = 0; j < nents; j += 11)
			EXPECT(sign(ldcache_libcmp(ents[i].name, ents[j].name)) ==
				       -sign(ldcache_libcmp(ents[j].name, ents[i].name)),
			       "%s vs %s", ents[i].name, ents[j].name);
}
END_TEST

/* ---- damaged copies ---- */

static const char *probe_names[8];
static size_t nprobe;

static void pick_probes(void)
{
	nprobe = 0;
	probe_names[nprobe++] = "libc.so.6";
	probe_names[nprobe++] = "libdoesnotexist.so.1";
	size_t first = 0, last = 0;
	for (size_t i = 0; i < nents; i++)
		if (expected(ents[i].name)) {
			if (!first)
				first = i + 1;
			last = i + 1;
		}
	if (first) {
		probe_names[nprobe++] = ents[first - 1].name;
		probe_names[nprobe++] = ents[last - 1].name;
		probe_names[nprobe++] = ents[(first + last) / 2 - 1].name;
	}
}

/* result must be NULL, or the right answer lying inside buf[0..len) */
static void probe(const unsigned char *buf, size_t len, const char *ctx, size_t ctxv)
{
	for (size_t k = 0; k < nprobe; k++) {
		const char *r = ldcache_lookup(buf, len, probe_names[k]);
		if (!r)
			continue;
		EXPECT((const unsigned char *)r >= buf && (const unsigned char *)r < buf + len,
		       "%s %zu: %s -> pointer out of the buffer", ctx, ctxv, probe_names[k]);
		EXPECT(memchr(r, 0, buf + len - (const unsigned char *)r) != 0,
		       "%s %zu: %s -> unterminated", ctx, ctxv, probe_names[k]);
		const char *want = expected(probe_names[k]);
		EXPECT(want && !strcmp(r, want), "%s %zu: %s -> %s, want %s", ctx, ctxv, probe_names[k], r,
		       want ? want : "NULL");
	}
}

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static void wr32(unsigned char *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

START_TEST(truncated)
{
	pick_probes();
	unsigned char *g = tl_guarded(cache_size);
	size_t nlibs = rd32(cache + 20), ents_end = 48 + nlibs * 24;
	ck_assert_uint_lt(ents_end, cache_size);
	for (size_t len = 0; len <= cache_size; len++) {
		int take = len <= 300 || len == cache_size ||
			   (len + 64 >= ents_end && len <= ents_end + 64) ||	/* around the entries' end */
			   (len > ents_end && (len - ents_end) % 97 == 0) ||	/* in the string table */
			   (len < ents_end && len % 24 == 3) ||		/* mid-entry */
			   len + 64 >= cache_size;				/* the last strings */
		if (!take)
			continue;
		unsigned char *p = g + cache_size - len;
		memcpy(p, cache, len);
		probe(p, len, "length", len);
		if (len < ents_end)
			for (size_t k = 0; k < nprobe; k++)
				EXPECT(!ldcache_lookup(p, len, probe_names[k]), "length %zu (entries cut): %s found",
				       len, probe_names[k]);
	}
	/* the full copy answers everything */
	ck_assert_str_eq(ldcache_lookup(g, cache_size, "libc.so.6"), expected("libc.so.6"));
	tl_guard_free(g, cache_size);
}
END_TEST

START_TEST(corrupted)
{
	pick_probes();
	unsigned char *g = tl_guarded(cache_size);
	size_t nlibs = rd32(cache + 20);
#define FRESH() memcpy(g, cache, cache_size)
	/* entry count beyond the file */
	FRESH();
	wr32(g + 20, 0xffffffffu);
	probe(g, cache_size, "nlibs", 0);
	ck_assert_ptr_null(ldcache_lookup(g, cache_size, "libc.so.6"));
	FRESH();
	wr32(g + 20, (cache_size - 48) / 24 + 1);
	probe(g, cache_size, "nlibs", 1);
	FRESH();
	wr32(g + 20, 0);
	ck_assert_ptr_null(ldcache_lookup(g, cache_size, "libc.so.6"));
	/* every key or value offset out of bounds, or at the last byte with the
	   final NUL removed */
	static const uint32_t bad[] = { 0xffffffffu, 0x80000000u, 0 /* = size */, 1 /* = size - 1 */ };
	for (size_t b = 0; b < 4; b++)
		for (int field = 1; field <= 2; field++) {
			FRESH();
			uint32_t v = bad[b];
			if (b == 2)
				v = cache_size;
			if (b == 3) {
				v = cache_size - 1;
				g[cache_size - 1] = 'x';
			}
			for (size_t i = 0; i < nlibs; i++)
				wr32(g + 48 + i * 24 + 4 * field, v);
			probe(g, cache_size, "offsets", b * 2 + field);
			ck_assert_ptr_null(ldcache_lookup(g, cache_size, "libc.so.6"));
		}
	/* one entry's value pointing at an unterminated tail */
	FRESH();
	g[cache_size - 1] = 'x';
	for (size_t i = 0; i < nlibs; i++)
		wr32(g + 48 + i * 24 + 8, cache_size - 3);
	probe(g, cache_size, "tail", 0);
	/* wrong magic, and every flag word changed */
	FRESH();
	g[0] = 'G';
	ck_assert_ptr_null(ldcache_lookup(g, cache_size, "libc.so.6"));
	FRESH();
	for (size_t i = 0; i < nlibs; i++)
		wr32(g + 48 + i * 24, 0x0003);	/* "libc6" (i386) */
	ck_assert_ptr_null(ldcache_lookup(g, cache_size, "libc.so.6"));
	/* random damage to the header and the entries */
	uint64_t rs = 7;
	for (int it = 0; it < 3000; it++) {
		FRESH();
		int nflip = 1 + tl_rand(&rs) % 8;
		for (int k = 0; k < nflip; k++) {
			size_t off = tl_rand(&rs) % (48 + nlibs * 24);
			g[off] = (unsigned char)tl_rand(&rs);
		}
		for (size_t k = 0; k < nprobe; k++) {
			const char *r = ldcache_lookup(g, cache_size, probe_names[k]);
			EXPECT(!r || ((const unsigned char *)r >= g && (const unsigned char *)r < g + cache_size &&
				      memchr(r, 0, g + cache_size - (const unsigned char *)r)),
			       "fuzz %d: bad pointer", it);
		}
	}
#undef FRESH
	tl_guard_free(g, cache_size);
}
END_TEST

/* glibc's compat layout (ldconfig -c compat, the default before 2.32):
   struct cache_file { char magic[11]; unsigned nlibs; struct file_entry
   libs[]; } -- nlibs sits at offset 12 after one byte of padding, entries
   are 12 bytes, and the new-format cache follows, aligned to 8.  (Checked
   against a file written by "ldconfig -X -c compat -C FILE".) */
static unsigned char *make_compat(uint32_t n_old, size_t *size)
{
	size_t old_end = 16 + (size_t)n_old * 12, start = (old_end + 7) & ~(size_t)7;
	*size = start + cache_size;
	unsigned char *p = calloc(1, *size);
	memcpy(p, "ld.so-1.7.0", 11);
	wr32(p + 12, n_old);
	for (uint32_t i = 0; i < n_old; i++)
		wr32(p + 16 + i * 12, 0x0303);
	memcpy(p + start, cache, cache_size);
	return p;
}

START_TEST(compat_format)
{
	static const uint32_t counts[] = { 0, 1, 2, 3, 650 };
	uint32_t n = counts[_i];
	size_t size;
	unsigned char *p = make_compat(n, &size);
	unsigned char *g = tl_guarded(size);
	memcpy(g, p, size);
	size_t checked = 0;
	for (size_t i = 0; i < nents; i++) {
		const char *want = expected(ents[i].name);
		if (!want)
			continue;
		const char *got = ldcache_lookup(g, size, ents[i].name);
		EXPECT(got && !strcmp(got, want), "compat cache with %u old entries: %s -> %s", n,
		       ents[i].name, got ? got : "NULL");
		checked++;
	}
	ck_assert_uint_gt(checked, 0);
	/* truncated inside the old table: nothing found, nothing read beyond */
	size_t cut = 16 + n * 12 / 2;
	unsigned char *h = tl_guarded(cut);
	memcpy(h, p, cut);
	ck_assert_ptr_null(ldcache_lookup(h, cut, "libc.so.6"));
	tl_guard_free(h, cut);
	tl_guard_free(g, size);
	free(p);
}
END_TEST

START_TEST(old_format_only)
{
	/* an old-format-only file (no new table): nothing usable, no crash */
	size_t size = 16 + 12 + 16;
	unsigned char *g = tl_guarded(size);
	memset(g, 0, size);
	memcpy(g, "ld.so-1.7.0", 11);
	wr32(g + 12, 1);
	wr32(g + 16, 0x0303);
	wr32(g + 20, 28);
	wr32(g + 24, 28);
	memcpy(g + 28, "libc.so.6", 10);
	ck_assert_ptr_null(ldcache_lookup(g, size, "libc.so.6"));
	tl_guard_free(g, size);
}
END_TEST

/* A hand-made cache (glibc's struct cache_file_new: 48-byte header,
   24-byte entries {flags, key, value, osversion, hwcap}, offsets from the
   header) with a run of equal keys, so the binary search lands inside the
   run: the answer is the first usable entry of the run in cache order
   (glibc search_cache), usable meaning flags libc6,x86-64 (0x0303) and,
   for this loader, no hwcap (the baseline directory). */
struct mk { int32_t flags; const char *key, *value; uint64_t hwcap; };

static unsigned char *make_cache(const struct mk *e, size_t n, size_t *size)
{
	unsigned char *p = calloc(1, 4096);
	memcpy(p, "glibc-ld.so.cache1.1", 20);
	wr32(p + 20, n);
	size_t str = 48 + n * 24, off = str;
	for (size_t i = 0; i < n; i++) {
		unsigned char *q = p + 48 + i * 24;
		wr32(q, e[i].flags);
		wr32(q + 4, off);
		memcpy(p + off, e[i].key, strlen(e[i].key) + 1);
		off += strlen(e[i].key) + 1;
		wr32(q + 8, off);
		memcpy(p + off, e[i].value, strlen(e[i].value) + 1);
		off += strlen(e[i].value) + 1;
		wr32(q + 16, (uint32_t)e[i].hwcap);
		wr32(q + 20, (uint32_t)(e[i].hwcap >> 32));
	}
	wr32(p + 24, off - str);
	*size = off;
	return p;
}

START_TEST(equal_keys)
{
	static const struct mk e[] = {
		{ 0x0303, "libzz.so.1", "/z/libzz.so.1", 0 },
		{ 0x0003, "libunit.so.1", "/lib32/libunit.so.1", 0 },		/* i386 */
		{ 0x0303, "libunit.so.1", "/hw/libunit.so.1", 1ULL << 62 },	/* glibc-hwcaps */
		{ 0x0303, "libunit.so.1", "/base/libunit.so.1", 0 },
		{ 0x0303, "libunit.so.1", "/later/libunit.so.1", 0 },
		{ 0x0000, "libunit.so.1", "/none/libunit.so.1", 0 },
		{ 0x0303, "libunit.so.0", "/u0/libunit.so.0", 0 },
		{ 0x0303, "liba.so.2", "/a/liba.so.2", 0 },
		{ 0x0303, "liba.so.10", "/a/liba.so.10", 0 },
	};
	/* keys must not increase: liba.so.10 sorts before liba.so.2 */
	struct mk t[9];
	memcpy(t, e, sizeof e);
	t[7] = e[8];
	t[8] = e[7];
	for (size_t i = 0; i + 1 < 9; i++)
		ck_assert_int_ge(ldcache_libcmp(t[i].key, t[i + 1].key), 0);
	size_t size;
	unsigned char *p = make_cache(t, 9, &size);
	unsigned char *g = tl_guarded(size);
	memcpy(g, p, size);
	ck_assert_str_eq(ldcache_lookup(g, size, "libunit.so.1"), "/base/libunit.so.1");
	ck_assert_str_eq(ldcache_lookup(g, size, "libunit.so.0"), "/u0/libunit.so.0");
	ck_assert_str_eq(ldcache_lookup(g, size, "libzz.so.1"), "/z/libzz.so.1");
	ck_assert_str_eq(ldcache_lookup(g, size, "liba.so.2"), "/a/liba.so.2");
	ck_assert_str_eq(ldcache_lookup(g, size, "liba.so.10"), "/a/liba.so.10");
	ck_assert_ptr_null(ldcache_lookup(g, size, "libunit.so.2"));
	ck_assert_ptr_null(ldcache_lookup(g, size, "libunit.so"));
	/* only unusable entries for a name: not found */
	struct mk u[3] = {
		{ 0x0003, "libq.so.1", "/lib32/libq.so.1", 0 },
		{ 0x0303, "libq.so.1", "/hw/libq.so.1", (1ULL << 62) | 1 },
		{ 0x0303, "libp.so.1", "/p/libp.so.1", 0 },
	};
	free(p);
	tl_guard_free(g, size);
	p = make_cache(u, 3, &size);
	g = tl_guarded(size);
	memcpy(g, p, size);
	ck_assert_ptr_null(ldcache_lookup(g, size, "libq.so.1"));
	ck_assert_str_eq(ldcache_lookup(g, size, "libp.so.1"), "/p/libp.so.1");
	free(p);
	tl_guard_free(g, size);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cache");
	TCase *r = tcase_create("real");
	tcase_add_unchecked_fixture(r, setup, teardown);
	tcase_add_test(r, every_entry);
	tcase_add_test(r, absent_names);
	tcase_add_test(r, find_real);
	tcase_add_test(r, libcmp_examples);
	tcase_add_test(r, libcmp_matches_ldconfig_order);
	suite_add_tcase(s, r);
	TCase *d = tcase_create("damaged");
	tcase_set_timeout(d, 30);
	tcase_add_unchecked_fixture(d, setup, teardown);
	tcase_add_test(d, truncated);
	tcase_add_test(d, corrupted);
	tcase_add_loop_test(d, compat_format, 0, 5);
	tcase_add_test(d, old_format_only);
	tcase_add_test(d, equal_keys);
	suite_add_tcase(s, d);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
