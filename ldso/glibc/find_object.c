/* _dl_find_object: libgcc_s calls it for every frame of every C++ throw,
   from any thread, while others may dlopen or dlclose.  Readers binary-search
   a sorted table without locks; writers (holding the load lock) fill the
   table readers are not using and then flip a version counter, and a reader
   that saw the counter move retries (glibc's scheme, elf/dl-find_object.c). */
#include "glibc/glibc.h"

struct fo_entry { uintptr_t start, end; struct link_map *map; uintptr_t eh_frame; };
struct fo_table { size_t n, cap; struct fo_entry e[]; };

static struct fo_table *tables[2];
static unsigned long version;

/* rebuild the inactive table from the load list and publish it */
void find_object_update(void)
{
	unsigned long v = __atomic_load_n(&version, __ATOMIC_RELAXED);
	int next = (v + 1) & 1;
	size_t n = 0;
	for (struct dso *d = L.head; d; d = d->next)
		n += !d->missing;
	struct fo_table *t = tables[next];
	if (!t || t->cap < n) {
		/* a slow reader may still hold the old table: it is never freed,
		   and capacities double, so this stays bounded */
		size_t cap = n < 16 ? 16 : 2 * n;
		t = rt_alloc(sizeof *t + cap * sizeof t->e[0]);
		if (!t)
			return;
		t->cap = cap;
	}
	size_t k = 0;
	for (struct dso *d = L.head; d; d = d->next) {
		if (d->missing)
			continue;
		struct fo_entry e = { d->map_start, d->map_end, &d->lm, d->eh_frame };
		size_t i = k++;
		for (; i > 0 && t->e[i - 1].start > e.start; i--)
			t->e[i] = t->e[i - 1];
		t->e[i] = e;
	}
	t->n = k;
	__atomic_store_n(&tables[next], t, __ATOMIC_RELEASE);
	__atomic_store_n(&version, v + 1, __ATOMIC_RELEASE);
}

int _dl_find_object(void *pc, struct dl_find_object *r)
{
	uintptr_t a = (uintptr_t)pc;
	for (;;) {
		unsigned long v = __atomic_load_n(&version, __ATOMIC_ACQUIRE);
		struct fo_table *t = __atomic_load_n(&tables[v & 1], __ATOMIC_ACQUIRE);
		struct fo_entry found = { 0, 0, 0, 0 };
		if (t) {
			size_t lo = 0, hi = t->n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (t->e[mid].start <= a)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo > 0 && a < t->e[lo - 1].end)
				found = t->e[lo - 1];
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&version, __ATOMIC_RELAXED) != v)
			continue;	/* a writer flipped tables under us */
		if (!found.map)
			return -1;
		r->dlfo_flags = 0;
		r->dlfo_map_start = (void *)found.start;
		r->dlfo_map_end = (void *)found.end;
		r->dlfo_link_map = found.map;
		r->dlfo_eh_frame = (void *)found.eh_frame;
		return 0;
	}
}
