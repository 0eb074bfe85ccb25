/* dlopen and dlclose as libc calls them through GLRO(dl_open)/(dl_close):
   the API, its locking, reference counts and unloading, and the rollback of
   a failed dlopen.  The work is the pipeline's stages, as at start-up: place
   (place.c), link (link.c), initialise (init.c), publish (glibc/publish.c). */
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

#define RTLD_LAZY	0x00001
#define RTLD_NOW	0x00002
#define RTLD_NOLOAD	0x00004
#define RTLD_DEEPBIND	0x00008
#define RTLD_GLOBAL	0x00100
#define RTLD_NODELETE	0x01000
#define LM_ID_NEWLM	(-1)
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

/* The new group's constructor order: computed once by load_new (relocation
   runs over it), then taken by dl_open for the constructors; a failed dlopen
   frees it in its catch handler.  Guarded by the loader lock; a dlopen nested
   in relocation (an IFUNC resolver's) keeps the outer one's aside. */
static struct dso **open_order;
static size_t open_norder;

/* publish the chain; a namespace is free again once nothing is left in it */
static void relink_maps(void)
{
	ns_set_used(publish_maps());
}

/* auditing hears of a failed dlopen's objects as of a dlclose's */
static void rollback_audit(struct dso *first)
{
	for (struct dso *d = first; d; d = d->next)
		audit_objclose(d);
	audit_activity(first->ns, LA_ACT_DELETE);
	audit_activity(first->ns, LA_ACT_CONSISTENT);
}

/* undo a failed dlopen: everything after the old tail goes */
static __attribute__((noinline)) void rollback(struct dso *old_tail)
{
	struct dso *d = old_tail ? old_tail->next : L.head;
	size_t gen = L.tls_generation + 1;
	int tls = 0;
	if (L.naudit && d)	/* as glibc's close of the failed group */
		rollback_audit(d);
	while (d) {
		struct dso *next = d->next;
		if (d->tls_modid) {
			tls_release_module(d, gen);
			tls = 1;
		}
		dso_unlink(d);
		if (L.debug & DEBUG_FILES)	/* glibc undoes it through _dl_close_worker */
			dl_debug("\nfile=%s [%ld];  destroying link map", d->name, d->ns);
		dso_free(d);
		d = next;
	}
	if (tls)
		tls_set_generation(gen);
	relink_maps();
}

/* LM_ID_CALLER, LM_ID_NEWLM or an id: the namespace a dlmopen goes to */
static __attribute__((noinline)) long target_namespace(long nsid, struct dso *from,
						       const char *file)
{
	long ns = nsid;
	if (ns == LM_ID_CALLER)
		return from->ns;
	if (ns == LM_ID_NEWLM) {
		ns = ns_claim();
		if (ns == DL_NNS) {
			unlock();
			libc_fns.signal_error(22, file, 0, "no more namespaces available"
					      " for dlmopen() (glibc's limit is 16)");
		}
	} else if (ns < 0 || ns >= DL_NNS || (ns && !ns_in_use(ns))) {
		unlock();
		libc_fns.signal_error(22, file, 0, "invalid target namespace in dlmopen()");
	}
	if (ns && (!file || !*file)) {
		unlock();
		libc_fns.signal_error(22, 0, 0, "no main program in a dlmopen namespace");
	}
	return ns;
}

static struct dso *load_new(const char *file, int mode, struct dso *from, long ns,
			    struct dso *old_tail);

/* LD_DEBUG: what open_work found, read by dl_open before any constructor runs */
static struct dso **nodelete_before;	/* files: NODELETE before this dlopen (its own) */
static int opened_before;		/* root had its search list: glibc's early path */
static struct dso **debug_added;	/* scopes: the objects RTLD_GLOBAL adds */
static size_t debug_nadded;

/* LD_DEBUG: the end of a dlopen as glibc words it, in its order; frees added */
static void debug_opened(struct dso *root, int early, struct dso **added, size_t n)
{
	if (early && (L.debug & DEBUG_FILES))
		debug_opening(root);
	debug_global_added(added, n);
	if (!early && (L.debug & DEBUG_FILES))
		debug_opening(root);
	rt_free(added);
}

/* after relocation, glibc activates NODELETE (RTLD_NODELETE, unique symbols)
   then shows the scopes of the group (update_scopes) */
static void open_linked(struct dso *root, int mode, struct r_scope_elem *group)
{
	if (mode & RTLD_NODELETE)
		root->nodelete = 1;
	if (nodelete_before)
		debug_activated(root->ns, nodelete_before);
	nodelete_before = 0;
	for (unsigned i = 0; (L.debug & DEBUG_SCOPES) && i < group->r_nlist; i++)
		debug_show_scope(dso_of(group->r_list[i]), 0);
}

/* an object loaded before: does it have its own search list yet (glibc's
   l_searchlist.r_list)?  If not, glibc shows its scopes as it makes one */
static void open_loaded(struct dso *root, int mode)
{
	int fresh = root->lm.l_searchlist.r_list == (void *)&root->lm.l_real;
	scope_open_loaded(root);
	opened_before = !fresh;
	if (fresh && (L.debug & DEBUG_SCOPES))
		debug_show_scope(root, 0);
	if (fresh)
		open_linked(root, mode, &root->lm.l_searchlist);
}

/* Find or map, link, publish; errors unwind to dl_open's catch point. */
static struct dso *open_work(const char *file, int mode, struct dso *from, long ns,
			     struct dso *old_tail)
{
	struct dso *root;

	opened_before = 0;
	if (!file || !*file)
		root = L.main, opened_before = 1;
	else if (mode & RTLD_NOLOAD) {
		root = load_find_loaded(file, from, ns);
		if (root)	/* first loaded as a dependency: glibc gives it a search list */
			open_loaded(root, mode);
	} else
		root = load_new(file, mode, from, ns, old_tail);
	if (root && (mode & RTLD_GLOBAL)) {
		size_t n;
		struct dso **group = dso_closure(&root, 1, &n);
		if (L.debug & DEBUG_SCOPES)
			debug_added = debug_new_global(group, n, &debug_nadded);
		scope_global_add(ns, group, n);
		rt_free(group);
	}
	return root;
}

static struct dso *load_new(const char *file, int mode, struct dso *from, long ns,
			    struct dso *old_tail)
{
	publish_debug_state(ns, RT_ADD);
	struct dso *root = place_open(file, from, ns);
	struct dso *first_new = old_tail ? old_tail->next : 0;
	if (first_new) {
		/* place */
		place_closure(first_new);
		first_new = old_tail->next;	/* a filtee may have gone before the root */
		place_check_versions(first_new);
		if (L.naudit)	/* glibc: all objects added, before relocation */
			audit_activity(ns, LA_ACT_CONSISTENT);
		place_exec_stacks(first_new);
		size_t gen = L.tls_generation + 1;
		int tls = place_dlopened(first_new, gen);
		/* link */
		size_t n;
		int deepbind = (mode & RTLD_DEEPBIND) != 0;
		int lazy = !(mode & RTLD_NOW) && (!L.bind_now || L.profile);
		open_order = init_order_group(root, &open_norder);
		struct dso **group = link_dlopen(root, first_new, ns_scope(ns), deepbind, lazy,
						 open_order, open_norder, &n);
		open_linked(root, mode, &root->lm.l_searchlist);
		/* publish: earlier groups' scopes, TLS, the link_map chain */
		scope_join_group(root, group, n);
		if (tls)
			tls_set_generation(gen);
		for (struct dso *d = first_new; d; d = d->next) {
			tls_init_static_everywhere(d);
			glibc_publish_load_add();
		}
		relink_maps();
		profile_start();
	} else {
		open_loaded(root, mode);
	}
	return root;
}

/* RTLD_NODELETE and the open count, with what LD_DEBUG says of them where
   glibc says it: a new object's NODELETE is activated after relocation; a
   reopen is told at once, then its global scope and NODELETE marking.
   Returns whether root was open already. */
static int open_count(struct dso *root, int mode, struct dso **added, size_t nadded)
{
	int reopened = opened_before;
	rt_free(nodelete_before);	/* a reopen: nothing was relocated */
	nodelete_before = 0;
	root->opencount++;
	glibc_publish_opencount(root);
	if (reopened)
		debug_opened(root, 1, added, nadded);
	if ((mode & RTLD_NODELETE) && reopened && !root->nodelete && (L.debug & DEBUG_FILES))
		dl_debug("marking %s [%ld] as NODELETE", root->name, root->ns);
	if (mode & RTLD_NODELETE)
		root->nodelete = 1;
	return reopened;
}

/* what open_catch hands back */
struct open_done {
	struct dso **order;		/* the new group's constructor order (the caller's) */
	size_t norder;
	struct dso **outer_nodelete;	/* an enclosing dlopen's (an IFUNC resolver's) */
	int failed;			/* the message is in dl_catch_msg */
};

/* open_work under a dlopen's catch point, the lock held (dlopen, and an audit
   module's load at start-up).  A failure rolls back everything after old_tail
   and restores an enclosing dlopen's state; on success nodelete_before is
   still this open's (the caller frees it and restores done->outer_nodelete). */
static struct dso *open_catch(const char *file, int mode, struct dso *from, long ns,
			      struct dso *old_tail, int debug_nodelete, struct open_done *done)
{
	struct dl_catch c, *outer = dl_catch_top;
	struct dso **outer_order = open_order;
	size_t outer_norder = open_norder;
	struct scratch_mark mark = scratch_mark();
	done->outer_nodelete = nodelete_before;
	done->failed = 0;
	open_order = 0;
	c.owner = arch_thread_pointer();
	c.dlopen = 1;
	dl_catch_top = &c;
	if (dl_setjmp(c.jb)) {
		dl_catch_top = outer;
		scratch_release(mark);
		rt_free(open_order);
		rt_free(nodelete_before);
		nodelete_before = done->outer_nodelete;
		open_order = outer_order;
		open_norder = outer_norder;
		rollback(old_tail);
		scope_reclaim(0);
		publish_debug_state(ns, RT_CONSISTENT);
		done->failed = 1;
		return 0;
	}
	nodelete_before = debug_nodelete && (L.debug & DEBUG_FILES) ? debug_nodelete_set() : 0;
	struct dso *root = open_work(file, mode, from, ns, old_tail);
	dl_catch_top = outer;
	scope_reclaim(0);
	done->order = open_order;	/* ours now: a constructor may dlopen */
	done->norder = open_norder;
	open_order = outer_order;
	open_norder = outer_norder;
	return root;
}

void *dl_open(const char *file, int mode, const void *caller, long nsid, int argc, char **argv,
	      char **env)
{
	if (!(mode & (RTLD_LAZY | RTLD_NOW)))
		libc_fns.signal_error(22, 0, 0, "invalid mode for dlopen()");

	lock();
	struct dso *from = dso_containing((uintptr_t)caller);
	if (!from)
		from = L.main;
	long ns = target_namespace(nsid, from, file);

	struct dso *old_tail = L.tail;
	int nested = dl_catch_top != 0;	/* in a load (a malloc's dlopen): it may hold a path */
	struct open_done done;
	struct dso *root = open_catch(file, mode, from, ns, old_tail, 1, &done);
	if (!nested)	/* glibc's _dl_open unmaps the cache, error or not */
		ldcache_release();
	if (done.failed) {
		/* copied while the lock still guards dl_catch_msg */
		struct dl_exception e;
		_dl_exception_create(&e, 0, dl_catch_msg);
		unlock();
		libc_fns.signal_exception(0, &e, 0);
	}
	if (!root) {	/* RTLD_NOLOAD of something not loaded: NULL, no error */
		rt_free(nodelete_before);
		nodelete_before = done.outer_nodelete;
		relink_maps();
		unlock();
		return 0;
	}
	struct dso **added = debug_added;
	size_t nadded = debug_nadded;
	debug_added = 0;
	int reopened = open_count(root, mode, added, nadded);
	nodelete_before = done.outer_nodelete;
	publish_debug_state(ns, RT_CONSISTENT);

	struct dso *first_new = old_tail ? old_tail->next : 0;
	/* a libc loaded into another namespace initialises itself as a secondary one */
	for (struct dso *d = first_new; d && ns; d = d->next)
		if (d->soname && !strcmp(d->soname, "libc.so.6"))
			glibc_early_init_secondary(d);

	/* constructors with the lock held (it is recursive: they may dlopen) */
	if (first_new) {
		L.argc = argc;
		L.argv = argv;
		L.envp = env;
		run_constructors(done.order, done.norder);
	}
	if (!reopened)
		debug_opened(root, 0, added, nadded);
	rt_free(done.order);
	TIMELINE_DLOPENED();
	unlock();
	return &root->lm;
}

static int closing, close_rerun;

/* stamp everything still reachable from what is in use */
static void mark_used(struct dso *d, unsigned used)
{
	if (d->visit == used)
		return;
	d->visit = used;
	for (size_t i = 0; i < d->ndeps; i++)
		if (!d->deps[i]->missing)
			mark_used(d->deps[i], used);
	for (size_t i = 0; i < d->nreldeps; i++)
		mark_used(d->reldeps[i], used);
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

/* what goes: destructors, and la_objclose after each (glibc's _dl_close_worker) */
static void run_victim_finis(struct dso **v, size_t n, long ns)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i]->init_called && !v[i]->fini_called)
			dso_run_fini(v[i]);
		if (L.naudit)
			audit_objclose(v[i]);
	}
	if (!L.naudit || !n)
		return;
	int emptied = 1;
	for (struct dso *d = L.head; d; d = d->next)
		emptied &= d->ns != ns || d->unused;
	if (emptied)
		audit_proxy_close(ns);
	audit_activity(ns, LA_ACT_DELETE);
}

void dl_close(void *handle)
{
	struct dso *root = dso_of(handle);
	long ns = root->ns;
	lock();
	if (root->opencount == 0) {
		unlock();
		libc_fns.signal_error(0, root->name, 0, "shared object not open");
	}
	root->opencount--;
	glibc_publish_opencount(root);
	if (root->opencount || !root->dlopened) {
		if ((L.debug & DEBUG_FILES) && !root->nodelete)	/* glibc: no word then */
			dl_debug("\nclosing file=%s; direct_opencount=%u", root->name,
				 root->opencount);
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
	unsigned used = dso_walk_begin();
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->dlopened || d->opencount || d->nodelete || d->lm.l_tls_dtor_count)
			mark_used(d, used);

	/* what goes, in glibc's destructor order; destructors may dlclose too,
	   so the list is fixed before any of them runs */
	size_t nfini, nvictims = 0;
	for (struct dso *d = L.head; d; d = d->next)
		d->unused = d->visit != used;
	struct dso **fini = fini_order(-1, &nfini);
	if (!fini) {
		closing = 0;
		unlock();
		return;
	}
	for (size_t i = 0; i < nfini; i++)
		if (fini[i]->unused)
			fini[nvictims++] = fini[i];
	publish_debug_state(ns, RT_DELETE);
	run_victim_finis(fini, nvictims, ns);
	for (size_t i = 0; i < nvictims; i++)
		scope_global_remove(fini[i]);
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
		if (L.debug & DEBUG_FILES)
			dl_debug("\nfile=%s [%ld];  destroying link map", d->name, d->ns);
		dso_free(d);
	}
	fini_order_free(fini);
	if (tls)
		tls_set_generation(gen);
	if (close_rerun)
		goto again;
	closing = 0;
	relink_maps();
	if (L.naudit && nvictims)	/* a namespace left empty is not told (glibc) */
		audit_activity(ns, LA_ACT_CONSISTENT);
	publish_debug_state(ns, RT_CONSISTENT);
	unlock();
}

/* glibc prints the error string alone: "NAME: " and the errno text are dlerror()'s */
static void audit_load_error(const char *name)
{
	const char *msg = dl_catch_msg;
	size_t n = strlen(name), len;
	if (!strncmp(msg, name, n) && msg[n] == ':' && msg[n + 1] == ' ')
		msg += n + 2;
	static const char open_failed[] = "cannot open shared object file";
	len = strncmp(msg, open_failed, sizeof open_failed - 1) ? strlen(msg)
	      : sizeof open_failed - 1;
	rt_dprintf(2, "ERROR: ld.so: object '%s' cannot be loaded as audit interface: "
		   "%.*s; ignored.\n", name, (int)len, msg);
}

/* Start-up (glibc's load_audit_module): an audit module, in a namespace of its
   own as dlmopen(LM_ID_NEWLM) from the loader puts it, initialised; a module that
   fails to load or declines la_version is reported and unloaded, nothing else. */
static struct dso *open_audit(const char *name, long ns, struct dso *old_tail)
{
	struct open_done done;
	struct dso *root = open_catch(name, RTLD_LAZY, L.self, ns, old_tail, 0, &done);
	if (done.failed) {
		audit_load_error(name);
		return 0;
	}
	nodelete_before = done.outer_nodelete;	/* none was taken (debug_nodelete 0) */
	root->opencount++;
	glibc_publish_opencount(root);
	publish_debug_state(ns, RT_CONSISTENT);
	for (struct dso *d = old_tail->next; d; d = d->next)
		if (d->soname && !strcmp(d->soname, "libc.so.6"))
			glibc_early_init_secondary(d);
	run_constructors(done.order, done.norder);
	rt_free(done.order);
	return root;
}

void dl_load_audit(const char *name)
{
	long ns = ns_claim();
	if (ns == DL_NNS) {
		rt_dprintf(2, "ERROR: ld.so: object '%s' cannot be loaded as audit interface: "
			   "no more namespaces available for dlmopen(); ignored.\n", name);
		return;
	}
	struct dso *root = open_audit(name, ns, L.tail);
	if (root && !audit_add(root, name))
		dl_close(&root->lm);
}
