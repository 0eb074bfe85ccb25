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
			if (d->d_tag == DT_DEBUG && !L.main->dyn_readonly)
				d->d_un.d_ptr = (uintptr_t)&_r_debug;
	publish_debug_state(RT_ADD);
}

/* RT_ADD or RT_DELETE before the list changes, RT_CONSISTENT after */
void publish_debug_state(int state)
{
	_r_debug.r_state = state;
	_dl_debug_state();
}
