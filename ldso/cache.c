/* /etc/ld.so.cache in glibc's format ("glibc-ld.so.cache1.1", optionally
   behind the old "ld.so-1.7.0" table).  Parsed in place with bounds checks. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "ldso.h"

#define OLD_MAGIC	"ld.so-1.7.0"
#define NEW_MAGIC	"glibc-ld.so.cache1.1"
#define NEW_HDR		48
#define OLD_ENTRY	12
#define NEW_ENTRY	24

/* glibc's _dl_cache_libcmp: runs of digits compare as numbers */
int ldcache_libcmp(const char *p1, const char *p2)
{
	while (*p1) {
		if (*p1 >= '0' && *p1 <= '9') {
			if (*p2 >= '0' && *p2 <= '9') {
				unsigned long v1 = 0, v2 = 0;
				while (*p1 >= '0' && *p1 <= '9')
					v1 = v1 * 10 + (*p1++ - '0');
				while (*p2 >= '0' && *p2 <= '9')
					v2 = v2 * 10 + (*p2++ - '0');
				if (v1 != v2)
					return v1 < v2 ? -1 : 1;
			} else
				return 1;
		} else if (*p2 >= '0' && *p2 <= '9')
			return -1;
		else if (*p1 != *p2)
			return *p1 - *p2;
		else
			p1++, p2++;
	}
	return *p1 - *p2;
}

static uint32_t rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}


#define HWCAP_EXTENSION	(1ULL << 62)	/* a glibc-hwcaps subdirectory's entry */
#define ISA_LEVEL_MASK	0x3ffULL	/* its ISA level, in the upper half */
#define HWCAP_PLATFORM	(15ULL << 48)	/* legacy platform bits */
#define HWCAP_TLS	(1ULL << 63)
#define EXT_MAGIC	0xeaa42174u	/* cache_extension_magic */
#define EXT_HWCAPS	1		/* cache_extension_tag_glibc_hwcaps */

/* glibc's dl_cache_hwcap_extension: only the extension bit in the upper half,
   apart from the ISA level */
static int named_hwcap(uint64_t h)
{
	return ((h >> 32) & ~ISA_LEVEL_MASK) == HWCAP_EXTENSION >> 32;
}

/* the glibc-hwcaps section: string offsets of the subdirectory names */
struct cache_view {
	const unsigned char *hdr;
	size_t avail;
	const unsigned char *names;	/* NULL: no valid section */
	uint32_t nnames;
	size_t ended;			/* a string starting below it has its NUL in bounds */
};

/* a string at offset off from the new header, or NULL if it runs out of bounds */
static const char *cache_str(const struct cache_view *v, uint32_t off)
{
	const char *str = (const char *)v->hdr + off;
	if (off >= v->avail || (off >= v->ended && str_len_max(str, v->avail - off) ==
						    v->avail - off))
		return 0;
	return str;
}

/* past the last NUL of the file's last 4 KiB (its tail is ldconfig's text), one
   scan instead of one bounded strlen per key of the binary search */
static size_t strings_end(const unsigned char *hdr, size_t avail)
{
	size_t k = avail, stop = avail > 4096 ? avail - 4096 : 0;
	while (k > stop && hdr[k - 1])
		k--;
	return k > stop ? k : 0;
}

static void find_hwcaps_section(struct cache_view *v)
{
	uint32_t off = rd32(v->hdr + 32);
	v->names = 0;
	if (!off || off % 4 || (uint64_t)off + 8 > v->avail || rd32(v->hdr + off) != EXT_MAGIC)
		return;
	uint32_t count = rd32(v->hdr + off + 4);
	if ((uint64_t)count * 16 > v->avail - off - 8)
		return;
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *sec = v->hdr + off + 8 + i * 16;
		uint32_t soff = rd32(sec + 8), size = rd32(sec + 12);
		if ((uint64_t)soff + size > v->avail)
			return;	/* glibc: a bad extension directory spoils all of it */
		if (rd32(sec) == EXT_HWCAPS) {
			v->names = size && !(soff % 4) && !(size % 4) ? v->hdr + soff : 0;
			v->nnames = size / 4;
		}
	}
}

/* 0: not usable here; else lower is better (glibc's glibc_hwcaps_priority) */
static uint32_t entry_priority(const struct cache_view *v, uint64_t hwcap,
			       const struct ldcache_caps *caps)
{
	uint32_t idx = (uint32_t)hwcap;
	if (!caps || !v->names || idx >= v->nnames || !caps->isa_ok(hwcap >> 32 & ISA_LEVEL_MASK))
		return 0;
	const char *name = cache_str(v, rd32(v->names + idx * 4));
	return name ? caps->priority(name) : 0;
}

/* glibc's search_cache from the first entry of the name on: the best
   glibc-hwcaps entry (they come first), else the first plain entry whose
   legacy hwcap bits and platform this system has */
static const char *pick_entry(const struct cache_view *v, const unsigned char *ents,
			      long mid, uint32_t nlibs, const char *name,
			      const struct ldcache_caps *caps)
{
	uint64_t exclude = ~((caps ? caps->hwcap : 0) | HWCAP_PLATFORM | HWCAP_TLS);
	uint64_t platform = caps ? caps->platform : ~0ULL;
	const char *best = 0;
	uint32_t best_prio = 0;
	for (; mid < (long)nlibs; mid++) {
		const unsigned char *e = ents + mid * NEW_ENTRY;
		const char *k = cache_str(v, rd32(e + 4));
		if (!k || ldcache_libcmp(name, k))
			break;
		const char *path = cache_str(v, rd32(e + 8));
		uint64_t hw = rd64(e + 16);
		if ((int32_t)rd32(e) != ARCH_CACHE_ID || !path)
			continue;
		int named = named_hwcap(hw);
		if (!named && best)
			break;
		if (named) {
			uint32_t prio = entry_priority(v, hw, caps);
			if (!prio || (best && prio >= best_prio))
				continue;
			best_prio = prio;
		} else if ((hw & exclude) ||
			   ((hw & HWCAP_PLATFORM) && (hw & HWCAP_PLATFORM) != platform))
			continue;
		best = path;
		if (!named)
			break;
	}
	return best;
}

/* the new format's header and its entry count (0: no usable cache) */
static uint32_t cache_view_init(const unsigned char *p, size_t size, struct cache_view *v)
{
	size_t off = 0;
	/* the old header: 11-byte magic, one byte of padding, then the count */
	if (size >= 16 && !memcmp(p, OLD_MAGIC, sizeof OLD_MAGIC - 1)) {
		uint32_t n = rd32(p + 12);
		uint64_t old_end = 16 + (uint64_t)n * OLD_ENTRY;
		off = (size_t)ALIGN_UP(old_end, 8);
		if (old_end > size || off > size)
			return 0;
	}
	if (size - off < NEW_HDR || memcmp(p + off, NEW_MAGIC, sizeof NEW_MAGIC - 1))
		return 0;
	/* offsets are from the new header (the file's start in today's format) */
	*v = (struct cache_view){ p + off, size - off, 0, 0, 0 };
	uint32_t nlibs = rd32(v->hdr + 20);
	if ((uint64_t)nlibs * NEW_ENTRY > v->avail - NEW_HDR)
		return 0;
	v->ended = strings_end(v->hdr, v->avail);
	return nlibs;
}

/* the binary search of a view made by cache_view_init and find_hwcaps_section */
static const char *lookup_view(const struct cache_view *v, uint32_t nlibs, const char *name,
			       const struct ldcache_caps *caps)
{
	const unsigned char *ents = v->hdr + NEW_HDR;
	long left = 0, right = (long)nlibs - 1;
	while (left <= right) {
		long mid = (left + right) / 2;
		const char *key = cache_str(v, rd32(ents + mid * NEW_ENTRY + 4));
		if (!key)
			return 0;
		int c = ldcache_libcmp(name, key);
		if (c < 0)
			left = mid + 1;
		else if (c > 0)
			right = mid - 1;
		else {
			/* back up to the first equal key */
			while (mid > 0) {
				const unsigned char *prev = ents + (mid - 1) * NEW_ENTRY;
				const char *k = cache_str(v, rd32(prev + 4));
				if (!k || ldcache_libcmp(name, k))
					break;
				mid--;
			}
			return pick_entry(v, ents, mid, nlibs, name, caps);
		}
	}
	return 0;
}

const char *ldcache_lookup_caps(const void *cache, size_t size, const char *name,
				const struct ldcache_caps *caps)
{
	struct cache_view v;
	uint32_t nlibs = cache_view_init(cache, size, &v);
	if (nlibs == 0)
		return 0;
	find_hwcaps_section(&v);	/* without caps, pick_entry never reads it */
	return lookup_view(&v, nlibs, name, caps);
}

/* without a system to match: plain entries without hwcap bits only */
const char *ldcache_lookup(const void *cache, size_t size, const char *name)
{
	return ldcache_lookup_caps(cache, size, name, 0);
}

static const void *cache_map;
static size_t cache_size;
static int cache_tried;
/* the mapped cache's header, checked once per mapping, not once per search */
static struct cache_view cache_v;
static uint32_t cache_nlibs;

static void cache_open(void)
{
	if (!cache_tried) {
		cache_tried = 1;
		int fd = sys_open("/etc/ld.so.cache", O_RDONLY);
		if (fd >= 0) {
			struct stat st;
			if (!sys_fstat(fd, &st) && st.st_size > 0) {
				void *m = sys_mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
				if (!mmap_failed(m)) {
					cache_map = m;
					cache_size = st.st_size;
					cache_nlibs = cache_view_init(m, cache_size, &cache_v);
					if (cache_nlibs)
						find_hwcaps_section(&cache_v);
				}
			}
			sys_close(fd);
		}
	}
}

const char *ldcache_find_caps(const char *name, const struct ldcache_caps *caps)
{
	cache_open();
	return cache_nlibs ? lookup_view(&cache_v, cache_nlibs, name, caps) : 0;
}

const char *ldcache_find(const char *name)
{
	return ldcache_find_caps(name, 0);
}

/* glibc's _dl_unload_cache: after start-up and after each dlopen the cache is
   unmapped (its pages would stay in the process's RSS); the next search maps it
   again.  Nothing keeps a pointer into it: try_path copies the path it finds. */
void ldcache_release(void)
{
	if (cache_map)
		sys_munmap((void *)cache_map, cache_size);
	cache_map = 0;
	cache_size = 0;
	cache_nlibs = 0;
	cache_tried = 0;
}

/* explain.c, on an error path: the paths of the first max entries for this
   machine (hwcaps ones too); fn returns nonzero to stop */
void ldcache_each(int (*fn)(const char *path, void *arg), void *arg, size_t max)
{
	cache_open();
	for (uint32_t i = 0; i < cache_nlibs && i < max; i++) {
		const unsigned char *e = cache_v.hdr + NEW_HDR + (size_t)i * NEW_ENTRY;
		const char *path = cache_str(&cache_v, rd32(e + 8));
		if ((int32_t)rd32(e) == ARCH_CACHE_ID && path && fn(path, arg))
			return;
	}
}
