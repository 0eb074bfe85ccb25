/* What differs per machine: relocation numbers, the thread pointer, TLS variant. */
#ifndef ARCH_H
#define ARCH_H

#include <stdint.h>
#include <elf.h>

#define ARCH_EM		EM_X86_64
#define ARCH_NAME	"x86_64"

/* Relocation types, named for the generic driver in ldso/reloc.c. */
#define REL_NONE	R_X86_64_NONE
#define REL_RELATIVE	R_X86_64_RELATIVE
#define REL_SYMBOLIC	R_X86_64_64
#define REL_GOT		R_X86_64_GLOB_DAT
#define REL_PLT		R_X86_64_JUMP_SLOT
#define REL_COPY	R_X86_64_COPY
#define REL_IRELATIVE	R_X86_64_IRELATIVE
#define REL_DTPMOD	R_X86_64_DTPMOD64
#define REL_DTPOFF	R_X86_64_DTPOFF64
#define REL_TPOFF	R_X86_64_TPOFF64
#define REL_TLSDESC	R_X86_64_TLSDESC

/* x86_64 keeps the TCB at the thread pointer, static TLS below it (variant II). */
static inline uintptr_t arch_thread_pointer(void)
{
	uintptr_t tp;
	__asm__ ("mov %%fs:0,%0" : "=r"(tp));
	return tp;
}

const char *arch_reloc_name(unsigned type);

#endif
