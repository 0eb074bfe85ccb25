/* Symbol lookup over a scope: the objects of each scope element in order,
   the first definition wins (glibc's default: a weak definition counts;
   LD_DYNAMIC_WEAK makes a later strong one win, elf/dl-lookup.c do_lookup_x). */
#include "ldso.h"

uintptr_t sym_address(const struct dso *d, const Elf64_Sym *s)
{
	if (s->st_shndx == SHN_ABS || ELF64_ST_TYPE(s->st_info) == STT_TLS)
		return s->st_value;
	return d->base + s->st_value;
}

/* STB_GNU_UNIQUE: one definition process-wide, the first one bound (glibc
   keeps the same table per namespace); its object can no longer be unloaded */
struct unique { const char *name; uint32_t hash; struct dso *dso; const Elf64_Sym *sym; };
static struct unique *uniques;
static size_t nunique, unique_cap;

static void unique_resolve(struct sym_query *q, struct sym_result *res)
{
	for (size_t i = 0; i < nunique; i++)
		if (uniques[i].hash == q->gnu_hash && !strcmp(uniques[i].name, q->name)) {
			res->dso = uniques[i].dso;
			res->sym = uniques[i].sym;
			return;
		}
	if (nunique == unique_cap) {
		size_t cap = unique_cap ? 2 * unique_cap : 16;
		struct unique *u = rt_realloc(uniques, cap * sizeof *u);
		if (!u)
			return;
		uniques = u;
		unique_cap = cap;
	}
	uniques[nunique++] = (struct unique){ res->dso->strings + res->sym->st_name, q->gnu_hash,
					      res->dso, res->sym };
	res->dso->nodelete = 1;
}

/* an unloaded object's unique definitions leave the table */
void unique_forget(struct dso *d)
{
	size_t k = 0;
	for (size_t i = 0; i < nunique; i++)
		if (uniques[i].dso != d)
			uniques[k++] = uniques[i];
	nunique = k;
}

/* LD_DYNAMIC_WEAK: a weak definition is kept (the first one only) and the
   walk goes on through every later scope element for a strong one */
static int weak_keep(struct dso *d, const Elf64_Sym *s, struct sym_result *weak)
{
	if (!L.dynamic_weak || ELF64_ST_BIND(s->st_info) != STB_WEAK)
		return 0;
	if (!weak->sym)
		*weak = (struct sym_result){ d, s };
	return 1;
}

int scope_find_symbol(struct r_scope_elem **scope, struct sym_query *q,
		      struct dso *skip_until, struct sym_result *res)
{
	int skipping = skip_until != 0;
	struct sym_result weak = { 0, 0 };
	L.stat_lookups++;
	for (; *scope; scope++) {
		/* the count first: a list is published before the count grows */
		unsigned n = __atomic_load_n(&(*scope)->r_nlist, __ATOMIC_ACQUIRE);
		struct link_map **list = (struct link_map **)(*scope)->r_list;
		for (unsigned i = 0; i < n; i++) {
			struct dso *d = dso_of(list[i]);
			if (skipping) {
				if (d == skip_until)
					skipping = 0;
				continue;
			}
			if ((q->flags & LOOKUP_NO_EXEC) && d->kind == DSO_MAIN)
				continue;
			if (!dso_bloom_may_have(d, q->gnu_hash)) {	/* most objects stop here */
				L.stat_bloom_rejects++;
				continue;
			}
			const Elf64_Sym *s = dso_find_symbol(d, q);
			if (s && !weak_keep(d, s, &weak)) {
				res->dso = d;
				res->sym = s;
				if (ELF64_ST_BIND(s->st_info) == STB_GNU_UNIQUE)
					unique_resolve(q, res);
				return 1;
			}
		}
	}
	if (weak.sym)
		*res = weak;
	return weak.sym != 0;
}
