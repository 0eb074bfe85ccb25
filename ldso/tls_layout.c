/* The static TLS block, pure: where each start-up module's block goes
   (glibc's _dl_determine_tlsoffset for TLS_TCB_AT_TP, variant II: a block at
   offset off covers TP-off .. TP-off+size-1) and the free list of what is
   left for dlopen'ed initial-exec TLS.  No loader state, no glibc: unit
   tested in libtests/unit/tls_test.c. */
#include "ldso.h"

/* glibc's firstbyte: off must be congruent to it modulo align, so that the
   block's first byte has the alignment p_vaddr has inside the segment */
static size_t first_byte(size_t firstbyte_offset, size_t align)
{
	return (-firstbyte_offset) & (align - 1);
}

static void gap_insert(struct tls_freelist *fl, size_t at, size_t lo, size_t hi)
{
	memmove(&fl->gap[at + 1], &fl->gap[at], (fl->n - at) * sizeof fl->gap[0]);
	fl->gap[at].lo = lo;
	fl->gap[at].hi = hi;
	fl->n++;
}

static void gap_remove(struct tls_freelist *fl, size_t at)
{
	fl->n--;
	memmove(&fl->gap[at], &fl->gap[at + 1], (fl->n - at) * sizeof fl->gap[0]);
}

/* Modules in module-id order; each gets its offset.  A module goes into the
   hole an earlier alignment left when it fits there (glibc's freetop and
   freebottom), else below everything so far. */
void tls_layout(struct tls_module *m, size_t n, size_t surplus, size_t tcb_size,
		struct tls_static *out, struct tls_freelist *fl)
{
	size_t offset = 0, freetop = 0, freebottom = 0, max_align = 64;

	for (size_t i = 0; i < n; i++) {
		size_t align = m[i].align, size = m[i].size;
		size_t firstbyte = first_byte(m[i].firstbyte_offset, align);
		size_t off;
		if (align > max_align)
			max_align = align;
		if (freebottom - freetop >= size) {
			off = ALIGN_UP(freetop + size - firstbyte, align) + firstbyte;
			if (off <= freebottom) {
				freetop = off;
				m[i].offset = off;
				continue;
			}
		}
		off = ALIGN_UP(offset + size - firstbyte, align) + firstbyte;
		if (off > offset + size + (freebottom - freetop)) {
			freetop = offset;
			freebottom = off - size;
		}
		offset = off;
		m[i].offset = off;
	}
	out->used = offset;
	out->surplus = surplus;
	out->align = max_align;
	out->size = ALIGN_UP(offset + surplus, max_align) + tcb_size;

	/* what dlopen'ed initial-exec TLS may use: the hole the layout left, the surplus */
	fl->n = 0;
	fl->limit = out->size - tcb_size;
	if (freebottom > freetop)
		gap_insert(fl, fl->n, freetop, freebottom);
	gap_insert(fl, fl->n, offset, fl->limit);
}

/* dl_tls_static_used: the high-water mark, below the free chunk on top */
size_t tls_fl_used(const struct tls_freelist *fl)
{
	if (fl->n && fl->gap[fl->n - 1].hi == fl->limit)
		return fl->gap[fl->n - 1].lo;
	return fl->limit;
}

/* first fit: the offset of a block of size bytes, or 0 when none fits */
size_t tls_fl_alloc(struct tls_freelist *fl, size_t size, size_t align, size_t firstbyte_offset)
{
	size_t fb = first_byte(firstbyte_offset, align);
	for (size_t i = 0; i < fl->n; i++) {
		size_t lo = fl->gap[i].lo, hi = fl->gap[i].hi;
		if (size > hi - lo)
			continue;
		size_t off = ALIGN_UP(lo + size - fb, align) + fb;
		if (off > hi)
			continue;
		int below = off - size > lo, above = off < hi;
		if (below && above) {
			fl->gap[i].hi = off - size;
			if (fl->n < TLS_GAPS)
				gap_insert(fl, i + 1, off, hi);
			else	/* list full: lose the padding below the block, never the block */
				fl->gap[i].lo = off, fl->gap[i].hi = hi;
		} else if (below) {
			fl->gap[i].hi = off - size;
		} else if (above) {
			fl->gap[i].lo = off;
		} else {
			gap_remove(fl, i);
		}
		return off;
	}
	return 0;
}

/* give back the block at offset off, merged with its free neighbours */
void tls_fl_free(struct tls_freelist *fl, size_t off, size_t size)
{
	size_t lo = off - size, i = 0;
	while (i < fl->n && fl->gap[i].lo < off)
		i++;
	int join_prev = i > 0 && fl->gap[i - 1].hi == lo;
	int join_next = i < fl->n && fl->gap[i].lo == off;
	if (join_prev && join_next) {
		fl->gap[i - 1].hi = fl->gap[i].hi;
		gap_remove(fl, i);
	} else if (join_prev) {
		fl->gap[i - 1].hi = off;
	} else if (join_next) {
		fl->gap[i].lo = lo;
	} else if (fl->n < TLS_GAPS && size) {
		gap_insert(fl, i, lo, off);
	}	/* else: 64 separate holes; this one stays lost rather than grow the list */
}
