/* An object's whole life: created (dso_new), looked up by name, linked into
   the load-order list, its DT_NEEDED closure walked, given run-time
   dependencies and owned allocations, unlinked and freed (dso_free, which
   releases every field struct dso marks [owned]).  Every stage works on
   objects made here; nothing here calls a stage.  glibc/link_map.c writes
   the names glibc reads (l_libname). */
#include <sys/mman.h>
#include "ldso.h"

/* the one constructor: everything else is filled in by the stage that knows it */
struct dso *dso_new(const char *name, int kind)
{
	struct dso *d = rt_calloc(1, sizeof *d);
	if (!d)
		return 0;
	d->name = name;
	d->kind = kind;
	d->seg = d->seg_mem;
	return d;
}

/* a DT_NEEDED entry nothing was found for: ldd lists it as "not found" */
struct dso *dso_new_missing(const char *name)
{
	struct dso *d = dso_new(name, DSO_LIB);
	if (!d)
		dl_fatal("error while loading shared libraries", "out of memory");
	d->missing = 1;
	d->deps_done = 1;
	return d;
}

/* ---- names: l_libname holds every name the object was asked for by
   (glibc/link_map.c writes it) ---- */

int dso_has_name(const struct dso *d, const char *name)
{
	for (struct libname_list *n = d->lm.l_libname; n; n = n->next)
		if (!strcmp(n->name, name))
			return 1;
	return d->soname && !strcmp(d->soname, name);
}

/* ---- the load-order list ---- */

void dso_append(struct dso *d)
{
	d->prev = L.tail;
	if (L.tail)
		L.tail->next = d;
	else
		L.head = d;
	L.tail = d;
	L.count++;
}

void dso_unlink(struct dso *d)
{
	if (d->prev)
		d->prev->next = d->next;
	else
		L.head = d->next;
	if (d->next)
		d->next->prev = d->prev;
	else
		L.tail = d->prev;
	L.count--;
}

/* a filtee goes just before its filter in the load order (glibc's
   _dl_map_object_deps moves it in the chain too) */
void dso_move_before(struct dso *d, struct dso *pos)
{
	if (d == pos || d->next == pos)
		return;
	dso_unlink(d);
	d->next = pos;
	d->prev = pos->prev;
	if (pos->prev)
		pos->prev->next = d;
	else
		L.head = d;
	pos->prev = d;
	L.count++;
}

/* the object whose mapping holds addr (any namespace) */
__attribute__((noinline)) struct dso *dso_containing(uintptr_t addr)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && addr >= d->map_start && addr < d->map_end)
			return d;
	return 0;
}

/* ---- walks: a fresh stamp per walk, so no walk has to clear another's marks ---- */

static unsigned walk_stamp;

unsigned dso_walk_begin(void)
{
	if (++walk_stamp == 0) {	/* wrapped: no object may hold a stale stamp */
		for (struct dso *d = L.head; d; d = d->next)
			d->visit = 0;
		if (L.self)
			L.self->visit = 0;
		walk_stamp = 1;
	}
	return walk_stamp;
}

/* ---- dependencies ---- */

static int is_filtee(const struct dso *d, const struct dso *dep)
{
	for (size_t i = 0; i < d->nfiltees; i++)
		if (d->filtees[i] == dep)
			return 1;
	return 0;
}

/* glibc's _dl_map_object_deps puts a filtee just before its filter (q[at]),
   moving it there if it is already later in the list (found early enough if
   it is earlier); returns where the filter is now */
static size_t closure_filtee(struct dso **q, unsigned char *done, size_t *tail, size_t cap,
			     size_t at, struct dso *f, unsigned seen)
{
	size_t from = *tail;
	if (f->visit == seen) {
		for (from = at + 1; from < *tail && q[from] != f; from++)
			;
		if (from == *tail)
			return at;
	} else if (*tail < cap) {
		f->visit = seen;
		(*tail)++;
	} else
		return at;
	memmove(q + at + 1, q + at, (from - at) * sizeof *q);
	memmove(done + at + 1, done + at, from - at);
	q[at] = f;
	done[at] = 0;
	return at + 1;
}

/* Breadth-first closure of roots over DT_NEEDED (glibc's l_searchlist order),
   filtees before their filters. */
struct dso **dso_closure(struct dso **roots, size_t nroots, size_t *n)
{
	size_t i = 0, tail = 0, cap = L.count + 2;
	struct dso **q = rt_calloc(cap, sizeof *q + 1);
	if (!q)
		dl_fatal("cannot build a search list", "out of memory");
	unsigned char *done = (unsigned char *)(q + cap);
	unsigned seen = dso_walk_begin();
	for (size_t r = 0; r < nroots; r++)
		if (roots[r]->visit != seen) {
			roots[r]->visit = seen;
			q[tail++] = roots[r];
		}
	while (i < tail) {
		if (done[i]) {
			i++;
			continue;
		}
		struct dso *d = q[i];
		size_t at = i;	/* d's place: filtees go before it */
		done[i] = 1;
		for (size_t k = 0; k < d->ndeps; k++) {
			struct dso *dep = d->deps[k];
			if (dep->missing)
				continue;
			if (d->nfiltees && is_filtee(d, dep))
				at = closure_filtee(q, done, &tail, cap, at, dep, seen);
			else if (dep->visit != seen && tail < cap) {
				dep->visit = seen;
				q[tail++] = dep;
			}
		}
	}
	*n = tail;
	return q;
}

/* a run-time binding (dlsym, lazy PLT) keeps the definer alive while the user is */
void dso_add_reldep(struct dso *user, struct dso *def)
{
	if (!def->dlopened || user == def)
		return;
	for (size_t i = 0; i < user->ndeps; i++)
		if (user->deps[i] == def)
			return;
	/* glibc's add_dependency: bound from an object that is never unloaded, the
	   definer is never unloaded either (NODELETE), whatever dlclose says */
	if (!user->dlopened) {
		def->nodelete = 1;	/* LD_DEBUG said so before (debug_dependency) */
		return;
	}
	for (size_t i = 0; i < user->nreldeps; i++)
		if (user->reldeps[i] == def)
			return;
	struct dso **r = rt_realloc(user->reldeps, (user->nreldeps + 1) * sizeof *r);
	if (!r)
		return;
	r[user->nreldeps++] = def;
	user->reldeps = r;
}

/* ---- owned memory ---- */

void dso_note_alloc(struct dso *d, void *p)
{
	void **a = rt_realloc(d->allocs, (d->nallocs + 1) * sizeof *a);
	if (!a)
		dl_fatal("relocation error", "out of memory");
	a[d->nallocs++] = p;
	d->allocs = a;
}

/* the segment array, when it outgrew seg_mem */
void dso_free_segs(struct dso *d)
{
	if (d->seg != d->seg_mem)
		rt_free(d->seg);
	d->seg = d->seg_mem;
	d->nsegs = 0;
}

/* Everything the object owns (struct dso says which fields), then the object:
   for one that was published and goes, and for one refused before that. */
void dso_free(struct dso *d)
{
	if (d->map_len)
		sys_munmap((void *)d->map_start, d->map_len);
	for (size_t i = 0; i < d->nallocs; i++)
		rt_free(d->allocs[i]);
	rt_free(d->allocs);
	if (d->phdr_owned)
		rt_free((void *)d->phdr);
	dso_free_segs(d);
	rt_free(d->deps);
	rt_free(d->filtees);
	rt_free(d->reldeps);
	rt_free(d->versions);
	rt_free(d->audit);
	rt_free(d->audit_plt);
	if (d->lm.l_scope != d->lm.l_scope_mem)
		rt_free(d->lm.l_scope);
	if (d->lm.l_searchlist.r_list != (void *)&d->lm.l_real)
		rt_free(d->lm.l_searchlist.r_list);
	symindex_forget(&d->lm.l_searchlist);
	for (struct libname_list *n = d->lm.l_libname, *next; n; n = next) {
		next = n->next;
		rt_free(n->name);
		rt_free(n);
	}
	rt_free(d->origin);
	rt_free((void *)d->name);
	rt_free(d);
}
