/* Publish: the last stage of start-up and of every dlopen, dlclose and
   rollback: what libc, dl_iterate_phdr, _dl_find_object and debuggers read
   about the loaded objects as a whole.  The link_map chain and counts of each
   namespace (written by link_map.c with the unwinder's table), what glibc
   records once about the program's scope, and the r_debug rendezvous. */
#include "ldso.h"
#include "glibc.h"

/* the chains (glibc/link_map.c) after any change; returns the namespaces
   that list anything (bit ns) */
unsigned publish_maps(void)
{
	unsigned counts[DL_NNS], used = 0;
	glibc_publish_namespaces(counts);
	for (long ns = 1; ns < DL_NNS; ns++)
		used |= (unsigned)(counts[ns] != 0) << ns;
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

_Static_assert(RDBG_BASE_SIZEOF == 40 && RDBG_SIZEOF == 48, "the sizes in the arch's rdebug.S");

/* namespace ns's rendezvous: the exported _r_debug for the base one */
static struct r_debug_extended *ns_debug(long ns)
{
	return ns ? &GL->_dl_ns[ns]._ns_debug : &_r_debug_extended;
}

/* glibc's _dl_debug_initialize: a namespace's r_debug is filled the first
   time it is used, and one of a later namespace is chained at the end of
   r_next (never unchained: an emptied namespace shows r_map NULL); from then
   on the base one says r_version 2, so debuggers walk the chain */
static struct r_debug_extended *debug_init(long ns)
{
	struct r_debug_extended *r = ns_debug(ns);
	if (r->base.r_brk)
		return r;
	r->base.r_version = ns ? 2 : 1;
	r->base.r_ldbase = L.self->base;
	r->base.r_brk = (uintptr_t)_dl_debug_state;
	r->r_next = 0;
	if (ns) {
		struct r_debug_extended **pp = &_r_debug_extended.r_next;
		while (*pp)
			pp = &(*pp)->r_next;
		__atomic_store_n(pp, r, __ATOMIC_RELEASE);
		__atomic_store_n(&_r_debug_extended.base.r_version, 2, __ATOMIC_RELEASE);
	}
	return r;
}

/* The debugger rendezvous: before placement, the program alone and RT_ADD,
   as glibc; the full list is announced (RT_CONSISTENT) after relocation,
   because gdb loads libthread_db then and it reads relocated libc data. */
void publish_debugger_start(void)
{
	struct r_debug_extended *r = debug_init(0);
	r->base.r_map = &L.main->lm;
	if (L.main->dynamic)
		for (Elf64_Dyn *d = L.main->dynamic; d->d_tag != DT_NULL; d++)
			if (d->d_tag == DT_DEBUG && !L.main->dyn_readonly)
				d->d_un.d_ptr = (uintptr_t)r;
	publish_debug_state(0, RT_ADD);
}

/* RT_ADD or RT_DELETE before namespace ns changes, RT_CONSISTENT after, on
   that namespace's r_debug (glibc's _dl_debug_update: r_map is the head of
   its chain, the program for the base namespace) */
void publish_debug_state(long ns, int state)
{
	struct r_debug_extended *r = debug_init(ns);
	if (ns)
		__atomic_store_n(&r->base.r_map, GL->_dl_ns[ns]._ns_loaded, __ATOMIC_RELEASE);
	r->base.r_state = state;
	_dl_debug_state();
}
