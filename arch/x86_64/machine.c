/* x86_64's CPU set-up and lazy-binding choice, and the loader export glibc's
   x86 libraries call: the out-of-line half of arch.h. */
#include "glibc/glibc.h"
#include "cpu_features.h"
#include "probe_cache.h"
#include "x86-features.h"

HIDDEN uint64_t dl_xsave_state_size;
HIDDEN uint8_t dl_xsave_kind;		/* 0 fxsave, 1 xsave, 2 xsavec (xstate.S) */
HIDDEN uintptr_t dl_runtime_profile;	/* arch.h: the variant arch_plt_init picks */
void dl_runtime_profile_sse(void), dl_runtime_profile_avx(void);
void dl_runtime_profile_avx512(void);

/* The CPUID cache.  On a virtual machine every CPUID traps to the hypervisor (~5 us here,
   ~11 us for a fresh process's first; start-up executes 17): their results are kept in
   the probe cache (ldso/probe_cache.c: per user, in a directory a reboot empties, so one
   processor's) and given to x86_cpu_features_init, which executes only what is missing;
   the derivation is unchanged.  A start that finds the file executes no CPUID at all.
   The key is what the kernel put in the auxiliary vector about the processor (AT_HWCAP:
   leaf 1 EDX; AT_HWCAP2; AT_MINSIGSTKSZ, from the XSAVE layout): free, and a guard should
   the file outlive its processor.  Values that differ per core (leaf 1 EBX[31:24] initial
   APIC ID, leaf 0xb EDX x2APIC ID): glibc keeps whichever core ran its CPUID, so the
   storing core's are as valid.  Written only with the hypervisor bit (leaf 1 ECX bit 31),
   seen on a miss: on bare metal CPUID costs less than the file's system calls, and a start
   there pays one failed open.  Never in secure mode; LD_CUSTOM_CPUID_CACHE=off turns it
   off. */
#define NREC (PROBE_CACHE_MAX / sizeof(struct x86_cpuid_rec))
static struct x86_cpuid_rec cpuid_recs[NREC];

/* what the kernel says of the processor, free in the auxiliary vector */
struct cpuid_key {
	uint64_t hwcap, hwcap2, minsigstksz;
};

enum { CC_OFF, CC_HIT, CC_MISS };

static int cpuid_cache_open(struct cpuid_key *k)
{
	const char *v = env_get("LD_CUSTOM_CPUID_CACHE");
	uint32_t l1[4];

	if (L.secure || (v && !strcmp(v, "off")))
		return CC_OFF;
	k->hwcap = aux_or(AT_HWCAP, 0);
	k->hwcap2 = aux_or(AT_HWCAP2, 0);
	k->minsigstksz = aux_or(AT_MINSIGSTKSZ, 0);
	long n = probe_cache_load(k, sizeof *k, cpuid_recs, sizeof cpuid_recs);
	if (n > 0 && n % sizeof(struct x86_cpuid_rec) == 0) {
		n /= sizeof(struct x86_cpuid_rec);
		x86_cpuid_seed(cpuid_recs, n);
		L.stat_probes_cached = n;
		return CC_HIT;
	}
	x86_cpuid_live(1, 0, l1);
	return l1[2] >> 31 & 1 ? CC_MISS : CC_OFF;	/* the hypervisor bit */
}

/* what x86_cpu_features_init used */
static void cpuid_cache_save(const struct cpuid_key *k)
{
	unsigned n = x86_cpuid_results(cpuid_recs, NREC);
	uint32_t len = n * sizeof(struct x86_cpuid_rec);
	probe_cache_store(k, sizeof *k, cpuid_recs, (len + 7) & ~7u);
}

void arch_cpu_init(struct rtld_global_ro *ro, uint64_t minsig)
{
	struct x86_cpu_tunables t = {
		.non_temporal_threshold =
			tunable_get_num(TUNABLE_ID_GLIBC_CPU_X86_NON_TEMPORAL_THRESHOLD),
		.rep_movsb_threshold =
			tunable_get_num(TUNABLE_ID_GLIBC_CPU_X86_REP_MOVSB_THRESHOLD),
		.rep_stosb_threshold = tunable_is_set(TUNABLE_ID_GLIBC_CPU_X86_REP_STOSB_THRESHOLD)
			? tunable_get_num(TUNABLE_ID_GLIBC_CPU_X86_REP_STOSB_THRESHOLD) : 0,
		.data_cache_size = tunable_get_num(TUNABLE_ID_GLIBC_CPU_X86_DATA_CACHE_SIZE),
		.shared_cache_size = tunable_get_num(TUNABLE_ID_GLIBC_CPU_X86_SHARED_CACHE_SIZE),
		.hwcaps = tunable_get_str(TUNABLE_ID_GLIBC_CPU_HWCAPS),
	};
	struct x86_cpu_result cr;
	struct cpuid_key key;
	int cc = cpuid_cache_open(&key);
	unsigned before = x86_cpuid_executed;
	x86_cpu_features_init((unsigned char *)&ro->_dl_x86_cpu_features, minsig, &t, &cr);
	/* a miss, or leaves the file lacked (e.g. other tunables): store what is known now */
	if (cc == CC_MISS || (cc == CC_HIT && x86_cpuid_executed != before))
		cpuid_cache_save(&key);
	L.stat_probes = x86_cpuid_executed;
	ro->_dl_hwcap = cr.hwcap;
	if (cr.platform)
		ro->_dl_platform = (char *)cr.platform, ro->_dl_platformlen = strlen(cr.platform);
	ro->_dl_minsigstacksize = cr.minsigstacksize;
}

/* a feature numbered as in <sys/platform/x86.h> is usable (glibc's
   CPU_FEATURE_USABLE_P: its bit in cpu_features.features[].active) */
static int cpu_usable(unsigned f)
{
	const unsigned char *cf = (const unsigned char *)&GLRO->_dl_x86_cpu_features;
	uint32_t word;
	memcpy(&word, cf + CPUF_FEATURES + f / 128 * CPUF_FEATURE_STRIDE + CPUF_FEATURE_ACTIVE +
		       f % 128 / 32 * 4, 4);
	return word >> (f % 32) & 1;
}

/* how to save vector state, as glibc picks it: xsavec, xsave, or fxsave */
void arch_plt_init(void)
{
	const unsigned char *cf = (const unsigned char *)&GLRO->_dl_x86_cpu_features;
	uint32_t leaf_d1_active_eax;	/* CPUID leaf 0xd subleaf 1, usable bits */
	/* cpu_features.features[3] (CPUID_INDEX_D_ECX_1), the eax word of its active bits */
	size_t at = CPUF_FEATURES + 3 * CPUF_FEATURE_STRIDE + CPUF_FEATURE_ACTIVE;
	memcpy(&leaf_d1_active_eax, cf + at, 4);
	memcpy(&dl_xsave_state_size, cf + CPUF_XSAVE_STATE_SIZE, 8);
	if (!dl_xsave_state_size)
		dl_xsave_kind = 0;
	else if (leaf_d1_active_eax & 2)	/* XSAVEC usable: the size is the compact one */
		dl_xsave_kind = 2;
	else
		dl_xsave_kind = 1;
	/* glibc's elf_machine_runtime_setup: the widest registers usable */
	if (cpu_usable(X86_CPU_AVX512F))
		dl_runtime_profile = (uintptr_t)dl_runtime_profile_avx512;
	else if (cpu_usable(X86_CPU_AVX))
		dl_runtime_profile = (uintptr_t)dl_runtime_profile_avx;
	else
		dl_runtime_profile = (uintptr_t)dl_runtime_profile_sse;
}

EXPORT void *_dl_x86_get_cpu_features(void)
{
	return &GLRO->_dl_x86_cpu_features;
}

static uint32_t isa_1(void)
{
	uint32_t isa;
	memcpy(&isa, (const unsigned char *)&GLRO->_dl_x86_cpu_features + CPUF_ISA_1, 4);
	return isa;
}

/* the ISA level glibc computes (get_isa_level), kept in cpu_features.isa_1:
   v2, v3 and v4 are supported from the least preferred up (the active ones
   are the trailing names of ARCH_HWCAPS_SUBDIRS) */
uint32_t arch_hwcaps_active(void)
{
	uint32_t isa = isa_1();
	unsigned active = 0;
	for (unsigned level = 2; level <= 8 && (isa & level); level <<= 1)
		active++;
	return (7u ^ ((1u << (3 - active)) - 1)) & 7u;
}

const char *arch_hwcap_name(unsigned bit)
{
	static const char *const names[] = { "sse2", "x86_64", "avx512_1" };
	return bit < 3 ? names[bit] : 0;
}

/* glibc's dl_cache_hwcap_isa_level_compatible (sysdeps/x86/dl-isa-level.h) */
int arch_isa_level_ok(unsigned level)
{
	return level < 32 && (isa_1() & (1u << level)) == (1u << level);
}

/* _dl_string_platform: x86_64 knows haswell and xeon_phi (bits 48 + 2, 48 + 3) */
uint64_t arch_cache_platform(const char *platform)
{
	if (platform && !strcmp(platform, "haswell"))
		return 1ULL << 50;
	if (platform && !strcmp(platform, "xeon_phi"))
		return 1ULL << 51;
	return ~0ULL;
}

/* glibc's sysdeps/x86_64/dl-hwcaps-subdirs.c: v4, v3, v2, each usable only
   with the levels below it; bit 2 is v2 */
static uint64_t hwcaps_subdirs_active(uint32_t isa_1)
{
	unsigned n = 0;
	while (n < 3 && (isa_1 & (2u << n)))	/* GNU_PROPERTY_X86_ISA_1_V2, V3, V4 */
		n++;
	return ((1u << n) - 1) << (3 - n);
}

/* glibc's _dl_string_platform: GLRO(dl_x86_platforms) from index 2 on
   (x86_64's HWCAP_PLATFORMS_START), numbered from _DL_FIRST_PLATFORM (48) */
static uint64_t string_platform(const char *p)
{
	if (p && !strcmp(p, "haswell"))
		return 48 + 2;
	if (p && !strcmp(p, "xeon_phi"))
		return 48 + 3;
	return (uint64_t)-1;
}

/* glibc's cpu-features-preferred_feature_index_1.def, bit by bit */
static const char *const preferred_names[] = {
	"Fast_Rep_String", "Fast_Copy_Backward", "Slow_BSF", "Fast_Unaligned_Load",
	"Prefer_PMINUB_for_stringop", "Fast_Unaligned_Copy", "I586", "I686", "Slow_SSE4_2",
	"AVX_Fast_Unaligned_Load", "Prefer_No_VZEROUPPER", "Prefer_ERMS", "Prefer_No_AVX512",
	"MathVec_Prefer_No_AVX512", "Prefer_FSRM", "Avoid_Short_Distance_REP_MOVSB",
};

static uint64_t cf_word(size_t off, size_t size)
{
	const unsigned char *cf = (const unsigned char *)&GLRO->_dl_x86_cpu_features;
	uint64_t v = 0;
	memcpy(&v, cf + off, size);
	return v;
}

/* glibc's sysdeps/x86/dl-diagnostics-cpu.c, field by field */
static void cpu_diagnostics(void (*print_value)(const char *label, uint64_t v))
{
	static const struct { const char *label; unsigned short off, size; } head[] = {
		{ "x86.cpu_features.basic.kind", CPUF_BASIC_KIND, 4 },
		{ "x86.cpu_features.basic.max_cpuid", CPUF_BASIC_MAX_CPUID, 4 },
		{ "x86.cpu_features.basic.family", CPUF_BASIC_FAMILY, 4 },
		{ "x86.cpu_features.basic.model", CPUF_BASIC_MODEL, 4 },
		{ "x86.cpu_features.basic.stepping", CPUF_BASIC_STEPPING, 4 },
	}, tail[] = {
		{ "x86.cpu_features.isa_1", CPUF_ISA_1, 4 },
		{ "x86.cpu_features.xsave_state_size", CPUF_XSAVE_STATE_SIZE, 8 },
		{ "x86.cpu_features.xsave_state_full_size", CPUF_XSAVE_STATE_FULL_SIZE, 4 },
		{ "x86.cpu_features.data_cache_size", CPUF_DATA_CACHE_SIZE, 8 },
		{ "x86.cpu_features.shared_cache_size", CPUF_SHARED_CACHE_SIZE, 8 },
		{ "x86.cpu_features.non_temporal_threshold", CPUF_NON_TEMPORAL_THRESHOLD, 8 },
		{ "x86.cpu_features.rep_movsb_threshold", CPUF_REP_MOVSB_THRESHOLD, 8 },
		{ "x86.cpu_features.rep_movsb_stop_threshold", CPUF_REP_MOVSB_STOP_THRESHOLD, 8 },
		{ "x86.cpu_features.rep_stosb_threshold", CPUF_REP_STOSB_THRESHOLD, 8 },
		{ "x86.cpu_features.level1_icache_size", CPUF_LEVEL1_ICACHE_SIZE, 8 },
		{ "x86.cpu_features.level1_icache_linesize", CPUF_LEVEL1_ICACHE_LINESIZE, 8 },
		{ "x86.cpu_features.level1_dcache_size", CPUF_LEVEL1_DCACHE_SIZE, 8 },
		{ "x86.cpu_features.level1_dcache_assoc", CPUF_LEVEL1_DCACHE_ASSOC, 8 },
		{ "x86.cpu_features.level1_dcache_linesize", CPUF_LEVEL1_DCACHE_LINESIZE, 8 },
		{ "x86.cpu_features.level2_cache_size", CPUF_LEVEL2_CACHE_SIZE, 8 },
		{ "x86.cpu_features.level2_cache_assoc", CPUF_LEVEL2_CACHE_ASSOC, 8 },
		{ "x86.cpu_features.level2_cache_linesize", CPUF_LEVEL2_CACHE_LINESIZE, 8 },
		{ "x86.cpu_features.level3_cache_size", CPUF_LEVEL3_CACHE_SIZE, 8 },
		{ "x86.cpu_features.level3_cache_assoc", CPUF_LEVEL3_CACHE_ASSOC, 8 },
		{ "x86.cpu_features.level3_cache_linesize", CPUF_LEVEL3_CACHE_LINESIZE, 8 },
		{ "x86.cpu_features.level4_cache_size", CPUF_LEVEL4_CACHE_SIZE, 8 },
	};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		print_value(head[i].label, cf_word(head[i].off, head[i].size));
	for (unsigned idx = 0; idx < CPUF_FEATURE_COUNT; idx++)
		for (unsigned kind = 0; kind < 2; kind++)
			for (unsigned reg = 0; reg < 4; reg++) {
				size_t off = CPUF_FEATURES + idx * CPUF_FEATURE_STRIDE +
					     (kind ? CPUF_FEATURE_ACTIVE : CPUF_FEATURE_CPUID) +
					     reg * 4;
				rt_dprintf(1, "x86.cpu_features.features[0x%x].%s[0x%x]=0x%x\n",
					   idx, kind ? "active" : "cpuid", reg,
					   (unsigned)cf_word(off, 4));
			}
	uint64_t pref = cf_word(CPUF_PREFERRED, 4);
	for (unsigned b = 0; b < sizeof preferred_names / sizeof preferred_names[0]; b++)
		rt_dprintf(1, "x86.cpu_features.preferred.%s=0x%x\n", preferred_names[b],
			   (unsigned)(pref >> b & 1));
	for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
		print_value(tail[i].label, cf_word(tail[i].off, tail[i].size));
}

void arch_diagnostics(int what, void (*print_value)(const char *label, uint64_t v),
		      void (*print_string)(const char *label, const char *s))
{
	switch (what) {
	case ARCH_DIAG_HWCAP_IMPORTANT:	/* glibc's HWCAP_IMPORTANT: HWCAP_X86_64 | AVX512_1 */
		print_value("dl_hwcap_important", 0x6);
		break;
	case ARCH_DIAG_HWCAPS_SUBDIRS:
		print_string("dl_hwcaps_subdirs", "x86-64-v4:x86-64-v3:x86-64-v2");
		print_value("dl_hwcaps_subdirs_active",
			    hwcaps_subdirs_active(cf_word(CPUF_ISA_1, 4)));
		break;
	case ARCH_DIAG_STRING_PLATFORM:
		print_value("dl_string_platform", string_platform(GLRO->_dl_platform));
		break;
	default:
		cpu_diagnostics(print_value);
	}
}
