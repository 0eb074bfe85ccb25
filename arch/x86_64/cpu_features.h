/* x86_64 CPU feature detection producing glibc 2.36's struct cpu_features.

   The host's libc/libm/libmvec read GLRO(dl_x86_cpu_features) (inside _rtld_global_ro)
   from their IFUNC resolvers, from __x86_cacheinfo (memcpy thresholds) and from
   sysconf(_SC_LEVEL*).  x86_cpu_features_init() fills a byte buffer laid out exactly like
   that struct (offsets from the generated build/glibc-layout.h) with the values glibc
   2.36's own loader computes (sysdeps/x86/cpu-features.c, sysdeps/x86/dl-cacheinfo.h),
   and reports the three other values glibc's init_cpu_features decides: GLRO(dl_hwcap),
   the AT_PLATFORM override and GLRO(dl_minsigstacksize).

   Freestanding: no libc calls; call once at start-up (one thread). */
#ifndef LDC_ARCH_X86_64_CPU_FEATURES_H
#define LDC_ARCH_X86_64_CPU_FEATURES_H

#include <stdint.h>

/* glibc.cpu.* tunables; 0 / NULL = not set.  The caller applies the generic tunable
   bounds of dl-tunables.list before filling this in (a value outside [minval,maxval]
   counts as not set); the x86-specific clamping glibc does in dl_init_cacheinfo is done
   here. */
struct x86_cpu_tunables {
	uint64_t non_temporal_threshold, rep_movsb_threshold, rep_stosb_threshold;
	uint64_t data_cache_size, shared_cache_size;
	const char *hwcaps;	/* glibc.cpu.hwcaps, e.g. "-AVX512F,Prefer_No_VZEROUPPER" */
};

struct x86_cpu_result {
	uint64_t hwcap;		/* GLRO(dl_hwcap): HWCAP_X86_64 (2) | HWCAP_X86_AVX512_1 (4) */
	const char *platform;	/* "haswell" / "xeon_phi" when glibc overrides AT_PLATFORM,
				   else NULL */
	uint64_t minsigstacksize; /* GLRO(dl_minsigstacksize): the auxv value if non-zero,
				     else glibc's XSAVE-based emulation (or 2048) */
};

/* cf: CPUF_SIZEOF bytes, zeroed by the caller (normally
   &_rtld_global_ro[RGRO_CPU_FEATURES]).  auxv_minsigstacksize: AT_MINSIGSTKSZ or 0 if the
   kernel passed none.  t may be NULL.  out must not be NULL. */
void x86_cpu_features_init(unsigned char *cf, uint64_t auxv_minsigstacksize,
			   const struct x86_cpu_tunables *t, struct x86_cpu_result *out);

/* one CPUID result: (leaf, subleaf) -> eax, ebx, ecx, edx */
struct x86_cpuid_rec {
	uint32_t leaf, sub, r[4];
};

/* CPUID executed now; the result is also given to the next x86_cpu_features_init */
void x86_cpuid_live(uint32_t leaf, uint32_t subleaf, uint32_t r[4]);
/* results the next x86_cpu_features_init uses instead of executing CPUID (those given
   first win, x86_cpuid_live's included) */
void x86_cpuid_seed(const struct x86_cpuid_rec *t, unsigned n);
/* after x86_cpu_features_init: the results it used, given or executed (at most cap) */
unsigned x86_cpuid_results(struct x86_cpuid_rec *out, unsigned cap);
/* every CPUID this process executed */
extern unsigned x86_cpuid_executed;

#ifdef CPUF_TEST_HOOKS
/* test builds only (-DCPUF_TEST_HOOKS): number of CPUID instructions the last call
   executed, and an optional CPUID replacement used instead of the instruction (to
   exercise the Intel / Zhaoxin paths on other hardware) */
extern unsigned x86_cpuid_exec_count;
extern void (*x86_cpuid_hook)(uint32_t leaf, uint32_t subleaf, uint32_t r[4]);
extern uint64_t (*x86_xgetbv_hook)(void);
#endif

#endif
