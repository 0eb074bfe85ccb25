/* Symbol lookup over a scope: the objects of each scope element in order,
   the first definition wins (glibc's default: a weak definition counts;
   LD_DYNAMIC_WEAK makes a later strong one win, elf/dl-lookup.c do_lookup_x). */
#include "ldso.h"
#include "symindex.h"

/* STB_GNU_UNIQUE: one definition process-wide, the first one bound (glibc
   keeps the same table per namespace); its object can no longer be unloaded.
   A C++ program binds hundreds: the table is found through an open-addressing
   index by hash (slot: position + 1), rebuilt when it fills or loses entries. */
struct unique { const char *name; uint32_t hash; struct dso *dso; const Elf64_Sym *sym; };
static struct unique *uniques;
static size_t nunique, unique_cap;
static uint32_t *uslots;	/* NULL: no index (out of memory), the table is scanned */
static size_t uslot_cap;

static void unique_index_add(size_t i)
{
	if (!uslots)
		return;
	size_t k = uniques[i].hash & (uslot_cap - 1);
	while (uslots[k])
		k = (k + 1) & (uslot_cap - 1);
	uslots[k] = (uint32_t)i + 1;
}

/* a new index of at least twice the entries' slots (a probe always ends) */
static void unique_index(void)
{
	size_t cap = 64;
	while (cap < 2 * nunique)
		cap *= 2;
	rt_free(uslots);
	uslots = rt_calloc(cap, sizeof *uslots);
	uslot_cap = uslots ? cap : 0;
	for (size_t i = 0; i < nunique; i++)
		unique_index_add(i);
}

static struct unique *unique_find(const struct sym_query *q)
{
	if (!uslots) {
		for (size_t i = 0; i < nunique; i++)
			if (uniques[i].hash == q->gnu_hash && !strcmp(uniques[i].name, q->name))
				return &uniques[i];
		return 0;
	}
	for (size_t k = q->gnu_hash & (uslot_cap - 1); uslots[k]; k = (k + 1) & (uslot_cap - 1)) {
		struct unique *u = &uniques[uslots[k] - 1];
		if (u->hash == q->gnu_hash && !strcmp(u->name, q->name))
			return u;
	}
	return 0;
}

static void unique_resolve(struct sym_query *q, struct sym_result *res)
{
	struct unique *found = unique_find(q);
	if (found) {
		res->dso = found->dso;
		res->sym = found->sym;
		return;
	}
	if (nunique == unique_cap) {
		size_t cap = unique_cap ? 2 * unique_cap : 16;
		struct unique *u = rt_realloc(uniques, cap * sizeof *u);
		if (!u)
			return;
		uniques = u;
		unique_cap = cap;
	}
	uniques[nunique++] = (struct unique){ res->dso->strings + res->sym->st_name, q->gnu_hash,
					      res->dso, res->sym };
	if (2 * nunique > uslot_cap)	/* at most half full: short probes */
		unique_index();
	else
		unique_index_add(nunique - 1);
	if ((L.debug & DEBUG_BINDINGS) && res->dso->dlopened && !res->dso->nodelete)
		dl_debug("marking %s [%ld] as NODELETE due to unique symbol", res->dso->name,
			 res->dso->ns);
	res->dso->nodelete = 1;
}

/* an unloaded object's unique definitions leave the table */
void unique_forget(struct dso *d)
{
	size_t k = 0;
	for (size_t i = 0; i < nunique; i++)
		if (uniques[i].dso != d)
			uniques[k++] = uniques[i];
	if (k != nunique) {
		nunique = k;
		unique_index();
	}
}

/* the lookup's hot path is one function */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* one object of a scope, with the walk's rules: the first match is the answer */
ALWAYS_INLINE int scope_try(struct dso *d, struct sym_query *q, struct sym_result *res)
{
	if ((q->flags & LOOKUP_NO_EXEC) && d->kind == DSO_MAIN)
		return 0;
	const Elf64_Sym *s = dso_find_symbol(d, q);
	if (!s)
		return 0;
	res->dso = d;
	res->sym = s;
	if (ELF64_ST_BIND(s->st_info) == STB_GNU_UNIQUE)
		unique_resolve(q, res);
	return 1;
}

/* list[i..n) in order, the Bloom filter first; counts the objects passed */
ALWAYS_INLINE int scope_walk(struct link_map **list, unsigned i, unsigned n, struct sym_query *q,
			     struct sym_result *res)
{
	unsigned from = i;
	for (; i < n; i++) {
		struct dso *d = dso_of(list[i]);
		if (__builtin_expect(L.debug & DEBUG_SYMBOLS, 0) &&
		    !((q->flags & LOOKUP_NO_EXEC) && d->kind == DSO_MAIN))
			debug_lookup_in(q->name, d);	/* glibc prints before its Bloom test */
		if (!dso_bloom_may_have(d, q->gnu_hash)) {	/* most objects stop here */
			L.stat_bloom_rejects++;
			continue;
		}
		if (scope_try(d, q, res))
			break;
	}
	L.stat_walk_visits += i - from;
	if (L.stat_walk_visits >= symindex_trigger)	/* an index pays from now on */
		symindex_tick();
	return i < n;
}

/* the objects an index names for q's hash, in list order, then those
   appended to the list since it was built */
ALWAYS_INLINE int scope_indexed(const struct symindex_view *v, struct link_map **list, unsigned n,
				struct sym_query *q, struct sym_result *res)
{
	struct symindex_hits h;
	symindex_hits(v, q->gnu_hash, &h);
	L.stat_index_lookups++;
	if (symindex_trace)
		rt_dprintf(2, "ld-custom.so: symindex: lookup `%s'\n", q->name);
	if (h.narrow) {
		for (const uint16_t *e = h.e; e < (const uint16_t *)h.end; e++)
			if ((*e & 0xff) == h.tag && scope_try(h.objs[*e >> 8], q, res))
				return 1;
	} else {
		for (const uint32_t *e = h.e; e < (const uint32_t *)h.end; e++)
			if ((*e & 0xffff) == h.tag && scope_try(h.objs[*e >> 16], q, res))
				return 1;
	}
	return scope_walk(list, h.nobj, n, q, res);
}

/* some list is indexed: each list through its index when it has a valid
   one (a loop of its own keeps the plain walk below as short as it was) */
ALWAYS_INLINE int scope_find_indexed(struct r_scope_elem **scope, struct sym_query *q,
				     struct sym_result *res)
{
	for (; *scope; scope++) {
		unsigned n = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE);
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		const struct symindex_view *v = symindex_view(*scope, list, n);
		if (v ? scope_indexed(v, list, n, q, res) : scope_walk(list, 0, n, q, res))
			return 1;
	}
	return 0;
}

/* skip_until (RTLD_NEXT): only what follows that object, walked */
/* LD_DYNAMIC_WEAK: a weak definition is kept (the first one only) and the
   walk goes on through every later scope element for a strong one */
static int weak_keep(struct dso *d, const Elf64_Sym *s, struct sym_result *weak)
{
	if (!L.dynamic_weak || ELF64_ST_BIND(s->st_info) != STB_WEAK)
		return 0;
	if (!weak->sym)
		*weak = (struct sym_result){ d, s };
	return 1;
}

/* LD_DYNAMIC_WEAK's walk (never indexed: the index stops at the first match) */
static int scope_find_dynamic_weak(struct r_scope_elem **scope, struct sym_query *q,
				   struct dso *skip_until, struct sym_result *res)
{
	int skipping = skip_until != 0;
	struct sym_result weak = { 0, 0 };
	for (; *scope; scope++) {
		unsigned n = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE);
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		for (unsigned i = 0; i < n; i++) {
			struct dso *d = dso_of(list[i]);
			if (skipping) {
				skipping = d != skip_until;
				continue;
			}
			if ((q->flags & LOOKUP_NO_EXEC) && d->kind == DSO_MAIN)
				continue;
			if (L.debug & DEBUG_SYMBOLS)
				debug_lookup_in(q->name, d);
			if (!dso_bloom_may_have(d, q->gnu_hash))
				continue;
			const Elf64_Sym *s = dso_find_symbol(d, q);
			if (s && !weak_keep(d, s, &weak)) {
				res->dso = d;
				res->sym = s;
				if (ELF64_ST_BIND(s->st_info) == STB_GNU_UNIQUE)
					unique_resolve(q, res);
				return 1;
			}
		}
	}
	if (weak.sym)
		*res = weak;
	return weak.sym != 0;
}

int scope_find_symbol(struct r_scope_elem **scope, struct sym_query *q,
		      struct dso *skip_until, struct sym_result *res)
{
	int skipping = skip_until != 0;
	L.stat_lookups++;
	if (__builtin_expect(L.dynamic_weak, 0))
		return scope_find_dynamic_weak(scope, q, skip_until, res);
	if (!skipping && __atomic_load_n(&symindex_live, __ATOMIC_ACQUIRE))
		return scope_find_indexed(scope, q, res);
	for (; *scope; scope++) {
		/* the count first: a list is published before the count grows */
		unsigned n = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE), i = 0;
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		if (skipping) {
			while (i < n && dso_of(list[i]) != skip_until)
				i++;
			if (i == n)
				continue;
			skipping = 0;
			i++;
		}
		if (scope_walk(list, i, n, q, res))
			return 1;
	}
	return 0;
}

/* ---- The lookahead (reloc.c): a batch of coming lookups, each one's chain
   of dependent loads prefetched a stage per pass over the batch, so one
   pass's misses overlap: the reference's name; the first list's index bucket
   and entries, or the first object past the Bloom filters; that object's
   bucket, chain and candidate; the candidate's name.  A hint only: it reads
   what the lookup will read, checks the same bounds and counts nothing. ---- */

static void ahead_name(const struct dso *d, struct ahead *a)
{
	const Elf64_Sym *s = &d->syms[ELF64_R_SYM(a->rel->r_info)];
	a->level = AHEAD_DONE;
	if (ELF64_ST_BIND(s->st_info) == STB_LOCAL || s->st_name >= d->strings_size)
		return;
	a->at = d->strings + s->st_name;
	prefetch_line(a->at);
	prefetch_line((const char *)a->at + 32);	/* long C++ names: the next line */
	a->level = AHEAD_HASH;
}

/* o's bucket: o is the object the lookup tries first */
static int ahead_object(struct ahead *a, const struct dso *o)
{
	if ((a->flags & LOOKUP_NO_EXEC) && o->kind == DSO_MAIN)
		return 0;
	a->level = AHEAD_DONE;
	if (o->gnu_buckets) {
		a->at = o;
		prefetch_line(&o->gnu_buckets[a->hash % o->gnu_nbuckets]);
		a->level = AHEAD_BUCKET;
	}
	return 1;
}

/* the hash, then the index's bucket bounds or the first object the walk passes */
static void ahead_hash(struct r_scope_elem **scope, const struct symindex *ix, struct ahead *a)
{
	a->hash = elf_gnu_hash_mapped(a->at);
	a->hashed = 1;
	a->level = AHEAD_DONE;
	if (ix) {
		uint32_t b = (a->hash >> 1) & ix->mask;
		prefetch_line(&ix->bucket_end[b]);
		if (b && !((uintptr_t)&ix->bucket_end[b] & 63))
			prefetch_line(&ix->bucket_end[b - 1]);
		a->pos = b;
		a->level = AHEAD_INDEX;
		return;
	}
	for (; *scope; scope++) {
		unsigned n = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE);
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		for (unsigned i = 0; i < n; i++) {
			struct dso *o = dso_of(list[i]);
			if (dso_bloom_may_have(o, a->hash) && ahead_object(a, o))
				return;
		}
	}
}

/* the index bucket's entries (symindex_hits) */
static void ahead_index(const struct symindex *ix, struct ahead *a)
{
	uint32_t b = a->pos, from = b ? ix->bucket_end[b - 1] : 0, to = ix->bucket_end[b];
	a->level = AHEAD_DONE;
	if (from >= to)
		return;
	a->at = (const char *)ix->entries + (size_t)from * (ix->narrow ? 2 : 4);
	a->pos = to - from;
	prefetch_line(a->at);
	a->level = AHEAD_ENTRY;
}

/* the first object an entry with the hash's tag names (scope_indexed's first try) */
static void ahead_entry(const struct symindex *ix, struct ahead *a)
{
	uint32_t k = a->hash >> 1;
	a->level = AHEAD_DONE;
	if (ix->narrow) {
		const uint16_t *e = a->at;
		for (uint32_t i = 0; i < a->pos; i++)
			if ((e[i] & 0xff) == k >> 23 && ahead_object(a, ix->objs[e[i] >> 8]))
				return;
	} else {
		const uint32_t *e = a->at;
		for (uint32_t i = 0; i < a->pos; i++)
			if ((e[i] & 0xffff) == k >> 15 && ahead_object(a, ix->objs[e[i] >> 16]))
				return;
	}
}

/* the object's bucket names the chain's start (dso_find_symbol's bounds) */
static void ahead_bucket(struct ahead *a)
{
	const struct dso *o = a->at;
	uint32_t i = o->gnu_buckets[a->hash % o->gnu_nbuckets];
	a->level = AHEAD_DONE;
	if (i < o->gnu_symbias || i >= o->nsyms)
		return;
	prefetch_line(&o->gnu_chain[i]);
	prefetch_line(&o->syms[i]);
	a->pos = i;
	a->level = AHEAD_CHAIN;
}

/* the candidate's name and version */
static void ahead_def(struct ahead *a)
{
	const struct dso *o = a->at;
	uint32_t n = o->syms[a->pos].st_name;
	a->level = AHEAD_DONE;
	if (n < o->strings_size) {
		prefetch_line(o->strings + n);
		prefetch_line(o->strings + n + 32);
	}
	if (o->versym)
		prefetch_line(&o->versym[a->pos]);
}

/* the chain's first entry with the hash: its symbol is read now when it is
   the one the bucket named (prefetched a pass ago), else next pass */
static void ahead_chain(struct ahead *a)
{
	const struct dso *o = a->at;
	a->level = AHEAD_DONE;
	for (uint32_t i = a->pos, steps = 0; i < o->nsyms && steps < 8; i++, steps++) {
		uint32_t ch = o->gnu_chain[i];
		if ((ch | 1) == (a->hash | 1)) {
			int now = i == a->pos;
			a->pos = i;
			if (now) {
				ahead_def(a);
			} else {
				prefetch_line(&o->syms[i]);
				a->level = AHEAD_DEF;
			}
			return;
		}
		if (ch & 1)
			return;
	}
}

/* the stages after the reference's symbol (reloc.c prefetched it), a pass each */
void scope_ahead(const struct dso *d, struct ahead *a, size_t n)
{
	struct r_scope_elem **scope = d->lm.l_scope;
	const struct symindex *ix = 0;
	if (*scope && __atomic_load_n(&symindex_live, __ATOMIC_ACQUIRE)) {
		unsigned nl = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE);
		const struct symindex_view *v =
			symindex_view(*scope, (struct link_map **)(*scope)->r_list, nl);
		ix = v ? v->ix : 0;
	}
	size_t i;
	for (i = 0; i < n; i++)
		ahead_name(d, &a[i]);
	for (i = 0; i < n; i++)
		if (a[i].level == AHEAD_HASH)
			ahead_hash(scope, ix, &a[i]);
	for (i = 0; ix && i < n; i++)
		if (a[i].level == AHEAD_INDEX)
			ahead_index(ix, &a[i]);
	for (i = 0; ix && i < n; i++)
		if (a[i].level == AHEAD_ENTRY)
			ahead_entry(ix, &a[i]);
	for (i = 0; i < n; i++)
		if (a[i].level == AHEAD_BUCKET)
			ahead_bucket(&a[i]);
	for (i = 0; i < n; i++)
		if (a[i].level == AHEAD_CHAIN)
			ahead_chain(&a[i]);
	for (i = 0; i < n; i++)
		if (a[i].level == AHEAD_DEF)
			ahead_def(&a[i]);
}
