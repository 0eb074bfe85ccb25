/* TLS at run time: module ids, the static block (laid out by tls_layout.c),
   the initial thread's TCB and DTV, the DTV of every other thread, and
   __tls_get_addr.  DTV entries are glibc's dtv_t: {val, to_free}.  What libc
   reads of this (dl_tls_*, l_tls_*, the slotinfo list) glibc/tls.c publishes. */
#include <errno.h>
#include <sys/mman.h>
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

typedef struct { uintptr_t val; void *to_free; } dtv_slot;
#define DTV_UNALLOCATED ((uintptr_t)-1)
#define DTV_SURPLUS 14			/* glibc: spare DTV slots for later dlopens */

_Static_assert(sizeof(dtv_slot) == sizeof(dtv_t), "dtv_t is {val, to_free}");
_Static_assert(ARCH_TLS_VARIANT == 2, "the static layout below is variant II's");

static dtv_slot *initial_dtv;	/* libc never frees it */

static inline dtv_slot *thread_dtv(void)
{
	return arch_thread_dtv();
}

static size_t surplus_size(void)
{
	/* glibc 2.36 _dl_tls_static_surplus_init: room for libc's (144) and
	   other objects' (144) initial-exec TLS in each of nns namespaces (at
	   most DL_NNS), the optional part, and 144 more so the defaults give the
	   historic 1664; audit modules' namespaces come on top of nns there */
	size_t nns = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_NNS) + L.audit_surplus_ns;
	size_t opt = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
	if (nns > DL_NNS)
		nns = DL_NNS;
	return (nns - 1) * 144 + nns * 144 + opt + 144;
}

/* what dlopen'ed initial-exec TLS may use of the static area; touched only
   under the load lock (relocation, dlclose) */
static struct tls_freelist tls_free;

static void static_used_update(void)
{
	L.tls_static_used = tls_fl_used(&tls_free);
	glibc_publish_tls_used();
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
	TIMELINE_MARK(tm);
	size_t nmod = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->tls_memsz + d->tls_filesz && d->kind != DSO_VDSO)
			d->tls_modid = ++nmod;
	L.tls_max_modid = nmod;
	L.tls_generation = nmod ? 1 : 0;

	struct tls_module *m = rt_calloc(nmod + 1, sizeof *m);
	if (!m)
		dl_fatal("cannot allocate TLS data structures", "out of memory");
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid)
			m[d->tls_modid - 1] = (struct tls_module){ d->tls_memsz, d->tls_align,
								   d->tls_firstbyte, 0 };
	struct tls_static st;
	tls_layout(m, nmod, surplus_size(), PD_SIZEOF, &st, &tls_free);
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid)
			d->tls_offset = m[d->tls_modid - 1].offset;
	rt_free(m);
	L.tls_static_used = st.used;
	L.tls_static_surplus = st.surplus;
	L.tls_static_align = st.align;
	L.tls_static_size = st.size;
	glibc_tls_slots_init();
	glibc_publish_tls_static();
	TIMELINE_LAP(tm, L.self, TL_TLS);	/* the loader's row: the whole block */
}

/* a fresh TLS block: the image (.tdata), then .tbss zeroed */
static void copy_image(unsigned char *block, const struct dso *d)
{
	memcpy(block, d->tls_image, d->tls_filesz);
	memset(block + d->tls_filesz, 0, d->tls_memsz - d->tls_filesz);
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
			TIMELINE_MARK(tm);
			copy_image(block, d);
			TIMELINE_LAP(tm, d, TL_TLS);
		}
	}
	dtv[0].val = L.tls_generation;
}

void *tls_setup_initial_thread(void)
{
	TIMELINE_MARK(tm);
	size_t size = L.tls_static_size, align = L.tls_static_align;
	unsigned char *mem = rt_calloc(1, size + align);	/* fresh: zero, pages untouched */
	size_t ndtv = L.tls_max_modid + DTV_SURPLUS;
	dtv_slot *dtv = rt_calloc(ndtv + 2, sizeof *dtv);
	if (!mem || !dtv)
		dl_fatal("cannot allocate TLS data structures", "out of memory");
	unsigned char *aligned = (unsigned char *)ALIGN_UP((uintptr_t)mem, align);
	uintptr_t tp = arch_tls_area_tp((uintptr_t)aligned, size);
	dtv[0].val = ndtv;		/* dtv[-1].counter after the shift below */
	dtv++;
	init_static_blocks(dtv, tp, 0);
	arch_tcb_init(tp, dtv);
	initial_dtv = dtv;
	glibc_publish_initial_dtv(dtv);
	if (arch_set_thread_pointer(tp) < 0)
		dl_fatal("cannot set up thread-local storage", "setting the thread pointer failed");
	TIMELINE_LAP(tm, L.self, TL_TLS);	/* the initial thread's block */
	return (void *)tp;
}

/* after relocation: .tdata may hold relocated pointers */
void tls_copy_images(void *tp)
{
	if (!L.audit_nreq) {
		init_static_blocks(*arch_tcb_dtv((uintptr_t)tp), (uintptr_t)tp, 1);
		return;
	}
	/* auditing started the thread before the program's objects were known: audit
	   modules' blocks are in use, the DTV catches up by generation (dtv_update) */
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid && d->tls_offset && !d->init_called)
			copy_image((void *)arch_tls_block((uintptr_t)tp, d->tls_offset), d);
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
	size_t max = L.tls_max_modid;
	if (dtv[-1].val < max) {
		dtv_slot *n = dtv_alloc(max + DTV_SURPLUS);
		if (!n)
			return 0;
		if (dtv != initial_dtv)
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
		unsigned char *aligned =
			(unsigned char *)ALIGN_UP((uintptr_t)raw + sizeof(void *), align);
		memset(aligned, 0, size);
		mem = (void *)arch_tls_area_tp((uintptr_t)aligned, size);
	}
	dtv_slot *dtv = dtv_alloc(L.tls_max_modid + DTV_SURPLUS);
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
	if (dtv != initial_dtv)
		libc_fns.free(dtv - 1);
	(void)dealloc_tcb;	/* libc always passes false: the TCB lives in the thread's stack */
}

/* bring this thread's DTV up to the current generation */
static dtv_slot *dtv_update(dtv_slot *dtv)
{
	size_t gen = L.tls_generation, max = L.tls_max_modid;
	uintptr_t tp = arch_thread_pointer();
	if (dtv[-1].val < max) {
		dtv_slot *n = dtv_alloc(max + DTV_SURPLUS);
		if (!n)
			dl_fatal("cannot allocate TLS data structures", "out of memory");
		memcpy(n, dtv, (dtv[-1].val + 1) * sizeof *dtv);
		n[-1].val = max + DTV_SURPLUS;
		for (size_t m = dtv[-1].val + 1; m <= max + DTV_SURPLUS; m++)
			n[m].val = DTV_UNALLOCATED;
		if (dtv != initial_dtv)
			libc_fns.free(dtv - 1);
		dtv = n;
		*arch_tcb_dtv(tp) = dtv;
	}
	for (size_t m = 1; m <= max; m++) {
		size_t sgen = 0;
		struct dso *d = glibc_tls_slot(m, &sgen);
		if (sgen <= dtv[0].val)
			continue;
		if (dtv[m].to_free)
			libc_fns.free(dtv[m].to_free);
		dtv[m].to_free = 0;
		dtv[m].val = DTV_UNALLOCATED;
		if (d && d->tls_offset)
			dtv[m].val = arch_tls_block(tp, d->tls_offset);
	}
	dtv[0].val = gen;
	return dtv;
}

static uintptr_t tls_allocate_block(dtv_slot *dtv, size_t modid)
{
	struct dso *d = glibc_tls_slot(modid, 0);
	if (!d)
		dl_fatal("TLS error", "access to an unknown TLS module %zu", modid);
	/* First dynamic access decides, under the TLS lock, as glibc's
	   tls_get_addr_tail: an undecided module stays dynamic for good; one that
	   a dlopen already put in static TLS is used there (one address only). */
	if (!d->tls_dynamic) {
		tls_lock();
		ptrdiff_t off = d->tls_offset;
		if (!off && !d->tls_dynamic) {
			d->tls_dynamic = 1;
			glibc_publish_tls_offset(d);
		}
		tls_unlock();
		if (off) {
			dtv[modid].val = arch_tls_block(arch_thread_pointer(), off);
			dtv[modid].to_free = 0;
			return dtv[modid].val;
		}
	}
	size_t align = d->tls_align;
	unsigned char *raw = libc_fns.malloc(d->tls_memsz + align);
	if (!raw)
		dl_fatal("cannot allocate memory for thread-local data", "out of memory");
	unsigned char *block = (unsigned char *)ALIGN_UP((uintptr_t)raw, align);
	copy_image(block, d);
	dtv[modid].val = (uintptr_t)block;
	dtv[modid].to_free = raw;
	return (uintptr_t)block;
}

struct tls_index { size_t module, offset; };

ARCH_TLS_GET_ADDR_ATTR EXPORT void *__tls_get_addr(void *arg)
{
	struct tls_index *ti = arg;
	dtv_slot *dtv = thread_dtv();
	if (__builtin_expect(dtv[0].val != L.tls_generation, 0))
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
	if (dtv[0].val != L.tls_generation || m > dtv[-1].val)
		return 0;
	uintptr_t p = dtv[m].val;
	return p == DTV_UNALLOCATED ? 0 : (void *)p;
}

/* ---- TLS of objects loaded by dlopen ---- */

/* a module id for d: the lowest free slot (glibc/tls.c keeps the slots) */
void tls_register_module(struct dso *d, size_t gen)
{
	if (!d->tls_memsz && !d->tls_filesz)
		return;
	d->tls_gen = gen;
	d->tls_modid = glibc_tls_slot_add(d, gen);
	d->tls_offset = 0;	/* static or dynamic: the first use decides */
	glibc_publish_tls_module(d);
	if (d->tls_modid > L.tls_max_modid) {
		L.tls_max_modid = d->tls_modid;
		glibc_publish_tls_max();
	}
}

void tls_release_module(struct dso *d, size_t gen)
{
	if (!d->tls_modid)
		return;
	glibc_tls_slot_release(d, gen);
	if (d->tls_modid == L.tls_max_modid) {
		L.tls_max_modid--;
		glibc_publish_tls_max();
	}
	d->tls_modid = 0;
	if (d->tls_offset) {	/* its static block goes back for the next dlopen */
		tls_fl_free(&tls_free, d->tls_offset, d->tls_memsz);
		static_used_update();
		d->tls_offset = 0;
		glibc_publish_tls_offset(d);
	}
}

/* every TLS change of a dlopen or dlclose is seen by threads as one new generation */
void tls_set_generation(size_t gen)
{
	L.tls_generation = gen;
	glibc_publish_tls_generation();
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
	if (!d->tls_dynamic) {
		off = tls_fl_alloc(&tls_free, d->tls_memsz, d->tls_align, d->tls_firstbyte);
		if (off)
			static_used_update();
	}
	if (off) {
		d->tls_offset = off;
		glibc_publish_tls_offset(d);
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
	return d->tls_dynamic;
}

static void init_block(unsigned char *pd, void *arg)
{
	struct dso *d = arg;
	uintptr_t tp = arch_pd_tp((uintptr_t)pd);
	unsigned char *block = (unsigned char *)arch_tls_block(tp, d->tls_offset);
	copy_image(block, d);
}

/* after relocation: copy the image into every running thread's static block */
void tls_init_static_everywhere(struct dso *d)
{
	if (!d->need_tls_init)
		return;
	d->need_tls_init = 0;
	TIMELINE_SPAN(glibc_each_thread(init_block, d), d, TL_TLS);
}
