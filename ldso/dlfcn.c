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
#define LM_ID_NEWLM	(-1)
#define LM_ID_CALLER	(-2)

/* namespaces other than the base one (dlmopen): their global scope */
struct namespace {
	int used;
	struct dso **global;
	size_t nglobal;
	struct r_scope_elem scope;
};
static struct namespace spaces[DL_NNS];

static struct r_scope_elem *ns_scope(long ns)
{
	return ns == 0 ? &L.main->lm.l_searchlist : &spaces[ns].scope;
}

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


/* the link_map chains libc reads; a namespace is free again once empty */
static void relink_maps(void)
{
	unsigned n[DL_NNS];
	glibc_publish_namespaces(n);
	for (long ns = 1; ns < DL_NNS; ns++)
		spaces[ns].used = n[ns] != 0;
}

static void debug_event(int state)
{
	_r_debug.r_state = state;
	_dl_debug_state();
}

static void global_add(long ns, struct dso **list, size_t n)
{
	struct dso ***g_p = ns ? &spaces[ns].global : &L.global;
	size_t *n_p = ns ? &spaces[ns].nglobal : &L.nglobal;
	size_t need = *n_p;
	for (size_t i = 0; i < n; i++)
		need += !list[i]->in_global;
	if (need == *n_p)
		return;
	/* readers may be walking the old array: publish a new one, free the old
	   after them (never the start-up one, glibc's _dl_initial_searchlist) */
	struct dso **g = rt_calloc(need + 1, sizeof *g), **old = *g_p;
	if (!g)
		dl_fatal("cannot extend the global scope", "out of memory");
	memcpy(g, *g_p, *n_p * sizeof *g);
	size_t k = *n_p;
	for (size_t i = 0; i < n; i++)
		if (!list[i]->in_global) {
			list[i]->in_global = 1;
			g[k++] = list[i];
		}
	struct r_scope_elem *s = ns_scope(ns);
	s->r_list = (void *)g;
	__atomic_store_n(&s->r_nlist, k, __ATOMIC_RELEASE);
	*g_p = g;
	*n_p = k;
	if (old && (void *)old != GLRO->_dl_initial_searchlist.r_list)
		scope_retire(old);
}

static void global_remove(struct dso *d)
{
	if (!d->in_global)
		return;
	long ns = d->ns;
	struct dso **g = ns ? spaces[ns].global : L.global;
	size_t *n_p = ns ? &spaces[ns].nglobal : &L.nglobal, k = 0;
	for (size_t i = 0; i < *n_p; i++)
		if (g[i] != d)
			g[k++] = g[i];
	*n_p = k;
	ns_scope(ns)->r_nlist = k;
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
	if (LM_BIT_GET(d, L_PHDR_ALLOCATED))
		rt_free((void *)d->phdr);
	dso_free_segs(d);
	rt_free(d->deps);
	rt_free(d->reldeps);
	rt_free(d->versions);
	if (d->lm.l_scope != d->lm.l_scope_mem)
		rt_free(d->lm.l_scope);
	rt_free(d->lm.l_searchlist.r_list != (void *)&d->lm.l_real ? (void *)d->lm.l_searchlist.r_list : 0);
	for (struct libname_list *n = d->lm.l_libname, *next; n; n = next) {
		next = n->next;
		rt_free(n->name);
		rt_free(n);
	}
	rt_free(d->origin);
	rt_free((void *)d->name);
	rt_free(d);
}

/* undo a failed dlopen: everything after the old tail goes */
static __attribute__((noinline)) void rollback(struct dso *old_tail)
{
	struct dso *d = old_tail ? old_tail->next : L.head;
	size_t gen = L.tls_generation + 1;
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
		tls_set_generation(gen);
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

static void libc_early_init_secondary(struct dso *libc)
{
	version_t v = { .name = (char *)"GLIBC_PRIVATE", .hash = elf_sysv_hash("GLIBC_PRIVATE") };
	struct sym_query q;
	sym_query_init(&q, "__libc_early_init", &v, 0);
	const Elf64_Sym *s = dso_find_symbol(libc, &q);
	if (s)
		((void (*)(_Bool))sym_address(libc, s))(0);
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

/* An object without PT_GNU_STACK, or with an executable one: glibc 2.36
   makes the main stack and every thread's stack executable, and new
   threads get executable stacks from then on (_dl_stack_flags).  Also
   called at start-up for the objects mapped then. */
void make_stacks_executable(void)
{
	if (L.stack_flags & PF_X)
		return;
	uintptr_t page = (uintptr_t)__libc_stack_end & -(uintptr_t)L.pagesize;
	if (sys_mprotect((void *)page, L.pagesize,
			 PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 /* PROT_GROWSDOWN */) < 0)
		dl_fatal("cannot enable executable stack as shared object requires", "mprotect failed");
	L.stack_flags |= PF_X;
	glibc_publish_stack_flags();
	/* as glibc: the stacks libc made, in use or cached for the next thread
	   (user-supplied stacks are the user's) */
	struct list_head *lists[2] = { &GL->_dl_stack_used, &GL->_dl_stack_cache };
	stack_lists_lock();
	for (int i = 0; i < 2; i++)
		for (struct list_head *n = lists[i]->next; n != lists[i]; n = n->next) {
			void *pd = (char *)n - PD_LIST;
			if (*(uintptr_t *)((char *)pd + PD_STACKBLOCK))	/* the main thread has none */
				__nptl_change_stack_perm(pd);
		}
	stack_lists_unlock();
}

/* LM_ID_CALLER, LM_ID_NEWLM or an id: the namespace a dlmopen goes to */
static __attribute__((noinline)) long target_namespace(long nsid, struct dso *from, const char *file)
{
	long ns = nsid;
	if (ns == LM_ID_CALLER)
		return from->ns;
	if (ns == LM_ID_NEWLM) {
		for (ns = 1; ns < DL_NNS && spaces[ns].used; ns++)
			;
		if (ns == DL_NNS) {
			unlock();
			libc_fns.signal_error(22, file, 0, "no more namespaces available for dlmopen() (glibc's limit is 16)");
		}
		spaces[ns].used = 1;	/* until relink_maps finds it empty */
		spaces[ns].scope.r_list = 0;
		spaces[ns].scope.r_nlist = 0;
	} else if (ns < 0 || ns >= DL_NNS || (ns && !spaces[ns].used)) {
		unlock();
		libc_fns.signal_error(22, file, 0, "invalid target namespace in dlmopen()");
	}
	if (ns && (!file || !*file)) {
		unlock();
		libc_fns.signal_error(22, 0, 0, "no main program in a dlmopen namespace");
	}
	return ns;
}

static struct dso *load_new(const char *file, int mode, struct dso *from, long ns, struct dso *old_tail);

/* members an earlier dlopen loaded (glibc: l_init_called && lt_loaded) */
static int joins(struct link_map *m)
{
	return dso_of(m)->init_called && dso_of(m)->dlopened;
}

/* room in the scope of every such member, before anything is published */
static void reserve_scopes(struct dso **group, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (joins(&group[i]->lm) && !scope_reserve(group[i]))
			dl_fatal("cannot create scope list", "out of memory");
}

/* the group's search list joins their scopes (glibc update_scopes) */
static void join_scopes(struct dso *root)
{
	struct r_scope_elem *s = &root->lm.l_searchlist;
	for (unsigned i = 0; i < s->r_nlist; i++)
		if (joins(s->r_list[i]))
			scope_add(dso_of(s->r_list[i]), s);
}

/* an object loaded as a dependency, now opened itself: its own search list */
static void open_loaded(struct dso *root)
{
	if (root->lm.l_searchlist.r_list != (void *)&root->lm.l_real)
		return;
	size_t n;
	struct dso **group = dso_closure(&root, 1, &n);
	reserve_scopes(group, n);
	root->lm.l_searchlist.r_list = (void *)group;
	__atomic_store_n(&root->lm.l_searchlist.r_nlist, n, __ATOMIC_RELEASE);
	join_scopes(root);
}

/* Find or map, link, publish; errors unwind to dl_open's catch point. */
static struct dso *open_work(const char *file, int mode, struct dso *from, long ns, struct dso *old_tail)
{
	struct dso *root;

	if (!file || !*file)
		root = L.main;
	else if (mode & RTLD_NOLOAD) {
		root = load_find_loaded(file, from, ns);
		if (root)	/* first loaded as a dependency: glibc gives it a search list */
			open_loaded(root);
	} else
		root = load_new(file, mode, from, ns, old_tail);
	if (root && (mode & RTLD_GLOBAL)) {
		size_t n;
		struct dso **group = dso_closure(&root, 1, &n);
		global_add(ns, group, n);
		rt_free(group);
	}
	return root;
}

static struct dso *load_new(const char *file, int mode, struct dso *from, long ns, struct dso *old_tail)
{
	char *err = scratch_need(ERR_MAX);
	struct dso *root;

	debug_event(RT_ADD);
	root = load_library(file, from, ns, err, ERR_MAX);
	if (!root)
		dl_fatal("cannot open shared object", "%s", err);
	scratch_put(err);
	if (root->flags_1 & DF_1_PIE)	/* as glibc: a program is not a library */
		dl_fatal("cannot open shared object", "%s: cannot dynamically load position-independent executable",
			 root->name);
	if (!root->listed) {
		root->listed = 1;
		root->loaded_by = from;
		glibc_publish_dso(root);
		dso_append(root);
	}

	struct dso *first_new = old_tail ? old_tail->next : 0;
	if (first_new) {
		load_deps_from(first_new);
		check_versions_from(first_new);
		for (struct dso *d = first_new; d; d = d->next)
			if (d->stack_flags & PF_X)	/* p_flags 0 asks for nothing */
				make_stacks_executable();
		size_t gen = L.tls_generation + 1;
		int tls = 0;
		for (struct dso *d = first_new; d; d = d->next) {
			d->dlopened = 1;
			glibc_publish_loaded(d);
			if (d->tls_memsz || d->tls_filesz) {
				tls_register_module(d, gen);
				tls = 1;
			}
			if (d->flags_1 & DF_1_NODELETE)
				d->nodelete = 1;
		}
		/* each new object's scope: the namespace's global one, then its dlopen group */
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
			lm->l_scope_mem[i++] = ns_scope(ns);
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
		reserve_scopes(group, n);
		join_scopes(root);
		if (tls)
			tls_set_generation(gen);
		for (struct dso *d = first_new; d; d = d->next) {
			tls_init_static_everywhere(d);
			glibc_publish_load_add();
		}
		relink_maps();
	} else {
		open_loaded(root);
	}
	return root;
}

void *dl_open(const char *file, int mode, const void *caller, long nsid, int argc, char **argv, char **env)
{
	struct dl_catch c, *outer = dl_catch_top;

	if (!(mode & (RTLD_LAZY | RTLD_NOW)))
		libc_fns.signal_error(22, 0, 0, "invalid mode for dlopen()");

	lock();
	struct dso *from = dso_containing((uintptr_t)caller);
	if (!from)
		from = L.main;
	long ns = target_namespace(nsid, from, file);

	struct dso *old_tail = L.tail;
	struct scratch_mark mark = scratch_mark();
	c.owner = arch_thread_pointer();
	c.dlopen = 1;
	dl_catch_top = &c;
	if (dl_setjmp(c.jb)) {
		dl_catch_top = outer;
		scratch_release(mark);
		rollback(old_tail);
		scope_reclaim(0);
		debug_event(RT_CONSISTENT);
		/* copied while the lock still guards dl_catch_msg */
		struct dl_exception e;
		_dl_exception_create(&e, 0, dl_catch_msg);
		unlock();
		libc_fns.signal_exception(0, &e, 0);
	}
	struct dso *root = open_work(file, mode, from, ns, old_tail);
	dl_catch_top = outer;
	scope_reclaim(0);
	if (!root) {	/* RTLD_NOLOAD of something not loaded: NULL, no error */
		relink_maps();
		unlock();
		return 0;
	}
	if (mode & RTLD_NODELETE)
		root->nodelete = 1;
	root->opencount++;
	glibc_publish_opencount(root);
	debug_event(RT_CONSISTENT);

	struct dso *first_new = old_tail ? old_tail->next : 0;
	/* a libc loaded into another namespace initialises itself as a secondary one */
	for (struct dso *d = first_new; d && ns; d = d->next)
		if (d->soname && !strcmp(d->soname, "libc.so.6"))
			libc_early_init_secondary(d);

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

/* objects that stay stop pointing at the ones that go (->unused) */
static void forget_victims(void)
{
	for (struct dso *d = L.head; d; d = d->next) {
		if (d->unused)
			continue;
		if (d->dlopened)
			scope_drop_unused(d, ns_scope(d->ns));
		if (d->loaded_by && d->loaded_by->unused) {	/* glibc clears l_loader too */
			d->loaded_by = 0;
			glibc_publish_loader(d);
		}
	}
}

void dl_close(void *handle)
{
	struct dso *root = dso_of(handle);
	lock();
	if (root->opencount == 0) {
		unlock();
		libc_fns.signal_error(0, root->name, 0, "shared object not open");
	}
	root->opencount--;
	glibc_publish_opencount(root);
	if (root->opencount || !root->dlopened) {
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
		if (!d->dlopened || d->opencount || d->nodelete || d->lm.l_tls_dtor_count)
			mark_used(d);

	/* what goes, in glibc's destructor order; destructors may dlclose too,
	   so the list is fixed before any of them runs */
	size_t nfini, nvictims = 0;
	struct dso **fini = 0;
	for (struct dso *d = L.head; d; d = d->next)
		d->unused = !d->mark;
	fini = fini_order(-1, &nfini);
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
	for (size_t i = 0; i < nvictims; i++)
		global_remove(fini[i]);
	if (nvictims) {
		forget_victims();
		scope_reclaim(1);	/* no lookup in another thread holds them now */
	}
	size_t gen = L.tls_generation + 1;
	int tls = 0;
	for (size_t i = 0; i < nvictims; i++) {
		struct dso *d = fini[i];
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
		tls_set_generation(gen);
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
