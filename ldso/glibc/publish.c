/* Publish: the last stage of start-up and of every dlopen, dlclose and
   rollback.  What libc, dl_iterate_phdr, _dl_find_object and debuggers read
   about the loaded objects is written here and nowhere else: the link_map
   chain and counts of each namespace, the unwinder's table, and the r_debug
   rendezvous. */
#include "ldso.h"
#include "glibc.h"

static struct link_map *ldso_proxies[DL_NNS];

/* glibc lists the loader in every namespace: in one other than the base
   one, a copy of its link_map whose l_real is the loader's own */
static struct link_map *ldso_proxy(long ns)
{
	if (!ldso_proxies[ns]) {
		struct link_map *p = rt_calloc(1, sizeof *p), *self = &L.self->lm;
		if (!p)
			dl_fatal("cannot create a namespace", "out of memory");
		p->l_addr = self->l_addr;
		p->l_name = self->l_name;
		p->l_ld = self->l_ld;
		p->l_real = self;
		p->l_ns = ns;
		p->l_libname = self->l_libname;
		ldso_proxies[ns] = p;
	}
	return ldso_proxies[ns];
}

/* l_next/l_prev in load order and the counts libc's dl_iterate_phdr reads,
   per namespace, under the write lock; returns the namespaces in use (bits) */
unsigned publish_maps(void)
{
	struct link_map *first[DL_NNS] = { 0 }, *last[DL_NNS] = { 0 };
	unsigned count[DL_NNS] = { 0 }, used = 0;
	size_t nns = 1;

	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_write_lock);
	for (struct dso *d = L.head; d; d = d->next) {
		long ns = d->lm.l_ns;
		if (d->missing)
			continue;
		d->lm.l_prev = last[ns];
		if (last[ns])
			last[ns]->l_next = &d->lm;
		else
			first[ns] = &d->lm;
		last[ns] = &d->lm;
		count[ns]++;
	}
	for (long ns = 0; ns < DL_NNS; ns++) {
		if (ns && count[ns]) {
			struct link_map *p = ldso_proxy(ns);
			p->l_prev = last[ns];
			last[ns]->l_next = p;
			last[ns] = p;
			count[ns]++;
			used |= 1u << ns;
			nns = ns + 1;
		}
		if (last[ns])
			last[ns]->l_next = 0;
		GL->_dl_ns[ns]._ns_loaded = first[ns];
		GL->_dl_ns[ns]._ns_nloaded = count[ns];
	}
	GL->_dl_nns = nns;
	find_object_update();
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_write_lock);
	return used;
}

/* start-up: the chain, and what glibc records once about the program's scope */
void publish_startup(void)
{
	publish_maps();
	GL->_dl_ns[0]._ns_main_searchlist = &L.main->lm.l_searchlist;
	GL->_dl_ns[0].libc_map = L.libc ? &L.libc->lm : 0;
	GL->_dl_load_adds = GL->_dl_ns[0]._ns_nloaded;
	GLRO->_dl_initial_searchlist = L.main->lm.l_searchlist;
	/* non-NULL: the loader is active */
	GLRO->_dl_init_all_dirs = (void *)&GLRO->_dl_init_all_dirs;
	GL->_dl_all_dirs = GLRO->_dl_init_all_dirs;
}

/* The debugger rendezvous: before placement, the program alone and RT_ADD,
   as glibc; the full list is announced (RT_CONSISTENT) after relocation,
   because gdb loads libthread_db then and it reads relocated libc data. */
void publish_debugger_start(void)
{
	_r_debug.r_version = 1;
	_r_debug.r_map = &L.main->lm;
	_r_debug.r_brk = (uintptr_t)_dl_debug_state;
	_r_debug.r_ldbase = L.self->base;
	if (L.main->dynamic)
		for (Elf64_Dyn *d = L.main->dynamic; d->d_tag != DT_NULL; d++)
			if (d->d_tag == DT_DEBUG && !LM_BIT_GET(L.main, L_LD_READONLY))
				d->d_un.d_ptr = (uintptr_t)&_r_debug;
	publish_debug_state(RT_ADD);
}

/* RT_ADD or RT_DELETE before the list changes, RT_CONSISTENT after */
void publish_debug_state(int state)
{
	_r_debug.r_state = state;
	_dl_debug_state();
}
