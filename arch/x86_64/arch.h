/* The machine interface: everything in ldso/ that depends on the machine goes
 * through this header and the files beside it; ldso/ names no machine
 * (scripts/check-arch-neutral checks that).  A second architecture provides
 * arch/<machine>/ with every item below, in the same names:
 *
 *   identity     ARCH_EM, ARCH_NAME, ARCH_TRIPLET, ARCH_LDSO_SONAME, ARCH_LDSO_PATH,
 *                ARCH_CACHE_ID, ARCH_FPU_DEFAULT
 *   relocations  REL_* type numbers for the generic driver (ldso/reloc.c), the lookup
 *                class of a type, how an IFUNC resolver is called, arch_reloc_name()
 *   lazy binding dl_runtime_resolve (dl_trampoline.S): enters dl_fixup(link_map, index);
 *                the GOT words PLT0 reads, a JUMP_SLOT's value before binding,
 *                arch_plt_init() picks how the trampoline saves vector state and
 *                which dl_runtime_profile (audit PLT hooks) runs
 *   TLS          ARCH_TLS_VARIANT; where the TCB sits in the static area, where a
 *                module's static block sits, TPOFF values, the TCB's words
 *   thread       read and set the thread pointer, the current thread's DTV
 *   unwinding    ARCH_JB_WORDS for dl_setjmp/dl_longjmp (setjmp.S)
 *   time         arch_cycles(): LD_DEBUG=statistics' counter
 *   strings      arch_copy(), arch_fill(): the bulk of memcpy and memset
 *   CPU set-up   arch_cpu_init(): glibc's cpu features and what follows from them;
 *                arch_diagnostics(): their lines of --list-diagnostics
 *   signals      arch_set_signal(), arch_signal_pc(): LD_PROFILE's SIGPROF sampling (signal.c)
 *   system calls __syscallN (syscall_arch.h); TLS descriptors (tlsdesc.S); _start (start.S)
 *                with ARCH_ARGS_HEADROOM free below the initial stack
 *
 * The helpers are static inline: the hot paths (__tls_get_addr, memcpy) pay nothing
 * for the boundary.  FreeBSD's rtld-elf puts reloc_non_plt, reloc_plt, reloc_jmpslots
 * and reloc_jmpslot in machine-dependent files; here their generic parts stay in ldso/
 * because REL_* names the types: reloc_non_plt and reloc_jmpslots are reloc_table()
 * (ldso/reloc.c), reloc_plt is plt_setup_lazy() with arch_plt_got_init() and
 * arch_plt_lazy_slot() (ldso/plt.c), reloc_jmpslot is dl_fixup()'s store.
 *
 * What ldso/ still assumes of a machine, so a port checks these first: ELF64 with
 * RELA only (elf.c refuses REL), TLS descriptors of two words with the entry points
 * of tlsdesc.S, TLS variant II (tls.c asserts it), glibc's struct pthread at the
 * thread pointer (glibc/thread.c), and the TCB fields glibc-layout.h names. */
#ifndef ARCH_H
#define ARCH_H

#include <stddef.h>
#include <stdint.h>
#include <elf.h>
#include <sys/syscall.h>
#include "glibc-layout.h"
#include "syscall_arch.h"

/* ---- identity ---- */
#define ARCH_EM		EM_X86_64
#define ARCH_NAME	"x86_64"		/* AT_PLATFORM's default, --version */
#define ARCH_TRIPLET	"x86_64-linux-gnu"	/* Debian's multiarch directory ($LIB) */
#define ARCH_LDSO_SONAME "ld-linux-x86-64.so.2"	/* glibc's loader: the name we answer to */
#define ARCH_LDSO_PATH	"/lib64/" ARCH_LDSO_SONAME	/* PT_INTERP of the host's programs */
/* bytes _dl_start (start.S) leaves free below the kernel's initial stack: the
   command form inserts a #! script's interpreter and argument there (formats.c) */
#define ARCH_ARGS_HEADROOM 128
/* ld.so.cache entry flags for our libraries: FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 */
#define ARCH_CACHE_ID	0x0303
/* GLRO(dl_fpu_control) without AT_FPUCW: glibc's _FPU_DEFAULT (x87 control word) */
#define ARCH_FPU_DEFAULT 0x37f

/* ---- relocations: type numbers, named for the generic driver in ldso/reloc.c ---- */
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

const char *arch_reloc_name(unsigned type);

/* glibc's elf_machine_type_class: 1 = PLT class (no copy-relocated definition
   from the executable), 2 = COPY class (not from the executable), 0 = any */
static inline int arch_reloc_class(unsigned t)
{
	if (t == REL_PLT || t == REL_TLSDESC)
		return 1;
	if (t == REL_DTPMOD || t == REL_DTPOFF || t == REL_TPOFF)
		return 1;
	return t == REL_COPY ? 2 : 0;
}

/* x unchanged, but the compiler forgets how it was computed (keeps a hot loop from
   redoing address arithmetic it can fold into the store) */
static inline uint64_t arch_opaque(uint64_t x)
{
	__asm__("" : "+r"(x));
	return x;
}

/* an IFUNC resolver's call (glibc's elf_ifunc_invoke): no arguments here */
static inline uintptr_t arch_ifunc_call(uintptr_t resolver)
{
	return ((uintptr_t (*)(void))resolver)();
}

/* ---- lazy binding (FreeBSD's reloc_plt; dl_fixup is the generic reloc_jmpslot) ---- */
/* dl_runtime_resolve saves the argument registers and vector state and calls
   dl_fixup(link_map, relocation index); a machine whose PLT passes something
   else converts it to those two in its trampoline */
void dl_runtime_resolve(void);
/* LD_PROFILE's: the same, calling profile_fixup(link_map, index, caller's return
   address); the slot is never patched, so every call comes through it */
void dl_runtime_ldprofile(void);
/* once, after arch_cpu_init: how dl_runtime_resolve saves vector state, which
   dl_runtime_profile variant runs */
void arch_plt_init(void);

/* the reserved GOT words PLT0 reads: GOT[1] = link_map, GOT[2] = trampoline
   (the profiling one under LD_PROFILE) */
static inline void arch_plt_got_init(uint64_t *pltgot, void *lm, int profile)
{
	pltgot[1] = (uintptr_t)lm;
	pltgot[2] = profile ? (uintptr_t)dl_runtime_ldprofile : (uintptr_t)dl_runtime_resolve;
}

/* Profiling lazy binding (the audit interface's la_pltenter/la_pltexit; LD_PROFILE may
   share it): dl_runtime_profile keeps the slot unbound, fills glibc's La_x86_64_regs
   (<bits/link.h>), calls dl_profile_fixup(link_map, index, return address, regs,
   &framesize), and when framesize >= 0 calls the target itself with that many bytes
   of stack arguments copied, then dl_profile_exit(link_map, index, regs, retval)
   with La_x86_64_retval, and returns its (possibly changed) values.  Its variant
   for this CPU (SSE, AVX or AVX-512 registers) is picked by arch_plt_init. */
extern HIDDEN uintptr_t dl_runtime_profile;
static inline void arch_plt_got_profile(uint64_t *pltgot)
{
	pltgot[2] = dl_runtime_profile;
}
/* ---- signals: LD_PROFILE's PC sampling (glibc's profil in ld.so) ---- */
/* the interrupted PC in an SA_SIGINFO handler's ucontext: uc_mcontext.gregs[REG_RIP]
   (after uc_flags, uc_link and the 24-byte uc_stack, the 17th register word) */
static inline uintptr_t arch_signal_pc(const void *uc)
{
	return *(const uintptr_t *)((const char *)uc + 40 + 16 * 8);
}
/* rt_sigaction(sig) with an SA_SIGINFO handler that restarts system calls and runs
   with every signal blocked, as glibc's __profil installs it (machine.c: x86_64's
   rt_sigaction needs the sigreturn trampoline the kernel returns through) */
long arch_set_signal(int sig, void (*handler)(int, void *, void *));

/* the audit interface's names for the PLT hooks of this machine */
#define ARCH_LA_PLTENTER "la_x86_64_gnu_pltenter"
#define ARCH_LA_PLTEXIT	 "la_x86_64_gnu_pltexit"

/* a JUMP_SLOT before its first call: the link-time value points back into the
   object's own PLT (the push/jmp to PLT0), so it only needs the load base */
static inline void arch_plt_lazy_slot(uint64_t *where, uintptr_t base)
{
	*where += base;
}

/* ---- TLS: variant II (TLS_TCB_AT_TP) ----
   The TCB (glibc's struct pthread) sits at the thread pointer, at the top of
   the static area; module blocks lie below it, a block at offset off covers
   TP-off .. TP-off+size-1, and static offsets count down from TP.  ldso/tls.c
   lays blocks out for this variant only; a variant I machine changes that
   layout and these helpers together. */
#define ARCH_TLS_VARIANT 2

/* the thread pointer of a static area [area, area+size) */
static inline uintptr_t arch_tls_area_tp(uintptr_t area, size_t size)
{
	return area + size - PD_SIZEOF;
}

/* the static block at offset off of the thread whose pointer is tp */
static inline uintptr_t arch_tls_block(uintptr_t tp, ptrdiff_t off)
{
	return tp - off;
}

/* a TPOFF relocation's (or static TLS descriptor's) value: the symbol's
   offset v in a block at static offset off, relative to the thread pointer */
static inline uint64_t arch_tls_tpoff(uint64_t v, ptrdiff_t off)
{
	return v - off;
}

/* the thread pointer of the thread whose descriptor (struct pthread) is pd */
static inline uintptr_t arch_pd_tp(uintptr_t pd)
{
	return pd;
}

/* the TCB's DTV word, of any thread */
static inline void **arch_tcb_dtv(uintptr_t tp)
{
	return (void **)(tp + TCB_DTV);
}

/* a new TCB's machine words: tcb and self point at itself, dtv */
static inline void arch_tcb_init(uintptr_t tp, void *dtv)
{
	*(uintptr_t *)(tp + TCB_TCB) = tp;
	*(uintptr_t *)(tp + TCB_SELF) = tp;
	*arch_tcb_dtv(tp) = dtv;
}

/* a new thread's stack protector and pointer guard, where its libc reads them */
static inline void arch_tcb_set_guards(uintptr_t tp, uint64_t stack, uint64_t pointer)
{
	*(uint64_t *)(tp + TCB_STACK_GUARD) = stack;
	*(uint64_t *)(tp + TCB_POINTER_GUARD) = pointer;
}

/* __tls_get_addr's attribute: callers may arrive with a misaligned stack (GCC PR58066) */
#define ARCH_TLS_GET_ADDR_ATTR __attribute__((force_align_arg_pointer))

/* ---- the thread pointer ---- */
static inline uintptr_t arch_thread_pointer(void)
{
	uintptr_t tp;
	__asm__ ("mov %%fs:0,%0" : "=r"(tp));
	return tp;
}

/* this thread's DTV, in one load */
static inline void *arch_thread_dtv(void)
{
	void *dtv;
	__asm__ ("mov %%fs:%c1,%0" : "=r"(dtv) : "i"(TCB_DTV));
	return dtv;
}

/* install tp as this thread's pointer; < 0 (an errno) on failure */
static inline long arch_set_thread_pointer(uintptr_t tp)
{
	return __syscall2(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, (long)tp);
}

/* ---- dl_setjmp/dl_longjmp (setjmp.S): callee-saved registers, sp, return address ---- */
#define ARCH_JB_WORDS	8

/* ---- a cycle counter, for LD_DEBUG=statistics ---- */
static inline uint64_t arch_cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile ("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* ---- string primitives: rep movs/stos, short code, fast on every x86_64 the
   loader runs on; the quadword forms do the bulk, bytes do the tail ---- */
static inline void arch_copy(void *restrict d, const void *restrict s, size_t n)
{
	size_t q = n / 8, t = n % 8;
	__asm__ volatile ("rep movsq" : "+D"(d), "+S"(s), "+c"(q) : : "memory");
	__asm__ volatile ("rep movsb" : "+D"(d), "+S"(s), "+c"(t) : : "memory");
}

static inline void arch_fill(void *d, unsigned char c, size_t n)
{
	size_t q = n / 8, t = n % 8;
	uint64_t v = c * 0x0101010101010101ULL;
	__asm__ volatile ("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
	__asm__ volatile ("rep stosb" : "+D"(d), "+c"(t) : "a"(v) : "memory");
}

/* ---- CPU set-up (machine.c) ---- */
struct rtld_global_ro;
/* glibc's DL_PLATFORM_INIT: fill GLRO's cpu features (IFUNC resolvers and
   memcpy thresholds read them while libc is relocated), then GLRO(dl_hwcap),
   the AT_PLATFORM override and GLRO(dl_minsigstacksize); minsig is
   AT_MINSIGSTKSZ or 0.  Reads the glibc.cpu tunables. */
void arch_cpu_init(struct rtld_global_ro *ro, uint64_t minsig);
/* --list-diagnostics: the machine's lines, in glibc's words, where glibc's
   order puts them (print_value: "label=0xN", print_string: label="s") */
enum { ARCH_DIAG_HWCAP_IMPORTANT, ARCH_DIAG_HWCAPS_SUBDIRS, ARCH_DIAG_STRING_PLATFORM,
       ARCH_DIAG_CPU };
void arch_diagnostics(int what, void (*print_value)(const char *label, uint64_t v),
		      void (*print_string)(const char *label, const char *s));
/* exported: libc's <sys/platform/x86.h> reads GLRO's cpu features through it */
void *_dl_x86_get_cpu_features(void);

/* glibc-hwcaps subdirectories, most preferred first (glibc's _dl_hwcaps_subdirs),
   and which the CPU supports: bit i for name i (_dl_hwcaps_subdirs_active); the
   legacy hwcap subdirectory of GLRO(dl_hwcap) bit n, NULL if none (dl-hwcap.h) */
#define ARCH_HWCAPS_SUBDIRS "x86-64-v4:x86-64-v3:x86-64-v2"
uint32_t arch_hwcaps_active(void);
const char *arch_hwcap_name(unsigned bit);
/* glibc's HWCAP_IMPORTANT: the legacy bits --help lists (HWCAP_X86_64 | HWCAP_X86_AVX512_1) */
#define ARCH_HWCAP_IMPORTANT 0x6ull
/* ld.so.cache: a glibc-hwcaps entry's ISA level is supported; the legacy
   platform bit of a platform name, ~0 if it has none (dl-procinfo.h) */
int arch_isa_level_ok(unsigned level);
uint64_t arch_cache_platform(const char *platform);

#endif
