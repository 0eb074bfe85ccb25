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

/* LD_DEBUG=bindings: glibc's line for one binding ("protected" says the
   reference is STV_PROTECTED, as glibc's _dl_debug_bindings; never "unique") */
void debug_binding(const struct dso *d, struct sym_result r, const Elf64_Sym *ref,
			  const char *name, const version_t *v)
{
	int protected = ref && ELF64_ST_VISIBILITY(ref->st_other) == STV_PROTECTED;
	dl_debug("binding file %s [%ld] to %s [%ld]: %s symbol `%s'%s%s%s",
		 obj_name(d), (long)d->ns, obj_name(r.dso), (long)r.dso->ns,
		 protected ? "protected" : "normal", name,
		 v ? " [" : "", v ? v->name : "", v ? "]" : "");
}

/* The definition symbol idx of d binds to: (NULL, NULL) for an undefined
   weak reference.  Fatal for an undefined strong one.  hash: its name's GNU
   hash when the lookahead computed it, else NULL. */
static struct sym_result lookup_ref(struct dso *d, uint32_t idx, int flags, const uint32_t *hash)
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
	/* both in d's string table */
	sym_query_init_hashed(&q, name, hash ? *hash : elf_gnu_hash_mapped(name), v, flags);
	if (scope_find_symbol(d->lm.l_scope, &q, 0, &r)) {
		if (L.debug & (DEBUG_BINDINGS | DEBUG_FILES))
			debug_dependency(d, r.dso);
		if (L.debug & DEBUG_BINDINGS)
			debug_binding(d, r, s, name, v);
		return r;
	}
	/* LD_DEBUG=unused: glibc leaves every undefined reference unbound, quietly */
	if (ELF64_ST_BIND(s->st_info) == STB_WEAK || (L.debug & DEBUG_UNUSED))
		return r;
	if (L.debug & ~DEBUG_STATISTICS)	/* glibc's _dl_signal_cexception */
		dl_debug("%s: error: symbol lookup error: undefined symbol: %s%s%s (fatal)",
			 obj_name(d), name, v ? ", version " : "", v ? v->name : "");
	explain_undefined(d, name, v, d->lm.l_scope);
	if (v)
		dl_fatal("symbol lookup error", "%s: undefined symbol: %s, version %s",
			 obj_name(d), name, v->name);
	dl_fatal("symbol lookup error", "%s: undefined symbol: %s", obj_name(d), name);
}

struct sym_result reloc_lookup(struct dso *d, uint32_t idx, int flags)
{
	return lookup_ref(d, idx, flags, 0);
}

/* The per-pass cache holds what lookups without LOOKUP_PLT found: a 16-bit
   slot per symbol index names the binding's place in a dense array, so a
   big object's cache touches two bytes per symbol and a few per symbol used
   (the pages count in peak RSS), and a hit stores the cached address without
   reading the definer's symbol.  A definition serves LOOKUP_PLT lookups too
   (they only skip more: undefined symbols); an undefined symbol with a value
   (a PLT stub in the program) does not, which a low bit of the dso word says
   (a struct dso is pointer-aligned); another marks an IFUNC, stored later. */
#define CACHE_NOT_PLT ((uintptr_t)1)
#define CACHE_IFUNC ((uintptr_t)2)
#define CACHE_FLAGS (CACHE_NOT_PLT | CACHE_IFUNC)

/* the cached binding of symbol idx, or NULL */
__attribute__((always_inline))
static inline const struct reloc_cached *cache_at(const struct reloc_pass *p, uint32_t idx)
{
	if (!p->slot || idx >= p->d->nsyms || !p->slot[idx])
		return 0;
	return &p->res[p->slot[idx] - 1];
}

__attribute__((always_inline))
static inline int cache_get(const struct reloc_pass *p, uint32_t idx, int flags,
			    struct sym_result *r)
{
	const struct reloc_cached *c = cache_at(p, idx);
	if (!c || (flags & LOOKUP_NO_EXEC) || ((c->dso & CACHE_NOT_PLT) && (flags & LOOKUP_PLT)))
		return 0;
	r->dso = (struct dso *)(c->dso & ~CACHE_FLAGS);
	r->sym = c->sym;
	return 1;
}

/* Past the array's end: a full array (more symbols used than slots can
   name) caches no more.  When link.c marked the symbols more than one entry
   looks up (p->twice: fewer than the array holds), maxres follows nres, so
   every store asks here and only those get room; start-up's stores pay no
   test for it. */
static int cache_room(struct reloc_pass *p, uint32_t idx)
{
	if (!p->twice || !(p->twice[idx >> 6] >> (idx & 63) & 1))
		return 0;
	p->maxres++;
	return 1;
}

static void cache_put(struct reloc_pass *p, uint32_t idx, int flags, struct sym_result r)
{
	if (!p->slot || !r.sym || flags || (p->nres == p->maxres && !cache_room(p, idx)))
		return;
	int ifunc = ELF64_ST_TYPE(r.sym->st_info) == STT_GNU_IFUNC && r.sym->st_shndx != SHN_UNDEF;
	p->res[p->nres++] = (struct reloc_cached){
		(uintptr_t)r.dso | (r.sym->st_shndx == SHN_UNDEF) | (ifunc ? CACHE_IFUNC : 0),
		r.sym, sym_address(r.dso, r.sym) };
	p->slot[idx] = (uint16_t)p->nres;
}

/* a lookup the cache could not answer */
__attribute__((noinline))
static struct sym_result resolve_miss(struct reloc_pass *p, uint32_t idx, int flags)
{
	struct sym_result r;
	if (!L.lcache || !lcache_take(p->d, idx, flags, &r)) {
		r = lookup_ref(p->d, idx, flags, idx == p->hint_idx ? &p->hint_hash : 0);
		if (L.lcache)
			lcache_note(p->d, idx, flags, r);
	}
	cache_put(p, idx, flags, r);
	if (r.dso && r.dso->dlopened && r.dso != p->d)
		dso_add_reldep(p->d, r.dso);	/* a binding keeps its definer loaded */
	return r;
}

/* inline: a cache hit costs no call */
__attribute__((always_inline))
static inline struct sym_result resolve(struct reloc_pass *p, uint32_t idx, int flags)
{
	struct sym_result r;
	if (cache_get(p, idx, flags, &r)) {
		L.stat_cache_hits++;
		return r;
	}
	return resolve_miss(p, idx, flags);
}

/* LD_DEBUG=symbols, bindings or statistics: glibc's one-entry cache per object
   (the last symbol and relocation class), so lookups and their lines are glibc's */
static struct sym_result resolve_as_glibc(struct reloc_pass *p, uint32_t idx, int flags,
					  unsigned type)
{
	int cls = arch_reloc_class(type);
	if (p->last_set && p->last_idx == idx && p->last_class == cls) {
		L.stat_cache_hits++;
		return p->last;
	}
	struct sym_result r = reloc_lookup(p->d, idx, flags);
	if (r.dso && r.dso->dlopened && r.dso != p->d)
		dso_add_reldep(p->d, r.dso);
	p->last = r;
	p->last_idx = idx;
	p->last_class = cls;
	p->last_set = 1;
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

/* glibc's warning for a copy relocation whose sizes differ; trace.c's scan warns the same */
void copy_size_check(const Elf64_Sym *ref, const Elf64_Sym *def, const char *name)
{
	if (def->st_size > ref->st_size || (def->st_size < ref->st_size && L.warn))
		rt_dprintf(2, "%s: Symbol `%s' has different size in shared object, "
			   "consider re-linking\n",
			   L.progname, name);
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

/* glibc's elf_machine_type_class (arch_reloc_class): JUMP_SLOT and the TLS
   types never bind to an undefined symbol (a PLT stub, or a TLS reference in
   a SysV hash chain); COPY skips the program */
static int lookup_class(unsigned type, int plt)
{
	int c = arch_reloc_class(type);
	return c == 2 ? LOOKUP_NO_EXEC : c == 1 || plt ? LOOKUP_PLT : 0;
}

/* the binding of symbol idx for a relocation of this type; under LD_DEBUG's
   lookup categories, glibc's one-entry cache (not with the launch cache, whose
   entry replays the normal path's lookups in order) */
__attribute__((always_inline))
static inline struct sym_result resolve_typed(struct reloc_pass *p, uint32_t idx, unsigned type,
					      int plt)
{
	int flags = lookup_class(type, plt);
	if (__builtin_expect(L.debug & (DEBUG_SYMBOLS | DEBUG_BINDINGS | DEBUG_STATISTICS), 0) &&
	    !L.lcache)
		return resolve_as_glibc(p, idx, flags, type);
	return resolve(p, idx, flags);
}

/* S + A (SYMBOLIC) or S (GLOB_DAT, JUMP_SLOT), def.sym NULL meaning 0 (an
   undefined weak symbol, or symbol 0); an IFUNC's resolver runs once
   everything else in the object is in place */
__attribute__((always_inline))
static inline void reloc_store(struct reloc_pass *p, uint64_t *where, struct sym_result def,
			       int64_t addend)
{
	if (!def.sym) {
		*where = addend;
		return;
	}
	uintptr_t value = sym_address(def.dso, def.sym);
	if (ELF64_ST_TYPE(def.sym->st_info) == STT_GNU_IFUNC && def.sym->st_shndx != SHN_UNDEF) {
		if (def.dso == p->d || !def.dso->relocated) {
			defer_ifunc(p, where, value, addend);
			return;
		}
		p->hint_idx = 0;	/* a resolver may change what was hashed */
		p->hints_stale = 1;
		value = arch_ifunc_call(value);
	}
	*where = value + addend;
}

/* the other relocations that name a symbol (or symbol 0: the object itself) */
__attribute__((always_inline))
static inline void reloc_symbol(struct reloc_pass *p, const Elf64_Rela *rel, uint64_t *where,
				 int plt)
{
	struct dso *d = p->d;
	unsigned type = ELF64_R_TYPE(rel->r_info);
	uint32_t idx = ELF64_R_SYM(rel->r_info);
	int64_t addend = rel->r_addend;
	struct sym_result def = { 0, 0 };
	uintptr_t value = 0;

	L.stat_relocs++;
	if (idx) {
		def = resolve_typed(p, idx, type, plt);
		if (def.sym)
			value = sym_address(def.dso, def.sym);
	} else {
		def.dso = d;	/* symbol 0: the object itself (local-dynamic TLS) */
	}

	switch (type) {
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

/* The writable window of a relocation pass: the object's last writable
   segment, when no later segment overlaps it (the later mapping decides what
   an address is, as in dso_write_ok).  A target whose 8 bytes lie inside it
   needs no other check; anything else goes through reloc_target_ok. */
void reloc_window(struct reloc_pass *p)
{
	const struct dso *d = p->d;

	p->wlo = p->wlen = 0;
	if (!d->segs_known || d->textrel)
		return;	/* every target checked in full */
	for (unsigned i = d->nsegs; i-- > 0;) {
		const struct dso_seg *w = &d->seg[i];
		if (!w->writable)
			continue;
		for (unsigned j = i + 1; j < d->nsegs; j++)
			if (d->seg[j].start < w->end && w->start < d->seg[j].end)
				return;
		if (w->end - w->start >= 8) {
			p->wlo = w->start - d->base;
			p->wlen = w->end - w->start - 7;
		}
		return;
	}
}

/* the slow check, for targets outside the window: len bytes of writable memory */
__attribute__((cold, noinline))
static void reloc_target_ok(const struct dso *d, uint64_t off, size_t len)
{
	if (!dso_write_ok(d, d->base + off, len))
		dl_fatal("relocation error", "%s: relocation target outside its writable segments",
			 obj_name(d));
}

/* one RELATIVE entry: t is its target's distance into the writable window,
   whose start is wbase (the store needs no other address arithmetic) */
__attribute__((always_inline))
static inline void relative(const struct dso *d, const Elf64_Rela *rel, uintptr_t base,
			    uintptr_t wbase, uint64_t lo, uint64_t len)
{
	uint64_t t = arch_opaque(rel->r_offset - lo);	/* stored through wbase + t */
	if (t >= len)
		reloc_target_ok(d, t + lo, 8);
	*(uint64_t *)(wbase + t) = base + rel->r_addend;
}

static inline int in_window(const struct reloc_pass *p, uint64_t off)
{
	return off - p->wlo < p->wlen;
}

/* every entry but RELATIVE: its target checked for the size its type writes
   (inline: both reloc_table loops, the plain one and the lookahead's) */
__attribute__((always_inline))
static inline void reloc_other(struct reloc_pass *p, const Elf64_Rela *rel, int plt)
{
	struct dso *d = p->d;
	unsigned type = ELF64_R_TYPE(rel->r_info);
	uint32_t idx = ELF64_R_SYM(rel->r_info);
	uint64_t *where = (uint64_t *)(d->base + rel->r_offset);
	struct sym_result self = { d, 0 };

	p->nother++;
	if (type == REL_NONE)
		return;
	if (type == REL_TLSDESC || rel->r_offset - p->wlo >= p->wlen)
		reloc_target_ok(d, rel->r_offset,
				type == REL_COPY ? 0 : type == REL_TLSDESC ? 16 : 8);
	switch (type) {
	case REL_SYMBOLIC:
		L.stat_relocs++;
		reloc_store(p, where, idx ? resolve_typed(p, idx, type, plt) : self,
			    rel->r_addend);
		return;
	case REL_GOT:
	case REL_PLT:	/* psABI: S, not S + A; glibc ignores r_addend too */
		L.stat_relocs++;
		reloc_store(p, where, idx ? resolve_typed(p, idx, type, plt) : self, 0);
		return;
	case REL_IRELATIVE:
		defer_ifunc(p, where, d->base + rel->r_addend, 0);
		return;
	}
	reloc_symbol(p, rel, where, plt);
}

/* SYMBOLIC or GOT outside the PLT table whose symbol the pass cache holds
   (resolve's hit, cache_get with flags 0), its target in the window and the
   definition no IFUNC: stored here without a call.  0: reloc_other's work. */
__attribute__((always_inline))
static inline int reloc_cached(struct reloc_pass *p, const Elf64_Rela *rel, unsigned type,
			       uintptr_t wbase, uint64_t lo, uint64_t len)
{
	uint32_t idx = ELF64_R_SYM(rel->r_info);
	uint64_t t = rel->r_offset - lo;
	if ((type != REL_SYMBOLIC && type != REL_GOT) || t >= len)
		return 0;
	const struct reloc_cached *c = cache_at(p, idx);
	if (!c || (c->dso & CACHE_IFUNC))
		return 0;
	*(uint64_t *)(wbase + t) = c->value + (type == REL_SYMBOLIC ? rel->r_addend : 0);
	return 1;
}

/* the lookahead's hash for rel's lookup, when its batch holds one (k: the
   batch's next entry; the batch is in table order) */
static void ahead_hint(struct reloc_pass *p, const Elf64_Rela *rel, const struct ahead *a,
		       size_t na, size_t *k)
{
	while (*k < na && a[*k].rel < rel)
		++*k;
	if (*k < na && a[*k].rel == rel && a[*k].hashed && !p->hints_stale) {
		p->hint_idx = ELF64_R_SYM(rel->r_info);
		p->hint_hash = a[*k].hash;
	}
}

/* The hot loop over [rel, end): a RELATIVE entry costs its type compare, one
   compare of its target against the writable window and the store; a
   symbolic one whose symbol was bound before, a few loads more.  a, na: the
   lookahead's batch (none: 0).  Returns the entries the pass cache stored. */
__attribute__((always_inline))
static inline size_t reloc_span(struct reloc_pass *p, const Elf64_Rela *rel,
				const Elf64_Rela *end, int plt, const struct ahead *a, size_t na)
{
	uintptr_t base = p->d->base;
	uint64_t lo = p->wlo, len = p->wlen;	/* locals: the stores may alias p */
	uintptr_t wbase = base + lo;
	size_t hits = 0, k = 0;

	for (; rel < end; rel++) {
		unsigned type = ELF64_R_TYPE(rel->r_info);
		if (type == REL_RELATIVE) {
			relative(p->d, rel, base, wbase, lo, len);
		} else if (!plt && reloc_cached(p, rel, type, wbase, lo, len)) {
			hits++;
		} else {
			if (na)
				ahead_hint(p, rel, a, na, &k);
			reloc_other(p, rel, plt);
		}
	}
	return hits;
}

/* Lookahead: the symbolic entries of a table are taken a batch at a time;
   every dependent load of each one's lookup is prefetched a stage per round
   over the batch (struct ahead), so one round's misses overlap, then the
   entries run as without it, in order, each lookup with the hash computed.
   Nothing is bound or counted ahead: only loads move earlier. */
#define AHEAD_BATCH 16
#define AHEAD_WINDOW 128	/* entries a batch looks through at most */
#define AHEAD_MIN 128		/* smaller tables: few lookups, whose cost is page faults */

/* a pass may use it unless its group goes without it (link.c
   lookahead_start, the trial below), when nothing observes lookups as they
   happen (LD_DEBUG, auditing, profiling, the launch cache's replay,
   LD_DYNAMIC_WEAK's walk), the table is long enough and relocations cannot
   write the names hashed ahead (the symbol and string tables lie outside
   every writable segment) */
static int ahead_pays(const struct reloc_pass *p, size_t n)
{
	const struct dso *d = p->d;
	if (n < AHEAD_MIN || L.lookahead == AHEAD_WITHOUT || L.debug || L.naudit || L.profile ||
	    L.lcache || L.dynamic_weak || !d->segs_known || d->textrel || !d->syms || !d->strings)
		return 0;
	uintptr_t sym = (uintptr_t)d->syms, str = (uintptr_t)d->strings;
	uintptr_t sym_end = sym + d->nsyms * sizeof *d->syms, str_end = str + d->strings_size;
	for (unsigned i = 0; i < d->nsegs; i++) {
		const struct dso_seg *w = &d->seg[i];
		if (w->writable && ((sym < w->end && w->start < sym_end) ||
				    (str < w->end && w->start < str_end)))
			return 0;
	}
	return 1;
}

/* the entries from rel that will look a symbol up (not in the pass cache),
   up to a batch within a window, their symbols prefetched; *stop: past the
   last entry looked at */
static size_t ahead_collect(struct reloc_pass *p, const Elf64_Rela *rel, const Elf64_Rela *end,
			    int plt, struct ahead *a, const Elf64_Rela **stop)
{
	const struct dso *d = p->d;
	size_t n = 0;
	uint32_t last = 0;	/* tables sorted by symbol (combreloc) repeat one in a row */
	if (end - rel > AHEAD_WINDOW)
		end = rel + AHEAD_WINDOW;
	for (*stop = end; rel < end; rel++) {
		unsigned type = ELF64_R_TYPE(rel->r_info);
		uint32_t idx = ELF64_R_SYM(rel->r_info);
		if (type == REL_RELATIVE || type == REL_NONE || type == REL_IRELATIVE || !idx ||
		    idx == last || idx >= d->nsyms || cache_at(p, idx))
			continue;
		last = idx;
		a[n] = (struct ahead){ .rel = rel,
				       .flags = (uint16_t)lookup_class(type, plt) };
		prefetch_line(&d->syms[idx]);
		if (d->versym)
			prefetch_line(&d->versym[idx]);
		if (++n == AHEAD_BATCH) {
			*stop = rel + 1;
			break;
		}
	}
	return n;
}

/* the pass cache's slots for [rel, end): most of those entries find their
   binding there (a RELATIVE entry's symbol 0 costs a prefetch of slot 0) */
static void ahead_slots(const struct reloc_pass *p, const Elf64_Rela *rel,
			const Elf64_Rela *end)
{
	if (!p->slot)
		return;
	for (; rel < end; rel++) {
		uint32_t idx = ELF64_R_SYM(rel->r_info);
		if (idx < p->d->nsyms)
			prefetch_line(&p->slot[idx]);
	}
}

/* The trial (link.c lookahead_start): a group's windows take turns with and
   without the lookahead, each timed per lookup, until each way has
   TRIAL_WINDOWS of 4 lookups or more; the lower median decides the rest of
   the group.  Medians: an interrupt or a page fault in a window is an
   outlier, not a verdict.  A window without takes up to 32 entries, one
   with 16 lookups: the trial costs a few hundred lookups either way. */
#define TRIAL_WINDOWS 11
static struct {
	unsigned n[2];				/* windows timed: without [0], with [1] */
	unsigned turn;				/* 1: this window goes without */
	uint32_t cost[2][TRIAL_WINDOWS];	/* cycles per lookup */
} trial;

void reloc_trial_start(void)
{
	trial.n[0] = trial.n[1] = 0;
}

static uint32_t median(uint32_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1], v[j - 1] = t;
		}
	return v[n / 2];
}

static void trial_record(int with, uint64_t cycles, uint64_t lookups)
{
	if (lookups < 4 || trial.n[with] == TRIAL_WINDOWS)
		return;
	uint64_t c = cycles / lookups;
	trial.cost[with][trial.n[with]++] = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
	if (trial.n[!with] < TRIAL_WINDOWS || trial.n[with] < TRIAL_WINDOWS)
		return;
	uint32_t w = median(trial.cost[1], TRIAL_WINDOWS);
	uint32_t wo = median(trial.cost[0], TRIAL_WINDOWS);
	L.lookahead = w < wo ? AHEAD_WITH : AHEAD_WITHOUT;
	if (L.lookahead_mode == LOOKAHEAD_TRACE)
		rt_dprintf(2, "ld-custom.so: lookahead: %s (cycles a lookup: %u with, %u %s)\n",
			   w < wo ? "on" : "off", w, wo, "without");
}

/* one window without the lookahead, timed for the trial */
static size_t trial_without(struct reloc_pass *p, const Elf64_Rela *rel, const Elf64_Rela *stop,
			    int plt)
{
	uint64_t t = arch_cycles(), n = L.stat_lookups;
	size_t hits = reloc_span(p, rel, stop, plt, 0, 0);
	trial_record(0, arch_cycles() - t, L.stat_lookups - n);
	return hits;
}

/* A window with few lookups (the pass cache answers the rest) says the
   table's next windows are alike: they run with only their pass cache slots
   prefetched, and the window after them is looked through again.  During the
   group's trial, windows take turns with and without the lookahead, timed. */
__attribute__((noinline))
static size_t reloc_ahead(struct reloc_pass *p, const Elf64_Rela *rel, const Elf64_Rela *end,
			  int plt)
{
	struct ahead a[AHEAD_BATCH];
	size_t hits = 0;
	while (rel < end) {
		const Elf64_Rela *stop;
		int trying = L.lookahead == AHEAD_TRYING;
		if (trying)
			trial.turn ^= 1;
		if (trying && trial.turn) {
			stop = end - rel > AHEAD_WINDOW / 4 ? rel + AHEAD_WINDOW / 4 : end;
			hits += trial_without(p, rel, stop, plt);
			rel = stop;
			continue;
		}
		if (L.lookahead == AHEAD_WITHOUT)	/* the trial just decided */
			return hits + reloc_span(p, rel, end, plt, 0, 0);
		uint64_t t = arch_cycles(), nl = L.stat_lookups;
		size_t n = ahead_collect(p, rel, end, plt, a, &stop);
		scope_ahead(p->d, a, n);
		p->hints_stale = 0;
		hits += reloc_span(p, rel, stop, plt, a, n);
		if (trying) {
			trial_record(1, arch_cycles() - t, L.stat_lookups - nl);
			rel = stop;
			continue;
		}
		int sparse = n < AHEAD_BATCH / 4 && stop - rel == AHEAD_WINDOW;
		rel = stop;
		for (int w = 0; sparse && w < 8 && rel < end; w++, rel = stop) {
			stop = end - rel > AHEAD_WINDOW ? rel + AHEAD_WINDOW : end;
			ahead_slots(p, rel, stop);
			hits += reloc_span(p, rel, stop, plt, 0, 0);
		}
	}
	return hits;
}

/* The table itself was checked to lie in the object (dso_decode_dynamic). */
void reloc_table(struct reloc_pass *p, const Elf64_Rela *rel, size_t size, int plt)
{
	const Elf64_Rela *end = rel + size / sizeof *rel;
	size_t n = end - rel, nother = p->nother, hits;

	if (ahead_pays(p, n))
		hits = reloc_ahead(p, rel, end, plt);
	else
		hits = reloc_span(p, rel, end, plt, 0, 0);
	/* per table, not per entry */
	L.stat_relative += n - hits - (p->nother - nother);
	p->nother += hits;
	L.stat_relocs += hits;
	L.stat_cache_hits += hits;
}

/* DT_RELACOUNT's prefix of DT_RELA, applied as RELATIVE without reading the
   types, as glibc does (elf/do-rel.h); a count past the table is clamped, and
   one whose last entry is not RELATIVE is ignored (reloc_table then checks
   each type).  Targets are checked as everywhere.  Returns the entries done. */
size_t reloc_relative_prefix(struct reloc_pass *p)
{
	const struct dso *d = p->d;
	size_t n = d->rela_size / sizeof *d->rela, k = d->relacount < n ? d->relacount : n;
	const Elf64_Rela *rel = d->rela, *end = rel + k;
	uintptr_t base = d->base;
	uint64_t lo = p->wlo, len = p->wlen;
	uintptr_t wbase = base + lo;

	if (!k || ELF64_R_TYPE(end[-1].r_info) != REL_RELATIVE)
		return 0;
	for (const Elf64_Rela *end4 = rel + (k & ~(size_t)3); rel < end4; rel += 4) {
		/* four a step: a quarter of the loop control */
		relative(d, rel, base, wbase, lo, len);
		relative(d, rel + 1, base, wbase, lo, len);
		relative(d, rel + 2, base, wbase, lo, len);
		relative(d, rel + 3, base, wbase, lo, len);
	}
	for (; rel < end; rel++)
		relative(d, rel, base, wbase, lo, len);
	L.stat_relative += k;
	return k;
}
