/* Lazy binding: PLT slots start out pointing back into the PLT, whose first
   entry enters the arch trampoline with (link_map, relocation index); the
   trampoline saves every argument register and the vector state and calls
   dl_fixup, which binds the slot and returns its target. */
#include "ldso.h"
#include "glibc/glibc.h"

void dl_runtime_resolve(void);
HIDDEN uint64_t dl_xsave_state_size;
HIDDEN uint8_t dl_xsave_kind;		/* 0 fxsave, 1 xsave, 2 xsavec (arch/x86_64/xstate.S) */

/* how to save vector state, as glibc picks it: xsavec, xsave, or fxsave */
void plt_init(void)
{
	const unsigned char *cf = (const unsigned char *)&GLRO->_dl_x86_cpu_features;
	uint32_t leaf_d1_active_eax;
	memcpy(&leaf_d1_active_eax, cf + CPUF_FEATURES + 3 * CPUF_FEATURE_STRIDE + CPUF_FEATURE_ACTIVE, 4);
	memcpy(&dl_xsave_state_size, cf + CPUF_XSAVE_STATE_SIZE, 8);
	if (!dl_xsave_state_size)
		dl_xsave_kind = 0;
	else if (leaf_d1_active_eax & 2)	/* XSAVEC usable: the size is the compact one */
		dl_xsave_kind = 2;
	else
		dl_xsave_kind = 1;
}

void plt_setup_lazy(struct dso *d, struct reloc_pass *p)
{
	const Elf64_Rela *r = d->jmprel;
	size_t n = d->jmprel_size / sizeof *r;

	d->pltgot[1] = (uintptr_t)&d->lm;
	d->pltgot[2] = (uintptr_t)dl_runtime_resolve;
	for (size_t i = 0; i < n; i++, r++) {
		unsigned type = ELF64_R_TYPE(r->r_info);
		uint64_t *where = (uint64_t *)(d->base + r->r_offset);
		if (type == REL_PLT) {
			if (!dso_write_ok(d, (uintptr_t)where, 8))
				dl_fatal("relocation error", "%s: PLT slot outside its writable segments", obj_name(d));
			*where += d->base;	/* back into this object's PLT */
		} else if (type == REL_IRELATIVE || type == REL_TLSDESC) {
			reloc_table(p, r, sizeof *r, 1);	/* now */
		} else {	/* glibc's elf_machine_lazy_rel refuses the rest */
			dl_fatal("relocation error", "%s: unexpected PLT reloc type 0x%02x", obj_name(d), type);
		}
	}
}

HIDDEN uintptr_t dl_fixup(struct link_map *lm, size_t index)
{
	struct dso *d = dso_of(lm);
	if (index >= d->jmprel_size / sizeof(Elf64_Rela))
		dl_fatal("lazy binding error", "%s: PLT index %zu out of range", obj_name(d), index);
	const Elf64_Rela *r = &d->jmprel[index];
	/* dlopen and dlclose in other threads free nothing this lookup may hold */
	gscope_enter();
	struct symcache def = reloc_lookup(d, ELF64_R_SYM(r->r_info), LOOKUP_PLT);
	gscope_leave();
	if (def.sym && !binding_kept(d, def.dso)) {
		/* record the binding under the load lock: look again, scopes hold still */
		dl_lock();
		def = reloc_lookup(d, ELF64_R_SYM(r->r_info), LOOKUP_PLT);
		if (def.sym)
			dso_add_reldep(d, def.dso);
		dl_unlock();
	}
	uintptr_t value = 0;
	if (def.sym) {
		value = sym_address(def.dso, def.sym);
		if (ELF64_ST_TYPE(def.sym->st_info) == STT_GNU_IFUNC && def.sym->st_shndx != SHN_UNDEF)
			value = ((uintptr_t (*)(void))value)();
	}
	/* JUMP_SLOT is S: r_addend is ignored (x86-64 psABI, as glibc) */
	if (!L.bind_not)	/* LD_BIND_NOT: resolve on every call, never patch the slot */
		*(uint64_t *)(d->base + r->r_offset) = value;
	return value;
}
