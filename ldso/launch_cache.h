/* The launch cache's file format, shared by start-up (launch_cache.c) and
   the --cache command (launch_cache_cmd.c).  One file per program and set of
   inputs, named PROGRAM-INPUTS (two 16-digit hex hashes):

     head | objs[nobjs] | names (padded to 8) | entries[nentries] (padded to 8)

   Every field is checked before use: the size against the counts, the
   checksum over everything after it, each entry against the objects. */
#ifndef LAUNCH_CACHE_H
#define LAUNCH_CACHE_H

#include "ldso.h"

#define LC_MAGIC	"ldcLC\0\0\1"	/* the last byte is the format's version */
#define LC_NONE		0x3fffffffu	/* no definition: an undefined weak reference */
#define LC_MAX_OBJS	65536
#define LC_MAX_ENTRIES	(1u << 26)
#define LC_MAX_NAMES	(1u << 24)
#define LC_NAME_LEN	34		/* "%016lx-%016lx" and its NUL */

struct lc_head {
	char magic[8];
	uint64_t sum;		/* lc_checksum of the file past this field */
	uint64_t size;		/* the whole file */
	uint64_t loader;	/* the loader's build-id, hashed */
	uint64_t inputs;	/* what changes lookups besides the files */
	uint32_t nobjs, nentries;
	uint32_t names_size, reserved;
	uint64_t reserved2;
};

/* an object of the closure, in load order: its identity, and where its
   entries are (first, count) */
struct lc_obj {
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
	uint64_t build_id;	/* hashed; 0: it has none */
	uint32_t nsyms;
	uint32_t first, count;
	uint32_t name;		/* offset in names: the path it was opened by */
};

/* one lookup of start-up, in the order relocation makes them: the
   reference (symbol index and LOOKUP_* flags) and what it found */
struct lc_entry { uint32_t ref, sym, def; };	/* def: position << 2 | flags */

static inline size_t lc_pad8(size_t n) { return (n + 7) & ~(size_t)7; }

/* the file's size for these counts, 0 past the limits */
static inline size_t lc_file_size(uint32_t nobjs, uint32_t nentries, uint32_t names_size)
{
	if (nobjs > LC_MAX_OBJS || nentries > LC_MAX_ENTRIES || names_size > LC_MAX_NAMES)
		return 0;
	return sizeof(struct lc_head) + (size_t)nobjs * sizeof(struct lc_obj) +
	       lc_pad8(names_size) + lc_pad8((size_t)nentries * sizeof(struct lc_entry));
}

HIDDEN uint64_t lc_checksum(const void *p, size_t len);
HIDDEN const char *lc_check(const void *file, size_t len);
HIDDEN uint64_t lc_hash(uint64_t h, const void *p, size_t n);
HIDDEN int lc_dir(char *out, size_t outlen, char *base, size_t baselen);
HIDDEN const char *lc_read(int dirfd, const char *path, void **buf, size_t *len);
/* the store's file helpers, shared with the probe cache (probe_cache.c) */
HIDDEN const char *lc_open_checked(int dirfd, const char *path, size_t min, size_t max,
				   long *fd, size_t *size);
HIDDEN uint64_t lc_loader_id(void);
HIDDEN char *lc_store_path(const char *name);
HIDDEN long lc_open_store(char *dir, char *base);
HIDDEN void lc_write_file(int dfd, const char *name, const void *buf, size_t len, int may_exist);
struct stat;
HIDDEN void lc_stat_identity(struct lc_obj *o, const struct stat *st);
HIDDEN void lc_prog_hash(char *out, uint64_t dev, uint64_t ino);

static inline const struct lc_obj *lc_objs(const struct lc_head *h)
{
	return (const struct lc_obj *)(h + 1);
}

static inline const char *lc_names(const struct lc_head *h)
{
	return (const char *)(lc_objs(h) + h->nobjs);
}

static inline const struct lc_entry *lc_entries(const struct lc_head *h)
{
	return (const struct lc_entry *)(lc_names(h) + lc_pad8(h->names_size));
}

#endif
