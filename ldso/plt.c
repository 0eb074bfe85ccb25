/* Lazy binding: PLT slots start out pointing back into the PLT, whose first
   entry enters the arch trampoline with (link_map, relocation index); the
   trampoline saves every argument register and the vector state and calls
   dl_fixup, which binds the slot and returns its target. */
#include "ldso.h"
#include "glibc/glibc.h"

void plt_setup_lazy(struct dso *d, struct reloc_pass *p)
{
	const Elf64_Rela *r = d->jmprel;
	size_t n = d->jmprel_size / sizeof *r;

	arch_plt_got_init(d->pltgot, &d->lm, L.profile != 0);
	if (L.profile && n) {	/* LD_PROFILE: targets kept here, the slots stay unbound */
		d->profile_plt = rt_calloc(n, sizeof *d->profile_plt);
		if (!d->profile_plt)
			dl_fatal("cannot start profiling", "out of memory");
		dso_note_alloc(d, d->profile_plt);
	}
	if (L.naudit && audit_plt_setup(d))	/* la_pltenter/la_pltexit see every call */
		arch_plt_got_profile(d->pltgot);
	for (size_t i = 0; i < n; i++, r++) {
		unsigned type = ELF64_R_TYPE(r->r_info);
		uint64_t *where = (uint64_t *)(d->base + r->r_offset);
		if (type == REL_PLT) {
			if (r->r_offset - p->wlo >= p->wlen &&	/* outside the window */
			    !dso_write_ok(d, (uintptr_t)where, 8))
				dl_fatal("relocation error",
					 "%s: PLT slot outside its writable segments", obj_name(d));
			arch_plt_lazy_slot(where, d->base);	/* back into this object's PLT */
		} else if (type == REL_IRELATIVE || type == REL_TLSDESC) {
			reloc_table(p, r, sizeof *r, 1);	/* now */
		} else {	/* glibc's elf_machine_lazy_rel refuses the rest */
			dl_fatal("relocation error", "%s: unexpected PLT reloc type 0x%02x",
				 obj_name(d), type);
		}
	}
}

/* the definition a PLT slot binds to, and its address (IFUNC called) */
static uintptr_t plt_resolve(struct dso *d, size_t index, struct sym_result *res)
{
	if (index >= d->jmprel_size / sizeof(Elf64_Rela))
		dl_fatal("lazy binding error", "%s: PLT index %zu out of range", obj_name(d),
			 index);
	const Elf64_Rela *r = &d->jmprel[index];
	/* dlopen and dlclose in other threads free nothing this lookup may hold */
	gscope_enter();
	struct sym_result def = reloc_lookup(d, ELF64_R_SYM(r->r_info), LOOKUP_PLT);
	gscope_leave();
	if (def.sym && !binding_kept(d, def.dso)) {
		/* record the binding under the load lock: look again, scopes hold still */
		dl_lock();
		unsigned quiet = debug_quiet_begin();	/* LD_DEBUG: glibc looks once */
		def = reloc_lookup(d, ELF64_R_SYM(r->r_info), LOOKUP_PLT);
		debug_quiet_end(quiet);
		if (def.sym)
			dso_add_reldep(d, def.dso);
		dl_unlock();
	}
	uintptr_t value = 0;
	if (def.sym) {
		value = sym_address(def.dso, def.sym);
		if (ELF64_ST_TYPE(def.sym->st_info) == STT_GNU_IFUNC &&
		    def.sym->st_shndx != SHN_UNDEF)
			value = arch_ifunc_call(value);
	}
	*res = def;
	return value;
}

/* auditing: the slot's first binding goes through la_symbind64 and is kept
   (glibc's reloc_result), later ones take the kept value */
static uintptr_t plt_audited(struct dso *d, size_t index, struct sym_result def,
			     uintptr_t value)
{
	struct audit_plt *rr = &d->audit_plt[index];
	if (__atomic_load_n(&rr->init, __ATOMIC_ACQUIRE))
		return rr->addr;
	if (def.sym)
		value = audit_symbind(d, rr, def, value);
	if (!L.bind_not) {
		rr->addr = value;
		__atomic_store_n(&rr->init, 1, __ATOMIC_RELEASE);
	}
	return value;
}

HIDDEN uintptr_t dl_fixup(struct link_map *lm, size_t index)
{
	struct dso *d = dso_of(lm);
	struct sym_result def;
	uintptr_t value = plt_resolve(d, index, &def);
	if (d->audit_plt)
		value = plt_audited(d, index, def, value);
	/* JUMP_SLOT is S: r_addend is ignored (the psABI; glibc too) */
	if (!L.bind_not)	/* LD_BIND_NOT: resolve on every call, never patch the slot */
		*(uint64_t *)(d->base + d->jmprel[index].r_offset) = value;
	return value;
}

/* the profiling trampoline's (glibc's _dl_profile_fixup): the slot stays unbound,
   every call passes la_pltenter; *framesize >= 0 asks for la_pltexit */
uintptr_t dl_profile_fixup(struct link_map *lm, size_t index, uintptr_t retaddr, void *regs,
			   long *framesize)
{
	struct dso *d = dso_of(lm);
	(void)retaddr;
	*framesize = -1;
	/* an IFUNC resolver's call before the records exist; a bad index fails there */
	if (!d->audit_plt || index >= d->jmprel_size / sizeof(Elf64_Rela))
		return dl_fixup(lm, index);
	struct sym_result def = { 0, 0 };
	uintptr_t value = 0;
	if (!__atomic_load_n(&d->audit_plt[index].init, __ATOMIC_ACQUIRE))
		value = plt_resolve(d, index, &def);
	value = plt_audited(d, index, def, value);
	if (d->audit_plt[index].bound)
		value = audit_pltenter(d, &d->audit_plt[index], value, regs, framesize);
	return value;
}

/* entered from the arch's profiling trampoline: the slot's target, bound
   at the first call and kept per slot (the GOT slot itself stays unbound,
   so every call comes back here), and the call counted */
HIDDEN uintptr_t profile_fixup(struct link_map *lm, size_t index, uintptr_t retaddr)
{
	struct dso *d = dso_of(lm);
	uintptr_t value = 0;
	if (d->profile_plt && index < d->jmprel_size / sizeof(Elf64_Rela))
		value = __atomic_load_n(&d->profile_plt[index], __ATOMIC_ACQUIRE);
	if (!value) {
		struct sym_result def;
		value = plt_resolve(d, index, &def);
		if (d->profile_plt)
			__atomic_store_n(&d->profile_plt[index], value, __ATOMIC_RELEASE);
	}
	profile_mcount(retaddr, value);	/* profile.c */
	return value;
}
