/* symindex.c's tables, for the lookup in symbol.c to read inline: a lookup
   through an index must cost less than the walk it replaces. */
#ifndef SYMINDEX_H
#define SYMINDEX_H

#include "ldso.h"

/* one mmap: this header, objs[nobj], bucket_end[mask + 1], entries[].
   Up to 256 objects an entry is 16 bits, half the pages (peak RSS). */
struct symindex {
	size_t maplen;
	uint32_t mask;		/* buckets - 1 */
	uint32_t nobj;		/* list positions 0 .. nobj-1 are indexed */
	size_t nentries;
	struct dso **objs;	/* position -> object, a copy: lists get replaced */
	uint32_t *bucket_end;	/* bucket b: entries [b ? end[b-1] : 0, end[b]) */
	void *entries;		/* wide: position << 16 | tag (hash bits 16..31) */
	int narrow;		/* 16 bits: position << 8 | tag (hash bits 24..31) */
	struct symindex *next;	/* on the retired list */
};

/* an index as valid for one list and length: replaced, never changed */
struct symindex_view {
	const struct r_scope_elem *elem;
	struct link_map **list;
	unsigned nlist;
	struct symindex *ix;
	struct symindex_view *next;	/* on the retired list */
};

#define SYMINDEX_SLOTS	8	/* lists indexed at once: the global scopes and big groups */
extern HIDDEN struct symindex_view *symindex_slots[SYMINDEX_SLOTS];
extern HIDDEN unsigned symindex_top;

/* the index valid for e's list as the caller read it, or NULL */
static inline const struct symindex_view *symindex_view(const struct r_scope_elem *e,
							struct link_map **list, unsigned n)
{
	unsigned top = __atomic_load_n(&symindex_top, __ATOMIC_ACQUIRE);
	for (unsigned i = 0; i < top; i++) {
		const struct symindex_view *v = __atomic_load_n(&symindex_slots[i],
								__ATOMIC_ACQUIRE);
		if (v && v->elem == e && v->list == list && v->nlist == n)
			return v;
	}
	return 0;
}

/* the index entries for hash h (the chain end bit ignored, as the walk does) */
static inline void symindex_hits(const struct symindex_view *v, uint32_t h,
				 struct symindex_hits *out)
{
	const struct symindex *ix = v->ix;
	uint32_t k = h >> 1, b = k & ix->mask, size = ix->narrow ? 2 : 4;
	out->e = (const char *)ix->entries + (size_t)(b ? ix->bucket_end[b - 1] : 0) * size;
	out->end = (const char *)ix->entries + (size_t)ix->bucket_end[b] * size;
	out->tag = ix->narrow ? k >> 23 : k >> 15;
	out->narrow = ix->narrow;
	out->objs = ix->objs;
	out->nobj = ix->nobj;
}

#endif
