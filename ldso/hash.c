/* Symbol lookup inside one object: GNU hash with its Bloom filter, SysV hash
   as a fallback, and glibc's version-matching rules (elf/dl-lookup.c check_match). */
#include "ldso.h"
#include "arch_hash.h"

uint32_t elf_sysv_hash(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t h = 0;
	while (*s) {
		h = (h << 4) + *s++;
		h ^= (h >> 24) & 0xf0;
	}
	return h & 0x0fffffff;
}

/* h = h * 33 + c from 5381, two characters a step, reading nothing past
   the NUL: the name may be a caller's (dlsym), in a heap block whose end
   valgrind watches */
uint32_t elf_gnu_hash(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t h = 5381;
	for (;;) {
		uint32_t c0 = s[0], c1;
		if (!c0)
			return h;
		c1 = s[1];
		if (!c1)
			return h * 33 + c0;
		h = h * (33 * 33) + c0 * 33 + c1;
		s += 2;
	}
}

/* The same for a name inside a mapped object's string table, where reading
   past the NUL within the page is harmless (not to AddressSanitizer: the
   fuzzers' build), and relocations look up every name: C++ names are long
   (hashing was a fifth of a big program's start-up).  Sixteen characters a
   step (arch_hash.h) while the read stays inside the page, the bytes before
   a page end one by one. */
__attribute__((no_sanitize_address))
uint32_t elf_gnu_hash_mapped(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t h = 5381;
	for (;;) {
		size_t room = 4096 - ((uintptr_t)s & 4095);
		if (room >= 16) {
			if (arch_gnu_hash16(s, &h) < 16)
				return h;
			s += 16;
			continue;
		}
		for (const unsigned char *e = s + room; s < e; s++) {
			if (!*s)
				return h;
			h = h * 33 + *s;
		}
	}
}

static void query_fill(struct sym_query *q, const char *name, uint32_t gnu_hash,
		       const version_t *v, int flags, int mapped)
{
	q->name = name;
	q->gnu_hash = gnu_hash;
	q->sysv_hash_set = 0;
	q->version = v;
	q->flags = flags;
	q->mapped = mapped;
}

void sym_query_init(struct sym_query *q, const char *name, const version_t *v, int flags)
{
	query_fill(q, name, elf_gnu_hash(name), v, flags, 0);
}

/* strcmp(a, b) == 0 without a call: a candidate's name is compared only
   when its hash matched, so it is nearly always equal and read whole.  a is
   in a mapped object; b too when mapped (else strcmp, which valgrind
   replaces: b may be a caller's heap block).  A word at a time while neither
   read crosses a page (else those 8 bytes one by one); up to and with a's
   first NUL the bytes must match.  Past the NUL is not AddressSanitizer's
   (the fuzzers' build). */
__attribute__((no_sanitize_address))
static inline int same_name(const char *a, const char *b, int mapped)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	if (a == b)
		return 1;
	if (!mapped)
		return !strcmp(a, b);
	for (;; a += 8, b += 8) {
		if ((((uintptr_t)a | (uintptr_t)b) & 4095) > 4096 - 8) {
			for (int i = 0; i < 8; i++) {
				if (a[i] != b[i])
					return 0;
				if (!a[i])
					return 1;
			}
			continue;
		}
		uint64_t x, y;
		__builtin_memcpy(&x, a, 8);
		__builtin_memcpy(&y, b, 8);
		uint64_t nul = (x - ones) & ~x & highs;	/* lowest bit: a's first NUL */
		if (nul)
			return !((x ^ y) & (nul ^ (nul - 1)));
		if (x != y)
			return 0;
	}
}

/* Is symbol i of d a definition that may satisfy q?  Returns 1 for a match,
   0 for no match; *versioned collects the single acceptable versioned
   definition for an unversioned reference. */
static int sym_matches(const struct dso *d, uint32_t i, const struct sym_query *q,
		       const Elf64_Sym **versioned, int *nversioned)
{
	const Elf64_Sym *s = &d->syms[i];
	unsigned type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);

	if ((s->st_value == 0 && s->st_shndx != SHN_ABS && type != STT_TLS) ||
	    ((q->flags & LOOKUP_PLT) && s->st_shndx == SHN_UNDEF))
		return 0;
	if (!((1 << type) & ((1 << STT_NOTYPE) | (1 << STT_OBJECT) | (1 << STT_FUNC) |
			     (1 << STT_COMMON) | (1 << STT_TLS) | (1 << STT_GNU_IFUNC))))
		return 0;
	if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
		return 0;
	if (s->st_name >= d->strings_size)
		return 0;
	if (!same_name(d->strings + s->st_name, q->name, q->mapped))	/* often a self-reference */
		return 0;

	const version_t *v = q->version;
	if (v) {
		if (!d->versym)
			return 1;
		unsigned ndx = d->versym[i] & 0x7fff;
		const version_t *have = ndx < d->nversions ? &d->versions[ndx] : 0;
		int same = have && have->name && have->hash == v->hash &&
			   same_name(have->name, v->name, q->mapped);
		if (!same && (v->hidden || (have && have->hash) || (d->versym[i] & 0x8000)))
			return 0;
		return 1;
	}
	if (d->versym) {
		unsigned raw = d->versym[i], ndx = raw & 0x7fff;
		if (ndx >= ((q->flags & LOOKUP_RETURN_NEWEST) ? 2u : 3u)) {
			/* hidden versions never satisfy an unversioned reference */
			if (!(raw & 0x8000) && (*nversioned)++ == 0)
				*versioned = s;
			return 0;
		}
	}
	return 1;
}

const Elf64_Sym *dso_find_symbol(struct dso *d, struct sym_query *q)
{
	const Elf64_Sym *versioned = 0;
	int nversioned = 0;

	if (!d->syms)
		return 0;
	if (d->gnu_buckets) {
		/* scope_find_symbol has asked the Bloom filter already */
		uint32_t h = q->gnu_hash;
		uint32_t i = d->gnu_buckets[h % d->gnu_nbuckets];
		if (i < d->gnu_symbias)
			return 0;
		for (; i < d->nsyms; i++) {
			uint32_t ch = d->gnu_chain[i];
			if ((ch | 1) == (h | 1) && sym_matches(d, i, q, &versioned, &nversioned))
				return &d->syms[i];
			if (ch & 1)
				break;
		}
	} else if (d->sysv_hash) {
		if (!q->sysv_hash_set) {
			q->sysv_hash = elf_sysv_hash(q->name);
			q->sysv_hash_set = 1;
		}
		uint32_t nb = d->sysv_hash[0], nc = d->sysv_hash[1];
		const uint32_t *buckets = d->sysv_hash + 2, *chain = buckets + nb;
		uint32_t steps = 0;
		for (uint32_t i = buckets[q->sysv_hash % nb]; i && i < nc && steps++ < nc;
		     i = chain[i])
			if (sym_matches(d, i, q, &versioned, &nversioned))
				return &d->syms[i];
	}
	return nversioned == 1 ? versioned : 0;
}
