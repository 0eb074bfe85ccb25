/* The scope arrays of glibc's link_map (l_scope, l_scope_mem, l_scope_max,
   l_searchlist) and of each namespace's global scope, in glibc's format:
   symbol lookup (ours and libc's through lookup_symbol_x) walks them as they
   are, without a lock, so they are the core's only copy.  The core decides
   what they hold (link.c, place.c, scope.c); every store is here, in the
   order a concurrent reader needs. */
#include "glibc/glibc.h"

/* a fresh object's scope list: elems (n of them, n < 4) in l_scope_mem */
void glibc_scope_init(struct dso *d, struct r_scope_elem *const *elems, size_t n)
{
	struct link_map *lm = &d->lm;
	for (size_t i = 0; i < n; i++)
		lm->l_scope_mem[i] = elems[i];
	lm->l_scope_mem[n] = 0;
	lm->l_scope = lm->l_scope_mem;
}

/* a larger or shorter list in place of the old one, which is returned for
   the caller to free once readers are done with it */
struct r_scope_elem **glibc_scope_replace(struct dso *d, struct r_scope_elem **s, size_t max)
{
	struct link_map *lm = &d->lm;
	struct r_scope_elem **old = lm->l_scope;
	__atomic_store_n(&lm->l_scope, s, __ATOMIC_SEQ_CST);
	lm->l_scope_max = max;
	return old;
}

/* s becomes entry n (the NULL at n, room checked): the NULL behind it first */
void glibc_scope_append(struct dso *d, size_t n, struct r_scope_elem *s)
{
	struct link_map *lm = &d->lm;
	lm->l_scope[n + 1] = 0;
	__atomic_store_n(&lm->l_scope[n], s, __ATOMIC_RELEASE);
}

/* a search list's members: the list before its length, for readers */
void glibc_scope_elem_set(struct r_scope_elem *e, struct dso **list, size_t n)
{
	e->r_list = (void *)list;
	__atomic_store_n(&e->r_nlist, n, __ATOMIC_RELEASE);
	symindex_elem_changed(e);
}

/* a shorter list in place (dlclose: the global scope loses an object) */
void glibc_scope_elem_shrink(struct r_scope_elem *e, size_t n)
{
	e->r_nlist = n;
	symindex_elem_changed(e);
}
