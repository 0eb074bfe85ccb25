/* Stage 1: relocate ourselves.  Nothing here may read a global whose value
   needs a relocation, call through the GOT, or call anything outside this
   file (the loader is linked -Bsymbolic, so it needs only RELATIVE and RELR). */
#include <stdint.h>
#include <elf.h>
#include "rt/rt.h"

extern const Elf64_Ehdr __ehdr_start HIDDEN;
extern Elf64_Dyn _DYNAMIC[] HIDDEN;

HIDDEN _Noreturn void dl_main(uintptr_t *sp, uintptr_t self_base);
HIDDEN _Noreturn void dl_start_c(uintptr_t *sp);	/* entered from the arch's _dl_start */

static inline void apply_relr(uintptr_t base, const uint64_t *relr, size_t size)
{
	uint64_t *where = 0;
	for (size_t i = 0; i < size / 8; i++) {
		uint64_t e = relr[i];
		if (!(e & 1)) {
			where = (uint64_t *)(base + e);
			*where++ += base;
		} else {
			uint64_t *p = where;
			for (e >>= 1; e; e >>= 1, p++)
				if (e & 1)
					*p += base;
			where += 63;
		}
	}
}

HIDDEN _Noreturn void dl_start_c(uintptr_t *sp)
{
	uintptr_t base = (uintptr_t)&__ehdr_start;
	uintptr_t rela = 0, relasz = 0, relr = 0, relrsz = 0;

	for (Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
		switch (d->d_tag) {
		case DT_RELA: rela = d->d_un.d_ptr; break;
		case DT_RELASZ: relasz = d->d_un.d_val; break;
		case DT_RELR: relr = d->d_un.d_ptr; break;
		case DT_RELRSZ: relrsz = d->d_un.d_val; break;
		}
	}
	if (relr)
		apply_relr(base, (const uint64_t *)(base + relr), relrsz);
	for (size_t i = 0; i < relasz / sizeof(Elf64_Rela); i++) {
		const Elf64_Rela *r = (const Elf64_Rela *)(base + rela) + i;
		/* the build checks that nothing but RELATIVE is left */
		*(uint64_t *)(base + r->r_offset) = base + r->r_addend;
	}
	/* a call to another file is a compiler barrier: no global was read above */
	dl_main(sp, base);
}
