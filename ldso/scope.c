/* Scopes of dlopened objects: the namespace's global scope plus the search
   list of every dlopen group the object is in (glibc elf/dl-open.c
   update_scopes, elf/dl-close.c).  Lazy binding and dlsym in other threads
   walk scope arrays without the load lock, so an array is only ever appended
   to behind its NULL or replaced whole, and what a reader may still hold (an
   old array, an unloaded object) is freed only after every thread has left
   its lookup: glibc's THREAD_GSCOPE protocol on the TCB's gscope_flag, which
   libc's dlsym also sets.  Also each namespace's global scope and how a
   dlopen group joins the scopes of objects earlier dlopens loaded. */
#include "ldso.h"
#include "glibc/glibc.h"

#define GSCOPE_UNUSED	0
#define GSCOPE_USED	1
#define GSCOPE_WAIT	2
#define FUTEX_WAIT_PRIVATE	128
#define FUTEX_WAKE_PRIVATE	129

static int *gscope_flag(uintptr_t tp)
{
	return (int *)(tp + TCB_GSCOPE_FLAG);
}

/* seq_cst: the flag must be visible before this thread reads any scope */
void gscope_enter(void)
{
	__atomic_exchange_n(gscope_flag(arch_thread_pointer()), GSCOPE_USED, __ATOMIC_SEQ_CST);
}

void gscope_leave(void)
{
	int *f = gscope_flag(arch_thread_pointer());
	if (__atomic_exchange_n(f, GSCOPE_UNUSED, __ATOMIC_RELEASE) == GSCOPE_WAIT)
		sys_futex(f, FUTEX_WAKE_PRIVATE, 1);
}

static void wait_thread(unsigned char *pd, void *self)
{
	uintptr_t tp = arch_pd_tp((uintptr_t)pd);
	if (tp == *(uintptr_t *)self)
		return;
	int *f = gscope_flag(tp), v = GSCOPE_USED;
	if (!__atomic_compare_exchange_n(f, &v, GSCOPE_WAIT, 0, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST) && v != GSCOPE_WAIT)
		return;
	while (__atomic_load_n(f, __ATOMIC_ACQUIRE) == GSCOPE_WAIT)
		sys_futex(f, FUTEX_WAIT_PRIVATE, GSCOPE_WAIT);
}

/* every other thread is outside any lookup that started before this call */
static void gscope_wait(void)
{
	if (!GL->_dl_stack_user.next)	/* before libc's threads exist */
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uintptr_t self = arch_thread_pointer();
	glibc_each_thread(wait_thread, &self);
}

/* scope arrays replaced under the load lock, freed after the next wait */
static void **retired;
static size_t nretired, retired_cap;

void scope_retire(void *p)
{
	if (nretired == retired_cap) {
		size_t cap = retired_cap ? 2 * retired_cap : 16;
		void **r = rt_realloc(retired, cap * sizeof *r);
		if (!r) {	/* no room to queue it: wait now */
			gscope_wait();
			rt_free(p);
			return;
		}
		retired = r;
		retired_cap = cap;
	}
	retired[nretired++] = p;
}

/* free what readers may have held; force: also when only objects go */
void scope_reclaim(int force)
{
	if (!nretired && !force && !symindex_pending())
		return;
	gscope_wait();
	while (nretired)
		rt_free(retired[--nretired]);
	symindex_reclaim();
}

static size_t scope_size(struct link_map *lm)
{
	size_t n = 0;
	while (lm->l_scope[n])
		n++;
	return n;
}

static void publish(struct dso *d, struct r_scope_elem **s, size_t max)
{
	struct r_scope_elem **old = glibc_scope_replace(d, s, max);
	if (old != d->lm.l_scope_mem)
		scope_retire(old);
}

/* room for one more entry and the NULL; 0 when out of memory */
int scope_reserve(struct dso *d)
{
	struct link_map *lm = &d->lm;
	size_t n = scope_size(lm);
	if (n + 1 < lm->l_scope_max)
		return 1;
	size_t max = 2 * lm->l_scope_max;
	struct r_scope_elem **s = rt_calloc(max, sizeof *s);
	if (!s)
		return 0;
	memcpy(s, lm->l_scope, (n + 1) * sizeof *s);
	publish(d, s, max);
	return 1;
}

/* append s unless there (after scope_reserve): the NULL behind it first */
void scope_add(struct dso *d, struct r_scope_elem *s)
{
	struct link_map *lm = &d->lm;
	size_t n = scope_size(lm);
	for (size_t i = 0; i < n; i++)
		if (lm->l_scope[i] == s)
			return;
	glibc_scope_append(d, n, s);
}

/* an entry is the object's own symbolic list, the namespace's global scope,
   or some object's l_searchlist; does its owner go? */
static int entry_goes(struct link_map *lm, struct r_scope_elem *e,
		      const struct r_scope_elem *global)
{
	if (e == &lm->l_symbolic_searchlist || e == global)
		return 0;
	struct dso *owner = (struct dso *)((char *)e - offsetof(struct dso, lm.l_searchlist));
	return owner->unused;
}

/* dlclose: the search lists of objects that go (->unused) leave d's scope.
   Without a search list of its own d gets one in place of the first removed
   entry, as glibc does, so it still finds its own dependencies. */
void scope_drop_unused(struct dso *d, const struct r_scope_elem *global)
{
	struct link_map *lm = &d->lm;
	size_t n = scope_size(lm), removed = 0;
	for (size_t i = 0; i < n; i++)
		removed += entry_goes(lm, lm->l_scope[i], global);
	if (!removed)
		return;
	struct r_scope_elem *own = 0;
	if (lm->l_searchlist.r_list == (void *)&lm->l_real) {
		size_t k;
		struct dso **group = dso_closure(&d, 1, &k);
		glibc_scope_elem_set(&lm->l_searchlist, group, k);
		own = &lm->l_searchlist;
	}
	size_t max = lm->l_scope_max;
	struct r_scope_elem **s = rt_calloc(max, sizeof *s);
	if (!s)
		dl_fatal("cannot create scope list", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!entry_goes(lm, lm->l_scope[i], global))
			s[k++] = lm->l_scope[i];
		else if (own) {
			s[k++] = own;
			own = 0;
		}
	}
	s[k] = 0;
	publish(d, s, max);
}

/* ---- dlopen groups ---- */

/* members an earlier dlopen loaded (glibc: l_init_called && lt_loaded) */
static int joins(struct link_map *m)
{
	return dso_of(m)->init_called && dso_of(m)->dlopened;
}

/* room in the scope of every such member, before anything is published */
static void reserve_group(struct dso **group, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (joins(&group[i]->lm) && !scope_reserve(group[i]))
			dl_fatal("cannot create scope list", "out of memory");
}

/* the group's search list joins their scopes (glibc update_scopes) */
static void join_group(struct dso *root)
{
	struct r_scope_elem *s = &root->lm.l_searchlist;
	for (unsigned i = 0; i < s->r_nlist; i++)
		if (joins(s->r_list[i]))
			scope_add(dso_of(s->r_list[i]), s);
}

/* an object loaded as a dependency, now opened itself: its own search list */
void scope_open_loaded(struct dso *root)
{
	if (root->lm.l_searchlist.r_list != (void *)&root->lm.l_real)
		return;
	size_t n;
	struct dso **group = dso_closure(&root, 1, &n);
	reserve_group(group, n);
	glibc_scope_elem_set(&root->lm.l_searchlist, group, n);
	join_group(root);
}

/* dlopen: root's new group joins the scopes of members earlier dlopens loaded */
void scope_join_group(struct dso *root, struct dso **group, size_t n)
{
	reserve_group(group, n);
	join_group(root);
}

/* ---- namespaces: the global scope of each; the base one's is the program's
   search list (L.global), the others' (dlmopen) live here ---- */
struct namespace {
	struct dso **global;
	size_t nglobal;
	struct r_scope_elem scope;
};
static struct namespace spaces[DL_NNS] COLD_BSS;
/* bit ns: namespace ns is taken; apart from spaces[] (cold: only dlmopen
   uses it) since every dlopen and dlclose sets it */
static unsigned ns_used;

struct r_scope_elem *ns_scope(long ns)
{
	return ns == 0 ? &L.main->lm.l_searchlist : &spaces[ns].scope;
}

/* LM_ID_NEWLM: the first free namespace, taken until publishing finds it
   empty; DL_NNS when none is free */
long ns_claim(void)
{
	long ns;
	for (ns = 1; ns < DL_NNS && (ns_used >> ns & 1); ns++)
		;
	if (ns < DL_NNS) {
		ns_used |= 1u << ns;
		glibc_scope_elem_set(&spaces[ns].scope, 0, 0);
	}
	return ns;
}

int ns_in_use(long ns)
{
	return ns_used >> ns & 1;
}

/* after publishing: bit ns set when namespace ns lists anything */
void ns_set_used(unsigned used)
{
	ns_used = used & ((1u << DL_NNS) - 1) & ~1u;	/* the base namespace is never claimed */
}

/* RTLD_GLOBAL: list joins namespace ns's global scope */
void scope_global_add(long ns, struct dso **list, size_t n)
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
	glibc_scope_elem_set(ns_scope(ns), g, k);
	*g_p = g;
	*n_p = k;
	if (old && (void *)old != GLRO->_dl_initial_searchlist.r_list)
		scope_retire(old);
}

/* dlclose: d leaves its namespace's global scope */
void scope_global_remove(struct dso *d)
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
	glibc_scope_elem_shrink(ns_scope(ns), k);
	d->in_global = 0;
}

/* the load lock, for lookups that must add a dependency */
void dl_lock(void)
{
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_lock);
}

void dl_unlock(void)
{
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_lock);
}

/* def cannot be unloaded while user is loaded, whatever the binding records:
   read without the lock, so only what never changes once user is loaded */
int binding_kept(struct dso *user, struct dso *def)
{
	if (!def->dlopened || def == user || def->nodelete)
		return 1;
	for (size_t i = 0; i < user->ndeps; i++)
		if (user->deps[i] == def)
			return 1;
	/* the program's search list grows with RTLD_GLOBAL: that keeps nothing
	   (glibc looks in l_initfini); dso_add_reldep makes def NODELETE */
	if (!user->dlopened)
		return 0;
	struct r_scope_elem *own = &user->lm.l_searchlist;
	if (own->r_list == (void *)&user->lm.l_real)
		return 0;
	size_t n = __atomic_load_n(&own->r_nlist, __ATOMIC_ACQUIRE);
	for (size_t i = 0; i < n; i++)
		if (own->r_list[i] == &def->lm)
			return 1;
	return 0;
}
