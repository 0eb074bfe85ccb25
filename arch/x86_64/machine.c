/* x86_64's CPU set-up and lazy-binding choice, and the loader export glibc's
   x86 libraries call: the out-of-line half of arch.h. */
#include "glibc/glibc.h"
#include "cpu_features.h"

HIDDEN uint64_t dl_xsave_state_size;
HIDDEN uint8_t dl_xsave_kind;		/* 0 fxsave, 1 xsave, 2 xsavec (xstate.S) */

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
	x86_cpu_features_init((unsigned char *)&ro->_dl_x86_cpu_features, minsig, &t, &cr);
	ro->_dl_hwcap = cr.hwcap;
	if (cr.platform)
		ro->_dl_platform = (char *)cr.platform, ro->_dl_platformlen = strlen(cr.platform);
	ro->_dl_minsigstacksize = cr.minsigstacksize;
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
