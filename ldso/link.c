/* Link stage, for start-up and dlopen alike: each new object's scope list,
   then relocation of a group in dependency order (the order init.c's walk
   gives, from its end).  Per object: RELR, RELA, the PLT table lazily or
   now (plt.c), IFUNC resolvers last, then RELRO.  The relocation entries
   themselves are reloc.c's; symbol lookup is symbol.c's. */
#include <sys/mman.h>
#include "ldso.h"
#include "timeline.h"

/* The scope list lookups from d walk, in glibc's order: with RTLD_DEEPBIND
   its dlopen group first, its own search list for DF_SYMBOLIC, the
   namespace's global scope, then its dlopen group.  group is 0 at start-up,
   where the global scope is the program's search list. */
void link_scope(struct dso *d, struct r_scope_elem *global, struct r_scope_elem *group,
		int deepbind, int lazy)
{
	struct r_scope_elem *s[3];
	int i = 0;
	if (group && deepbind)
		s[i++] = group;
	if (d->flags & DF_SYMBOLIC)
		s[i++] = &d->lm.l_symbolic_searchlist;
	s[i++] = global;
	if (group && !deepbind)
		s[i++] = group;
	glibc_scope_init(d, s, i);
	d->lazy = lazy;		/* glibc's default: bind PLT slots at first call */
}

static void relr_fatal(const struct dso *d, const char *what)
{
	dl_fatal("relocation error", "%s: RELR %s outside the object", obj_name(d), what);
}

/* RELR: an address entry relocates one word and starts a run; each bitmap
   entry covers the 63 words after it.  Targets in the writable window need
   no other check (reloc_window); the rest are checked in full. */
static void apply_relr(const struct reloc_pass *p)
{
	const struct dso *d = p->d;
	uintptr_t base = d->base;
	const uint64_t *e = d->relr, *end = e + d->relr_size / 8;
	uint64_t off = 0;	/* the next word's r_offset */
	int started = 0;

	for (; e < end; e++) {
		uint64_t v = *e;
		if (!(v & 1)) {
			if (v - p->wlo >= p->wlen && !dso_write_ok(d, base + v, 8))
				relr_fatal(d, "entry");
			*(uint64_t *)(base + v) += base;
			off = v + 8;
			started = 1;
			continue;
		}
		size_t span = (63 - __builtin_clzll(v)) * 8;	/* up to the highest bit */
		if (!started || (span && (off - p->wlo >= p->wlen ||
					 off + span - 8 - p->wlo >= p->wlen) &&
				 !dso_write_ok(d, base + off, span)))
			relr_fatal(d, "bitmap");
		uint64_t *where = (uint64_t *)(base + off);
		for (v >>= 1; v; v &= v - 1)	/* only the set bits */
			where[__builtin_ctzll(v)] += base;
		off += 63 * 8;
	}
}

static void set_text_writable(struct dso *d, int writable)
{
	for (unsigned i = 0; i < d->phnum; i++) {
		const Elf64_Phdr *ph = &d->phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		uintptr_t s = ALIGN_DOWN(d->base + ph->p_vaddr, L.pagesize);
		uintptr_t e = ALIGN_UP(d->base + ph->p_vaddr + ph->p_memsz, L.pagesize);
		int prot = (ph->p_flags & PF_R ? PROT_READ : 0) |
			   (ph->p_flags & PF_X ? PROT_EXEC : 0);
		sys_mprotect((void *)s, e - s, writable ? prot | PROT_WRITE : prot);
	}
}

/* start-up: every object looks up in the program's search list (the
   global scope); the loader's own link_map too, for libc's lookups */
void link_startup_scopes(void)
{
	struct r_scope_elem *global = &L.main->lm.l_searchlist;
	for (struct dso *d = L.head; d; d = d->next)	/* audit modules' namespaces are done */
		if (!d->missing && d->kind != DSO_VDSO && !d->ns)
			link_scope(d, global, 0, 0, !L.bind_now || L.profile);
	glibc_scope_init(L.self, &global, 1);
	glibc_publish_relocated(L.self);
}

/* dlopen: root's group (its breadth-first closure) becomes its search list;
   each new object from first on looks up in the namespace's global scope and
   that group (RTLD_DEEPBIND: the group first), then all of them are
   relocated in order (init_order_group's, run from the end, dependencies
   first).  Returns the group; *n its size. */
struct dso **link_dlopen(struct dso *root, struct dso *first, struct r_scope_elem *global,
			 int deepbind, int lazy, struct dso **order, size_t norder, size_t *n)
{
	struct dso **group = dso_closure(&root, 1, n);
	glibc_scope_elem_set(&root->lm.l_searchlist, group, *n);
	for (struct dso *d = first; d; d = d->next)
		link_scope(d, global, &root->lm.l_searchlist, deepbind, lazy);
	if (L.debug & DEBUG_SCOPES)	/* glibc: the new object (its group: dlfcn.c) */
		debug_show_scope(root, 0);
	link_group(order, norder);
	symindex_linked();	/* dl_open's scope_reclaim frees them */
	return group;
}

/* Lazy binding writes PLTGOT[1..2] now and each PLT slot at its first call,
   after RELRO is read-only: both must stay writable memory of the object
   (glibc would crash writing them); otherwise the slots are bound now. */
static int lazy_possible(const struct dso *d, int profiled)
{
	if (!dso_write_ok(d, (uintptr_t)d->pltgot, 3 * sizeof *d->pltgot))
		return 0;
	/* profiled slots (LD_PROFILE, auditing) are never written after relocation */
	if (profiled || L.profile || d->relro_end <= d->relro_start)
		return 1;
	const Elf64_Rela *r = d->jmprel, *end = r + d->jmprel_size / sizeof *r;
	for (; r < end; r++) {
		uintptr_t where = d->base + r->r_offset;
		if (where + 8 > d->relro_start && where < d->relro_end)
			return 0;
	}
	return 1;
}

/* The per-pass symbol cache (reloc.c) pays when the entries that look a
   symbol up are many against the symbols (C++ libraries bind vtable slots to
   the same symbols over and over); for libc (3000 symbols, 130 symbolic
   entries) clearing it costs more.  DT_RELACOUNT's entries and lazily bound
   PLT slots look nothing up.  Returns those entries, 0 when it does not pay. */
static size_t cache_pays(const struct dso *d, int lazy)
{
	size_t nrela = d->rela_size / sizeof(Elf64_Rela);
	size_t n = nrela - (d->relacount < nrela ? d->relacount : nrela);
	if (!lazy)
		n += d->jmprel_size / sizeof(Elf64_Rela);
	return d->nsyms && n >= 64 && n * 8 > d->nsyms ? n : 0;
}

#define PROBE		128	/* entries a big cache's probe reads */
#define PROBE_BIG	1024	/* bindings: a cache this big is probed first */

/* up to *left entries of a table that look up: those naming a symbol an
   entry before them named; seen[] marks (mark 1) or unmarks (0) the symbols */
static size_t repeats(uint16_t *seen, size_t nsyms, const Elf64_Rela *r, size_t size,
		      size_t *left, uint16_t mark)
{
	size_t k = 0;
	for (const Elf64_Rela *end = r + size / sizeof *r; r < end && *left; r++) {
		uint32_t i = ELF64_R_SYM(r->r_info);
		if (i && i < nsyms && ELF64_R_TYPE(r->r_info) != REL_RELATIVE) {
			k += seen[i];
			seen[i] = mark;
			--*left;
		}
	}
	return k;
}

/* the first PROBE entries that look up, in relocation order: how many name
   a symbol named before them (mark 1), or the slots cleared again (mark 0) */
static size_t probe(struct reloc_pass *p, int lazy, uint16_t mark, size_t *seen)
{
	const struct dso *d = p->d;
	size_t nrela = d->rela_size / sizeof(Elf64_Rela), left = PROBE, k = 0;
	size_t skip = d->relacount < nrela ? d->relacount : nrela;	/* RELATIVE */
	if (d->rela)
		k = repeats(p->slot, d->nsyms, d->rela + skip,
			    d->rela_size - skip * sizeof(Elf64_Rela), &left, mark);
	if (!lazy && d->jmprel)
		k += repeats(p->slot, d->nsyms, d->jmprel, d->jmprel_size, &left, mark);
	*seen = PROBE - left;
	return k;
}

/* Will a big cache answer lookups?  Its bindings fill tens of KB and each
   costs a store; the first entries that look up tell: in C++ libraries,
   programs and libpython 18 to 127 of the first 128 name a symbol named
   before (vtables), in a generated set of libraries that each name a
   symbol once none do.  Counted in the slots, before any binding. */
static int cache_probe(struct reloc_pass *p, int lazy)
{
	size_t n, k = probe(p, lazy, 1, &n);
	probe(p, lazy, 0, &n);
	return k * 16 >= n;
}

/* Marks in seen the symbols the entries [r, end) look up and in twice those
   looked up again, until *want (symbols in twice) reaches WANT_ALL;
   returns 0 then, else 1. */
#define WANT_ALL 64
static int cache_mark(uint64_t *seen, uint64_t *twice, uint32_t nsyms, const Elf64_Rela *r,
		      const Elf64_Rela *end, size_t *want)
{
	size_t w = *want;
	for (; r < end && w < WANT_ALL; r++) {
		uint32_t idx = ELF64_R_SYM(r->r_info);
		if (idx >= nsyms)
			continue;	/* reloc_lookup says what is wrong with it */
		uint64_t bit = 1ull << (idx & 63), s = seen[idx >> 6] & bit;
		w += s && !(twice[idx >> 6] & bit);
		twice[idx >> 6] |= s;
		seen[idx >> 6] |= bit;
	}
	*want = w;
	return w < WANT_ALL;
}

/* After start-up the block is libc's heap, whose pages stay with the
   process (at start-up it is the loader's own mapping, unmapped at the
   hand-off): then a symbol only one entry looks up would cost 24 bytes of
   RSS for no hit (every symbol of a generated set: 72 KB a library).  The
   entries are marked first; if few symbols repeat only those are cached
   (p->twice), and once WANT_ALL do (C++ binds vtable slots to the same
   symbols over and over) marking stops, for its cost, and every binding is.
   Returns 0 when nothing would be cached. */
static int cache_only_repeats(struct reloc_pass *p, uint64_t *seen, size_t nword, int lazy)
{
	const struct dso *d = p->d;
	size_t nrela = d->rela_size / sizeof *d->rela, want = 0;
	size_t k = d->relacount < nrela ? d->relacount : nrela;	/* RELATIVE: no symbol */
	uint64_t *twice = seen + nword;
	int few = cache_mark(seen, twice, d->nsyms, d->rela + k, d->rela + nrela, &want) &&
		  (lazy || cache_mark(seen, twice, d->nsyms, d->jmprel,
				      d->jmprel + d->jmprel_size / sizeof *d->jmprel, &want));
	p->twice = few ? twice : 0;
	if (few)	/* reloc.c cache_room: at most want stores, want < WANT_ALL */
		p->maxres = 0;
	return want != 0;
}

/* One block: the slots (and after start-up two bitmaps: cache_only_repeats),
   cleared here, then room for as many bindings as entries that look up (or
   symbols, or what a slot can name), written only as used: a reused block
   (rt_alloc keeps the last big one) has its pages touched already, a fresh
   one only as far as the bindings go. */
static void cache_open(struct reloc_pass *p, size_t n, int lazy)
{
	size_t nslot = ALIGN_UP(p->d->nsyms, 4);
	size_t max = n < p->d->nsyms ? n : p->d->nsyms;
	size_t nword = rt_alloc_is_libc() ? (p->d->nsyms + 63) / 64 : 0;
	size_t clear = nslot * sizeof *p->slot + 2 * nword * sizeof(uint64_t);
	if (max > 0xffff)
		max = 0xffff;
	p->slot = rt_alloc(clear + max * sizeof *p->res);
	if (!p->slot)
		return;	/* no cache: every lookup walks */
	memset(p->slot, 0, clear);
	if (max >= PROBE_BIG && !cache_probe(p, lazy)) {
		rt_free(p->slot);
		p->slot = 0;
		return;
	}
	p->res = (struct reloc_cached *)((char *)p->slot + clear);
	p->nres = 0;
	p->maxres = max;
	p->twice = 0;
	if (nword && !cache_only_repeats(p, (uint64_t *)(p->slot + nslot), nword, lazy)) {
		rt_free(p->slot);
		p->slot = 0;
	}
}

/* auditing: each PLT slot bound now goes through la_symbind64 too, with
   LA_SYMB_NOPLTENTER|NOPLTEXIT (glibc's elf_dynamic_do_Rela); its value is final */
static void audit_bound_now(struct dso *d)
{
	const Elf64_Rela *r = d->jmprel, *end = r + d->jmprel_size / sizeof *r;
	for (; r < end; r++) {
		if (ELF64_R_TYPE(r->r_info) != REL_PLT)
			continue;
		struct sym_result def = reloc_lookup(d, ELF64_R_SYM(r->r_info), LOOKUP_PLT);
		uint64_t *where = (uint64_t *)(d->base + r->r_offset);
		if (def.sym)
			*where = audit_symbind(d, 0, def, *where);
	}
}

/* one object: RELR, RELA, the PLT table (lazily when it can), deferred IFUNCs, RELRO */
static void dso_relocate(struct dso *d)
{
	struct reloc_pass p = { .d = d };

	if (d->relocated)
		return;
	TIMELINE_MARK(tm);
	if (L.debug & DEBUG_RELOC)	/* glibc's "lazy": either flags word's BIND_NOW clears it */
		dl_debug("\nrelocation processing: %s%s", obj_name(d),
			 d->lazy && !(d->flags & DF_BIND_NOW) && !(d->flags_1 & DF_1_NOW) ?
			 " (lazy)" : "");
	reloc_window(&p);
	if (d->textrel)
		set_text_writable(d, 1);
	if (d->relr)
		apply_relr(&p);
	TIMELINE_LAP(tm, d, TL_RELATIVE);
	/* LD_PROFILE binds lazily whatever the object asks (glibc's consider_profiling);
	   so does auditing a BIND_NOW object's PLT, full RELRO or not */
	int now = (d->flags & DF_BIND_NOW) || (d->flags_1 & DF_1_NOW);
	int profiled = L.naudit && audit_plt_profiles(d);
	if (profiled || L.profile)
		now = 0;
	int lazy = d->jmprel && d->lazy && d->pltgot && !now && lazy_possible(d, profiled);
	size_t nlookup = cache_pays(d, lazy);
	if (nlookup)
		cache_open(&p, nlookup, lazy);
	if (d->rela) {
		size_t k = reloc_relative_prefix(&p);
		TIMELINE_LAP(tm, d, TL_RELATIVE);
		reloc_table(&p, d->rela + k, d->rela_size - k * sizeof *d->rela, 0);
	}
	TIMELINE_LAP(tm, d, TL_SYMBOLIC);
	if (lazy)
		plt_setup_lazy(d, &p);
	else if (d->jmprel)
		reloc_table(&p, d->jmprel, d->jmprel_size, 1), now = 1;
	rt_free(p.slot);
	for (size_t i = 0; i < p.nifuncs; i++) {
		struct deferred *f = &p.ifuncs[i];
		*f->where = arch_ifunc_call(f->resolver) + f->addend;
	}
	rt_free(p.ifuncs);
	if (L.naudit && d->jmprel && now)
		audit_bound_now(d);
	TIMELINE_LAP(tm, d, TL_PLT);	/* with the IFUNC resolvers deferred to here */
	if (d->textrel)
		set_text_writable(d, 0);
	d->relocated = 1;
	glibc_publish_relocated(d);
	if (d->relro_end > d->relro_start)
		sys_mprotect((void *)d->relro_start, d->relro_end - d->relro_start, PROT_READ);
	TIMELINE_LAP(tm, d, TL_RELRO);
}

/* the bytes of d a lookup may read: symbols, names, hash table, versions */
static size_t lookup_bytes(const struct dso *d)
{
	size_t per_sym = sizeof(Elf64_Sym) + (d->gnu_buckets ? 4 : 0) + (d->versym ? 2 : 0);
	return d->nsyms * per_sym + d->strings_size + (size_t)d->gnu_nbuckets * 4 +
	       (d->gnu_bloom ? ((size_t)d->gnu_bloom_mask + 1) * 8 : 0);
}

/* The lookahead (reloc.c) overlaps a batch of lookups' cache misses; where
   the tables they read stay in the caches it only adds work, and where they
   stay depends on what else the machine runs: 10 libraries x 1000 symbols
   (3.3 MiB of tables) linked 7% slower with it in one hour and 24% faster
   in the next, while clangd (12 MiB) and 100 x 1000 (32 MiB) gained from it
   in both.  So under 1 MiB of loaded tables it is not used, from 8 MiB it
   is, and between, each group linked (start-up, every dlopen) tries both
   ways and keeps the cheaper (reloc.c trial_record).  LD_CUSTOM_LOOKAHEAD=
   on|off decides instead; =trace says what was decided. */
#define AHEAD_SMALL	((size_t)1 << 20)
#define AHEAD_BIG	((size_t)8 << 20)
static int lookahead_start(void)
{
	if (L.lookahead_mode == LOOKAHEAD_ON || L.lookahead_mode == LOOKAHEAD_OFF)
		return L.lookahead_mode == LOOKAHEAD_ON ? AHEAD_WITH : AHEAD_WITHOUT;
	size_t bytes = 0;
	for (struct dso *d = L.head; d && bytes < AHEAD_BIG; d = d->next)
		bytes += lookup_bytes(d);
	if (bytes >= AHEAD_SMALL && bytes < AHEAD_BIG) {
		reloc_trial_start();
		return AHEAD_TRYING;
	}
	int small = bytes < AHEAD_SMALL;
	if (L.lookahead_mode == LOOKAHEAD_TRACE)
		rt_dprintf(2, "ld-custom.so: lookahead: %s\n",
			   small ? "off (tables under 1 MiB)" : "on (tables over 8 MiB)");
	return small ? AHEAD_WITHOUT : AHEAD_WITH;
}

/* order is the constructor list (dependents first): relocate from its end,
   so COPY relocations and IFUNC resolvers see their dependencies done */
void link_group(struct dso **order, size_t n)
{
	uint64_t t0 = L.debug & DEBUG_STATISTICS ? arch_cycles() : 0;
	L.lookahead = lookahead_start();
	symindex_prepare(order, n);
	for (size_t i = n; i-- > 0;)
		if (order[i] != L.self && order[i]->kind != DSO_VDSO) {
			dso_relocate(order[i]);
			symindex_progress();
		}
	symindex_done();
	if (t0)
		L.stat_reloc_cycles += arch_cycles() - t0;
}
