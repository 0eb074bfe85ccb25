/* Differential test of arch/x86_64/cpu_features.c against glibc's own loader.
 *
 * Hosted program, run under glibc's ld.so.  It reads the live
 * _rtld_global_ro of ld-linux-x86-64.so.2 (GLIBC_PRIVATE; linked by naming
 * ld.so on the command line), runs x86_cpu_features_init() on a zeroed
 * buffer and compares every field of struct cpu_features, plus dl_hwcap,
 * dl_platform and dl_minsigstacksize.
 *
 * Besides the environment it was started with, it re-executes itself with a
 * set of GLIBC_TUNABLES settings (glibc.cpu.x86_* thresholds and
 * glibc.cpu.hwcaps), so glibc computes the expected values for those too.
 * All runs are pinned to one CPU: CPUID leaf 1 EBX[31:24] is the APIC ID of
 * the CPU that executes it.
 *
 * Output: one line per differing field, one summary line per run, and at the
 * end "cpu_features: N fields compared, M differ".  Exit status 0 only if
 * nothing differs.
 *
 * Build: see libtests/abi/README.  Needs -DCPUF_TEST_HOOKS (CPUID count). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glibc-layout.h"
#include "cpu_features.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* ld.so's GLRO.  Read through the GOT (inline asm) so that no build flag can
 * turn the reference into a copy relocation.  */
extern const unsigned char _rtld_global_ro[];
static const unsigned char *glro(void)
{
  const unsigned char *p;
  __asm__("movq _rtld_global_ro@GOTPCREL(%%rip), %0" : "=r"(p));
  return p;
}

/* ---------------------------------------------------------------------- */
/* Field list                                                              */

struct field { char name[64]; unsigned off, size; };
static struct field fields[160];
static unsigned nfields;

static void add(const char *name, unsigned off, unsigned size)
{
  struct field *f = &fields[nfields++];
  snprintf(f->name, sizeof f->name, "%s", name);
  f->off = off;
  f->size = size;
}

static void build_fields(void)
{
  static const char *const leaf[] = { "1", "7.0", "0x80000001", "0xd.1", "0x80000007",
                                      "0x80000008", "7.1", "0x19", "0x14.0" };
  static const char *const reg[] = { "eax", "ebx", "ecx", "edx" };
  char n[64];
  add("basic.kind", CPUF_BASIC_KIND, 4);
  add("basic.max_cpuid", CPUF_BASIC_MAX_CPUID, 4);
  add("basic.family", CPUF_BASIC_FAMILY, 4);
  add("basic.model", CPUF_BASIC_MODEL, 4);
  add("basic.stepping", CPUF_BASIC_STEPPING, 4);
  for (unsigned i = 0; i < CPUF_FEATURE_COUNT; i++)
    for (unsigned k = 0; k < 2; k++)
      for (unsigned r = 0; r < 4; r++) {
        snprintf(n, sizeof n, "features[%u].%s.%s (leaf %s)", i, k ? "active" : "cpuid", reg[r],
                 i < sizeof leaf / sizeof leaf[0] ? leaf[i] : "?");
        add(n, CPUF_FEATURES + i * CPUF_FEATURE_STRIDE
                   + (k ? CPUF_FEATURE_ACTIVE : CPUF_FEATURE_CPUID) + r * 4, 4);
      }
  add("preferred[0]", CPUF_PREFERRED, 4);
  add("isa_1", CPUF_ISA_1, 4);
  add("xsave_state_size", CPUF_XSAVE_STATE_SIZE, 8);
  add("xsave_state_full_size", CPUF_XSAVE_STATE_FULL_SIZE, 4);
  add("data_cache_size", CPUF_DATA_CACHE_SIZE, 8);
  add("shared_cache_size", CPUF_SHARED_CACHE_SIZE, 8);
  add("non_temporal_threshold", CPUF_NON_TEMPORAL_THRESHOLD, 8);
  add("rep_movsb_threshold", CPUF_REP_MOVSB_THRESHOLD, 8);
  add("rep_movsb_stop_threshold", CPUF_REP_MOVSB_STOP_THRESHOLD, 8);
  add("rep_stosb_threshold", CPUF_REP_STOSB_THRESHOLD, 8);
  add("level1_icache_size", CPUF_LEVEL1_ICACHE_SIZE, 8);
  add("level1_icache_linesize", CPUF_LEVEL1_ICACHE_LINESIZE, 8);
  add("level1_dcache_size", CPUF_LEVEL1_DCACHE_SIZE, 8);
  add("level1_dcache_assoc", CPUF_LEVEL1_DCACHE_ASSOC, 8);
  add("level1_dcache_linesize", CPUF_LEVEL1_DCACHE_LINESIZE, 8);
  add("level2_cache_size", CPUF_LEVEL2_CACHE_SIZE, 8);
  add("level2_cache_assoc", CPUF_LEVEL2_CACHE_ASSOC, 8);
  add("level2_cache_linesize", CPUF_LEVEL2_CACHE_LINESIZE, 8);
  add("level3_cache_size", CPUF_LEVEL3_CACHE_SIZE, 8);
  add("level3_cache_assoc", CPUF_LEVEL3_CACHE_ASSOC, 8);
  add("level3_cache_linesize", CPUF_LEVEL3_CACHE_LINESIZE, 8);
  add("level4_cache_size", CPUF_LEVEL4_CACHE_SIZE, 8);
}

static uint64_t get(const unsigned char *p, unsigned off, unsigned size)
{
  if (size == 4) {
    uint32_t v;
    memcpy(&v, p + off, 4);
    return v;
  }
  uint64_t v;
  memcpy(&v, p + off, 8);
  return v;
}

/* ---------------------------------------------------------------------- */
/* GLIBC_TUNABLES -> struct x86_cpu_tunables (generic bounds applied here,  */
/* as glibc's tunables parser does before cpu-features.c sees the values)  */

static char hwcaps_buf[4096];

static void parse_tunables(const char *env, struct x86_cpu_tunables *t)
{
  memset(t, 0, sizeof *t);
  if (!env)
    return;
  char *copy = strdup(env), *save = NULL;
  for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
    char *eq = strchr(tok, '=');
    if (!eq)
      continue;
    *eq = '\0';
    const char *name = tok, *val = eq + 1;
    if (strcmp(name, "glibc.cpu.hwcaps") == 0) {
      snprintf(hwcaps_buf, sizeof hwcaps_buf, "%s", val);
      t->hwcaps = hwcaps_buf;
      continue;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(val, &end, 0);
    if (errno || *end || *val == '-')
      continue;
    if (strcmp(name, "glibc.cpu.x86_non_temporal_threshold") == 0)
      t->non_temporal_threshold = v;
    else if (strcmp(name, "glibc.cpu.x86_rep_movsb_threshold") == 0)
      t->rep_movsb_threshold = v;      /* minval 1: 0 is rejected = not set */
    else if (strcmp(name, "glibc.cpu.x86_rep_stosb_threshold") == 0)
      t->rep_stosb_threshold = v;      /* minval 1 */
    else if (strcmp(name, "glibc.cpu.x86_data_cache_size") == 0)
      t->data_cache_size = v;
    else if (strcmp(name, "glibc.cpu.x86_shared_cache_size") == 0)
      t->shared_cache_size = v;
  }
  free(copy);
}

/* ---------------------------------------------------------------------- */
/* One comparison run (in the current process)                            */

static int compare_once(const char *label)
{
  const unsigned char *ro = glro();
  const unsigned char *theirs = ro + RGRO_CPU_FEATURES;
  static unsigned char mine[CPUF_SIZEOF] __attribute__((aligned(16)));
  struct x86_cpu_tunables tun;
  struct x86_cpu_result res;
  const char *tenv = getenv("GLIBC_TUNABLES");

  parse_tunables(tenv, &tun);
  memset(mine, 0, sizeof mine);
  memset(&res, 0, sizeof res);
  unsigned long auxv_minsig = getauxval(AT_MINSIGSTKSZ);
  x86_cpu_features_init(mine, auxv_minsig, &tun, &res);
  unsigned cpuid_count = x86_cpuid_exec_count;

  unsigned compared = 0, differ = 0;
  for (unsigned i = 0; i < nfields; i++) {
    uint64_t a = get(theirs, fields[i].off, fields[i].size);
    uint64_t b = get(mine, fields[i].off, fields[i].size);
    compared++;
    if (a != b) {
      differ++;
      printf("  DIFF %-40s glibc=0x%llx (%llu) ours=0x%llx (%llu)\n", fields[i].name,
             (unsigned long long)a, (unsigned long long)a, (unsigned long long)b,
             (unsigned long long)b);
    }
  }
  /* Padding and anything not covered by a field. */
  if (memcmp(theirs, mine, CPUF_SIZEOF) != 0 && differ == 0) {
    for (unsigned o = 0; o < CPUF_SIZEOF; o++)
      if (theirs[o] != mine[o])
        printf("  DIFF byte %u outside the named fields: glibc=0x%02x ours=0x%02x\n", o,
               theirs[o], mine[o]);
    differ++;
  }
  compared++;

  /* GLRO(dl_hwcap): getauxval(AT_HWCAP) returns it. */
  uint64_t hw_glro = get(ro, RGRO_HWCAP, 8);
  unsigned long hw_aux = getauxval(AT_HWCAP);
  compared++;
  if (res.hwcap != hw_glro || res.hwcap != hw_aux) {
    differ++;
    printf("  DIFF %-40s glibc=0x%llx (getauxval 0x%lx) ours=0x%llx\n", "dl_hwcap",
           (unsigned long long)hw_glro, hw_aux, (unsigned long long)res.hwcap);
  }

  /* GLRO(dl_platform): AT_PLATFORM unless glibc overrides it.
   * (getauxval(AT_PLATFORM) itself always returns the kernel's string.) */
  const char *pl_glro;
  memcpy(&pl_glro, ro + RGRO_PLATFORM, sizeof pl_glro);
  const char *pl_aux = (const char *)getauxval(AT_PLATFORM);
  const char *pl_ours = res.platform ? res.platform : pl_aux;
  compared++;
  if (!pl_glro || !pl_ours || strcmp(pl_glro, pl_ours) != 0) {
    differ++;
    printf("  DIFF %-40s glibc=\"%s\" ours=\"%s\" (AT_PLATFORM \"%s\")\n", "dl_platform",
           pl_glro ? pl_glro : "(null)", pl_ours ? pl_ours : "(null)", pl_aux ? pl_aux : "(null)");
  }

  /* GLRO(dl_minsigstacksize) */
  uint64_t ms_glro = get(ro, RGRO_MINSIGSTACKSIZE, 8);
  compared++;
  if (res.minsigstacksize != ms_glro) {
    differ++;
    printf("  DIFF %-40s glibc=%llu ours=%llu (AT_MINSIGSTKSZ %lu)\n", "dl_minsigstacksize",
           (unsigned long long)ms_glro, (unsigned long long)res.minsigstacksize, auxv_minsig);
  }

  /* Informational: emulation used when the kernel passes no AT_MINSIGSTKSZ. */
  unsigned char scratch[CPUF_SIZEOF];
  struct x86_cpu_result res0;
  memset(scratch, 0, sizeof scratch);
  x86_cpu_features_init(scratch, 0, &tun, &res0);

  printf("%s: %u fields compared, %u differ (cpu %d, %u CPUID instructions, "
         "emulated minsigstacksize %llu)\n",
         label, compared, differ, sched_getcpu(), cpuid_count,
         (unsigned long long)res0.minsigstacksize);
  return (int)differ;
}


/* ---------------------------------------------------------------------- */
/* Synthetic CPUs (no glibc reference possible: this host is one AMD CPU)  */
/*                                                                         */
/* CPUID is replaced through the test hook.  The expected values were      */
/* worked out by hand from glibc 2.36's cpu-features.c / dl-cacheinfo.h     */
/* for these register values; they cover the Intel (leaf 2 -> leaf 4, leaf  */
/* 0xb thread masks, non-inclusive L3, TSX disabling, Prefer_No_AVX512,     */
/* AVX512_1 hwcap, "haswell"), Zhaoxin (no L3, stepping quirk, AVX turned   */
/* off after isa_1) and pre-Zen AMD (exclusive L3, no ERMS, Excavator)      */
/* paths.                                                                  */

struct cpuid_row { uint32_t leaf, sub, r[4]; };
struct profile {
  const char *name;
  uint64_t xcr0;
  const struct cpuid_row *rows;
  unsigned nrows;
  const struct { const char *field; uint64_t value; } *expect;
  unsigned nexpect;
  uint64_t hwcap;
  const char *platform;
  uint64_t minsig_emulated;
};

static const struct profile *cur_profile;
static uint32_t seen[128][2];
static unsigned nseen, dup_cpuid;

static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
  for (unsigned i = 0; i < nseen; i++)
    if (seen[i][0] == leaf && seen[i][1] == sub) {
      dup_cpuid++;
      printf("  CPUID leaf 0x%x subleaf %u executed twice\n", leaf, sub);
    }
  if (nseen < 128) {
    seen[nseen][0] = leaf;
    seen[nseen][1] = sub;
    nseen++;
  }
  r[0] = r[1] = r[2] = r[3] = 0;
  for (unsigned i = 0; i < cur_profile->nrows; i++)
    if (cur_profile->rows[i].leaf == leaf && cur_profile->rows[i].sub == sub) {
      memcpy(r, cur_profile->rows[i].r, 16);
      return;
    }
}

static uint64_t fake_xgetbv(void) { return cur_profile->xcr0; }

static const struct cpuid_row intel_rows[] = {
  { 0, 0, { 0x16, 0x756e6547, 0x6c65746e, 0x49656e69 } },
  { 1, 0, { 0x00050654, 0x00400800, 0x7ed83203, 0x17888111 } },  /* 6/0x55/4 */
  { 2, 0, { 0x00feff01, 0xf0, 0, 0 } },                           /* 0xff: use leaf 4 */
  { 4, 0, { 0x7c004121, 0x01c0003f, 0x3f, 0 } },                  /* L1d 32K 8w */
  { 4, 1, { 0x7c004122, 0x01c0003f, 0x3f, 0 } },                  /* L1i 32K */
  { 4, 2, { 0x7c004143, 0x03c0003f, 0x3ff, 0 } },                 /* L2 1M 16w */
  { 4, 3, { 0x7c0fc163, 0x0280003f, 0x9fff, 4 } },                /* L3 27.5M 11w, non-inclusive */
  { 7, 0, { 0, 0xd18f0b38, 0x18, 0 } },
  { 0xb, 0, { 1, 2, 0x100, 0 } },
  { 0xb, 1, { 6, 0x28, 0x201, 0 } },
  { 0xd, 0, { 0x2ff, 0xa88, 0xa88, 0 } },                        /* MPX's states too */
  { 0xd, 1, { 0xf, 0, 0, 0 } },
  { 0xd, 2, { 256, 576, 0, 0 } },
  { 0xd, 3, { 64, 960, 0, 0 } },
  { 0xd, 5, { 64, 1088, 0, 0 } },
  { 0xd, 6, { 512, 1152, 0, 0 } },
  { 0xd, 7, { 1024, 1664, 0, 0 } },
  { 0x80000000, 0, { 0x80000008, 0, 0, 0 } },
  { 0x80000001, 0, { 0, 0, 0x121, 0x2c100800 } },
  { 0x80000007, 0, { 0, 0, 0, 0x100 } },
  { 0x80000008, 0, { 0x302e, 0, 0, 0 } },
};
static const struct { const char *field; uint64_t value; } intel_expect[] = {
  { "basic.kind", 1 }, { "basic.max_cpuid", 0x16 }, { "basic.family", 6 },
  { "basic.model", 0x55 }, { "basic.stepping", 4 },
  { "features[1].active.ebx (leaf 7.0)", 0xd18f0328 },   /* HLE, RTM off (TSX disabled) */
  { "features[1].active.edx (leaf 7.0)", 0x800 },        /* RTM_ALWAYS_ABORT */
  { "features[3].active.eax (leaf 0xd.1)", 0x7 },
  { "preferred[0]", 0x12f9 }, { "isa_1", 0xf },
  { "xsave_state_size", 2560 }, { "xsave_state_full_size", 2816 },
  { "data_cache_size", 32768 }, { "shared_cache_size", 29884416 },
  { "non_temporal_threshold", 7471104 }, { "rep_movsb_threshold", 8192 },
  { "rep_movsb_stop_threshold", 7471104 }, { "rep_stosb_threshold", 2048 },
  { "level1_icache_size", 32768 }, { "level1_icache_linesize", 64 },
  { "level1_dcache_size", 32768 }, { "level1_dcache_assoc", 8 },
  { "level1_dcache_linesize", 64 }, { "level2_cache_size", 1048576 },
  { "level2_cache_assoc", 16 }, { "level2_cache_linesize", 64 },
  { "level3_cache_size", 28835840 }, { "level3_cache_assoc", 11 },
  { "level3_cache_linesize", 64 }, { "level4_cache_size", UINT64_MAX },
};

static const struct cpuid_row zhaoxin_rows[] = {
  { 0, 0, { 0xd, 0x68532020, 0x20206961, 0x68676e61 } },        /* "  Shanghai  " */
  { 1, 0, { 0x000107b3, 0x00040800, 0x7ed83203, 0x17888111 } },  /* 7/0x1b/3 */
  { 4, 0, { 0x1c004121, 0x01c0003f, 0x3f, 0 } },
  { 4, 1, { 0x1c004122, 0x01c0003f, 0x3f, 0 } },
  { 4, 2, { 0x1c00c143, 0x03c0003f, 0xfff, 0 } },                /* L2 4M 16w, 4 threads */
  { 7, 0, { 0, 0x328, 0, 0 } },
  { 0xb, 0, { 0, 1, 0x100, 0 } },
  { 0xb, 1, { 3, 8, 0x201, 0 } },
  { 0xd, 0, { 7, 0x340, 0x340, 0 } },
  { 0xd, 1, { 3, 0, 0, 0 } },
  { 0xd, 2, { 256, 576, 0, 0 } },
  { 0x80000000, 0, { 0x80000008, 0, 0, 0 } },
  { 0x80000001, 0, { 0, 0, 0x21, 0x28100800 } },
};
static const struct { const char *field; uint64_t value; } zhaoxin_expect[] = {
  { "basic.kind", 3 }, { "basic.max_cpuid", 0xd }, { "basic.family", 7 },
  { "basic.model", 0x1b }, { "basic.stepping", 0 },
  { "features[0].active.ecx (leaf 1)", 0x6ed83203 },     /* AVX off */
  { "features[1].active.ebx (leaf 7.0)", 0x308 },        /* AVX2 off */
  { "preferred[0]", 0x1c0 }, { "isa_1", 0x7 },
  { "xsave_state_size", 896 }, { "xsave_state_full_size", 896 },
  { "data_cache_size", 32768 }, { "shared_cache_size", 4194304 },
  { "non_temporal_threshold", 1048576 }, { "rep_movsb_threshold", 2048 },
  { "rep_movsb_stop_threshold", 1048576 }, { "rep_stosb_threshold", 2048 },
  { "level1_icache_size", 32768 }, { "level1_icache_linesize", 64 },
  { "level1_dcache_size", 32768 }, { "level1_dcache_assoc", 8 },
  { "level1_dcache_linesize", 64 }, { "level2_cache_size", 4194304 },
  { "level2_cache_assoc", 16 }, { "level2_cache_linesize", 64 },
  { "level3_cache_size", 0 }, { "level3_cache_assoc", 0 },
  { "level3_cache_linesize", 0 }, { "level4_cache_size", UINT64_MAX },
};

static const struct cpuid_row amd15_rows[] = {
  { 0, 0, { 0xd, 0x68747541, 0x444d4163, 0x69746e65 } },
  { 1, 0, { 0x00660f01, 0x00040800, 0x7ed83203, 0x17888111 } },  /* 0x15/0x60/1 */
  { 7, 0, { 0, 0x128, 0, 0 } },
  { 0xd, 0, { 7, 0x3c0, 0x3c0, 0 } },
  { 0xd, 1, { 1, 0, 0, 0 } },
  { 0x80000000, 0, { 0x8000001e, 0, 0, 0 } },
  { 0x80000001, 0, { 0, 0, 0x210961, 0x08000000 } },
  { 0x80000005, 0, { 0, 0, 0x20080140, 0x60030140 } },
  { 0x80000006, 0, { 0, 0, 0x04008140, 0x0040a040 } },
  { 0x80000008, 0, { 0x3030, 0, 0x4003, 0 } },
};
static const struct { const char *field; uint64_t value; } amd15_expect[] = {
  { "basic.kind", 2 }, { "basic.max_cpuid", 0xd }, { "basic.family", 0x15 },
  { "basic.model", 0x60 }, { "basic.stepping", 1 },
  { "features[2].active.ecx (leaf 0x80000001)", 0x210961 }, /* incl. XOP, FMA4 */
  { "preferred[0]", 0xca }, { "isa_1", 0x7 },
  { "xsave_state_size", 1024 }, { "xsave_state_full_size", 1024 },
  { "data_cache_size", 32768 }, { "shared_cache_size", 9437184 },
  { "non_temporal_threshold", 1179648 }, { "rep_movsb_threshold", 2048 },
  { "rep_movsb_stop_threshold", 1048576 }, { "rep_stosb_threshold", 2048 },
  { "level1_icache_size", 98304 }, { "level1_icache_linesize", 64 },
  { "level1_dcache_size", 32768 }, { "level1_dcache_assoc", 8 },
  { "level1_dcache_linesize", 64 }, { "level2_cache_size", 1048576 },
  { "level2_cache_assoc", 16 }, { "level2_cache_linesize", 64 },
  { "level3_cache_size", 8388608 }, { "level3_cache_assoc", 32 },
  { "level3_cache_linesize", 64 }, { "level4_cache_size", UINT64_MAX },
};

#define PROFILE(n, rows, exp, hw, pl, ms) \
  { n, 0, rows, sizeof rows / sizeof rows[0], (const void *)exp, sizeof exp / sizeof exp[0], hw, pl, ms }
static struct profile profiles[] = {
  PROFILE("Intel family 6 model 0x55 (Skylake-SP)", intel_rows, intel_expect, 6, "haswell", 3212),
  PROFILE("Zhaoxin family 7 model 0x1b", zhaoxin_rows, zhaoxin_expect, 2, NULL, 1348),
  PROFILE("AMD family 0x15 model 0x60 (Excavator)", amd15_rows, amd15_expect, 2, NULL, 1476),
};

static int run_synthetic(unsigned *checked)
{
  int differ = 0;
  profiles[0].xcr0 = 0x2e7;
  profiles[1].xcr0 = 0x7;
  profiles[2].xcr0 = 0x7;
  for (unsigned p = 0; p < sizeof profiles / sizeof profiles[0]; p++) {
    const struct profile *pr = &profiles[p];
    unsigned char buf[CPUF_SIZEOF];
    struct x86_cpu_result res;
    int d = 0;
    cur_profile = pr;
    nseen = dup_cpuid = 0;
    x86_cpuid_hook = fake_cpuid;
    x86_xgetbv_hook = fake_xgetbv;
    memset(buf, 0, sizeof buf);
    x86_cpu_features_init(buf, 0, NULL, &res);
    x86_cpuid_hook = NULL;
    x86_xgetbv_hook = NULL;
    for (unsigned e = 0; e < pr->nexpect; e++) {
      const char *fname = pr->expect[e].field;
      unsigned i;
      for (i = 0; i < nfields; i++)
        if (strcmp(fields[i].name, fname) == 0)
          break;
      (*checked)++;
      if (i == nfields) {
        printf("  no field named %s\n", fname);
        d++;
        continue;
      }
      uint64_t v = get(buf, fields[i].off, fields[i].size);
      if (v != pr->expect[e].value) {
        printf("  DIFF %-40s expected=0x%llx (%llu) ours=0x%llx (%llu)\n", fname,
               (unsigned long long)pr->expect[e].value, (unsigned long long)pr->expect[e].value,
               (unsigned long long)v, (unsigned long long)v);
        d++;
      }
    }
    *checked += 4;
    if (res.hwcap != pr->hwcap) {
      printf("  DIFF dl_hwcap expected=0x%llx ours=0x%llx\n", (unsigned long long)pr->hwcap,
             (unsigned long long)res.hwcap);
      d++;
    }
    if ((pr->platform == NULL) != (res.platform == NULL)
        || (pr->platform && strcmp(pr->platform, res.platform) != 0)) {
      printf("  DIFF dl_platform expected=%s ours=%s\n", pr->platform ? pr->platform : "(none)",
             res.platform ? res.platform : "(none)");
      d++;
    }
    if (res.minsigstacksize != pr->minsig_emulated) {
      printf("  DIFF minsigstacksize (no AT_MINSIGSTKSZ) expected=%llu ours=%llu\n",
             (unsigned long long)pr->minsig_emulated, (unsigned long long)res.minsigstacksize);
      d++;
    }
    if (dup_cpuid)
      d++;
    printf("synthetic %s: %u differ (%u CPUID instructions, %u repeated)\n", pr->name, d,
           nseen, dup_cpuid);
    differ += d;
  }
  return differ;
}

/* ---------------------------------------------------------------------- */
/* Driver                                                                  */

/* Extra runs; glibc reads GLIBC_TUNABLES at start-up, hence the re-exec.
 * GLIBC_TUNABLES is placed last in the environment: glibc 2.36's hwcaps
 * parser reads past the end of its value into the following strings. */
static const char *const scenarios[] = {
  "glibc.cpu.x86_non_temporal_threshold=1000000:glibc.cpu.x86_rep_movsb_threshold=4096:"
  "glibc.cpu.x86_rep_stosb_threshold=10000:glibc.cpu.x86_data_cache_size=65536:"
  "glibc.cpu.x86_shared_cache_size=1048576",
  /* values at or below glibc's x86 minimums are ignored */
  "glibc.cpu.x86_non_temporal_threshold=16448:glibc.cpu.x86_rep_movsb_threshold=128",
  "glibc.cpu.x86_non_temporal_threshold=0x4041:glibc.cpu.x86_rep_movsb_threshold=513:"
  "glibc.cpu.x86_rep_stosb_threshold=1",
  "glibc.cpu.x86_non_temporal_threshold=1152921504606846976",
  "glibc.cpu.hwcaps=-AVX512F,-AVX2,Prefer_No_VZEROUPPER,-XSAVEC,Prefer_ERMS,-ERMS,Slow_BSF,-I586",
  "glibc.cpu.hwcaps=-OSXSAVE",
  "glibc.cpu.hwcaps=-XSAVE,-XSAVEC",
  "glibc.cpu.hwcaps=-XSAVE",
  "glibc.cpu.hwcaps=Prefer_No_AVX512,MathVec_Prefer_No_AVX512,-AVX_Fast_Unaligned_Load,"
  "Fast_Unaligned_Copy,Fast_Copy_Backward,Prefer_FSRM,Prefer_PMINUB_for_stringop,"
  "Slow_SSE4_2,-Fast_Unaligned_Load,Fast_Rep_String,-I686,bogus,,-",
  "glibc.cpu.hwcaps=-SSE4_2,Slow_SSE4_2,-AVX512VL,-AVX512BW,-CMOV,-HTT,-FMA4,-RTM,-BMI2,"
  "-LZCNT,-SSSE3,-AVX,-AVX512CD,-AVX512DQ,-POPCNT,-SSE4_1,-MOVBE,-BMI1,-FMA,-CX8,-SSE2",
  "glibc.cpu.hwcaps=-AVX2:glibc.cpu.x86_rep_stosb_threshold=4096",
};

static int run_child(const char *self, const char *label, const char *tunables)
{
  extern char **environ;
  size_t n = 0;
  while (environ[n])
    n++;
  char **env = calloc(n + 4, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (strncmp(environ[i], "CPUF_TEST_", 10) == 0)
      continue;
    if (strncmp(environ[i], "GLIBC_TUNABLES=", 15) == 0)
      continue;
    env[k++] = environ[i];
  }
  char lab[1024];
  snprintf(lab, sizeof lab, "CPUF_TEST_LABEL=%s", label);
  env[k++] = lab;
  char *tenv = NULL;
  if (tunables) {
    tenv = malloc(strlen(tunables) + 16);
    sprintf(tenv, "GLIBC_TUNABLES=%s", tunables);
    env[k++] = tenv;
  }
  env[k] = NULL;

  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 1000;
  }
  if (pid == 0) {
    char *argv[] = { (char *)self, (char *)"--child", NULL };
    execve(self, argv, env);
    perror("execve");
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) {
    printf("%s: child failed (status 0x%x)\n", label, st);
    free(env);
    free(tenv);
    return 1000;
  }
  free(env);
  free(tenv);
  return WEXITSTATUS(st) == 127 ? 1000 : WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
  build_fields();

  if (argc > 1 && strcmp(argv[1], "--child") == 0) {
    const char *label = getenv("CPUF_TEST_LABEL");
    int d = compare_once(label ? label : "child");
    return d > 100 ? 100 : d;
  }

  /* Pin to the current CPU; children (and their glibc loader) inherit it. */
  int cpu = sched_getcpu();
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu < 0 ? 0 : cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    perror("sched_setaffinity (continuing unpinned)");

  const char *self = "/proc/self/exe";
  unsigned per_run = nfields + 4, runs = 0, differ = 0;

  int d = run_child(self, "environment as given", getenv("GLIBC_TUNABLES"));
  runs++;
  differ += d >= 1000 ? per_run : (unsigned)d;
  for (unsigned i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
    char label[512];
    snprintf(label, sizeof label, "GLIBC_TUNABLES=%s", scenarios[i]);
    d = run_child(self, label, scenarios[i]);
    runs++;
    differ += d >= 1000 ? per_run : (unsigned)d;
  }

  unsigned synth_checked = 0;
  unsigned synth_differ = (unsigned)run_synthetic(&synth_checked);

  printf("cpu_features: %u fields compared, %u differ (%u runs against glibc's loader; "
         "synthetic CPUs: %u checks)\n",
         per_run * runs + synth_checked, differ + synth_differ, runs, synth_checked);
  return differ + synth_differ ? 1 : 0;
}
