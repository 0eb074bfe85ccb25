/* A symbol index per search list (r_scope_elem): GNU hash -> the list
   positions, in list order, of the objects whose hash chains hold that hash.
   A lookup asks only those objects, with the walk's own per-object rules
   (symbol.c scope_try), so its first match is the walk's; R lookups over N
   objects cost O(R) after an O(exported symbols) build, paid only once the
   walking has cost as much (ski rental, below: symindex_prepare, _progress).
   Lazy binding and dlsym in other threads read indexes without the lock: a
   view names the list and length its index is valid for and is replaced,
   never changed; what a reader may still hold is freed after the gscope wait
   (scope_reclaim calls symindex_reclaim). */
#include <sys/mman.h>
#include "ldso.h"
#include "symindex.h"

#define MAX_OBJS	0xffff	/* positions are 16 bits */

struct symindex_view *symindex_slots[SYMINDEX_SLOTS];
unsigned symindex_top;		/* slots below this one may be in use */
#define slots symindex_slots
static struct symindex_view *retired_views;
static struct symindex *retired_ix;
static int mode = -1;		/* SYMINDEX_AUTO, _OFF, _ON; -1 until read */
int symindex_trace;		/* LD_CUSTOM_SYMINDEX=trace: say what happens, on stderr */
unsigned symindex_live;		/* slots in use: lookups skip the slots while 0 */

enum { SYMINDEX_AUTO, SYMINDEX_OFF, SYMINDEX_ON };

/* lists a group's lookups walk, and what indexing each would cost */
static struct pending { const struct r_scope_elem *elem; uint64_t cost; } pending[4];
static unsigned npending;
static uint64_t visits_base;	/* L.stat_walk_visits when the group began */
static uintptr_t owner;		/* the thread relocating the group: only it builds */
uint64_t symindex_trigger = ~0ull;	/* scope walks call symindex_tick past this count */

/* LD_CUSTOM_SYMINDEX=off|on|trace|auto (tests force it on for small sets) */
static void read_mode(void)
{
	mode = SYMINDEX_AUTO;
	for (char **e = L.envp; e && *e && !L.secure; e++) {
		if ((*e)[0] != 'L' || (*e)[3] != 'C' || strncmp(*e, "LD_CUSTOM_SYMINDEX=", 19))
			continue;	/* the first letters first: the environment may be long */
		const char *v = *e + 19;
		if (!strcmp(v, "off"))
			mode = SYMINDEX_OFF;
		else if (!strcmp(v, "on") || !strcmp(v, "trace"))
			mode = SYMINDEX_ON;
		symindex_trace = !strcmp(v, "trace");
	}
}

/* The one place that says whether lookups may use an index: whatever must
   see every object a lookup walks (LD_DEBUG=symbols) turns it off here. */
int symindex_usable(void)
{
	if (mode < 0)
		read_mode();
	return mode != SYMINDEX_OFF && !(L.debug & DEBUG_SYMBOLS);
}

/* symbols [symbias, nsyms) are all a GNU hash walk can reach: their count,
   or -1 when d cannot be indexed (a SysV-only table, chains not mapped) */
static long hashed_symbols(const struct dso *d)
{
	if (!d->syms)
		return 0;
	if (!d->gnu_buckets)
		return d->sysv_hash ? -1 : 0;
	if (d->nsyms <= d->gnu_symbias)
		return 0;
	size_t n = d->nsyms - d->gnu_symbias;
	if (!dso_addr_ok(d, (uintptr_t)(d->gnu_chain + d->gnu_symbias), n * 4))
		return -1;
	return (long)n;
}

/* entries for every hash in d's chains (the low bit is the chain's end mark,
   which a lookup ignores too); equal neighbours (versions of one name) once.
   Locals, not fields: the stores would make the compiler reload them. */
static void index_object(struct symindex *ix, uint32_t pos, const struct dso *d, int fill)
{
	if (!d->syms || !d->gnu_buckets || d->nsyms <= d->gnu_symbias)
		return;
	const uint32_t *c = d->gnu_chain + d->gnu_symbias, *end = d->gnu_chain + d->nsyms;
	uint32_t *be = ix->bucket_end, mask = ix->mask, prev = ~0u;
	if (!fill) {
		for (; c < end; c++) {
			uint32_t k = *c >> 1;
			be[k & mask] += k != prev;
			prev = k;
		}
	} else if (ix->narrow) {
		uint16_t *entries = ix->entries;
		pos <<= 8;
		for (; c < end; c++) {
			uint32_t k = *c >> 1;
			if (k != prev)
				entries[be[k & mask]++] = (uint16_t)(pos | k >> 23);
			prev = k;
		}
	} else {
		uint32_t *entries = ix->entries;
		pos <<= 16;
		for (; c < end; c++) {
			uint32_t k = *c >> 1;
			if (k != prev)
				entries[be[k & mask]++] = pos | k >> 15;
			prev = k;
		}
	}
}

static void index_free(struct symindex *ix)
{
	sys_munmap(ix, ix->maplen);
}

/* the index of list[0..n) holding at most total entries; 0 on failure */
static struct symindex *index_build(struct link_map **list, unsigned n, size_t total)
{
	uint32_t nb = 16, narrow = n <= 256, esize = narrow ? 2 : 4;
	while (nb < total / 4 && nb < (1u << 30))	/* 2 to 4 entries a bucket: memory counts */
		nb *= 2;
	size_t len = ALIGN_UP(sizeof(struct symindex) + n * sizeof(struct dso *) +
			      (size_t)nb * 4 + total * esize, L.pagesize);
	void *p = sys_mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mmap_failed(p))
		return 0;
	struct symindex *ix = p;
	ix->maplen = len;
	ix->mask = nb - 1;
	ix->nobj = n;
	ix->objs = (struct dso **)(ix + 1);
	ix->bucket_end = (uint32_t *)(ix->objs + n);
	ix->entries = ix->bucket_end + nb;
	ix->narrow = narrow;
	for (unsigned i = 0; i < n; i++) {
		ix->objs[i] = dso_of(list[i]);
		index_object(ix, i, ix->objs[i], 0);
	}
	uint32_t sum = 0;	/* counts -> starts; the fill moves each to its end */
	for (uint32_t b = 0; b < nb; b++) {
		uint32_t c = ix->bucket_end[b];
		ix->bucket_end[b] = sum;
		sum += c;
	}
	ix->nentries = sum;
	for (unsigned i = 0; i < n; i++)
		index_object(ix, i, ix->objs[i], 1);
	return ix;
}

/* ---- views: published in slots, read without the lock ---- */

static int slot_of(const struct r_scope_elem *e)
{
	for (int i = 0; i < SYMINDEX_SLOTS; i++)
		if (slots[i] && slots[i]->elem == e)
			return i;
	return -1;
}

/* slot i shows v (0: nothing); the old view, and its index unless v keeps
   it, wait for the readers */
static void publish(int i, struct symindex_view *v)
{
	struct symindex_view *old = slots[i];
	if (v && !old)
		__atomic_store_n(&symindex_live, symindex_live + 1, __ATOMIC_RELEASE);
	if (i >= (int)symindex_top)	/* before the slot: readers scan up to it */
		__atomic_store_n(&symindex_top, i + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&slots[i], v, __ATOMIC_RELEASE);
	if (!old)
		return;
	if (!v)
		__atomic_store_n(&symindex_live, symindex_live - 1, __ATOMIC_RELEASE);
	if (!v || v->ix != old->ix) {
		old->ix->next = retired_ix;
		retired_ix = old->ix;
	}
	old->next = retired_views;
	retired_views = old;
}

static int publish_new(const struct r_scope_elem *e, struct symindex *ix, int i)
{
	struct symindex_view *v = rt_alloc(sizeof *v);
	if (!v)
		return 0;
	*v = (struct symindex_view){ e, (struct link_map **)e->r_list, e->r_nlist, ix, 0 };
	publish(i, v);
	return 1;
}

/* e changed (glibc/scope.c, under the load lock): a list that still starts
   with the indexed objects keeps the index (the rest is walked), any other
   change drops it */
void symindex_elem_changed(const struct r_scope_elem *e)
{
	if (!symindex_live)	/* nothing indexed: every dlopen comes here */
		return;
	int i = slot_of(e);
	if (i < 0)
		return;
	struct symindex *ix = slots[i]->ix;
	struct link_map **list = (struct link_map **)e->r_list;
	unsigned n = e->r_nlist, k = 0;
	if (n >= ix->nobj && list)
		for (; k < ix->nobj && dso_of(list[k]) == ix->objs[k]; k++)
			;
	if (k == ix->nobj && n >= k && list && publish_new(e, ix, i)) {
		if (symindex_trace)
			rt_dprintf(2, "ld-custom.so: symindex: kept for %u objects (%u indexed)\n",
				   n, ix->nobj);
		return;
	}
	publish(i, 0);
	if (symindex_trace)
		rt_dprintf(2, "ld-custom.so: symindex: dropped (%u objects now)\n", n);
}

/* e goes with its object (dso_free) */
void symindex_forget(const struct r_scope_elem *e)
{
	int i = symindex_live ? slot_of(e) : -1;
	if (i >= 0)
		publish(i, 0);
	for (unsigned k = 0; k < npending; k++)
		if (pending[k].elem == e)
			symindex_done();	/* a dlopen rolled back: its group is gone */
}

int symindex_pending(void)
{
	return retired_views || retired_ix;
}

/* after the gscope wait: nothing a reader held is in use */
void symindex_reclaim(void)
{
	while (retired_views) {
		struct symindex_view *v = retired_views;
		retired_views = v->next;
		rt_free(v);
	}
	while (retired_ix) {
		struct symindex *ix = retired_ix;
		retired_ix = ix->next;
		index_free(ix);
	}
}

/* ---- when an index pays: ski rental.  How much walking a relocation will
   do cannot be known ahead (it stops at the definer: clangd's definitions sit
   at the front of its 69 objects, a generated set's are spread over all of
   them), so a group's lookups walk until the objects they passed would have
   paid for the index, which is then built: at most twice the better choice.
   Costs in loader instructions, measured with callgrind (docs/DESIGN.md). ---- */
#define WALK_COST	35	/* per object a walk passes: Bloom test, loop, false positives */
#define BUILD_COST	32	/* per entry: two passes over the chains, bucket sums, faults */
#define FIXED_COST	10000	/* the mmap, the header, the bucket sums */

static int free_slot(void)
{
	for (int i = 0; i < SYMINDEX_SLOTS; i++)
		if (!slots[i])
			return i;
	return -1;
}

/* e's objects past what a valid index covers, with the entries a new index
   of all of e would hold; 0 when e cannot or need not be indexed */
static unsigned unindexed(const struct r_scope_elem *e, size_t *total)
{
	struct link_map **list = (struct link_map **)e->r_list;
	unsigned n = e->r_nlist;
	if (n < 2 || n > MAX_OBJS || !list)
		return 0;
	int i = slot_of(e);
	const struct symindex_view *v = i >= 0 ? slots[i] : 0;
	unsigned tail = n;
	if (v && v->list == list && v->nlist == n)
		tail = n - v->ix->nobj;
	if (!tail || (i < 0 && free_slot() < 0))
		return 0;
	*total = 0;
	for (unsigned k = 0; k < n; k++) {
		long c = hashed_symbols(dso_of(list[k]));
		if (c < 0)
			return 0;
		*total += (size_t)c;
	}
	return *total < 0xffffffffu ? tail : 0;
}

/* index all of e now (its list as it is, under the load lock) */
static void build(const struct r_scope_elem *e)
{
	size_t total;
	if (!unindexed(e, &total))
		return;
	int i = slot_of(e);
	if (i < 0)
		i = free_slot();
	struct symindex *ix = index_build((struct link_map **)e->r_list, e->r_nlist, total);
	if (!ix)
		return;
	if (!publish_new(e, ix, i)) {
		index_free(ix);
		return;
	}
	if (symindex_trace)
		rt_dprintf(2, "ld-custom.so: symindex: built for %u objects, %zu entries\n",
			   e->r_nlist, ix->nentries);
}

/* Below this many objects a list is walked even when the walking costs more
   instructions than an index would: its Bloom words are a few cache lines
   that stay in the cache, while an index lookup misses on its bucket and
   entries, and the index's pages count in peak RSS.  Measured: a dlopen of
   10 libraries x 1000 symbols (an 11-object group), 20 rounds, CPU -8% and
   peak RSS -150 KB without it; the start-up of the same 13 objects, equal. */
#define MIN_INDEXED	16

/* forced on: index e now; else it waits for the walking to pay (its cost
   is summed only once the walking passed the fixed cost: small programs never) */
static void consider(const struct r_scope_elem *e)
{
	size_t total;
	if (mode == SYMINDEX_ON) {
		if (unindexed(e, &total))
			build(e);
	} else if (e->r_nlist >= MIN_INDEXED && npending < sizeof pending / sizeof pending[0]) {
		pending[npending++] = (struct pending){ e, 0 };
	}
}

static int relocates(const struct dso *d)
{
	return !d->relocated && d != L.self && d->kind != DSO_VDSO;
}

/* before order's objects are relocated (under the load lock): the search
   lists their lookups walk; forced on, each is indexed now */
void symindex_prepare(struct dso **order, size_t n)
{
	npending = 0;
	visits_base = L.stat_walk_visits;
	symindex_trigger = ~0ull;
	if (!symindex_usable())
		return;
	const struct r_scope_elem *seen[4];
	unsigned nseen = 0;
	for (size_t i = 0; i < n && nseen < 4; i++) {
		if (!relocates(order[i]))
			continue;
		for (struct r_scope_elem **s = order[i]->lm.l_scope; s && *s && nseen < 4; s++) {
			unsigned k = 0;
			while (k < nseen && seen[k] != *s)
				k++;
			if (k < nseen || *s == &order[i]->lm.l_symbolic_searchlist)
				continue;
			seen[nseen++] = *s;
			consider(*s);
		}
	}
	if (npending) {
		owner = arch_thread_pointer();
		symindex_trigger = visits_base + FIXED_COST / WALK_COST;
	}
}

/* after each object of the group, and from the walk once it passed the
   next cost: index the lists whose cost the walking so far has paid */
void symindex_progress(void)
{
	if (!npending)
		return;
	uint64_t spent = (L.stat_walk_visits - visits_base) * WALK_COST, next = ~0ull;
	for (unsigned i = 0; i < npending;) {
		size_t total;
		struct pending *p = &pending[i];
		if (!p->cost)	/* ~0: never */
			p->cost = unindexed(p->elem, &total) ? total * BUILD_COST + FIXED_COST
							     : ~0ull;
		if (p->cost > spent) {
			next = p->cost < next ? p->cost : next;
			i++;
			continue;
		}
		build(p->elem);
		*p = pending[--npending];
	}
	symindex_trigger = next == ~0ull ? next : visits_base + next / WALK_COST;
}

/* a walk passed symindex_trigger: inside the group's relocation (one lookup
   of many) build now; lazy binding and dlsym elsewhere never build */
void symindex_tick(void)
{
	if (owner == arch_thread_pointer())
		symindex_progress();
}

/* the group is relocated (or its dlopen failed: symindex_forget) */
void symindex_done(void)
{
	npending = 0;
	owner = 0;
	symindex_trigger = ~0ull;
}

/* A group is linked (start-up's, or a dlopen's in link_dlopen): in the
   default mode its indexes go (scope_reclaim frees them), as their pages
   would count in peak RSS while the group stays (clangd: 300 KB; a loop of
   dlopen and dlclose held two at once, the last group's until the next was
   indexed); later lookups (lazy binding, dlsym) walk as glibc's do, and the
   next group indexes again once its own walking pays.  Forced on, they stay. */
void symindex_linked(void)
{
	if (mode != SYMINDEX_AUTO || !symindex_live)
		return;
	for (int i = 0; i < SYMINDEX_SLOTS; i++)
		if (slots[i])
			publish(i, 0);
}
