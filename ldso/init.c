/* Constructors in dependency order (glibc's _dl_sort_maps_dfs over the
   breadth-first load list) and destructors in exactly the reverse order of
   the constructors that ran (glibc bug 30785 semantics). */
#include "ldso.h"
#include "glibc/glibc.h"

static struct dso **done_list;		/* objects whose constructors ran, in order */
static size_t ndone, maxdone;

static void dfs(struct dso *d, struct dso ***rpo)
{
	d->mark = 1;
	for (size_t i = 0; i < d->ndeps; i++) {
		struct dso *dep = d->deps[i];
		if (!dep->mark && !dep->missing && dep->kind != DSO_MAIN)
			dfs(dep, rpo);
	}
	*--*rpo = d;
}

/* glibc's l_initfini for the program: the program first, each object before
   its dependencies.  Constructors run from the end. */
struct dso **init_order(size_t *n)
{
	size_t count = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->kind != DSO_VDSO) {
			d->mark = 0;
			count++;
		}
	struct dso **list = rt_calloc(count + 1, sizeof *list);
	struct dso **maps = rt_calloc(count + 1, sizeof *maps);
	if (!list || !maps)
		dl_fatal("cannot allocate dependency list", "out of memory");
	/* glibc sorts the scope list: program, then breadth-first dependencies */
	size_t m = 0;
	for (size_t i = 0; i < L.nglobal; i++)
		maps[m++] = L.global[i];
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->kind != DSO_VDSO && !d->mark) {
			int in = 0;
			for (size_t i = 0; i < L.nglobal; i++)
				in |= L.global[i] == d;
			if (!in)
				maps[m++] = d;
		}
	struct dso **rpo = list + m;
	for (size_t i = m; i-- > 0;)
		if (!maps[i]->mark)
			dfs(maps[i], &rpo);
	rt_free(maps);
	*n = m;
	return rpo;
}

typedef void (*init_fn)(int, char **, char **);

void run_preinit(struct dso *main)
{
	for (size_t i = 0; i < main->preinit_count; i++)
		((init_fn)main->preinit_array[i])(L.argc, L.argv, L.envp);
}

static void note_done(struct dso *d)
{
	if (ndone == maxdone) {
		maxdone = maxdone ? 2 * maxdone : 32;
		done_list = rt_realloc(done_list, maxdone * sizeof *done_list);
		if (!done_list)
			dl_fatal("cannot run constructors", "out of memory");
	}
	done_list[ndone++] = d;
}

void run_constructors(struct dso **order, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		struct dso *d = order[i];
		if (d->init_called || d->kind == DSO_VDSO)
			continue;
		d->init_called = 1;
		LM_BIT_SET(d, L_INIT_CALLED, 1);
		note_done(d);
		if (d->kind == DSO_MAIN)
			continue;	/* libc's __libc_start_main runs the program's own */
		if (d->init)
			((init_fn)d->init)(L.argc, L.argv, L.envp);
		for (size_t k = 0; k < d->init_count; k++) {
			uintptr_t f = d->init_array[k];
			if (f && f != (uintptr_t)-1)
				((init_fn)f)(L.argc, L.argv, L.envp);
		}
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
	d->fini_called = 1;
	run_destructors(d);
}

/* an unloaded object leaves the constructor list */
void init_forget(struct dso *d)
{
	size_t k = 0;
	for (size_t i = 0; i < ndone; i++)
		if (done_list[i] != d)
			done_list[k++] = done_list[i];
	ndone = k;
}

/* passed to the program in %rdx; libc registers it with __cxa_atexit */
EXPORT void _dl_fini(void)
{
	for (size_t i = ndone; i-- > 0;) {
		struct dso *d = done_list[i];
		if (d->fini_called)
			continue;
		d->fini_called = 1;
		run_destructors(d);
	}
}
