/* Linking: the generic relocation driver.  RELR first, then RELA and the PLT
   table; IFUNC resolvers once everything else in the object is in place;
   COPY relocations read objects that were relocated before (dependencies
   first).  The arch header maps REL_* names to this machine's numbers. */
#include <sys/mman.h>
#include "ldso.h"

void _dl_tlsdesc_return(void);
void _dl_tlsdesc_undefweak(void);
void _dl_tlsdesc_dynamic(void);


void defer_ifunc(struct reloc_pass *p, uint64_t *where, uintptr_t resolver, int64_t addend)
{
	if (p->nifuncs == p->maxifuncs) {
		p->maxifuncs = p->maxifuncs ? 2 * p->maxifuncs : 16;
		p->ifuncs = rt_realloc(p->ifuncs, p->maxifuncs * sizeof *p->ifuncs);
		if (!p->ifuncs)
			dl_fatal("relocation error", "out of memory");
	}
	p->ifuncs[p->nifuncs++] = (struct deferred){ where, resolver, addend };
}

const char *obj_name(const struct dso *d)
{
	return d->kind == DSO_MAIN ? L.progname : d->name;
}

/* LD_DEBUG=bindings: glibc's line for one binding */
static void debug_binding(const struct dso *d, struct sym_result r, const char *name,
			  const version_t *v)
{
	dl_debug("binding file %s [%ld] to %s [%ld]: %s symbol `%s'%s%s%s",
		 obj_name(d), (long)d->ns, obj_name(r.dso), (long)r.dso->ns,
		 ELF64_ST_BIND(r.sym->st_info) == STB_GNU_UNIQUE ? "unique" : "normal", name,
		 v ? " [" : "", v ? v->name : "", v ? "]" : "");
}

/* The definition symbol idx of d binds to: (NULL, NULL) for an undefined
   weak reference.  Fatal for an undefined strong one. */
struct sym_result reloc_lookup(struct dso *d, uint32_t idx, int flags)
{
	struct sym_result r = { 0, 0 };
	if (idx >= d->nsyms)
		dl_fatal("relocation error", "%s: symbol index %u out of range", obj_name(d), idx);
	const Elf64_Sym *s = &d->syms[idx];
	if (ELF64_ST_BIND(s->st_info) == STB_LOCAL) {
		r.dso = d;
		r.sym = s;
		return r;
	}
	if (s->st_name >= d->strings_size)
		dl_fatal("relocation error", "%s: bad symbol name", obj_name(d));
	const char *name = d->strings + s->st_name;
	const version_t *v = dso_ref_version(d, idx);
	struct sym_query q;
	sym_query_init(&q, name, v, flags);
	if (scope_find_symbol(d->lm.l_scope, &q, 0, &r)) {
		if (L.debug & DEBUG_BINDINGS)
			debug_binding(d, r, name, v);
		return r;
	}
	if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
		return r;
	if (v)
		dl_fatal("symbol lookup error", "%s: undefined symbol: %s, version %s",
			 obj_name(d), name, v->name);
	dl_fatal("symbol lookup error", "%s: undefined symbol: %s", obj_name(d), name);
}

static struct sym_result resolve(struct reloc_pass *p, uint32_t idx, int flags)
{
	if (p->cache && idx < p->d->nsyms && p->cache[idx].dso && !(flags & LOOKUP_NO_EXEC)) {
		L.stat_cache_hits++;
		return p->cache[idx];
	}
	struct sym_result r = reloc_lookup(p->d, idx, flags);
	if (p->cache && r.dso && !(flags & LOOKUP_NO_EXEC))
		p->cache[idx] = r;
	if (r.dso && r.dso->dlopened && r.dso != p->d)
		dso_add_reldep(p->d, r.dso);	/* a binding keeps its definer loaded */
	return r;
}

/* a symbol's name for a message: local symbols never had theirs checked */
static const char *sym_name(const struct dso *d, uint32_t idx)
{
	uint32_t n = d->syms[idx].st_name;
	return n < d->strings_size ? d->strings + n : "(invalid name)";
}

/* glibc aborts here; we say which symbol, library and referrer ran out of room */
static _Noreturn void static_tls_exhausted(struct dso *d, struct dso *def, uint32_t idx)
{
	if (tls_forced_dynamic(def))	/* glibc's FORCED_DYNAMIC_TLS_OFFSET */
		dl_fatal("relocation error",
			 "cannot allocate memory in static TLS block: %s: its TLS is already in "
			 "dynamic use (__tls_get_addr) and cannot move to static TLS for symbol %s "
			 "referenced by %s", def->name,
			 idx ? d->strings + d->syms[idx].st_name : "(module)", obj_name(d));
	dl_fatal("relocation error",
		 "cannot allocate memory in static TLS block: %s needs initial-exec TLS "
		 "(%zu bytes) for symbol %s referenced by %s; the surplus is %zu bytes "
		 "(GLIBC_TUNABLES=glibc.rtld.optional_static_tls=N raises it)",
		 def->name, def->tls_memsz, idx ? sym_name(d, idx) : "(module)",
		 obj_name(d), L.tls_static_surplus);
}

static void reloc_copy(struct dso *d, uint32_t idx, uint64_t *where, struct sym_result def,
		       uintptr_t value)
{
	if (!def.sym)
		dl_fatal("relocation error", "%s: copy relocation against undefined symbol %s",
			 obj_name(d), sym_name(d, idx));
	size_t sz = d->syms[idx].st_size;
	copy_size_check(&d->syms[idx], def.sym, d->strings + d->syms[idx].st_name);
	if (def.sym->st_size < sz)
		sz = def.sym->st_size;
	if (!dso_write_ok(d, (uintptr_t)where, sz) || !dso_addr_ok(def.dso, value, sz))
		dl_fatal("relocation error", "%s: copy relocation outside the objects",
			 obj_name(d));
	memcpy(where, (const void *)value, sz);
}

static void reloc_tlsdesc(struct dso *d, uint64_t *where, struct sym_result def, int64_t addend)
{
	if (!def.dso) {
		where[0] = (uintptr_t)_dl_tlsdesc_undefweak;
		where[1] = addend;
		return;
	}
	if (!tls_try_static(def.dso)) {
		/* no room in static TLS: a descriptor that goes through the DTV */
		size_t *arg = rt_alloc(3 * sizeof *arg);
		if (!arg)
			dl_fatal("relocation error", "out of memory");
		arg[0] = def.dso->tls_modid;
		arg[1] = (def.sym ? def.sym->st_value : 0) + addend;
		arg[2] = def.dso->tls_gen;
		dso_note_alloc(d, arg);
		where[0] = (uintptr_t)_dl_tlsdesc_dynamic;
		where[1] = (uintptr_t)arg;
		return;
	}
	where[0] = (uintptr_t)_dl_tlsdesc_return;
	where[1] = arch_tls_tpoff((def.sym ? def.sym->st_value : 0) + addend, def.dso->tls_offset);
}

/* a relocation that names a symbol (or symbol 0: the object itself) */
static void reloc_symbol(struct reloc_pass *p, const Elf64_Rela *rel, uint64_t *where, int plt)
{
	struct dso *d = p->d;
	unsigned type = ELF64_R_TYPE(rel->r_info);
	uint32_t idx = ELF64_R_SYM(rel->r_info);
	int64_t addend = rel->r_addend;
	struct sym_result def = { 0, 0 };
	uintptr_t value = 0;

	L.stat_relocs++;
	if (idx) {
		int flags = type == REL_COPY ? LOOKUP_NO_EXEC
			  : (plt || type == REL_PLT) ? LOOKUP_PLT : 0;
		def = resolve(p, idx, flags);
		if (def.sym)
			value = sym_address(def.dso, def.sym);
	} else {
		def.dso = d;	/* symbol 0: the object itself (local-dynamic TLS) */
	}

	switch (type) {
	case REL_GOT:
	case REL_PLT:
		addend = 0;	/* psABI: S, not S + A; glibc ignores r_addend too */
		/* fall through */
	case REL_SYMBOLIC:
		if (def.sym && ELF64_ST_TYPE(def.sym->st_info) == STT_GNU_IFUNC &&
		    def.sym->st_shndx != SHN_UNDEF) {
			if (def.dso == d || !def.dso->relocated) {
				defer_ifunc(p, where, value, addend);
				return;
			}
			value = arch_ifunc_call(value);
		}
		*where = value + addend;
		break;
	case REL_COPY:
		reloc_copy(d, idx, where, def, value);
		break;
	case REL_DTPMOD:
		*where = def.dso ? def.dso->tls_modid : 0;
		break;
	case REL_DTPOFF:
		*where = (def.sym ? def.sym->st_value : 0) + addend;
		break;
	case REL_TPOFF:
		if (!def.dso) {
			*where = addend;
			break;
		}
		if (!tls_try_static(def.dso))
			static_tls_exhausted(d, def.dso, idx);
		*where = arch_tls_tpoff((def.sym ? def.sym->st_value : 0) + addend,
					def.dso->tls_offset);
		break;
	case REL_TLSDESC:
		reloc_tlsdesc(d, where, def, addend);
		break;
	default:
		dl_fatal("relocation error", "%s: unsupported relocation type %s (%u)",
			 obj_name(d), arch_reloc_name(type), type);
	}
}

/* the hot loop: RELATIVE in place, everything that names a symbol out of line */
void reloc_table(struct reloc_pass *p, const Elf64_Rela *rel, size_t size, int plt)
{
	struct dso *d = p->d;
	size_t n = size / sizeof *rel;

	for (size_t i = 0; i < n; i++, rel++) {
		unsigned type = ELF64_R_TYPE(rel->r_info);
		uint64_t *where = (uint64_t *)(d->base + rel->r_offset);

		if (type == REL_NONE)
			continue;
		if (!dso_write_ok(d, (uintptr_t)where,
				  type == REL_COPY ? 0 : type == REL_TLSDESC ? 16 : 8))
			dl_fatal("relocation error",
				 "%s: relocation target outside its writable segments",
				 obj_name(d));
		if (type == REL_RELATIVE) {
			*where = d->base + rel->r_addend;
			L.stat_relative++;
			continue;
		}
		if (type == REL_IRELATIVE) {
			defer_ifunc(p, where, d->base + rel->r_addend, 0);
			continue;
		}
		reloc_symbol(p, rel, where, plt);
	}
}
