/* x86_64 CPU feature detection, producing the bytes of glibc 2.36's
 * `struct cpu_features` (GLRO(dl_x86_cpu_features)).
 *
 * Behaviour follows glibc 2.36 (branch release/2.36/master, which is what
 * Debian 12's 2.36-9+deb12u14 is built from):
 *   sysdeps/x86/cpu-features.c          init_cpu_features, update_active
 *   sysdeps/x86/dl-cacheinfo.h          dl_init_cacheinfo, handle_{intel,amd,zhaoxin},
 *                                       get_common_cache_info
 *   sysdeps/x86/get-isa-level.h         isa_1
 *   sysdeps/x86/cpu-tunables.c          glibc.cpu.hwcaps
 *   sysdeps/unix/sysv/linux/x86/dl-minsigstacksize.h
 * The code is written from scratch; only the behaviour is glibc's.
 *
 * Differences from glibc's code structure, none visible in the result:
 *   - every CPUID (leaf, subleaf) is executed at most once and cached in a
 *     local table (CPUID traps to the hypervisor on VMs: ~3.5 us each);
 *   - the struct is built in a local mirror and stored through the offsets of
 *     the generated glibc-layout.h at the end.
 * Deliberate deviations (pathological inputs only) are marked "DEVIATION". */

#include <stdint.h>
#include <cpuid.h>

#include "glibc-layout.h"
#include "cpu_features.h"

/* ---------------------------------------------------------------------- */
/* glibc constants (not in DWARF)                                          */

/* Index of each CPUID leaf in cpu_features.features[]:
 * sysdeps/x86/bits/platform/x86.h, enum CPUID_INDEX_*.  */
enum {
  IDX_1 = 0,        /* leaf 1 */
  IDX_7,            /* leaf 7 subleaf 0 */
  IDX_80000001,
  IDX_D_1,          /* leaf 0xd subleaf 1 */
  IDX_80000007,
  IDX_80000008,
  IDX_7_1,          /* leaf 7 subleaf 1 */
  IDX_19,
  IDX_14_0,         /* leaf 0x14 subleaf 0 */
  NIDX
};
_Static_assert(NIDX == CPUF_FEATURE_COUNT, "CPUID_INDEX_MAX differs from the DWARF array size");

enum { RA = 0, RB, RC, RD }; /* eax, ebx, ecx, edx: order of struct cpuid_registers */

/* A feature is numbered like <sys/platform/x86.h>'s x86_cpu_* constants:
 * index * 128 + register * 32 + bit.  Bit positions: the bit_cpu_* macros of
 * sysdeps/x86/include/cpu-features.h (glibc 2.36).  */
#define FT(idx, reg, bit) ((unsigned)(idx) * 128u + (unsigned)(reg) * 32u + (unsigned)(bit))

/* leaf 1 ECX */
#define F_SSE3          FT(IDX_1, RC, 0)
#define F_PCLMULQDQ     FT(IDX_1, RC, 1)
#define F_SSSE3         FT(IDX_1, RC, 9)
#define F_FMA           FT(IDX_1, RC, 12)
#define F_CMPXCHG16B    FT(IDX_1, RC, 13)
#define F_SSE4_1        FT(IDX_1, RC, 19)
#define F_SSE4_2        FT(IDX_1, RC, 20)
#define F_MOVBE         FT(IDX_1, RC, 22)
#define F_POPCNT        FT(IDX_1, RC, 23)
#define F_AES           FT(IDX_1, RC, 25)
#define F_XSAVE         FT(IDX_1, RC, 26)
#define F_OSXSAVE       FT(IDX_1, RC, 27)
#define F_AVX           FT(IDX_1, RC, 28)
#define F_F16C          FT(IDX_1, RC, 29)
#define F_RDRAND        FT(IDX_1, RC, 30)
/* leaf 1 EDX */
#define F_FPU           FT(IDX_1, RD, 0)
#define F_TSC           FT(IDX_1, RD, 4)
#define F_CX8           FT(IDX_1, RD, 8)
#define F_CMOV          FT(IDX_1, RD, 15)
#define F_CLFSH         FT(IDX_1, RD, 19)
#define F_MMX           FT(IDX_1, RD, 23)
#define F_FXSR          FT(IDX_1, RD, 24)
#define F_SSE           FT(IDX_1, RD, 25)
#define F_SSE2          FT(IDX_1, RD, 26)
#define F_HTT           FT(IDX_1, RD, 28)
/* leaf 7.0 EBX */
#define F_BMI1          FT(IDX_7, RB, 3)
#define F_HLE           FT(IDX_7, RB, 4)
#define F_AVX2          FT(IDX_7, RB, 5)
#define F_BMI2          FT(IDX_7, RB, 8)
#define F_ERMS          FT(IDX_7, RB, 9)
#define F_RTM           FT(IDX_7, RB, 11)
#define F_AVX512F       FT(IDX_7, RB, 16)
#define F_AVX512DQ      FT(IDX_7, RB, 17)
#define F_RDSEED        FT(IDX_7, RB, 18)
#define F_ADX           FT(IDX_7, RB, 19)
#define F_AVX512_IFMA   FT(IDX_7, RB, 21)
#define F_CLFLUSHOPT    FT(IDX_7, RB, 23)
#define F_CLWB          FT(IDX_7, RB, 24)
#define F_AVX512PF      FT(IDX_7, RB, 26)
#define F_AVX512ER      FT(IDX_7, RB, 27)
#define F_AVX512CD      FT(IDX_7, RB, 28)
#define F_SHA           FT(IDX_7, RB, 29)
#define F_AVX512BW      FT(IDX_7, RB, 30)
#define F_AVX512VL      FT(IDX_7, RB, 31)
/* leaf 7.0 ECX */
#define F_PREFETCHWT1   FT(IDX_7, RC, 0)
#define F_AVX512_VBMI   FT(IDX_7, RC, 1)
#define F_PKU           FT(IDX_7, RC, 3)
#define F_OSPKE         FT(IDX_7, RC, 4)
#define F_WAITPKG       FT(IDX_7, RC, 5)
#define F_AVX512_VBMI2  FT(IDX_7, RC, 6)
#define F_SHSTK         FT(IDX_7, RC, 7)
#define F_GFNI          FT(IDX_7, RC, 8)
#define F_VAES          FT(IDX_7, RC, 9)
#define F_VPCLMULQDQ    FT(IDX_7, RC, 10)
#define F_AVX512_VNNI   FT(IDX_7, RC, 11)
#define F_AVX512_BITALG FT(IDX_7, RC, 12)
#define F_AVX512_VPOPCNTDQ FT(IDX_7, RC, 14)
#define F_RDPID         FT(IDX_7, RC, 22)
#define F_KL            FT(IDX_7, RC, 23)
#define F_CLDEMOTE      FT(IDX_7, RC, 25)
#define F_MOVDIRI       FT(IDX_7, RC, 27)
#define F_MOVDIR64B     FT(IDX_7, RC, 28)
/* leaf 7.0 EDX */
#define F_AVX512_4VNNIW FT(IDX_7, RD, 2)
#define F_AVX512_4FMAPS FT(IDX_7, RD, 3)
#define F_FSRM          FT(IDX_7, RD, 4)
#define F_AVX512_VP2INTERSECT FT(IDX_7, RD, 8)
#define F_RTM_ALWAYS_ABORT FT(IDX_7, RD, 11)
#define F_SERIALIZE     FT(IDX_7, RD, 14)
#define F_TSXLDTRK      FT(IDX_7, RD, 16)
#define F_IBT           FT(IDX_7, RD, 20)
#define F_AMX_BF16      FT(IDX_7, RD, 22)
#define F_AVX512_FP16   FT(IDX_7, RD, 23)
#define F_AMX_TILE      FT(IDX_7, RD, 24)
#define F_AMX_INT8      FT(IDX_7, RD, 25)
/* leaf 0x80000001 ECX / EDX */
#define F_LAHF64_SAHF64 FT(IDX_80000001, RC, 0)
#define F_LZCNT         FT(IDX_80000001, RC, 5)
#define F_SSE4A         FT(IDX_80000001, RC, 6)
#define F_PREFETCHW     FT(IDX_80000001, RC, 8)
#define F_XOP           FT(IDX_80000001, RC, 11)
#define F_FMA4          FT(IDX_80000001, RC, 16)
#define F_TBM           FT(IDX_80000001, RC, 21)
#define F_RDTSCP        FT(IDX_80000001, RD, 27)
/* leaf 0xd.1 EAX */
#define F_XSAVEOPT      FT(IDX_D_1, RA, 0)
#define F_XSAVEC        FT(IDX_D_1, RA, 1)
#define F_XGETBV_ECX_1  FT(IDX_D_1, RA, 2)
#define F_XFD           FT(IDX_D_1, RA, 4)
/* leaf 0x80000008 EBX */
#define F_WBNOINVD      FT(IDX_80000008, RB, 9)
/* leaf 7.1 EAX */
#define F_AVX_VNNI      FT(IDX_7_1, RA, 4)
#define F_AVX512_BF16   FT(IDX_7_1, RA, 5)
#define F_FZLRM         FT(IDX_7_1, RA, 10)
#define F_FSRS          FT(IDX_7_1, RA, 11)
#define F_FSRCS         FT(IDX_7_1, RA, 12)
/* leaf 0x19 EBX */
#define F_AESKLE        FT(IDX_19, RB, 0)
#define F_WIDE_KL       FT(IDX_19, RB, 2)
/* leaf 0x14.0 EBX */
#define F_PTWRITE       FT(IDX_14_0, RB, 4)

/* Preferred-feature bits: order of sysdeps/x86/include/
 * cpu-features-preferred_feature_index_1.def (all in preferred[0]).  */
#define P_Fast_Rep_String             (1u << 0)
#define P_Fast_Copy_Backward          (1u << 1)
#define P_Slow_BSF                    (1u << 2)
#define P_Fast_Unaligned_Load         (1u << 3)
#define P_Prefer_PMINUB_for_stringop  (1u << 4)
#define P_Fast_Unaligned_Copy         (1u << 5)
#define P_I586                        (1u << 6)
#define P_I686                        (1u << 7)
#define P_Slow_SSE4_2                 (1u << 8)
#define P_AVX_Fast_Unaligned_Load     (1u << 9)
#define P_Prefer_No_VZEROUPPER        (1u << 10)
#define P_Prefer_ERMS                 (1u << 11)
#define P_Prefer_No_AVX512            (1u << 12)
#define P_MathVec_Prefer_No_AVX512    (1u << 13)
#define P_Prefer_FSRM                 (1u << 14)
#define P_Avoid_Short_Distance_REP_MOVSB (1u << 15)

/* XCR0 state components (sysdeps/x86/include/cpu-features.h).  */
#define XCR0_XMM        (1u << 1)
#define XCR0_YMM        (1u << 2)
#define XCR0_OPMASK     (1u << 5)
#define XCR0_ZMM0_15    (1u << 6)
#define XCR0_ZMM16_31   (1u << 7)
#define XCR0_XTILECFG   (1u << 17)
#define XCR0_XTILEDATA  (1u << 18)

/* sysdeps/x86/sysdep.h: room for the integer registers saved by
 * _dl_runtime_resolve in front of the XSAVE area, and the state components
 * it saves (SSE, AVX, MPX BNDREGS, opmask, ZMM_Hi256, Hi16_ZMM).  */
#define STATE_SAVE_OFFSET 64u
#define STATE_SAVE_MASK ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 6) | (1u << 7))

/* GNU_PROPERTY_X86_ISA_1_* (elf/elf.h).  */
#define ISA_BASELINE 1u
#define ISA_V2 2u
#define ISA_V3 4u
#define ISA_V4 8u

/* sysdeps/x86/dl-hwcap.h */
#define HWCAP_X86_64       (1u << 1)
#define HWCAP_X86_AVX512_1 (1u << 2)

/* Constant MINSIGSTKSZ of the Linux UAPI / glibc's bits/sigstack.h.  */
#define CONST_MINSIGSTKSZ 2048u

/* Cache parameters in the order of the _SC_LEVEL1_ICACHE_SIZE.._SC_LEVEL4_CACHE_LINESIZE
 * sysconf names (glibc works with name - _SC_LEVEL1_ICACHE_SIZE).  */
enum {
  C_L1I_SIZE = 0, C_L1I_ASSOC, C_L1I_LINE,
  C_L1D_SIZE, C_L1D_ASSOC, C_L1D_LINE,
  C_L2_SIZE, C_L2_ASSOC, C_L2_LINE,
  C_L3_SIZE, C_L3_ASSOC, C_L3_LINE,
  C_L4_SIZE, C_L4_ASSOC, C_L4_LINE
};

/* ---------------------------------------------------------------------- */
/* Test hooks                                                              */

#ifdef CPUF_TEST_HOOKS
__attribute__((visibility("default"))) unsigned x86_cpuid_exec_count;
__attribute__((visibility("default"))) void (*x86_cpuid_hook)(uint32_t, uint32_t, uint32_t[4]);
__attribute__((visibility("default"))) uint64_t (*x86_xgetbv_hook)(void);
#endif

/* ---------------------------------------------------------------------- */
/* Working state                                                           */

#define CPUID_CACHE_MAX 64

struct cpuid_entry { uint32_t leaf, sub, r[4]; };

struct st {
  /* mirror of struct cpu_features */
  uint32_t kind;
  int32_t max_cpuid;   /* int in glibc: compared signed, except in handle_intel */
  uint32_t family, model, stepping;
  uint32_t cpuid[NIDX][4];
  uint32_t active[NIDX][4];
  uint32_t preferred;
  uint32_t isa_1;
  uint64_t xsave_state_size;
  uint32_t xsave_state_full_size;
  uint64_t data_cache_size, shared_cache_size, non_temporal_threshold,
           rep_movsb_threshold, rep_movsb_stop_threshold, rep_stosb_threshold;
  uint64_t l1i_size, l1i_line, l1d_size, l1d_assoc, l1d_line,
           l2_size, l2_assoc, l2_line, l3_size, l3_assoc, l3_line, l4_size;
  /* GLRO values decided alongside */
  uint64_t minsigstacksize;
  uint64_t hwcap;
  const char *platform;
  /* CPUID results already read */
  unsigned ncache;
  struct cpuid_entry cache[CPUID_CACHE_MAX];
};

static void zero_bytes(void *p, unsigned long n)
{
  /* rep stosb: a plain loop may be turned into a memset call.  */
  __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

static void cpuid_exec(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
#ifdef CPUF_TEST_HOOKS
  x86_cpuid_exec_count++;
  if (x86_cpuid_hook) {
    x86_cpuid_hook(leaf, sub, r);
    return;
  }
#endif
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

/* CPUID (leaf, subleaf), each pair executed at most once.  glibc issues
 * subleaf-less leaves with an undefined ECX; those leaves ignore ECX, so 0
 * is used for them.  */
static void cpuid(struct st *s, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
  for (unsigned i = 0; i < s->ncache; i++) {
    const struct cpuid_entry *e = &s->cache[i];
    if (e->leaf == leaf && e->sub == sub) {
      r[0] = e->r[0]; r[1] = e->r[1]; r[2] = e->r[2]; r[3] = e->r[3];
      return;
    }
  }
  cpuid_exec(leaf, sub, r);
  if (s->ncache < CPUID_CACHE_MAX) {
    struct cpuid_entry *e = &s->cache[s->ncache++];
    e->leaf = leaf; e->sub = sub;
    e->r[0] = r[0]; e->r[1] = r[1]; e->r[2] = r[2]; e->r[3] = r[3];
  }
}

static uint32_t xgetbv0(void)
{
#ifdef CPUF_TEST_HOOKS
  if (x86_xgetbv_hook)
    return (uint32_t)x86_xgetbv_hook();
#endif
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  (void)hi;
  return lo;
}

/* Feature bit helpers (CPU_FEATURE_* macros of cpu-features.h).  */
static inline uint32_t fbit(unsigned f) { return 1u << (f & 31); }
static inline int cpu_p(const struct st *s, unsigned f)
{ return (s->cpuid[f >> 7][(f >> 5) & 3] & fbit(f)) != 0; }
static inline int usable_p(const struct st *s, unsigned f)
{ return (s->active[f >> 7][(f >> 5) & 3] & fbit(f)) != 0; }
/* CPU_FEATURE_SET_ACTIVE: active |= cpuid bit */
static inline void copy_bit(struct st *s, unsigned f)
{ s->active[f >> 7][(f >> 5) & 3] |= s->cpuid[f >> 7][(f >> 5) & 3] & fbit(f); }
/* CPU_FEATURE_SET: active |= bit */
static inline void set_bit(struct st *s, unsigned f)
{ s->active[f >> 7][(f >> 5) & 3] |= fbit(f); }
/* CPU_FEATURE_UNSET */
static inline void clear_bit(struct st *s, unsigned f)
{ s->active[f >> 7][(f >> 5) & 3] &= ~fbit(f); }

static inline uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }

/* ---------------------------------------------------------------------- */
/* Reading the raw leaves (get_common_indices / get_extended_indices)      */

static void read_leaf(struct st *s, int idx, uint32_t leaf, uint32_t sub)
{
  cpuid(s, leaf, sub, s->cpuid[idx]);
}

/* Emulated AT_MINSIGSTKSZ (sysdeps/unix/sysv/linux/x86/dl-minsigstacksize.h),
 * used when the kernel passed none.  */
static void check_minsigstacksize(struct st *s)
{
  if (s->minsigstacksize != 0)
    return;
  if (s->max_cpuid >= 0xd && cpu_p(s, F_OSXSAVE)) {
    /* rt_sigframe (440) + return address (8), +15 to align to 16, rounded to
     * 16, plus the padding that puts the XSAVE buffer on 64 bytes, the XSAVE
     * buffer itself, and the 4-byte FP_XSTATE_MAGIC2 trailer.  */
    uint32_t size = align_up(440 + 8 + 15, 16) + (64 - 16);
    uint32_t r[4];
    cpuid(s, 0xd, 0, r);
    size += r[RB];
    size += 4;
    s->minsigstacksize = size;
  } else {
    s->minsigstacksize = CONST_MINSIGSTKSZ;
  }
}

/* With_leaf1 == 0 for unknown vendors, where glibc reads no leaf 1.  */
static void read_common_leaves(struct st *s, int with_leaf1)
{
  if (with_leaf1) {
    read_leaf(s, IDX_1, 1, 0);
    uint32_t eax = s->cpuid[IDX_1][RA];
    uint32_t ext_model = (eax >> 12) & 0xf0;
    s->family = (eax >> 8) & 0x0f;
    s->model = (eax >> 4) & 0x0f;
    s->stepping = eax & 0x0f;
    if (s->family == 0x0f) {
      s->family += (eax >> 20) & 0xff;
      s->model += ext_model;
    }
  }
  if (s->max_cpuid >= 7) {
    read_leaf(s, IDX_7, 7, 0);
    read_leaf(s, IDX_7_1, 7, 1);
  }
  if (s->max_cpuid >= 0xd)
    read_leaf(s, IDX_D_1, 0xd, 1);
  if (s->max_cpuid >= 0x14)
    read_leaf(s, IDX_14_0, 0x14, 0);
  if (s->max_cpuid >= 0x19)
    read_leaf(s, IDX_19, 0x19, 0);
  check_minsigstacksize(s);
}

static void read_extended_leaves(struct st *s)
{
  uint32_t r[4];
  cpuid(s, 0x80000000, 0, r);
  if (r[RA] >= 0x80000001)
    read_leaf(s, IDX_80000001, 0x80000001, 0);
  if (r[RA] >= 0x80000007)
    read_leaf(s, IDX_80000007, 0x80000007, 0);
  if (r[RA] >= 0x80000008)
    read_leaf(s, IDX_80000008, 0x80000008, 0);
}

/* ---------------------------------------------------------------------- */
/* update_active                                                           */

/* Features usable whenever the CPU reports them.  */
static const unsigned short plain_features[] = {
  F_SSE3, F_PCLMULQDQ, F_SSSE3, F_CMPXCHG16B, F_SSE4_1, F_SSE4_2, F_MOVBE,
  F_POPCNT, F_AES, F_OSXSAVE, F_TSC, F_CX8, F_CMOV, F_CLFSH, F_MMX, F_FXSR,
  F_SSE, F_SSE2, F_HTT, F_BMI1, F_HLE, F_BMI2, F_ERMS, F_RDSEED, F_ADX,
  F_CLFLUSHOPT, F_CLWB, F_SHA, F_PREFETCHWT1, F_OSPKE, F_WAITPKG, F_GFNI,
  F_RDPID, F_RDRAND, F_CLDEMOTE, F_MOVDIRI, F_MOVDIR64B, F_FSRM,
  F_RTM_ALWAYS_ABORT, F_SERIALIZE, F_TSXLDTRK, F_LAHF64_SAHF64, F_LZCNT,
  F_SSE4A, F_PREFETCHW, F_TBM, F_RDTSCP, F_WBNOINVD, F_FZLRM, F_FSRS,
  F_FSRCS, F_PTWRITE,
};

/* Usable when AVX is (YMM state enabled).  */
static const unsigned short avx_dependent[] = {
  F_AVX_VNNI, F_FMA, F_VAES, F_VPCLMULQDQ, F_XOP, F_F16C,
};

/* Usable when AVX512F is (opmask and ZMM states enabled).  */
static const unsigned short avx512_dependent[] = {
  F_AVX512CD, F_AVX512ER, F_AVX512PF, F_AVX512VL, F_AVX512DQ, F_AVX512BW,
  F_AVX512_4FMAPS, F_AVX512_4VNNIW, F_AVX512_BITALG, F_AVX512_IFMA,
  F_AVX512_VBMI, F_AVX512_VBMI2, F_AVX512_VNNI, F_AVX512_VPOPCNTDQ,
  F_AVX512_VP2INTERSECT, F_AVX512_BF16, F_AVX512_FP16,
};

/* Everything the XSAVE check at the end of init_cpu_features turns off.  */
static const unsigned short xsave_dependent[] = {
  F_AVX, F_AVX2, F_AVX_VNNI, F_FMA, F_VAES, F_VPCLMULQDQ, F_XOP, F_F16C,
  F_AVX512F, F_AVX512CD, F_AVX512ER, F_AVX512PF, F_AVX512VL, F_AVX512DQ,
  F_AVX512BW, F_AVX512_4FMAPS, F_AVX512_4VNNIW, F_AVX512_BITALG,
  F_AVX512_IFMA, F_AVX512_VBMI, F_AVX512_VBMI2, F_AVX512_VNNI,
  F_AVX512_VPOPCNTDQ, F_AVX512_VP2INTERSECT, F_AVX512_BF16, F_AVX512_FP16,
  F_AMX_BF16, F_AMX_TILE, F_AMX_INT8, F_FMA4,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void xsave_sizes(struct st *s)
{
  uint32_t r[4];
  cpuid(s, 0xd, 0, r);
  if (r[RB] == 0)
    return;
  uint32_t full = align_up(r[RB] + STATE_SAVE_OFFSET, 64);
  s->xsave_state_size = full;
  s->xsave_state_full_size = full;
  if (!cpu_p(s, F_XSAVEC))
    return;

  /* Compacted layout of the components in STATE_SAVE_MASK: legacy area
   * (x87 160 + SSE 256) and XSAVE header end at 576; component i >= 2 sits
   * after component i-1, aligned to 64 when CPUID(0xd,i).ECX bit 1 says so. */
  uint32_t offset = 576, size = 0;
  for (unsigned i = 2; i < 32; i++) {
    uint32_t sz = 0, ecx = 0;
    if (STATE_SAVE_MASK & (1u << i)) {
      cpuid(s, 0xd, i, r);
      sz = r[RA];
      ecx = r[RC];
    }
    if (i > 2) {
      offset += size;
      if (ecx & 2)
        offset = align_up(offset, 64);
    }
    size = sz;
  }
  uint32_t total = offset + size;
  if (total != 0) {
    s->xsave_state_size = align_up(total + STATE_SAVE_OFFSET, 64);
    set_bit(s, F_XSAVEC);
  }
}

static uint32_t isa_level(const struct st *s)
{
  uint32_t lvl = 0;
  if (!(usable_p(s, F_CMOV) && usable_p(s, F_CX8) && cpu_p(s, F_FPU)
        && usable_p(s, F_FXSR) && usable_p(s, F_MMX) && usable_p(s, F_SSE)
        && usable_p(s, F_SSE2)))
    return lvl;
  lvl |= ISA_BASELINE;
  if (!(usable_p(s, F_CMPXCHG16B) && usable_p(s, F_LAHF64_SAHF64)
        && usable_p(s, F_POPCNT) && usable_p(s, F_SSE3) && usable_p(s, F_SSSE3)
        && usable_p(s, F_SSE4_1) && usable_p(s, F_SSE4_2)))
    return lvl;
  lvl |= ISA_V2;
  if (!(usable_p(s, F_AVX) && usable_p(s, F_AVX2) && usable_p(s, F_BMI1)
        && usable_p(s, F_BMI2) && usable_p(s, F_F16C) && usable_p(s, F_FMA)
        && usable_p(s, F_LZCNT) && usable_p(s, F_MOVBE)))
    return lvl;
  lvl |= ISA_V3;
  if (usable_p(s, F_AVX512F) && usable_p(s, F_AVX512BW) && usable_p(s, F_AVX512CD)
      && usable_p(s, F_AVX512DQ) && usable_p(s, F_AVX512VL))
    lvl |= ISA_V4;
  return lvl;
}

static void update_active(struct st *s)
{
  for (unsigned i = 0; i < NELEM(plain_features); i++)
    copy_bit(s, plain_features[i]);

  if (!cpu_p(s, F_RTM_ALWAYS_ABORT))
    copy_bit(s, F_RTM);

  /* IBT / SHSTK: glibc (CET build) marks them active here and clears them
   * again at the end of init_cpu_features unless arch_prctl(ARCH_CET_STATUS)
   * reports them enabled, which no upstream kernel does; the net effect is
   * that they are never active, so they are not touched at all.  */

  if (cpu_p(s, F_OSXSAVE)) {
    uint32_t xcr0 = xgetbv0();
    if ((xcr0 & (XCR0_YMM | XCR0_XMM)) == (XCR0_YMM | XCR0_XMM)) {
      if (cpu_p(s, F_AVX)) {
        set_bit(s, F_AVX);
        if (cpu_p(s, F_AVX2)) {
          set_bit(s, F_AVX2);
          s->preferred |= P_AVX_Fast_Unaligned_Load;
        }
        for (unsigned i = 0; i < NELEM(avx_dependent); i++)
          copy_bit(s, avx_dependent[i]);
      }
      if ((xcr0 & (XCR0_OPMASK | XCR0_ZMM0_15 | XCR0_ZMM16_31))
          == (XCR0_OPMASK | XCR0_ZMM0_15 | XCR0_ZMM16_31)) {
        if (cpu_p(s, F_AVX512F)) {
          set_bit(s, F_AVX512F);
          for (unsigned i = 0; i < NELEM(avx512_dependent); i++)
            copy_bit(s, avx512_dependent[i]);
        }
      }
    }
    if ((xcr0 & (XCR0_XTILECFG | XCR0_XTILEDATA)) == (XCR0_XTILECFG | XCR0_XTILEDATA)) {
      copy_bit(s, F_AMX_BF16);
      copy_bit(s, F_AMX_TILE);
      copy_bit(s, F_AMX_INT8);
    }
    set_bit(s, F_XSAVE);
    copy_bit(s, F_XSAVEOPT);
    copy_bit(s, F_XSAVEC);
    copy_bit(s, F_XGETBV_ECX_1);
    copy_bit(s, F_XFD);

    if (s->max_cpuid >= 0xd)
      xsave_sizes(s);
  }

  if (cpu_p(s, F_OSPKE))
    set_bit(s, F_PKU);

  if (cpu_p(s, F_AESKLE)) {
    set_bit(s, F_AESKLE);
    copy_bit(s, F_KL);
    copy_bit(s, F_WIDE_KL);
  }

  s->isa_1 = isa_level(s);
}

/* ---------------------------------------------------------------------- */
/* Vendor-specific preferences (init_cpu_features)                         */

static void intel_tuning(struct st *s, uint32_t ext_model)
{
  if (s->family == 0x06) {
    s->model += ext_model;
    switch (s->model) {
    case 0x1c: case 0x26:
      /* Atom (Bonnell): slow BSF.  */
      s->preferred |= P_Slow_BSF;
      break;
    case 0x57:                               /* Knights Landing */
    case 0x7a:                               /* Goldmont Plus */
    case 0x5c: case 0x5f:                    /* Goldmont */
    case 0x4c: case 0x5a: case 0x75:         /* Airmont */
    case 0x37: case 0x4a: case 0x4d: case 0x5d: /* Silvermont */
      s->preferred |= P_Fast_Unaligned_Load | P_Fast_Unaligned_Copy
                      | P_Prefer_PMINUB_for_stringop | P_Slow_SSE4_2;
      break;
    case 0x86: case 0x96: case 0x9c:         /* Tremont */
      s->preferred |= P_Fast_Rep_String | P_Fast_Unaligned_Load
                      | P_Fast_Unaligned_Copy | P_Prefer_PMINUB_for_stringop
                      | P_Slow_SSE4_2;
      break;
    case 0x1a: case 0x1e: case 0x1f: case 0x25:
    case 0x2c: case 0x2e: case 0x2f:         /* Nehalem / Westmere */
      s->preferred |= P_Fast_Rep_String | P_Fast_Unaligned_Load
                      | P_Fast_Unaligned_Copy | P_Prefer_PMINUB_for_stringop;
      break;
    default:
      /* Unknown family-6 model: treated as a Core i3/i5/i7 if it has AVX.  */
      if (cpu_p(s, F_AVX))
        s->preferred |= P_Fast_Rep_String | P_Fast_Unaligned_Load
                        | P_Fast_Unaligned_Copy | P_Prefer_PMINUB_for_stringop;
      break;
    }

    /* TSX on parts whose microcode may not have disabled it.  */
    int disable_tsx = 0;
    switch (s->model) {
    case 0x55:
      disable_tsx = s->stepping <= 5;
      break;
    case 0x8e: case 0x9e:
      disable_tsx = s->stepping <= 0xc;
      break;
    case 0x4e: case 0x5e:
      disable_tsx = 1;
      break;
    case 0x3f:
      if (s->stepping >= 4)
        break;
      /* fall through */
    case 0x3c: case 0x45: case 0x46:
      /* Haswell: RTM off (HLE untouched).  */
      clear_bit(s, F_RTM);
      break;
    default:
      break;
    }
    if (disable_tsx) {
      clear_bit(s, F_HLE);
      clear_bit(s, F_RTM);
      set_bit(s, F_RTM_ALWAYS_ABORT);
    }
  }

  if (cpu_p(s, F_AVX512ER)) {
    /* Xeon Phi */
    s->preferred |= P_Prefer_No_VZEROUPPER;
  } else {
    /* AVX-512 without AVX-VNNI lowers the frequency on ZMM use.  */
    if (!cpu_p(s, F_AVX_VNNI))
      s->preferred |= P_Prefer_No_AVX512;
    /* VZEROUPPER aborts RTM transactions.  */
    if (usable_p(s, F_RTM))
      s->preferred |= P_Prefer_No_VZEROUPPER;
  }

  if (cpu_p(s, F_FSRM))
    s->preferred |= P_Avoid_Short_Distance_REP_MOVSB;
}

static void amd_tuning(struct st *s)
{
  /* FMA4 lives in leaf 0x80000001 but needs AVX.  */
  if (usable_p(s, F_AVX))
    copy_bit(s, F_FMA4);

  if (s->family == 0x15 && s->model >= 0x60 && s->model <= 0x7f) {
    /* Excavator */
    s->preferred |= P_Fast_Unaligned_Load | P_Fast_Copy_Backward;
    s->preferred &= ~P_AVX_Fast_Unaligned_Load;
  }
}

static void zhaoxin_tuning(struct st *s, uint32_t ext_model)
{
  /* glibc adds the extended model for every Zhaoxin family.  */
  s->model += ext_model;
  int no_avx = 0, slow_sse42 = 0;
  if (s->family == 0x6) {
    if (s->model == 0xf || s->model == 0x19)
      no_avx = slow_sse42 = 1;
  } else if (s->family == 0x7) {
    if (s->model == 0x1b)
      no_avx = slow_sse42 = 1;
    else if (s->model == 0x3b)
      no_avx = 1;
  }
  if (no_avx) {
    clear_bit(s, F_AVX);
    clear_bit(s, F_AVX2);
    if (slow_sse42)
      s->preferred |= P_Slow_SSE4_2;
    s->preferred &= ~P_AVX_Fast_Unaligned_Load;
  }
}

/* ---------------------------------------------------------------------- */
/* Cache information (dl-cacheinfo.h)                                      */

/* CPUID leaf 2 descriptors that describe a cache (Intel SDM vol. 2A,
 * "Encoding of CPUID Leaf 2 Descriptors"), as far as glibc 2.36 knows them:
 * descriptor, cache (C_L1I_SIZE / C_L1D_SIZE / C_L2_SIZE / C_L3_SIZE),
 * size in KiB, ways, line size.  */
struct leaf2_desc { uint8_t desc, cache, ways, line; uint16_t kib; };
#define D(desc, cache, kib, ways, line) { desc, cache, ways, line, kib }
static const struct leaf2_desc leaf2_table[] = {
  /* level 1 instruction */
  D(0x06, C_L1I_SIZE, 8, 4, 32),   D(0x08, C_L1I_SIZE, 16, 4, 32),
  D(0x09, C_L1I_SIZE, 32, 4, 32),  D(0x30, C_L1I_SIZE, 32, 8, 64),
  /* level 1 data */
  D(0x0a, C_L1D_SIZE, 8, 2, 32),   D(0x0c, C_L1D_SIZE, 16, 4, 32),
  D(0x0d, C_L1D_SIZE, 16, 4, 64),  D(0x0e, C_L1D_SIZE, 24, 6, 64),
  D(0x2c, C_L1D_SIZE, 32, 8, 64),  D(0x60, C_L1D_SIZE, 16, 8, 64),
  D(0x66, C_L1D_SIZE, 8, 4, 64),   D(0x67, C_L1D_SIZE, 16, 4, 64),
  D(0x68, C_L1D_SIZE, 32, 4, 64),
  /* level 2 */
  D(0x21, C_L2_SIZE, 256, 8, 64),  D(0x39, C_L2_SIZE, 128, 4, 64),
  D(0x3a, C_L2_SIZE, 192, 6, 64),  D(0x3b, C_L2_SIZE, 128, 2, 64),
  D(0x3c, C_L2_SIZE, 256, 4, 64),  D(0x3d, C_L2_SIZE, 384, 6, 64),
  D(0x3e, C_L2_SIZE, 512, 4, 64),  D(0x3f, C_L2_SIZE, 256, 2, 64),
  D(0x41, C_L2_SIZE, 128, 4, 32),  D(0x42, C_L2_SIZE, 256, 4, 32),
  D(0x43, C_L2_SIZE, 512, 4, 32),  D(0x44, C_L2_SIZE, 1024, 4, 32),
  D(0x45, C_L2_SIZE, 2048, 4, 32), D(0x48, C_L2_SIZE, 3072, 12, 64),
  D(0x49, C_L2_SIZE, 4096, 16, 64), D(0x4e, C_L2_SIZE, 6144, 24, 64),
  D(0x78, C_L2_SIZE, 1024, 8, 64), D(0x79, C_L2_SIZE, 128, 8, 64),
  D(0x7a, C_L2_SIZE, 256, 8, 64),  D(0x7b, C_L2_SIZE, 512, 8, 64),
  D(0x7c, C_L2_SIZE, 1024, 8, 64), D(0x7d, C_L2_SIZE, 2048, 8, 64),
  D(0x7f, C_L2_SIZE, 512, 2, 64),  D(0x80, C_L2_SIZE, 512, 8, 64),
  D(0x82, C_L2_SIZE, 256, 8, 32),  D(0x83, C_L2_SIZE, 512, 8, 32),
  D(0x84, C_L2_SIZE, 1024, 8, 32), D(0x85, C_L2_SIZE, 2048, 8, 32),
  D(0x86, C_L2_SIZE, 512, 4, 64),  D(0x87, C_L2_SIZE, 1024, 8, 64),
  /* level 3 */
  D(0x22, C_L3_SIZE, 512, 4, 64),  D(0x23, C_L3_SIZE, 1024, 8, 64),
  D(0x25, C_L3_SIZE, 2048, 8, 64), D(0x29, C_L3_SIZE, 4096, 8, 64),
  D(0x46, C_L3_SIZE, 4096, 4, 64), D(0x47, C_L3_SIZE, 8192, 8, 64),
  D(0x4a, C_L3_SIZE, 6144, 12, 64), D(0x4b, C_L3_SIZE, 8192, 16, 64),
  D(0x4c, C_L3_SIZE, 12288, 12, 64), D(0x4d, C_L3_SIZE, 16384, 16, 64),
  D(0xd0, C_L3_SIZE, 512, 4, 64),  D(0xd1, C_L3_SIZE, 1024, 4, 64),
  D(0xd2, C_L3_SIZE, 2048, 4, 64), D(0xd6, C_L3_SIZE, 1024, 8, 64),
  D(0xd7, C_L3_SIZE, 2048, 8, 64), D(0xd8, C_L3_SIZE, 4096, 8, 64),
  D(0xdc, C_L3_SIZE, 2048, 12, 64), D(0xdd, C_L3_SIZE, 4096, 12, 64),
  D(0xde, C_L3_SIZE, 8192, 12, 64), D(0xe2, C_L3_SIZE, 2048, 16, 64),
  D(0xe3, C_L3_SIZE, 4096, 16, 64), D(0xe4, C_L3_SIZE, 8192, 16, 64),
  D(0xea, C_L3_SIZE, 12288, 24, 64), D(0xeb, C_L3_SIZE, 18432, 24, 64),
  D(0xec, C_L3_SIZE, 24576, 24, 64),
};
#undef D

/* descriptor byte -> 1 + table index, built on first use: the table is
   grouped by cache level, and leaf-2 decoding looks up every byte of four
   registers for each of the cache parameters */
static uint8_t leaf2_index[256];

static const struct leaf2_desc *leaf2_lookup(uint32_t desc)
{
  if (!leaf2_index[leaf2_table[0].desc])
    for (unsigned i = 0; i < NELEM(leaf2_table); i++)
      leaf2_index[leaf2_table[i].desc] = (uint8_t)(i + 1);
  unsigned i = leaf2_index[desc & 0xff];
  return i ? &leaf2_table[i - 1] : 0;
}

/* Leaf 4 ("deterministic cache parameters") subleaves are enumerated until
 * a null type.  glibc has no bound; this code stops after LEAF4_MAX
 * (DEVIATION, only for CPUs that never report the end).  */
#define LEAF4_MAX 32

/* The value of cache parameter `name' from a leaf 4 entry.  */
static long leaf4_value(int offset, const uint32_t r[4])
{
  uint32_t ebx = r[RB], ecx = r[RC];
  uint32_t ways = (ebx >> 22) + 1, parts = ((ebx >> 12) & 0x3ff) + 1,
           line = (ebx & 0xfff) + 1, sets = ecx + 1;
  if (offset == 0)
    return (long)(ways * parts * line * sets); /* unsigned int product, as in glibc */
  if (offset == 1)
    return (long)ways;
  return (long)line;
}

/* Does leaf 4 entry (level, type) describe cache group `group'?  */
static int leaf4_matches(int group, uint32_t eax, int with_l4)
{
  uint32_t type = eax & 0x1f, level = (eax >> 5) & 7;
  return (level == 1 && type == 1 && group == C_L1D_SIZE)
      || (level == 1 && type == 2 && group == C_L1I_SIZE)
      || (level == 2 && group == C_L2_SIZE)
      || (level == 3 && group == C_L3_SIZE)
      || (with_l4 && level == 4 && group == C_L4_SIZE);
}

/* intel_check_word: look `name' up in one register of CPUID leaf 2.  */
static long intel_check_word(struct st *s, int name, uint32_t value, int *no_level_2_or_3)
{
  if (value & 0x80000000u)
    return 0;   /* register contents reserved */
  int group = name / 3 * 3;
  while (value != 0) {
    uint32_t byte = value & 0xff;
    if (byte == 0x40) {
      /* "no L2, or no L3 if an L2 is present" */
      *no_level_2_or_3 = 1;
      if (group == C_L3_SIZE)
        break;
    } else if (byte == 0xff) {
      /* Everything is in leaf 4.  */
      for (uint32_t sub = 0; sub < LEAF4_MAX; sub++) {
        uint32_t r[4];
        cpuid(s, 4, sub, r);
        if ((r[RA] & 0x1f) == 0)
          break;
        if (leaf4_matches(group, r[RA], 1))
          return leaf4_value(name - group, r);
      }
      return -1;
    } else {
      /* Descriptor 0x49 means L3 on family 15 model 6, L2 elsewhere.  */
      if (byte == 0x49 && group == C_L3_SIZE && s->family == 15 && s->model == 6) {
        name = C_L2_SIZE + (name - C_L3_SIZE);
        group = C_L2_SIZE;
      }
      const struct leaf2_desc *d = leaf2_lookup(byte);
      if (d && d->cache == group) {
        int offset = name - group;
        if (offset == 0)
          return (long)d->kib * 1024;
        if (offset == 1)
          return d->ways;
        return d->line;
      }
    }
    value >>= 8;
  }
  return 0;
}

static long handle_intel(struct st *s, int name)
{
  if ((uint32_t)s->max_cpuid < 2)
    return -1;
  uint32_t r[4];
  int no_level_2_or_3 = 0;
  cpuid(s, 2, 0, r);
  /* The low byte of EAX must be 1; otherwise only leaf 4 is trusted.  */
  if ((r[RA] & 0xff) != 1)
    return intel_check_word(s, name, 0xff, &no_level_2_or_3);
  r[RA] &= 0xffffff00u;
  for (int i = 0; i < 4; i++) {
    long v = intel_check_word(s, name, r[i], &no_level_2_or_3);
    if (v != 0)
      return v;
  }
  if (name >= C_L2_SIZE && name <= C_L3_LINE && no_level_2_or_3)
    return -1;
  return 0;
}

static long handle_zhaoxin(struct st *s, int name)
{
  int group = name / 3 * 3;
  for (uint32_t sub = 0; sub < LEAF4_MAX; sub++) {
    uint32_t r[4];
    cpuid(s, 4, sub, r);
    if ((r[RA] & 0x1f) == 0)
      break;
    if (leaf4_matches(group, r[RA], 0))
      return leaf4_value(name - group, r);
  }
  return 0;
}

/* AMD associativity encoding of leaf 0x80000006 (ECX[15:12] / EDX[15:12]).  */
static long amd_assoc(uint32_t code, long size, uint32_t line)
{
  switch (code) {
  case 0: case 1: case 2: case 4: return code;
  case 6: return 8;
  case 8: return 16;
  case 10: return 32;
  case 11: return 48;
  case 12: return 64;
  case 13: return 96;
  case 14: return 128;
  case 15: /* fully associative: size / line (DEVIATION: glibc divides by 0 if line is 0) */
    return line ? size / (long)line : 0;
  default: return 0;
  }
}

static long handle_amd(struct st *s, int name)
{
  uint32_t r[4];
  cpuid(s, 0x80000000, 0, r);
  if (name > C_L3_LINE)
    return 0;
  uint32_t fn = name >= C_L2_SIZE ? 0x80000006 : 0x80000005;
  if (r[RA] < fn)
    return 0;
  cpuid(s, fn, 0, r);
  uint32_t ecx = r[RC], edx = r[RD];
  if (name < C_L1D_SIZE) {
    /* L1 instruction cache: same encoding in EDX.  */
    name += C_L1D_SIZE - C_L1I_SIZE;
    ecx = edx;
  }
  switch (name) {
  case C_L1D_SIZE:
    return (ecx >> 14) & 0x3fc00;
  case C_L1D_ASSOC:
    ecx >>= 16;
    if ((ecx & 0xff) == 0xff)
      return (ecx << 2) & 0x3fc00;
    return ecx & 0xff;
  case C_L1D_LINE:
    return ecx & 0xff;
  case C_L2_SIZE:
    return (ecx & 0xf000) == 0 ? 0 : (ecx >> 6) & 0x3fffc00;
  case C_L2_ASSOC:
    return amd_assoc((ecx >> 12) & 0xf, (ecx >> 6) & 0x3fffc00, ecx & 0xff);
  case C_L2_LINE:
    return (ecx & 0xf000) == 0 ? 0 : ecx & 0xff;
  case C_L3_SIZE:
    return (edx & 0xf000) == 0 ? 0 : (long)((edx & 0x3ffc0000u) << 1);
  case C_L3_ASSOC:
    return amd_assoc((edx >> 12) & 0xf, (long)((edx & 0x3ffc0000u) << 1), edx & 0xff);
  case C_L3_LINE:
    return (edx & 0xf000) == 0 ? 0 : edx & 0xff;
  default:
    return -1;
  }
}

/* Bit index of the highest set bit (bsr); never called with 0.  */
static int bsr32(uint32_t x) { return x ? 31 - __builtin_clz(x) : 0; }

/* get_common_cache_info (Intel and Zhaoxin): reduce `shared' to the share
 * of one thread and account for non-inclusive caches.  */
static void common_cache_info(struct st *s, long *shared_p, long *per_thread_p, long core)
{
  long shared = *shared_p, per_thread = *per_thread_p;
  unsigned threads = 0;
  int threads_l2, threads_l3;
  int inclusive = 1;
  int count_mask_ok = !(s->kind == CPUF_KIND_ZHAOXIN && s->family == 6);
  int level = 3;
  uint32_t r[4];

  if (shared <= 0) {
    /* No L3: use L2.  */
    level = 2;
    shared = core;
    per_thread = core;
    threads_l2 = 0;
    threads_l3 = -1;
  } else {
    threads_l2 = 0;
    threads_l3 = 0;
  }

  if (cpu_p(s, F_HTT)) {
    int no_info = 0;
    if (s->max_cpuid >= 4) {
      /* Logical processors sharing L2 / L3, from leaf 4.  */
      int want = 1 | (threads_l3 == 0) << 1;
      for (uint32_t sub = 0; want; sub++) {
        if (sub >= LEAF4_MAX)
          break; /* DEVIATION: glibc loops forever here (Zhaoxin only) */
        cpuid(s, 4, sub, r);
        if (s->kind == CPUF_KIND_INTEL && (r[RA] & 0x1f) == 0) {
          /* Some Pentium D stop early: no information.  */
          no_info = 1;
          break;
        }
        uint32_t lvl = (r[RA] >> 5) & 7;
        if (lvl == 2 && (want & 1)) {
          threads_l2 = (r[RA] >> 14) & 0x3ff;
          want &= ~1;
        } else if (lvl == 3 && (want & 2)) {
          threads_l3 = (r[RA] >> 14) & 0x3ff;
          inclusive = (r[RD] & 2) != 0;
          want &= ~2;
        }
      }

      if (!no_info) {
        /* From leaf 0xb on, leaf 4 gives the number of addressable IDs;
         * mask it with the number of threads per core / per package.  */
        if (s->max_cpuid >= 11 && count_mask_ok) {
          int count = (threads_l2 > 0 && level == 3)
                      | ((threads_l3 > 0 || (threads_l2 > 0 && level == 2)) << 1);
          for (uint32_t sub = 0; count; sub++) {
            cpuid(s, 11, sub, r);
            int shipped = r[RB] & 0xff;
            int type = r[RC] & 0xff00;
            if (shipped == 0 || type == 0)
              break;
            if (type == 0x100) {
              /* SMT level */
              if (count & 1) {
                int mask = bsr32((uint32_t)threads_l2);
                mask = (int)~(~0u << (mask + 1));
                threads_l2 = (shipped - 1) & mask;
                count &= ~1;
              }
            } else if (type == 0x200) {
              /* core level */
              if (count & 2) {
                int t = level == 2 ? threads_l2 : threads_l3;
                int mask = bsr32((uint32_t)t);
                mask = (int)~(~0u << (mask + 1));
                t = (shipped - 1) & mask;
                if (level == 2)
                  threads_l2 = t;
                else
                  threads_l3 = t;
                count &= ~2;
              }
            }
          }
        }
        if (threads_l2 > 0)
          threads_l2 += 1;
        if (threads_l3 > 0)
          threads_l3 += 1;
        if (level == 2) {
          if (threads_l2) {
            threads = (unsigned)threads_l2;
            if (s->kind == CPUF_KIND_INTEL && threads > 2 && s->family == 6) {
              switch (s->model) {
              case 0x37: case 0x4a: case 0x4d: case 0x5a: case 0x5d:
                threads = 2; /* Silvermont: L2 shared by 2 cores */
                break;
              default:
                break;
              }
            }
          }
        } else if (threads_l3) {
          threads = (unsigned)threads_l3;
        }
      }
    } else {
      no_info = 1;
    }
    if (no_info) {
      /* Assume all logical processors share the highest level.  */
      threads = (s->cpuid[IDX_1][RB] >> 16) & 0xff;
    }
    if (per_thread > 0 && threads > 0)
      per_thread /= (long)threads;
  }

  if (!inclusive) {
    long core_per_thread = threads_l2 > 0 ? core / threads_l2 : core;
    per_thread += core_per_thread;
    shared += core;
  }

  *shared_p = shared;
  *per_thread_p = per_thread;
}

static void cache_info(struct st *s, const struct x86_cpu_tunables *t)
{
  long data = -1, shared = -1, per_thread = -1, core = -1;
  long l1i_size = -1, l1i_line = -1, l1d_size = -1, l1d_assoc = -1, l1d_line = -1,
       l2_size = -1, l2_assoc = -1, l2_line = -1, l3_size = -1, l3_assoc = -1,
       l3_line = -1, l4_size = -1;

  if (s->kind == CPUF_KIND_INTEL) {
    data = handle_intel(s, C_L1D_SIZE);
    core = handle_intel(s, C_L2_SIZE);
    shared = handle_intel(s, C_L3_SIZE);
    per_thread = shared;
    l1i_size = handle_intel(s, C_L1I_SIZE);
    l1i_line = handle_intel(s, C_L1I_LINE);
    l1d_size = data;
    l1d_assoc = handle_intel(s, C_L1D_ASSOC);
    l1d_line = handle_intel(s, C_L1D_LINE);
    l2_size = core;
    l2_assoc = handle_intel(s, C_L2_ASSOC);
    l2_line = handle_intel(s, C_L2_LINE);
    l3_size = shared;
    l3_assoc = handle_intel(s, C_L3_ASSOC);
    l3_line = handle_intel(s, C_L3_LINE);
    l4_size = handle_intel(s, C_L4_SIZE);
    common_cache_info(s, &shared, &per_thread, core);
  } else if (s->kind == CPUF_KIND_ZHAOXIN) {
    data = handle_zhaoxin(s, C_L1D_SIZE);
    core = handle_zhaoxin(s, C_L2_SIZE);
    shared = handle_zhaoxin(s, C_L3_SIZE);
    per_thread = shared;
    l1i_size = handle_zhaoxin(s, C_L1I_SIZE);
    l1i_line = handle_zhaoxin(s, C_L1I_LINE);
    l1d_size = data;
    l1d_assoc = handle_zhaoxin(s, C_L1D_ASSOC);
    l1d_line = handle_zhaoxin(s, C_L1D_LINE);
    l2_size = core;
    l2_assoc = handle_zhaoxin(s, C_L2_ASSOC);
    l2_line = handle_zhaoxin(s, C_L2_LINE);
    l3_size = shared;
    l3_assoc = handle_zhaoxin(s, C_L3_ASSOC);
    l3_line = handle_zhaoxin(s, C_L3_LINE);
    /* level 4 stays -1 */
    common_cache_info(s, &shared, &per_thread, core);
  } else if (s->kind == CPUF_KIND_AMD) {
    uint32_t r[4];
    data = handle_amd(s, C_L1D_SIZE);
    core = handle_amd(s, C_L2_SIZE);
    shared = handle_amd(s, C_L3_SIZE);
    per_thread = shared;
    l1i_size = handle_amd(s, C_L1I_SIZE);
    l1i_line = handle_amd(s, C_L1I_LINE);
    l1d_size = data;
    l1d_assoc = handle_amd(s, C_L1D_ASSOC);
    l1d_line = handle_amd(s, C_L1D_LINE);
    l2_size = core;
    l2_assoc = handle_amd(s, C_L2_ASSOC);
    l2_line = handle_amd(s, C_L2_LINE);
    l3_size = shared;
    l3_assoc = handle_amd(s, C_L3_ASSOC);
    l3_line = handle_amd(s, C_L3_LINE);
    /* level 4 stays -1 */

    cpuid(s, 0x80000000, 0, r);
    uint32_t max_ext = r[RA];
    if (shared <= 0) {
      /* No L3: the L2 is all there is.  */
      shared = core;
      per_thread = core;
    } else {
      unsigned threads = 0;
      if (max_ext >= 0x80000008) {
        /* 2^(APIC ID size) */
        cpuid(s, 0x80000008, 0, r);
        threads = 1u << ((r[RC] >> 12) & 0x0f);
      }
      if (threads == 0 || s->family >= 0x17) {
        /* Logical processor count of leaf 1.  */
        cpuid(s, 1, 0, r);
        if (r[RD] & (1u << 28))
          threads = (r[RB] >> 16) & 0xff;
      }
      if (threads > 0)
        per_thread /= (long)threads;
      if (s->family >= 0x17) {
        /* Zen: threads sharing the L3 of one CCX, leaf 0x8000001D subleaf 3.  */
        cpuid(s, 0x8000001d, 3, r);
        unsigned per_ccx = ((r[RA] >> 14) & 0xfff) + 1;
        per_thread *= (long)per_ccx;
      } else {
        /* Exclusive L2 and L3.  */
        shared += core;
        per_thread += core;
      }
    }
  }

  s->l1i_size = (uint64_t)l1i_size;
  s->l1i_line = (uint64_t)l1i_line;
  s->l1d_size = (uint64_t)l1d_size;
  s->l1d_assoc = (uint64_t)l1d_assoc;
  s->l1d_line = (uint64_t)l1d_line;
  s->l2_size = (uint64_t)l2_size;
  s->l2_assoc = (uint64_t)l2_assoc;
  s->l2_line = (uint64_t)l2_line;
  s->l3_size = (uint64_t)l3_size;
  s->l3_assoc = (uint64_t)l3_assoc;
  s->l3_line = (uint64_t)l3_line;
  s->l4_size = (uint64_t)l4_size;

  /* Non-temporal threshold: a quarter of the shared cache, at least 3/4 of
   * one thread's share (only the latter without ERMS), within
   * [0x4040, SIZE_MAX >> 4].  Signed arithmetic as in glibc.  */
  uint64_t nt = (uint64_t)(shared / 4);
  uint64_t nt_low = (uint64_t)(per_thread * 3 / 4);
  if (nt < nt_low)
    nt = nt_low;
  if (!usable_p(s, F_ERMS))
    nt = nt_low;
  const uint64_t nt_min = 0x4040, nt_max = UINT64_MAX >> 4;
  if (nt < nt_min)
    nt = nt_min;
  else if (nt > nt_max)
    nt = nt_max;

  /* REP MOVSB threshold: 2048 * (VEC_SIZE / 16) for 16-byte vectors,
   * 4096 * (VEC_SIZE / 16) for 32 and 64; 2112 with FSRM.  The minimum for
   * the tunable is 8 vectors.  */
  uint64_t movsb, movsb_min;
  if (usable_p(s, F_AVX512F) && !(s->preferred & P_Prefer_No_AVX512)) {
    movsb = 4096 * (64 / 16);
    movsb_min = 64 * 8;
  } else if (s->preferred & P_AVX_Fast_Unaligned_Load) {
    movsb = 4096 * (32 / 16);
    movsb_min = 32 * 8;
  } else {
    movsb = 2048 * (16 / 16);
    movsb_min = 16 * 8;
  }
  if (usable_p(s, F_FSRM))
    movsb = 2112;

  uint64_t stosb = 2048;

  if (t) {
    if (t->data_cache_size != 0)
      data = (long)t->data_cache_size;
    if (t->shared_cache_size != 0)
      shared = (long)t->shared_cache_size;
    if (t->non_temporal_threshold > nt_min && t->non_temporal_threshold <= nt_max)
      nt = t->non_temporal_threshold;
    if (t->rep_movsb_threshold > movsb_min)
      movsb = t->rep_movsb_threshold;
    if (t->rep_stosb_threshold != 0)
      stosb = t->rep_stosb_threshold;
  }

  /* AMD: ERMS is slow above the L2 size.  */
  uint64_t movsb_stop = s->kind == CPUF_KIND_AMD ? (uint64_t)core : nt;

  s->data_cache_size = (uint64_t)data;
  s->shared_cache_size = (uint64_t)shared;
  s->non_temporal_threshold = nt;
  s->rep_movsb_threshold = movsb;
  s->rep_stosb_threshold = stosb;
  s->rep_movsb_stop_threshold = movsb_stop;
}

/* ---------------------------------------------------------------------- */
/* glibc.cpu.hwcaps (sysdeps/x86/cpu-tunables.c)                           */

enum { H_CPU_OFF, H_XSAVEC_OFF, H_PREF_OFF, H_PREF, H_PREF_NEED };

/* Names are stored inline so that the table needs no relocation.  */
struct hwcap_name {
  char name[27];
  uint8_t kind;
  uint16_t feature; /* H_CPU_OFF: feature; H_PREF*: unused */
  uint16_t need;    /* H_PREF_NEED: feature that must be usable to enable */
  uint32_t pref;    /* H_PREF*: preferred bit */
};

static const struct hwcap_name hwcap_names[] = {
  /* CPU features that can only be turned off ("-NAME") */
  { "AVX", H_CPU_OFF, F_AVX, 0, 0 },
  { "CX8", H_CPU_OFF, F_CX8, 0, 0 },
  { "FMA", H_CPU_OFF, F_FMA, 0, 0 },
  { "HTT", H_CPU_OFF, F_HTT, 0, 0 },
  { "IBT", H_CPU_OFF, F_IBT, 0, 0 },
  { "RTM", H_CPU_OFF, F_RTM, 0, 0 },
  { "AVX2", H_CPU_OFF, F_AVX2, 0, 0 },
  { "BMI1", H_CPU_OFF, F_BMI1, 0, 0 },
  { "BMI2", H_CPU_OFF, F_BMI2, 0, 0 },
  { "CMOV", H_CPU_OFF, F_CMOV, 0, 0 },
  { "ERMS", H_CPU_OFF, F_ERMS, 0, 0 },
  { "FMA4", H_CPU_OFF, F_FMA4, 0, 0 },
  { "SSE2", H_CPU_OFF, F_SSE2, 0, 0 },
  { "LZCNT", H_CPU_OFF, F_LZCNT, 0, 0 },
  { "MOVBE", H_CPU_OFF, F_MOVBE, 0, 0 },
  { "SHSTK", H_CPU_OFF, F_SHSTK, 0, 0 },
  { "SSSE3", H_CPU_OFF, F_SSSE3, 0, 0 },
  { "XSAVE", H_CPU_OFF, F_XSAVE, 0, 0 },
  { "POPCNT", H_CPU_OFF, F_POPCNT, 0, 0 },
  { "SSE4_1", H_CPU_OFF, F_SSE4_1, 0, 0 },
  { "SSE4_2", H_CPU_OFF, F_SSE4_2, 0, 0 },
  { "AVX512F", H_CPU_OFF, F_AVX512F, 0, 0 },
  { "OSXSAVE", H_CPU_OFF, F_OSXSAVE, 0, 0 },
  { "AVX512CD", H_CPU_OFF, F_AVX512CD, 0, 0 },
  { "AVX512BW", H_CPU_OFF, F_AVX512BW, 0, 0 },
  { "AVX512DQ", H_CPU_OFF, F_AVX512DQ, 0, 0 },
  { "AVX512ER", H_CPU_OFF, F_AVX512ER, 0, 0 },
  { "AVX512PF", H_CPU_OFF, F_AVX512PF, 0, 0 },
  { "AVX512VL", H_CPU_OFF, F_AVX512VL, 0, 0 },
  /* XSAVEC off also falls back to the full XSAVE size */
  { "XSAVEC", H_XSAVEC_OFF, F_XSAVEC, 0, 0 },
  /* preferences that can only be turned off */
  { "I586", H_PREF_OFF, 0, 0, P_I586 },
  { "I686", H_PREF_OFF, 0, 0, P_I686 },
  /* preferences that can be turned on and off */
  { "Slow_BSF", H_PREF, 0, 0, P_Slow_BSF },
  { "Prefer_ERMS", H_PREF, 0, 0, P_Prefer_ERMS },
  { "Prefer_FSRM", H_PREF, 0, 0, P_Prefer_FSRM },
  { "Fast_Rep_String", H_PREF, 0, 0, P_Fast_Rep_String },
  { "Fast_Copy_Backward", H_PREF, 0, 0, P_Fast_Copy_Backward },
  { "Fast_Unaligned_Load", H_PREF, 0, 0, P_Fast_Unaligned_Load },
  { "Fast_Unaligned_Copy", H_PREF, 0, 0, P_Fast_Unaligned_Copy },
  /* preferences that are turned on only if a feature is usable */
  { "Slow_SSE4_2", H_PREF_NEED, 0, F_SSE4_2, P_Slow_SSE4_2 },
  { "Prefer_No_AVX512", H_PREF_NEED, 0, F_AVX512F, P_Prefer_No_AVX512 },
  { "Prefer_No_VZEROUPPER", H_PREF_NEED, 0, F_AVX, P_Prefer_No_VZEROUPPER },
  { "AVX_Fast_Unaligned_Load", H_PREF_NEED, 0, F_AVX, P_AVX_Fast_Unaligned_Load },
  { "MathVec_Prefer_No_AVX512", H_PREF_NEED, 0, F_AVX512F, P_MathVec_Prefer_No_AVX512 },
  { "Prefer_PMINUB_for_stringop", H_PREF_NEED, 0, F_SSE2, P_Prefer_PMINUB_for_stringop },
};

static int name_eq(const char *tok, unsigned long len, const char *name)
{
  unsigned long i = 0;
  for (; i < len; i++)
    if (name[i] == '\0' || name[i] != tok[i])
      return 0;
  return name[i] == '\0';
}

/* "-NAME,NAME,..." : NAME turns a preference on, -NAME a feature or a
 * preference off.  Unknown names are ignored, matching is case-sensitive.
 * DEVIATION: glibc 2.36 continues scanning past the terminating NUL of the
 * tunable value (into the rest of GLIBC_TUNABLES and the following
 * environment strings); this stops at the NUL.  */
static void apply_hwcaps(struct st *s, const char *p)
{
  for (;;) {
    unsigned long len = 0;
    while (p[len] != ',' && p[len] != '\0')
      len++;
    int off = len > 0 && p[0] == '-';
    const char *n = p + off;
    unsigned long nl = len - (unsigned long)off;
    for (unsigned i = 0; i < NELEM(hwcap_names); i++) {
      const struct hwcap_name *h = &hwcap_names[i];
      if (!name_eq(n, nl, h->name))
        continue;
      switch (h->kind) {
      case H_CPU_OFF:
        if (off)
          clear_bit(s, h->feature);
        break;
      case H_XSAVEC_OFF:
        if (off) {
          s->xsave_state_size = s->xsave_state_full_size;
          clear_bit(s, F_XSAVEC);
        }
        break;
      case H_PREF_OFF:
        if (off)
          s->preferred &= ~h->pref;
        break;
      case H_PREF:
        if (off)
          s->preferred &= ~h->pref;
        else
          s->preferred |= h->pref;
        break;
      case H_PREF_NEED:
        if (off)
          s->preferred &= ~h->pref;
        else if (usable_p(s, h->need))
          s->preferred |= h->pref;
        break;
      }
      break;
    }
    if (p[len] == '\0')
      break;
    p += len + 1;
  }
}

/* ---------------------------------------------------------------------- */
/* Storing the result                                                      */

typedef uint32_t __attribute__((may_alias, aligned(1))) u32_unaligned;
typedef uint64_t __attribute__((may_alias, aligned(1))) u64_unaligned;

static inline void put32(unsigned char *cf, unsigned off, uint32_t v) { *(u32_unaligned *)(cf + off) = v; }
static inline void put64(unsigned char *cf, unsigned off, uint64_t v) { *(u64_unaligned *)(cf + off) = v; }

_Static_assert(CPUF_FEATURE_STRIDE == 32 && CPUF_FEATURE_ACTIVE == 16, "cpuid_feature_internal layout");
_Static_assert(CPUF_BASIC_STEPPING + 4 <= CPUF_FEATURES, "cpu_features_basic layout");
_Static_assert(CPUF_LEVEL4_CACHE_SIZE + 8 <= CPUF_SIZEOF, "cpu_features size");

static void store(const struct st *s, unsigned char *cf)
{
  put32(cf, CPUF_BASIC_KIND, s->kind);
  put32(cf, CPUF_BASIC_MAX_CPUID, (uint32_t)s->max_cpuid);
  put32(cf, CPUF_BASIC_FAMILY, s->family);
  put32(cf, CPUF_BASIC_MODEL, s->model);
  put32(cf, CPUF_BASIC_STEPPING, s->stepping);
  for (unsigned i = 0; i < NIDX; i++) {
    unsigned base = CPUF_FEATURES + i * CPUF_FEATURE_STRIDE;
    for (unsigned r = 0; r < 4; r++) {
      put32(cf, base + CPUF_FEATURE_CPUID + r * 4, s->cpuid[i][r]);
      put32(cf, base + CPUF_FEATURE_ACTIVE + r * 4, s->active[i][r]);
    }
  }
  put32(cf, CPUF_PREFERRED, s->preferred);
  put32(cf, CPUF_ISA_1, s->isa_1);
  put64(cf, CPUF_XSAVE_STATE_SIZE, s->xsave_state_size);
  put32(cf, CPUF_XSAVE_STATE_FULL_SIZE, s->xsave_state_full_size);
  put64(cf, CPUF_DATA_CACHE_SIZE, s->data_cache_size);
  put64(cf, CPUF_SHARED_CACHE_SIZE, s->shared_cache_size);
  put64(cf, CPUF_NON_TEMPORAL_THRESHOLD, s->non_temporal_threshold);
  put64(cf, CPUF_REP_MOVSB_THRESHOLD, s->rep_movsb_threshold);
  put64(cf, CPUF_REP_MOVSB_STOP_THRESHOLD, s->rep_movsb_stop_threshold);
  put64(cf, CPUF_REP_STOSB_THRESHOLD, s->rep_stosb_threshold);
  put64(cf, CPUF_LEVEL1_ICACHE_SIZE, s->l1i_size);
  put64(cf, CPUF_LEVEL1_ICACHE_LINESIZE, s->l1i_line);
  put64(cf, CPUF_LEVEL1_DCACHE_SIZE, s->l1d_size);
  put64(cf, CPUF_LEVEL1_DCACHE_ASSOC, s->l1d_assoc);
  put64(cf, CPUF_LEVEL1_DCACHE_LINESIZE, s->l1d_line);
  put64(cf, CPUF_LEVEL2_CACHE_SIZE, s->l2_size);
  put64(cf, CPUF_LEVEL2_CACHE_ASSOC, s->l2_assoc);
  put64(cf, CPUF_LEVEL2_CACHE_LINESIZE, s->l2_line);
  put64(cf, CPUF_LEVEL3_CACHE_SIZE, s->l3_size);
  put64(cf, CPUF_LEVEL3_CACHE_ASSOC, s->l3_assoc);
  put64(cf, CPUF_LEVEL3_CACHE_LINESIZE, s->l3_line);
  put64(cf, CPUF_LEVEL4_CACHE_SIZE, s->l4_size);
}

/* ---------------------------------------------------------------------- */
/* init_cpu_features                                                       */

void x86_cpu_features_init(unsigned char *cf, uint64_t auxv_minsigstacksize,
                           const struct x86_cpu_tunables *t,
                           struct x86_cpu_result *out)
{
  static struct st st;	/* start-up only, one thread: off the stack (frames stay under 1 KiB) */
  struct st *s = &st;
  uint32_t r[4];

#ifdef CPUF_TEST_HOOKS
  x86_cpuid_exec_count = 0;
#endif
  zero_bytes(s, sizeof *s);
  s->minsigstacksize = auxv_minsigstacksize;

  cpuid(s, 0, 0, r);
  s->max_cpuid = (int32_t)r[RA];
  uint32_t ebx = r[RB], ecx = r[RC], edx = r[RD];
  uint32_t ext_model;

  if (ebx == 0x756e6547 && ecx == 0x6c65746e && edx == 0x49656e69) {
    /* "GenuineIntel" */
    s->kind = CPUF_KIND_INTEL;
    read_common_leaves(s, 1);
    ext_model = (s->cpuid[IDX_1][RA] >> 12) & 0xf0;
    read_extended_leaves(s);
    update_active(s);
    intel_tuning(s, ext_model);
  } else if ((ebx == 0x68747541 && ecx == 0x444d4163 && edx == 0x69746e65)
             || (ebx == 0x6f677948 && ecx == 0x656e6975 && edx == 0x6e65476e)) {
    /* "AuthenticAMD", "HygonGenuine" */
    s->kind = CPUF_KIND_AMD;
    read_common_leaves(s, 1);
    read_extended_leaves(s);
    update_active(s);
    amd_tuning(s);
  } else if ((ebx == 0x746e6543 && ecx == 0x736c7561 && edx == 0x48727561)
             || (ebx == 0x68532020 && ecx == 0x20206961 && edx == 0x68676e61)) {
    /* "CentaurHauls", "  Shanghai  " */
    s->kind = CPUF_KIND_ZHAOXIN;
    read_common_leaves(s, 1);
    ext_model = (s->cpuid[IDX_1][RA] >> 12) & 0xf0;
    read_extended_leaves(s);
    update_active(s);
    zhaoxin_tuning(s, ext_model);
    /* glibc's Zhaoxin branch declares its own `stepping', so the stored
     * stepping stays 0.  */
    s->stepping = 0;
  } else {
    /* Unknown vendor: no leaf 1, no extended leaves.  */
    s->kind = CPUF_KIND_OTHER;
    read_common_leaves(s, 0);
    update_active(s);
  }

  if (cpu_p(s, F_CX8))
    s->preferred |= P_I586;
  if (cpu_p(s, F_CMOV))
    s->preferred |= P_I686;

  cache_info(s, t);

  if (t && t->hwcaps)
    apply_hwcaps(s, t->hwcaps);

  /* XSAVE-dependent features need OSXSAVE and XSAVE or XSAVEC.  */
  int no_xsave = 0;
  if (!usable_p(s, F_OSXSAVE)) {
    clear_bit(s, F_XSAVE);
    clear_bit(s, F_XSAVEOPT);
    clear_bit(s, F_XSAVEC);
    clear_bit(s, F_XGETBV_ECX_1);
    clear_bit(s, F_XFD);
    no_xsave = 1;
  }
  if (no_xsave || (!usable_p(s, F_XSAVE) && !usable_p(s, F_XSAVEC))) {
    s->xsave_state_size = 0;
    for (unsigned i = 0; i < NELEM(xsave_dependent); i++)
      clear_bit(s, xsave_dependent[i]);
  }

  s->hwcap = HWCAP_X86_64;
  s->platform = 0;
  if (s->kind == CPUF_KIND_INTEL) {
    if (usable_p(s, F_AVX512CD)) {
      if (usable_p(s, F_AVX512ER)) {
        if (usable_p(s, F_AVX512PF))
          s->platform = "xeon_phi";
      } else if (usable_p(s, F_AVX512BW) && usable_p(s, F_AVX512DQ)
                 && usable_p(s, F_AVX512VL)) {
        s->hwcap |= HWCAP_X86_AVX512_1;
      }
    }
    if (s->platform == 0 && usable_p(s, F_AVX2) && usable_p(s, F_FMA)
        && usable_p(s, F_BMI1) && usable_p(s, F_BMI2) && usable_p(s, F_LZCNT)
        && usable_p(s, F_MOVBE) && usable_p(s, F_POPCNT))
      s->platform = "haswell";
  }

  store(s, cf);
  out->hwcap = s->hwcap;
  out->platform = s->platform;
  out->minsigstacksize = s->minsigstacksize;
}
