/* dlopen and dlclose as libc calls them through GLRO(dl_open)/(dl_close):
   the same placement and linking code as start-up, a rollback when anything
   fails, reference counting and real unloading. */
#include <sys/mman.h>
#include "ldso.h"
#include "glibc/glibc.h"

#define RTLD_LAZY	0x00001
#define RTLD_NOW	0x00002
#define RTLD_NOLOAD	0x00004
#define RTLD_DEEPBIND	0x00008
#define RTLD_GLOBAL	0x00100
#define RTLD_NODELETE	0x01000
#define LM_ID_BASE	0
#define LM_ID_CALLER	(-2)

static void lock(void)
{
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_lock);
}

static void unlock(void)
{
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_lock);
}

static struct dso *dso_containing(uintptr_t addr)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && addr >= d->map_start && addr < d->map_end)
			return d;
	return 0;
}

/* l_next/l_prev and the counts libc's dl_iterate_phdr reads, under the write lock */
static void relink_maps(void)
{
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_write_lock);
	struct link_map *prev = 0;
	unsigned n = 0;
	for (struct dso *d = L.head; d; d = d->next) {
		d->lm.l_prev = prev;
		if (prev)
			prev->l_next = &d->lm;
		prev = &d->lm;
		n++;
	}
	if (prev)
		prev->l_next = 0;
	GL->_dl_ns[0]._ns_nloaded = n;
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_write_lock);
}

static void debug_event(int state)
{
	_r_debug.r_state = state;
	_dl_debug_state();
}

static void global_add(struct dso **list, size_t n)
{
	size_t need = L.nglobal;
	for (size_t i = 0; i < n; i++)
		need += !list[i]->in_global;
	if (need == L.nglobal)
		return;
	/* readers may be walking the old array: publish a new one, keep the old */
	struct dso **g = rt_calloc(need + 1, sizeof *g);
	if (!g)
		dl_fatal("cannot extend the global scope", "out of memory");
	memcpy(g, L.global, L.nglobal * sizeof *g);
	size_t k = L.nglobal;
	for (size_t i = 0; i < n; i++)
		if (!list[i]->in_global) {
			list[i]->in_global = 1;
			g[k++] = list[i];
		}
	struct r_scope_elem *s = &L.main->lm.l_searchlist;
	s->r_list = (void *)g;
	__atomic_store_n(&s->r_nlist, k, __ATOMIC_RELEASE);
	L.global = g;
	L.nglobal = k;
}

static void global_remove(struct dso *d)
{
	if (!d->in_global)
		return;
	size_t k = 0;
	for (size_t i = 0; i < L.nglobal; i++)
		if (L.global[i] != d)
			L.global[k++] = L.global[i];
	L.nglobal = k;
	L.main->lm.l_searchlist.r_nlist = k;
	d->in_global = 0;
}

static void dso_unlink(struct dso *d)
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

static void dso_free(struct dso *d)
{
	if (d->map_len)
		sys_munmap((void *)d->map_start, d->map_len);
	for (size_t i = 0; i < d->nallocs; i++)
		rt_free(d->allocs[i]);
	rt_free(d->allocs);
	rt_free(d->deps);
	rt_free(d->reldeps);
	rt_free(d->versions);
	rt_free(d->lm.l_searchlist.r_list != (void *)&d->lm.l_real ? (void *)d->lm.l_searchlist.r_list : 0);
	for (struct libname_list *n = d->lm.l_libname, *next; n; n = next) {
		next = n->next;
		rt_free(n->name);
		rt_free(n);
	}
	if ((uintptr_t)d->lm.l_origin != (uintptr_t)-1)
		rt_free(d->lm.l_origin);
	rt_free((void *)d->name);
	rt_free(d);
}

/* undo a failed dlopen: everything after the old tail goes */
static void rollback(struct dso *old_tail)
{
	struct dso *d = old_tail ? old_tail->next : L.head;
	size_t gen = GL->_dl_tls_generation + 1;
	int tls = 0;
	while (d) {
		struct dso *next = d->next;
		if (d->tls_modid) {
			tls_release_module(d, gen);
			tls = 1;
		}
		dso_unlink(d);
		dso_free(d);
		d = next;
	}
	if (tls)
		GL->_dl_tls_generation = gen;
	relink_maps();
}

/* constructors of the new objects, dependencies first (glibc's DFS order) */
static void dfs_init(struct dso *d, struct dso ***rpo)
{
	d->mark = 1;
	for (size_t i = 0; i < d->ndeps; i++)
		if (!d->deps[i]->mark && !d->deps[i]->missing)
			dfs_init(d->deps[i], rpo);
	*--*rpo = d;
}

static struct dso **new_init_order(struct dso *root, size_t *n)
{
	size_t count = L.count + 1;
	struct dso **list = rt_calloc(count, sizeof *list);
	if (!list)
		dl_fatal("cannot run constructors", "out of memory");
	for (struct dso *d = L.head; d; d = d->next)
		d->mark = d->init_called || d->kind == DSO_MAIN;
	L.self->mark = 1;
	struct dso **rpo = list + count;
	if (!root->mark)
		dfs_init(root, &rpo);
	*n = list + count - rpo;
	memmove(list, rpo, *n * sizeof *list);
	return list;
}

void *dl_open(const char *file, int mode, const void *caller, long nsid, int argc, char **argv, char **env)
{
	struct dl_catch c, *outer = dl_catch_top;
	char err[1536];

	if (nsid != LM_ID_BASE && nsid != LM_ID_CALLER)
		libc_fns.signal_error(22 /* EINVAL */, file, 0,
				      "dlmopen namespaces are not supported by ld-custom.so yet (only LM_ID_BASE)");
	if (!(mode & (RTLD_LAZY | RTLD_NOW)))
		libc_fns.signal_error(22, 0, 0, "invalid mode for dlopen()");

	lock();
	struct dso *old_tail = L.tail, *root;
	c.owner = arch_thread_pointer();
	dl_catch_top = &c;
	if (dl_setjmp(c.jb)) {
		dl_catch_top = outer;
		rollback(old_tail);
		debug_event(RT_CONSISTENT);
		unlock();
		libc_fns.signal_error(0, 0, 0, c.msg);
	}

	if (!file || !*file) {
		root = L.main;
	} else {
		struct dso *from = dso_containing((uintptr_t)caller);
		if (!from)
			from = L.main;
		if (mode & RTLD_NOLOAD) {
			root = load_find_loaded(file);
			if (!root) {
				dl_catch_top = outer;
				unlock();
				return 0;
			}
		} else {
			debug_event(RT_ADD);
			root = load_library(file, from, err, sizeof err);
			if (!root)
				dl_fatal("cannot open shared object", "%s", err);
			if (!root->listed) {
				root->listed = 1;
				root->loaded_by = from;
				dso_setup_link_map(root);
				dso_append(root);
			}
		}
	}

	struct dso *first_new = old_tail ? old_tail->next : 0;
	if (first_new) {
		load_deps_from(first_new);
		check_versions_from(first_new);
		size_t gen = GL->_dl_tls_generation + 1;
		int tls = 0;
		for (struct dso *d = first_new; d; d = d->next) {
			d->dlopened = 1;
			LM_BIT_SET(d, L_TYPE, LT_LOADED);
			if (d->tls_memsz || d->tls_filesz) {
				tls_register_module(d, gen);
				tls = 1;
			}
			if (d->flags_1 & DF_1_NODELETE)
				d->nodelete = 1;
		}
		/* each new object's scope: the global one, then its dlopen group */
		size_t n;
		struct dso **group = dso_closure(&root, 1, &n);
		root->lm.l_searchlist.r_list = (void *)group;
		root->lm.l_searchlist.r_nlist = n;
		for (struct dso *d = first_new; d; d = d->next) {
			struct link_map *lm = &d->lm;
			int i = 0;
			if (mode & RTLD_DEEPBIND)
				lm->l_scope_mem[i++] = &root->lm.l_searchlist;
			if (d->flags & DF_SYMBOLIC)
				lm->l_scope_mem[i++] = &lm->l_symbolic_searchlist;
			lm->l_scope_mem[i++] = &L.main->lm.l_searchlist;
			if (!(mode & RTLD_DEEPBIND))
				lm->l_scope_mem[i++] = &root->lm.l_searchlist;
			lm->l_scope_mem[i] = 0;
			lm->l_scope = lm->l_scope_mem;
			d->lazy = !(mode & RTLD_NOW) && !L.bind_now;
		}
		/* dependencies first, as at start-up */
		size_t norder;
		struct dso **order = new_init_order(root, &norder);
		relocate_all(order, norder);
		rt_free(order);
		if (tls)
			GL->_dl_tls_generation = gen;
		for (struct dso *d = first_new; d; d = d->next)
			tls_init_static_everywhere(d);
		for (struct dso *d = first_new; d; d = d->next)
			GL->_dl_load_adds++;
		relink_maps();
	}
	if (mode & RTLD_GLOBAL) {
		size_t n;
		struct dso **group = dso_closure(&root, 1, &n);
		global_add(group, n);
		rt_free(group);
	}
	if (mode & RTLD_NODELETE)
		root->nodelete = 1;
	root->lm.l_direct_opencount++;
	dl_catch_top = outer;
	debug_event(RT_CONSISTENT);

	/* constructors with the lock held (it is recursive: they may dlopen) */
	if (first_new) {
		size_t n;
		struct dso **order = new_init_order(root, &n);
		L.argc = argc;
		L.argv = argv;
		L.envp = env;
		run_constructors(order, n);
		rt_free(order);
	}
	unlock();
	return &root->lm;
}

static int closing, close_rerun;

/* mark everything still reachable from what is in use */
static void mark_used(struct dso *d)
{
	if (d->mark)
		return;
	d->mark = 1;
	for (size_t i = 0; i < d->ndeps; i++)
		if (!d->deps[i]->missing)
			mark_used(d->deps[i]);
	for (size_t i = 0; i < d->nreldeps; i++)
		mark_used(d->reldeps[i]);
}

void dl_close(void *handle)
{
	struct dso *root = dso_of(handle);
	lock();
	if (root->lm.l_direct_opencount == 0) {
		unlock();
		libc_fns.signal_error(0, root->name, 0, "shared object not open");
	}
	if (--root->lm.l_direct_opencount || !root->dlopened) {
		unlock();
		return;
	}
	/* a destructor closing something: the running dlclose picks it up after
	   (glibc's dl_close_state "rerun") */
	if (closing) {
		close_rerun = 1;
		unlock();
		return;
	}
	closing = 1;
again:
	close_rerun = 0;
	for (struct dso *d = L.head; d; d = d->next)
		d->mark = 0;
	L.self->mark = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->dlopened || d->lm.l_direct_opencount || d->nodelete || d->lm.l_tls_dtor_count)
			mark_used(d);

	/* what goes, in glibc's destructor order; destructors may dlclose too,
	   so the list is fixed before any of them runs */
	size_t nfini, nvictims = 0;
	struct dso **fini = 0;
	for (struct dso *d = L.head; d; d = d->next)
		d->unused = !d->mark;
	fini = fini_order(&nfini);
	if (!fini) {
		closing = 0;
		unlock();
		return;
	}
	for (size_t i = 0; i < nfini; i++)
		if (fini[i]->unused)
			fini[nvictims++] = fini[i];
	debug_event(RT_DELETE);
	for (size_t i = 0; i < nvictims; i++)
		if (fini[i]->init_called && !fini[i]->fini_called)
			dso_run_fini(fini[i]);
	size_t gen = GL->_dl_tls_generation + 1;
	int tls = 0;
	for (size_t i = 0; i < nvictims; i++) {
		struct dso *d = fini[i];
		global_remove(d);
		if (d->tls_modid) {
			tls_release_module(d, gen);
			tls = 1;
		}
		unique_forget(d);
		dso_unlink(d);
		dso_free(d);
	}
	rt_free(fini);
	if (tls)
		GL->_dl_tls_generation = gen;
	if (close_rerun)
		goto again;
	closing = 0;
	relink_maps();
	debug_event(RT_CONSISTENT);
	unlock();
}

/* a run-time binding (dlsym, lazy PLT) keeps the definer alive while the user is */
void dso_add_reldep(struct dso *user, struct dso *def)
{
	if (!def->dlopened || user == def)
		return;
	for (size_t i = 0; i < user->ndeps; i++)
		if (user->deps[i] == def)
			return;
	for (size_t i = 0; i < user->nreldeps; i++)
		if (user->reldeps[i] == def)
			return;
	struct dso **r = rt_realloc(user->reldeps, (user->nreldeps + 1) * sizeof *r);
	if (!r)
		return;
	r[user->nreldeps++] = def;
	user->reldeps = r;
}

void dso_note_alloc(struct dso *d, void *p)
{
	void **a = rt_realloc(d->allocs, (d->nallocs + 1) * sizeof *a);
	if (!a)
		dl_fatal("relocation error", "out of memory");
	a[d->nallocs++] = p;
	d->allocs = a;
}
