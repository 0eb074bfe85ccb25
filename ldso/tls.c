/* TLS: module ids, the static block layout (glibc's _dl_determine_tlsoffset
   for TLS_TCB_AT_TP), the initial thread's TCB and DTV, the DTV of every other
   thread, and __tls_get_addr.  DTV entries are glibc's dtv_t: {val, to_free}. */
#include <errno.h>
#include <sys/mman.h>
#include "ldso.h"
#include "glibc/glibc.h"

typedef struct { uintptr_t val; void *to_free; } dtv_slot;
#define DTV_UNALLOCATED ((uintptr_t)-1)
#define DTV_SURPLUS 14			/* glibc: spare DTV slots for later dlopens */
#define SLOTINFO_SURPLUS 62
/* link_map.l_tls_offset as glibc reads it (TLS_TCB_AT_TP): 0 = undecided,
   -1 = the module's TLS went dynamic and must stay there, else static */
#define NO_TLS_OFFSET 0
#define FORCED_DYNAMIC_TLS_OFFSET ((ptrdiff_t)-1)

_Static_assert(sizeof(dtv_slot) == sizeof(dtv_t), "dtv_t is {val, to_free}");
_Static_assert(ARCH_TLS_VARIANT == 2, "the static layout below is variant II's");

static struct dtv_slotinfo_list *slotinfo;

static inline dtv_slot *thread_dtv(void)
{
	return arch_thread_dtv();
}

static size_t surplus_size(void)
{
	/* glibc 2.36 _dl_tls_static_surplus_init: room for libc's and other
	   objects' initial-exec TLS in later namespaces, plus the optional part */
	size_t nns = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_NNS);
	size_t opt = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
	return (nns - 1) * 192 + nns * 144 + opt;
}

/* The free parts of the static TLS area, as distances below the thread
   pointer (variant II: a block at offset off covers TP-off .. TP-off+size-1):
   {lo, hi} frees distances lo+1 .. hi.  Sorted, disjoint and coalesced, so
   any block that dlclose gives back can be handed out again.  Touched only
   under the load lock (relocation, dlclose). */
#define TLS_GAPS 64
static struct tls_gap { size_t lo, hi; } gaps[TLS_GAPS];
static size_t ngaps;

static void gap_insert(size_t at, size_t lo, size_t hi)
{
	memmove(&gaps[at + 1], &gaps[at], (ngaps - at) * sizeof gaps[0]);
	gaps[at].lo = lo;
	gaps[at].hi = hi;
	ngaps++;
}

static void gap_remove(size_t at)
{
	ngaps--;
	memmove(&gaps[at], &gaps[at + 1], (ngaps - at) * sizeof gaps[0]);
}

/* dl_tls_static_used: the high-water mark, below the free chunk on top */
static void static_used_update(void)
{
	size_t limit = L.tls_static_size - PD_SIZEOF, used = limit;
	if (ngaps && gaps[ngaps - 1].hi == limit)
		used = gaps[ngaps - 1].lo;
	L.tls_static_used = used;
	GL->_dl_tls_static_used = used;
}

/* first fit: the offset of a block of size bytes with off = fb mod align, or 0 */
static size_t static_alloc(size_t size, size_t align, size_t fb)
{
	for (size_t i = 0; i < ngaps; i++) {
		size_t lo = gaps[i].lo, hi = gaps[i].hi;
		if (size > hi - lo)
			continue;
		size_t off = ALIGN_UP(lo + size - fb, align) + fb;
		if (off > hi)
			continue;
		int below = off - size > lo, above = off < hi;
		if (below && above) {
			gaps[i].hi = off - size;
			if (ngaps < TLS_GAPS)
				gap_insert(i + 1, off, hi);
			else	/* list full: lose the padding below the block, never the block */
				gaps[i].lo = off, gaps[i].hi = hi;
		} else if (below) {
			gaps[i].hi = off - size;
		} else if (above) {
			gaps[i].lo = off;
		} else {
			gap_remove(i);
		}
		static_used_update();
		return off;
	}
	return 0;
}

/* give back the block at offset off, merged with its free neighbours */
static void static_free(size_t off, size_t size)
{
	size_t lo = off - size, i = 0;
	while (i < ngaps && gaps[i].lo < off)
		i++;
	int join_prev = i > 0 && gaps[i - 1].hi == lo, join_next = i < ngaps && gaps[i].lo == off;
	if (join_prev && join_next) {
		gaps[i - 1].hi = gaps[i].hi;
		gap_remove(i);
	} else if (join_prev) {
		gaps[i - 1].hi = off;
	} else if (join_next) {
		gaps[i].lo = lo;
	} else if (ngaps < TLS_GAPS && size) {
		gap_insert(i, lo, off);
	}	/* else: 64 separate holes; this one stays lost rather than grow the list */
	static_used_update();
}

static void tls_lock(void)
{
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_tls_lock);
}

static void tls_unlock(void)
{
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_tls_lock);
}

void tls_assign_static(void)
{
	size_t offset = 0, freetop = 0, freebottom = 0, max_align = 64, nmod = 0;

	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->tls_memsz + d->tls_filesz && d->kind != DSO_VDSO)
			d->tls_modid = ++nmod;
	L.tls_max_modid = nmod;

	for (struct dso *d = L.head; d; d = d->next) {
		if (!d->tls_modid)
			continue;
		size_t align = d->tls_align, size = d->tls_memsz;
		size_t firstbyte = (-d->tls_firstbyte) & (align - 1);
		size_t off;
		if (align > max_align)
			max_align = align;
		if (freebottom - freetop >= size) {
			off = ALIGN_UP(freetop + size - firstbyte, align) + firstbyte;
			if (off <= freebottom) {
				freetop = off;
				d->tls_offset = off;
				d->lm.l_tls_offset = off;
				d->lm.l_tls_modid = d->tls_modid;
				continue;
			}
		}
		off = ALIGN_UP(offset + size - firstbyte, align) + firstbyte;
		if (off > offset + size + (freebottom - freetop)) {
			freetop = offset;
			freebottom = off - size;
		}
		offset = off;
		d->tls_offset = off;
		d->lm.l_tls_offset = off;
		d->lm.l_tls_modid = d->tls_modid;
	}
	L.tls_static_used = offset;
	L.tls_static_surplus = surplus_size();
	L.tls_static_align = max_align;
	L.tls_static_size = ALIGN_UP(offset + L.tls_static_surplus, max_align) + PD_SIZEOF;

	/* the slotinfo list, in glibc's layout (libthread_db and libc read it) */
	size_t len = nmod + 1 + SLOTINFO_SURPLUS;
	slotinfo = rt_calloc(1, sizeof *slotinfo + len * sizeof(struct dtv_slotinfo));
	if (!slotinfo)
		dl_fatal("cannot allocate TLS data structures", "out of memory");
	slotinfo->len = len;
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid) {
			slotinfo->slotinfo[d->tls_modid].gen = 1;
			slotinfo->slotinfo[d->tls_modid].map = &d->lm;
		}
	GL->_dl_tls_dtv_slotinfo_list = slotinfo;
	GL->_dl_tls_max_dtv_idx = nmod;
	GL->_dl_tls_static_used = offset;
	GL->_dl_tls_static_nelem = nmod;
	GL->_dl_tls_static_optional = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
	GL->_dl_tls_generation = nmod ? 1 : 0;
	GLRO->_dl_tls_static_size = L.tls_static_size;
	GLRO->_dl_tls_static_align = L.tls_static_align;
	GLRO->_dl_tls_static_surplus = L.tls_static_surplus;

	/* what dlopen'ed initial-exec TLS may use: the hole the layout left, the surplus */
	ngaps = 0;
	if (freebottom > freetop)
		gap_insert(ngaps, freetop, freebottom);
	gap_insert(ngaps, offset, L.tls_static_size - PD_SIZEOF);
}

/* point dtv at every module's static block in the thread whose TCB is tp */
static void init_static_blocks(dtv_slot *dtv, uintptr_t tp, int copy)
{
	for (struct dso *d = L.head; d; d = d->next) {
		if (!d->tls_modid || d->tls_modid > dtv[-1].val)
			continue;
		if (!d->tls_offset) {
			dtv[d->tls_modid].val = DTV_UNALLOCATED;
			dtv[d->tls_modid].to_free = 0;
			continue;
		}
		unsigned char *block = (unsigned char *)arch_tls_block(tp, d->tls_offset);
		dtv[d->tls_modid].val = (uintptr_t)block;
		dtv[d->tls_modid].to_free = 0;
		if (copy) {
			memcpy(block, d->tls_image, d->tls_filesz);
			memset(block + d->tls_filesz, 0, d->tls_memsz - d->tls_filesz);
		}
	}
	dtv[0].val = GL->_dl_tls_generation;
}

void *tls_setup_initial_thread(void)
{
	size_t size = L.tls_static_size, align = L.tls_static_align;
	unsigned char *mem = rt_alloc(size + align);
	size_t ndtv = L.tls_max_modid + DTV_SURPLUS;
	dtv_slot *dtv = rt_calloc(ndtv + 2, sizeof *dtv);
	if (!mem || !dtv)
		dl_fatal("cannot allocate TLS data structures", "out of memory");
	unsigned char *aligned = (unsigned char *)ALIGN_UP((uintptr_t)mem, align);
	uintptr_t tp = arch_tls_area_tp((uintptr_t)aligned, size);
	memset(aligned, 0, size);
	dtv[0].val = ndtv;		/* dtv[-1].counter after the shift below */
	dtv++;
	init_static_blocks(dtv, tp, 0);
	arch_tcb_init(tp, dtv);
	GL->_dl_initial_dtv = dtv;
	if (arch_set_thread_pointer(tp) < 0)
		dl_fatal("cannot set up thread-local storage", "setting the thread pointer failed");
	return (void *)tp;
}

/* after relocation: .tdata may hold relocated pointers */
void tls_copy_images(void *tp)
{
	init_static_blocks(*arch_tcb_dtv((uintptr_t)tp), (uintptr_t)tp, 1);
}

/* ---- what libc calls for every other thread ---- */

static dtv_slot *dtv_alloc(size_t nslots)
{
	dtv_slot *dtv = libc_fns.calloc(nslots + 2, sizeof *dtv);
	if (!dtv)
		return 0;
	dtv[0].val = nslots;
	return dtv + 1;
}

/* _dl_allocate_tls_init(tcb, init_tls): static blocks copied, dynamic ones unallocated */
EXPORT void *_dl_allocate_tls_init(void *tcb, _Bool init_tls)
{
	(void)init_tls;
	if (!tcb)
		return 0;
	dtv_slot *dtv = *arch_tcb_dtv((uintptr_t)tcb);
	size_t max = GL->_dl_tls_max_dtv_idx;
	if (dtv[-1].val < max) {
		dtv_slot *n = dtv_alloc(max + DTV_SURPLUS);
		if (!n)
			return 0;
		if (dtv != GL->_dl_initial_dtv)
			libc_fns.free(dtv - 1);
		dtv = n;
		*arch_tcb_dtv((uintptr_t)tcb) = dtv;
	}
	for (size_t m = 1; m <= dtv[-1].val; m++) {
		dtv[m].val = DTV_UNALLOCATED;
		dtv[m].to_free = 0;
	}
	init_static_blocks(dtv, (uintptr_t)tcb, 1);
	return tcb;
}

EXPORT void *_dl_allocate_tls(void *mem)
{
	if (!mem) {
		/* libc never asks us for the TCB itself, but glibc allows it */
		size_t size = L.tls_static_size, align = L.tls_static_align;
		unsigned char *raw = libc_fns.malloc(size + align + sizeof(void *));
		if (!raw)
			return 0;
		unsigned char *aligned = (unsigned char *)ALIGN_UP((uintptr_t)raw + sizeof(void *), align);
		memset(aligned, 0, size);
		mem = (void *)arch_tls_area_tp((uintptr_t)aligned, size);
	}
	dtv_slot *dtv = dtv_alloc(GL->_dl_tls_max_dtv_idx + DTV_SURPLUS);
	if (!dtv) {
		*libc_fns.errno_location() = ENOMEM;
		return 0;
	}
	*arch_tcb_dtv((uintptr_t)mem) = dtv;
	return _dl_allocate_tls_init(mem, 1);
}

EXPORT void _dl_deallocate_tls(void *tcb, _Bool dealloc_tcb)
{
	dtv_slot *dtv = *arch_tcb_dtv((uintptr_t)tcb);
	for (size_t m = 1; m <= dtv[-1].val; m++)
		if (dtv[m].to_free)
			libc_fns.free(dtv[m].to_free);
	if (dtv != GL->_dl_initial_dtv)
		libc_fns.free(dtv - 1);
	(void)dealloc_tcb;	/* libc always passes false: the TCB lives in the thread's stack */
}

EXPORT void _dl_get_tls_static_info(size_t *size, size_t *align)
{
	*size = GLRO->_dl_tls_static_size;
	*align = GLRO->_dl_tls_static_align;
}

static struct link_map *slot_map(size_t modid, size_t *gen)
{
	struct dtv_slotinfo_list *l = slotinfo;
	while (l && modid >= l->len) {
		modid -= l->len;
		l = l->next;
	}
	if (!l)
		return 0;
	if (gen)
		*gen = l->slotinfo[modid].gen;
	return l->slotinfo[modid].map;
}

/* bring this thread's DTV up to the current generation */
static dtv_slot *dtv_update(dtv_slot *dtv)
{
	size_t gen = GL->_dl_tls_generation, max = GL->_dl_tls_max_dtv_idx;
	uintptr_t tp = arch_thread_pointer();
	if (dtv[-1].val < max) {
		dtv_slot *n = dtv_alloc(max + DTV_SURPLUS);
		if (!n)
			dl_fatal("cannot allocate TLS data structures", "out of memory");
		memcpy(n, dtv, (dtv[-1].val + 1) * sizeof *dtv);
		n[-1].val = max + DTV_SURPLUS;
		for (size_t m = dtv[-1].val + 1; m <= max + DTV_SURPLUS; m++)
			n[m].val = DTV_UNALLOCATED;
		if (dtv != GL->_dl_initial_dtv)
			libc_fns.free(dtv - 1);
		dtv = n;
		*arch_tcb_dtv(tp) = dtv;
	}
	for (size_t m = 1; m <= max; m++) {
		size_t sgen = 0;
		struct link_map *map = slot_map(m, &sgen);
		if (sgen <= dtv[0].val)
			continue;
		if (dtv[m].to_free)
			libc_fns.free(dtv[m].to_free);
		dtv[m].to_free = 0;
		dtv[m].val = DTV_UNALLOCATED;
		if (map && map->l_tls_offset && map->l_tls_offset != -1)
			dtv[m].val = arch_tls_block(tp, map->l_tls_offset);
	}
	dtv[0].val = gen;
	return dtv;
}

static uintptr_t tls_allocate_block(dtv_slot *dtv, size_t modid)
{
	struct link_map *map = slot_map(modid, 0);
	if (!map)
		dl_fatal("TLS error", "access to an unknown TLS module %zu", modid);
	/* First dynamic access decides, under the TLS lock, as glibc's
	   tls_get_addr_tail: an undecided module stays dynamic for good; one that
	   a dlopen already put in static TLS is used there (one address only). */
	if (map->l_tls_offset != FORCED_DYNAMIC_TLS_OFFSET) {
		tls_lock();
		ptrdiff_t off = map->l_tls_offset;
		if (off == NO_TLS_OFFSET)
			map->l_tls_offset = FORCED_DYNAMIC_TLS_OFFSET;
		tls_unlock();
		if (off != NO_TLS_OFFSET && off != FORCED_DYNAMIC_TLS_OFFSET) {
			dtv[modid].val = arch_tls_block(arch_thread_pointer(), off);
			dtv[modid].to_free = 0;
			return dtv[modid].val;
		}
	}
	size_t align = map->l_tls_align ? map->l_tls_align : 1;
	unsigned char *raw = libc_fns.malloc(map->l_tls_blocksize + align);
	if (!raw)
		dl_fatal("cannot allocate memory for thread-local data", "out of memory");
	unsigned char *block = (unsigned char *)ALIGN_UP((uintptr_t)raw, align);
	memcpy(block, map->l_tls_initimage, map->l_tls_initimage_size);
	memset(block + map->l_tls_initimage_size, 0, map->l_tls_blocksize - map->l_tls_initimage_size);
	dtv[modid].val = (uintptr_t)block;
	dtv[modid].to_free = raw;
	return (uintptr_t)block;
}

struct tls_index { size_t module, offset; };

ARCH_TLS_GET_ADDR_ATTR EXPORT void *__tls_get_addr(void *arg)
{
	struct tls_index *ti = arg;
	dtv_slot *dtv = thread_dtv();
	if (__builtin_expect(dtv[0].val != GL->_dl_tls_generation, 0))
		dtv = dtv_update(dtv);
	uintptr_t p = dtv[ti->module].val;
	if (__builtin_expect(p == DTV_UNALLOCATED, 0))
		p = tls_allocate_block(dtv, ti->module);
	return (void *)(p + ti->offset);
}

/* GLRO(dl_tls_get_addr_soft): this thread's block, or NULL; never allocates */
void *tls_get_addr_soft(struct link_map *map)
{
	size_t m = map->l_tls_modid;
	if (!m)
		return 0;
	dtv_slot *dtv = thread_dtv();
	if (dtv[0].val != GL->_dl_tls_generation || m > dtv[-1].val)
		return 0;
	uintptr_t p = dtv[m].val;
	return p == DTV_UNALLOCATED ? 0 : (void *)p;
}

/* ---- TLS of objects loaded by dlopen ---- */

/* a module id for d: the lowest free slot, the slotinfo list grown as needed */
void tls_register_module(struct dso *d, size_t gen)
{
	if (!d->tls_memsz && !d->tls_filesz)
		return;
	size_t id = 1;
	struct dtv_slotinfo_list *l = slotinfo, *last = 0;
	size_t base = 0;
	for (; l; base += l->len, last = l, l = l->next) {
		for (size_t i = base ? 0 : 1; i < l->len; i++) {
			if (!l->slotinfo[i].map && base + i > GL->_dl_tls_static_nelem) {
				id = base + i;
				l->slotinfo[i].map = &d->lm;
				l->slotinfo[i].gen = gen;
				goto found;
			}
		}
	}
	/* every slot taken: chain another list element, as glibc does */
	size_t len = 64;
	l = libc_fns.calloc ? libc_fns.calloc(1, sizeof *l + len * sizeof(struct dtv_slotinfo))
			    : rt_calloc(1, sizeof *l + len * sizeof(struct dtv_slotinfo));
	if (!l)
		dl_fatal("cannot create TLS data structures", "out of memory");
	l->len = len;
	last->next = l;
	id = base;
	l->slotinfo[0].map = &d->lm;
	l->slotinfo[0].gen = gen;
found:
	d->tls_gen = gen;
	d->tls_modid = id;
	d->lm.l_tls_modid = id;
	d->lm.l_tls_offset = NO_TLS_OFFSET;	/* static or dynamic: the first use decides */
	if (id > GL->_dl_tls_max_dtv_idx)
		GL->_dl_tls_max_dtv_idx = id;
}

void tls_release_module(struct dso *d, size_t gen)
{
	if (!d->tls_modid)
		return;
	size_t id = d->tls_modid;
	for (struct dtv_slotinfo_list *l = slotinfo; l; id -= l->len, l = l->next)
		if (id < l->len) {
			l->slotinfo[id].map = 0;
			l->slotinfo[id].gen = gen;
			break;
		}
	if (d->tls_modid == GL->_dl_tls_max_dtv_idx)
		GL->_dl_tls_max_dtv_idx--;
	d->tls_modid = 0;
	if (d->tls_offset) {	/* its static block goes back for the next dlopen */
		static_free(d->tls_offset, d->tls_memsz);
		d->tls_offset = 0;
		d->lm.l_tls_offset = NO_TLS_OFFSET;
	}
}

/* Initial-exec TLS in a dlopen'ed object: a block in the static surplus, or
   0 when it does not fit or its TLS is already dynamic (glibc's
   _dl_try_allocate_static_tls).  An object that is already relocated (an
   earlier dlopen) gets its image in every thread now, under the TLS lock,
   so that no thread sees the block before it holds the image. */
int tls_try_static(struct dso *d)
{
	if (d->tls_offset)
		return 1;
	if (d->tls_align > L.tls_static_align)
		return 0;
	size_t off = 0;
	tls_lock();
	if (d->lm.l_tls_offset == NO_TLS_OFFSET)
		off = static_alloc(d->tls_memsz, d->tls_align, (-d->tls_firstbyte) & (d->tls_align - 1));
	if (off) {
		d->tls_offset = off;
		d->lm.l_tls_offset = off;
		d->need_tls_init = 1;
		if (d->relocated)
			tls_init_static_everywhere(d);
	}
	tls_unlock();
	return off != 0;
}

/* why tls_try_static said no: the module's TLS went dynamic first */
int tls_forced_dynamic(const struct dso *d)
{
	return d->lm.l_tls_offset == FORCED_DYNAMIC_TLS_OFFSET;
}

static void lll_lock(int *lock)
{
	int zero = 0;
	if (__atomic_compare_exchange_n(lock, &zero, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0)
		sys_futex(lock, 128 /* FUTEX_WAIT_PRIVATE */, 2);
}

static void lll_unlock(int *lock)
{
	if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2)
		sys_futex(lock, 129 /* FUTEX_WAKE_PRIVATE */, 1);
}

void stack_lists_lock(void)
{
	lll_lock(&GL->_dl_stack_cache_lock);
}

void stack_lists_unlock(void)
{
	lll_unlock(&GL->_dl_stack_cache_lock);
}

static void init_block_in(struct list_head *head, struct dso *d)
{
	for (struct list_head *n = head->next; n != head; n = n->next) {
		uintptr_t tp = arch_pd_tp((uintptr_t)n - PD_LIST);
		unsigned char *block = (unsigned char *)arch_tls_block(tp, d->tls_offset);
		memcpy(block, d->tls_image, d->tls_filesz);
		memset(block + d->tls_filesz, 0, d->tls_memsz - d->tls_filesz);
	}
}

/* after relocation: copy the image into every running thread's static block */
void tls_init_static_everywhere(struct dso *d)
{
	if (!d->need_tls_init)
		return;
	d->need_tls_init = 0;
	lll_lock(&GL->_dl_stack_cache_lock);
	init_block_in(&GL->_dl_stack_used, d);
	init_block_in(&GL->_dl_stack_user, d);
	lll_unlock(&GL->_dl_stack_cache_lock);
}
