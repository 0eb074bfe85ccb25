/* Symbol lookup over a scope: the objects of each scope element in order,
   the first definition wins (glibc's default: a weak definition counts). */
#include "ldso.h"

uintptr_t sym_address(const struct dso *d, const Elf64_Sym *s)
{
	if (s->st_shndx == SHN_ABS || ELF64_ST_TYPE(s->st_info) == STT_TLS)
		return s->st_value;
	return d->base + s->st_value;
}

int scope_find_symbol(struct r_scope_elem **scope, struct sym_query *q,
		      struct dso *skip_until, struct sym_result *res)
{
	int skipping = skip_until != 0;
	L.stat_lookups++;
	for (; *scope; scope++) {
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		unsigned n = (*scope)->r_nlist;
		for (unsigned i = 0; i < n; i++) {
			struct dso *d = dso_of(list[i]);
			if (skipping) {
				if (d == skip_until)
					skipping = 0;
				continue;
			}
			if ((q->flags & LOOKUP_NO_EXEC) && d->kind == DSO_MAIN)
				continue;
			const Elf64_Sym *s = dso_find_symbol(d, q);
			if (s) {
				res->dso = d;
				res->sym = s;
				return 1;
			}
		}
	}
	return 0;
}
