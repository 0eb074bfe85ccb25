/* Constructors in dependency order and destructors in glibc 2.36's order:
   both are glibc's _dl_sort_maps_dfs, over the breadth-first scope for
   constructors and over the load-order list (plus run-time bindings) for
   destructors, as Debian's 2.36 still does. */
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

/* A dependency the walk does not enter: not there, the program (always first
   on its own), the loader (no constructors of its own), or initialised by an
   earlier walk (a dlopen's group joining what start-up or another dlopen ran). */
static int settled(const struct dso *d)
{
	return d->missing || d->kind == DSO_MAIN || d->kind == DSO_LDSO || d->init_called;
}

static void dfs(struct dso *d, unsigned seen, struct dso ***rpo)
{
	d->visit = seen;
	for (size_t i = 0; i < d->ndeps; i++) {
		struct dso *dep = d->deps[i];
		if (dep->visit != seen && !settled(dep))
			dfs(dep, seen, rpo);
	}
	*--*rpo = d;
}

/* The one constructor-order walk, for start-up and dlopen: glibc's
   _dl_sort_maps_dfs over roots from the last, each object before its
   dependencies (glibc's l_initfini).  Relocation and constructors run from
   the end of the list, dependencies first. */
struct dso **init_order(struct dso **roots, size_t nroots, size_t *n)
{
	size_t cap = L.count + 2;	/* every listed object, and the loader before it is */
	struct dso **list = rt_calloc(cap, sizeof *list);
	if (!list)
		dl_fatal("cannot allocate dependency list", "out of memory");
	unsigned seen = dso_walk_begin();
	struct dso **rpo = list + cap;
	for (size_t i = nroots; i-- > 0;)
		if (roots[i]->visit != seen)
			dfs(roots[i], seen, &rpo);
	*n = list + cap - rpo;
	memmove(list, rpo, *n * sizeof *list);
	return list;
}

/* start-up: glibc sorts the program's scope list (the program, then its
   breadth-first dependencies), then whatever else was loaded */
struct dso **init_order_startup(size_t *n)
{
	size_t count = 0;
	for (struct dso *d = L.head; d; d = d->next)
		count += !d->missing && d->kind != DSO_VDSO;
	struct dso **maps = rt_calloc(count + L.nglobal + 1, sizeof *maps);
	if (!maps)
		dl_fatal("cannot allocate dependency list", "out of memory");
	size_t m = 0;
	for (size_t i = 0; i < L.nglobal; i++)
		maps[m++] = L.global[i];
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->kind != DSO_VDSO && !d->in_global)
			maps[m++] = d;
	struct dso **list = init_order(maps, m, n);
	rt_free(maps);
	return list;
}

/* dlopen: the group of root, less what earlier walks initialised */
struct dso **init_order_group(struct dso *root, size_t *n)
{
	return init_order(&root, !settled(root), n);
}

typedef void (*init_fn)(int, char **, char **);

void run_preinit(struct dso *main)
{
	if ((L.debug & DEBUG_IMPCALLS) && main->preinit_count)
		dl_debug("\ncalling preinit: %s\n", L.progname);
	for (size_t i = 0; i < main->preinit_count; i++)
		((init_fn)main->preinit_array[i])(L.argc, L.argv, L.envp);
}

void run_constructors(struct dso **order, size_t n)
{
	static int loader_init_shown;
	for (size_t i = n; i-- > 0;) {
		struct dso *d = order[i];
		if (d->kind == DSO_LDSO && (L.debug & DEBUG_IMPCALLS) && !loader_init_shown) {
			loader_init_shown = 1;	/* glibc names its loader too, once */
			dl_debug("\ncalling init: %s\n", d->name);
		}
		if (d->init_called || d->kind == DSO_VDSO || d->kind == DSO_LDSO)
			continue;
		d->init_called = 1;
		glibc_publish_init_called(d);
		if (d->kind == DSO_MAIN)
			continue;	/* libc's __libc_start_main runs the program's own */
		if (L.debug & DEBUG_IMPCALLS)
			dl_debug("\ncalling init: %s\n", d->name);
		TIMELINE_MARK(tm);
		if (d->init)
			((init_fn)d->init)(L.argc, L.argv, L.envp);
		for (size_t k = 0; k < d->init_count; k++) {
			uintptr_t f = d->init_array[k];
			if (f && f != (uintptr_t)-1)
				((init_fn)f)(L.argc, L.argv, L.envp);
		}
		TIMELINE_LAP(tm, d, TL_INIT);
	}
}

static void run_destructors(struct dso *d)
{
	for (size_t k = d->fini_count; k-- > 0;) {
		uintptr_t f = d->fini_array[k];
		if (f && f != (uintptr_t)-1)
			((void (*)(void))f)();
	}
	if (d->fini)
		((void (*)(void))d->fini)();
}

void dso_run_fini(struct dso *d)
{
	/* the host's glibc (_dl_call_fini): every object, by l_name (empty for the program) */
	if (L.debug & DEBUG_IMPCALLS)
		dl_debug("\ncalling fini: %s [%ld]\n", d->kind == DSO_MAIN ? "" : d->name,
			 (long)d->ns);
	d->fini_called = 1;
	run_destructors(d);
}

/* glibc 2.36's _dl_sort_maps_dfs with for_fini: a depth-first walk over
   DT_NEEDED links and run-time bindings from the end of the load-order list;
   if run-time bindings mattered, a second pass over DT_NEEDED links only */
static void dfs_fini(struct dso *d, unsigned seen, struct dso ***rpo, int *reldeps)
{
	d->visit = seen;
	for (size_t i = 0; i < d->ndeps; i++) {
		struct dso *dep = d->deps[i];
		if (dep->visit != seen && !dep->missing && dep->kind != DSO_MAIN)
			dfs_fini(dep, seen, rpo, reldeps);
	}
	if (reldeps && d->nreldeps) {
		*reldeps = 1;
		for (size_t i = 0; i < d->nreldeps; i++)
			if (d->reldeps[i]->visit != seen && d->reldeps[i]->kind != DSO_MAIN)
				dfs_fini(d->reldeps[i], seen, rpo, reldeps);
	}
	*--*rpo = d;
}

/* a walk over ns only: every object of another namespace counts as visited */
static unsigned fini_walk_begin(long ns)
{
	unsigned seen = dso_walk_begin();
	for (struct dso *d = L.head; d; d = d->next)
		if (ns >= 0 && d->ns != ns)
			d->visit = seen;
	if (ns < 0 && L.self)	/* dlclose never unloads it, and an audit module's
				   close at start-up comes before it is listed */
		L.self->visit = seen;
	return seen;
}

/* A few objects are ordered here, not in libc's heap: a program that never
   called malloc must not start it at exit (ptmalloc's start costs getrandom,
   two brk and page faults; glibc's _dl_fini uses its stack).  Taken under
   the load lock; a nested or concurrent user finds it busy and allocates. */
#define FINI_STATIC 64
static struct dso *fini_static[2][FINI_STATIC];
static int fini_static_busy;

static int fini_arrays(size_t count, struct dso ***maps, struct dso ***out)
{
	if (count < FINI_STATIC && !fini_static_busy) {
		fini_static_busy = 1;
		*maps = fini_static[0];
		*out = fini_static[1];
		return 0;
	}
	*maps = rt_calloc(count + 1, sizeof **maps);
	*out = rt_calloc(count + 1, sizeof **out);
	if (*maps && *out)
		return 0;
	rt_free(*maps);
	rt_free(*out);
	return -1;
}

/* what fini_order returned */
void fini_order_free(struct dso **order)
{
	if (order == fini_static[0] || order == fini_static[1])
		fini_static_busy = 0;
	else
		rt_free(order);
}

/* ns < 0: every namespace */
struct dso **fini_order(long ns, size_t *n)
{
	size_t count = 0;
	for (struct dso *d = L.head; d; d = d->next)
		count++;
	struct dso **maps, **out;
	if (fini_arrays(count, &maps, &out))
		return 0;
	size_t m = 0;
	unsigned seen = fini_walk_begin(ns);	/* other namespaces are not walked */
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->visit != seen)
			maps[m++] = d;
	int reldeps = 0;
	struct dso **rpo = out + m;
	for (size_t i = m; i-- > 0;)
		if (maps[i]->visit != seen)
			dfs_fini(maps[i], seen, &rpo, &reldeps);
	if (reldeps) {
		seen = fini_walk_begin(ns);
		struct dso **head = maps + m;
		for (size_t i = m; i-- > 0;)
			if (out[i]->visit != seen)
				dfs_fini(out[i], seen, &head, 0);
		struct dso **t = out; out = maps; maps = t;
	}
	/* the program first */
	for (size_t i = 1; i < m; i++)
		if (out[i]->kind == DSO_MAIN) {
			struct dso *main = out[i];
			memmove(out + 1, out, i * sizeof *out);
			out[0] = main;
		}
	if (maps != fini_static[0] && maps != fini_static[1])
		rt_free(maps);
	*n = m;
	return out;
}

/* one namespace's destructors at exit; auditing tells of them (glibc's _dl_fini) */
static void fini_namespace(long ns)
{
	size_t n = 0;
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_lock);
	struct dso **order = fini_order(ns, &n);
	/* pinned (glibc dl-fini.c): a destructor's dlclose cannot unload
	   code that runs or still waits for its destructor */
	for (size_t i = 0; order && i < n; i++) {
		order[i]->opencount++;
		glibc_publish_opencount(order[i]);
	}
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_lock);
	if (L.naudit && n)
		audit_activity(ns, LA_ACT_DELETE);
	for (size_t i = 0; order && i < n; i++) {
		struct dso *d = order[i];
		if (d->init_called && !d->fini_called) {
			dso_run_fini(d);
			if (L.naudit)
				audit_objclose(d);
		} else if (d->kind == DSO_LDSO) {
			if (L.debug & DEBUG_IMPCALLS)
				dl_debug("\ncalling fini: %s [%ld]\n", d->name, ns);
			if (L.naudit)
				audit_objclose(d);	/* glibc's _dl_init marks the loader too */
		}
		d->opencount--;
		glibc_publish_opencount(d);
	}
	if (L.naudit && n)
		audit_activity(ns, LA_ACT_CONSISTENT);
	fini_order_free(order);
}

/* passed to the program by dl_jump (start.S); libc registers it with __cxa_atexit */
EXPORT void _dl_fini(void)
{
	TIMELINE_EXIT();	/* what dlopens added since the file was last written */
	/* namespaces from the last to the base one, as glibc; audit modules' last */
	for (int audit = 0; audit <= (L.naudit != 0); audit++)
		for (long ns = (long)GL->_dl_nns - 1; ns >= 0; ns--)
			if (!L.naudit || audit_ns(ns) == audit)
				fini_namespace(ns);
	if (L.debug & DEBUG_STATISTICS)
		debug_final_statistics();
}
