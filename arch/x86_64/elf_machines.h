/* The names of other machines' ELF files, for errors that say what a file is
   ("ELFCLASS32 i386 executable"): data, not code for this machine, but
   ldso/ names no machine (scripts/check-arch-neutral), so it lives here and a
   port copies it as it is.  Names as `uname -m` gives them. */
#ifndef ELF_MACHINES_H
#define ELF_MACHINES_H

#include <elf.h>

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

/* e_machine's name for an ELFCLASS64 (is64) or ELFCLASS32 file; 0 if unknown */
static inline const char *arch_elf_machine_name(unsigned em, int is64)
{
	switch (em) {
	case EM_386: return "i386";
	case EM_X86_64: return is64 ? "x86_64" : "x86_64 (x32)";
	case EM_AARCH64: return "aarch64";
	case EM_ARM: return "arm";
	case EM_RISCV: return is64 ? "riscv64" : "riscv32";
	case EM_PPC: return "ppc";
	case EM_PPC64: return "ppc64";
	case EM_S390: return is64 ? "s390x" : "s390";
	case EM_MIPS: return is64 ? "mips64" : "mips";
	case EM_SPARC: case EM_SPARC32PLUS: return "sparc";
	case EM_SPARCV9: return "sparc64";
	case EM_IA_64: return "ia64";
	case EM_68K: return "m68k";
	case EM_SH: return "sh";
	case EM_PARISC: return "parisc";
	case EM_ALPHA: return "alpha";
	case EM_LOONGARCH: return is64 ? "loongarch64" : "loongarch32";
	case EM_BPF: return "bpf";
	case EM_NONE: return "no-machine (EM_NONE)";
	}
	return 0;
}

#endif
