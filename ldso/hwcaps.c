/* The subdirectories every search directory is tried with, in glibc 2.36's
   order (_dl_important_hwcaps): glibc-hwcaps/NAME/ for the names of
   --glibc-hwcaps-prepend, then the CPU's supported ones (ARCH_HWCAPS_SUBDIRS,
   filtered by --glibc-hwcaps-mask), then the legacy power set of the hwcap
   bits in LD_HWCAP_MASK (glibc.cpu.hwcap_mask), the platform and "tls",
   ending with the directory itself. */
#include "ldso.h"
#include "glibc/glibc.h"

#define HWCAPS_PREFIX "glibc-hwcaps/"
#define LEGACY_MAX 6		/* hwcap bits with names, the platform, tls */

static struct hwcap_sub *subs;
static size_t nsubs;

/* the next colon-separated name of *list (empty ones skipped); 0 at the end */
static size_t next_name(const char **list, const char **name)
{
	const char *p = *list;
	while (*p == ':')
		p++;
	size_t n = 0;
	while (p[n] && p[n] != ':')
		n++;
	*name = p;
	*list = p + n;
	return n;
}

/* glibc's _dl_hwcaps_contains: NULL (no mask) contains everything */
static int list_contains(const char *list, const char *name, size_t len)
{
	const char *p;
	size_t n;
	if (!list)
		return 1;
	while ((n = next_name(&list, &p)))
		if (n == len && !memcmp(p, name, n))
			return 1;
	return 0;
}

/* the active built-in name number i (bit i of the arch's mask), not masked out */
static int builtin_used(size_t i, const char *name, size_t len)
{
	return (arch_hwcaps_active() >> i & 1) && list_contains(L.hwcaps_mask, name, len);
}

/* the glibc-hwcaps names in priority order: --glibc-hwcaps-prepend's, then
   the built-in ones this CPU supports and the mask leaves; 0 at the end */
struct hwcaps_walk { const char *list; int which; size_t i; };
static size_t hwcaps_next(struct hwcaps_walk *w, const char **name)
{
	if (!w->list)
		w->list = L.hwcaps_prepend ? L.hwcaps_prepend : "";
	for (;;) {
		size_t n = next_name(&w->list, name);
		if (!n) {
			if (w->which)
				return 0;
			w->which = 1;
			w->list = ARCH_HWCAPS_SUBDIRS;
			w->i = 0;
			continue;
		}
		if (!w->which || builtin_used(w->i++, *name, n))
			return n;
	}
}

/* glibc-hwcaps/NAME/ entries: the prepended names, then the used built-in
   ones; with out NULL only counts (and sums the lengths into *chars) */
static size_t glibc_hwcaps(struct hwcap_sub *out, char **strs, size_t *chars)
{
	struct hwcaps_walk w = { 0 };
	const char *p;
	size_t n, k = 0;
	while ((n = hwcaps_next(&w, &p))) {
		size_t len = sizeof HWCAPS_PREFIX - 1 + n + 1;
		if (out) {
			memcpy(*strs, HWCAPS_PREFIX, sizeof HWCAPS_PREFIX - 1);
			memcpy(*strs + sizeof HWCAPS_PREFIX - 1, p, n);
			(*strs)[len - 1] = '/';
			out[k].str = *strs;
			out[k].len = len;
			*strs += len;
		} else {
			*chars += len;
		}
		k++;
	}
	return k;
}

/* glibc's legacy components: hwcap names by bit, the platform, "tls" */
static size_t legacy_parts(const char **part)
{
	uint64_t mask = (uint64_t)tunable_get_num(TUNABLE_ID_GLIBC_CPU_HWCAP_MASK);
	uint64_t masked = GLRO->_dl_hwcap & mask;
	size_t cnt = 0;
	for (unsigned bit = 0; bit < 64 && cnt < LEGACY_MAX - 2; bit++)
		if ((masked >> bit & 1) && arch_hwcap_name(bit))
			part[cnt++] = arch_hwcap_name(bit);
	if (GLRO->_dl_platform)
		part[cnt++] = GLRO->_dl_platform;
	part[cnt++] = "tls";
	return cnt;
}

/* The power set of the legacy parts, as glibc orders it: subset m from all
   down to none, each naming its parts from the last to the first. */
static void legacy_subsets(const char **part, size_t cnt, struct hwcap_sub *out, char *s)
{
	for (size_t m = ((size_t)1 << cnt); m-- > 0; out++) {
		out->str = s;
		for (size_t j = cnt; j-- > 0;)
			if (m >> j & 1) {
				size_t n = strlen(part[j]);
				memcpy(s, part[j], n);
				s[n] = '/';
				s += n + 1;
			}
		out->len = s - out->str;
	}
}

static void hwcaps_build(void)
{
	const char *part[LEGACY_MAX];
	size_t cnt = legacy_parts(part), chars = 0, plen = 0;
	size_t nglibc = glibc_hwcaps(0, 0, &chars);
	for (size_t j = 0; j < cnt; j++)
		plen += strlen(part[j]) + 1;
	size_t nlegacy = (size_t)1 << cnt;
	/* each part is in half of the subsets */
	chars += plen * (nlegacy / 2);
	struct hwcap_sub *s = rt_alloc((nglibc + nlegacy) * sizeof *s + chars);
	if (!s)
		dl_fatal("cannot create capability list", "out of memory");
	char *strs = (char *)(s + nglibc + nlegacy);
	glibc_hwcaps(s, &strs, &chars);
	legacy_subsets(part, cnt, s + nglibc, strs);
	subs = s;
	nsubs = nglibc + nlegacy;
}

/* every subdirectory to try, the last one empty (the directory itself) */
const struct hwcap_sub *hwcaps_subdirs(size_t *n)
{
	if (!subs)
		hwcaps_build();
	*n = nsubs;
	return subs;
}

/* glibc's _dl_hwcaps_priorities: the prepended names, then the used built-in
   ones, numbered from 1; 0 for any other name */
static uint32_t hwcaps_priority(const char *name)
{
	struct hwcaps_walk w = { 0 };
	const char *p;
	size_t n, len = strlen(name);
	uint32_t prio = 0;
	while ((n = hwcaps_next(&w, &p))) {
		prio++;
		if (n == len && !memcmp(p, name, n))
			return prio;
	}
	return 0;
}

/* what the cache lookup needs to know of this system */
const struct ldcache_caps *hwcaps_cache_caps(void)
{
	static struct ldcache_caps caps;
	if (!caps.priority) {
		uint64_t mask = (uint64_t)tunable_get_num(TUNABLE_ID_GLIBC_CPU_HWCAP_MASK);
		caps.hwcap = GLRO->_dl_hwcap & mask;
		caps.platform = arch_cache_platform(GLRO->_dl_platform);
		caps.isa_ok = arch_isa_level_ok;
		caps.priority = hwcaps_priority;
	}
	return &caps;
}

/* glibc's print_hwcap_1 and print_hwcap_1_finish: " (a, b)" of the labels that hold */
static void print_labels(int n, const int *on, const char *const *label)
{
	int first = 1;
	for (int i = 0; i < n; i++)
		if (on[i]) {
			rt_dprintf(1, first ? " (%s" : ", %s", label[i]);
			first = 0;
		}
	rt_dprintf(1, first ? "\n" : ")\n");
}

/* glibc's print_hwcaps_subdirectories: the prepended names, then every built-in
   one with what the CPU and --glibc-hwcaps-mask make of it */
static void print_glibc_hwcaps(void)
{
	static const char *const labels[] = { "supported", "masked", "searched" };
	static const char header[] =
		"\nSubdirectories of glibc-hwcaps directories, in priority order:\n";
	const char *l = L.hwcaps_prepend ? L.hwcaps_prepend : "", *p;
	int printed = 0;
	size_t n;
	while ((n = next_name(&l, &p))) {
		rt_dprintf(1, "%s  %.*s (searched)\n", printed++ ? "" : header, (int)n, p);
	}
	uint32_t mask = arch_hwcaps_active();
	l = ARCH_HWCAPS_SUBDIRS;
	for (; (n = next_name(&l, &p)); mask >>= 1) {
		int listed = list_contains(L.hwcaps_mask, p, n);
		int on[3] = { mask & 1, !listed, (mask & 1) && listed };
		rt_dprintf(1, "%s  %.*s", printed++ ? "" : header, (int)n, p);
		print_labels(3, on, labels);
	}
	if (!printed)
		rt_dprintf(1, "\nNo subdirectories of glibc-hwcaps directories are searched.\n");
}

/* the end of --help: glibc's print_hwcaps_subdirectories and print_legacy_hwcap_directories */
void hwcaps_print_help(void)
{
	static const char *const labels[] = { "supported", "masked", "searched" };
	print_glibc_hwcaps();
	rt_dprintf(1, "\nLegacy HWCAP subdirectories under library search path directories:\n");
	if (GLRO->_dl_platform)
		rt_dprintf(1, "  %s (AT_PLATFORM; supported, searched)\n", GLRO->_dl_platform);
	rt_dprintf(1, "  tls (supported, searched)\n");
	uint64_t mask = (uint64_t)tunable_get_num(TUNABLE_ID_GLIBC_CPU_HWCAP_MASK);
	uint64_t hwcap = GLRO->_dl_hwcap;
	for (int bit = 63; bit >= 0; bit--) {
		uint64_t b = 1ull << bit;
		if (!(ARCH_HWCAP_IMPORTANT & b))
			continue;
		const char *name = arch_hwcap_name(bit);
		int on[3] = { !!(hwcap & b), !(mask & b), !!(hwcap & mask & b) };
		rt_dprintf(1, "  %s", name ? name : "");
		print_labels(3, on, labels);
	}
}
