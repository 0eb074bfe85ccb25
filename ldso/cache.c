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

/* a string at offset off from the new header, or NULL if it runs out of bounds */
static const char *cache_str(const unsigned char *hdr, size_t avail, uint32_t off)
{
	if (off >= avail || str_len_max((const char *)hdr + off, avail - off) == avail - off)
		return 0;
	return (const char *)hdr + off;
}

const char *ldcache_lookup(const void *cache, size_t size, const char *name)
{
	const unsigned char *p = cache;
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
	const unsigned char *hdr = p + off;
	size_t avail = size - off;
	uint32_t nlibs = rd32(hdr + 20);
	if (nlibs == 0 || (uint64_t)nlibs * NEW_ENTRY > avail - NEW_HDR)
		return 0;
	const unsigned char *ents = hdr + NEW_HDR;

	long left = 0, right = (long)nlibs - 1;
	while (left <= right) {
		long mid = (left + right) / 2;
		const char *key = cache_str(hdr, avail, rd32(ents + mid * NEW_ENTRY + 4));
		if (!key)
			return 0;
		int c = ldcache_libcmp(name, key);
		if (c < 0)
			left = mid + 1;
		else if (c > 0)
			right = mid - 1;
		else {
			/* back up to the first equal key, then take the first usable one */
			while (mid > 0) {
				const char *k = cache_str(hdr, avail,
							 rd32(ents + (mid - 1) * NEW_ENTRY + 4));
				if (!k || ldcache_libcmp(name, k))
					break;
				mid--;
			}
			for (; mid < (long)nlibs; mid++) {
				const unsigned char *e = ents + mid * NEW_ENTRY;
				const char *k = cache_str(hdr, avail, rd32(e + 4));
				if (!k || ldcache_libcmp(name, k))
					break;
				/* glibc-hwcaps subdirectory entries carry a hwcap; we take the
				   baseline */
				if ((int32_t)rd32(e) == ARCH_CACHE_ID && rd64(e + 16) == 0)
					return cache_str(hdr, avail, rd32(e + 8));
			}
			return 0;
		}
	}
	return 0;
}

static const void *cache_map;
static size_t cache_size;
static int cache_tried;

const char *ldcache_find(const char *name)
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
				}
			}
			sys_close(fd);
		}
	}
	return cache_map ? ldcache_lookup(cache_map, cache_size, name) : 0;
}
