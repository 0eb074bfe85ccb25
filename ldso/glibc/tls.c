/* TLS as glibc's libc and libthread_db read it: the slotinfo list (module id
   -> link_map, generation), the dl_tls_* globals and link_map.l_tls_*.  The
   core (tls.c) keeps the facts in struct dso and struct loader and calls
   these at the moment it changes them; nothing else writes these fields. */
#include "glibc/glibc.h"

#define SLOTINFO_SURPLUS 62
/* link_map.l_tls_offset as glibc reads it (TLS_TCB_AT_TP): 0 = undecided,
   -1 = the module's TLS went dynamic and must stay there, else static */
#define NO_TLS_OFFSET 0
#define FORCED_DYNAMIC_TLS_OFFSET ((ptrdiff_t)-1)

static struct dtv_slotinfo_list *slotinfo;

/* the list in glibc's layout, one slot per start-up module and room for dlopen */
void glibc_tls_slots_init(void)
{
	size_t len = L.tls_max_modid + 1 + SLOTINFO_SURPLUS;
	slotinfo = rt_calloc(1, sizeof *slotinfo + len * sizeof(struct dtv_slotinfo));
	if (!slotinfo)
		dl_fatal("cannot allocate TLS data structures", "out of memory");
	slotinfo->len = len;
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid) {
			slotinfo->slotinfo[d->tls_modid].gen = 1;
			slotinfo->slotinfo[d->tls_modid].map = &d->lm;
		}
}

/* the object in slot modid and the slot's generation, or NULL */
struct dso *glibc_tls_slot(size_t modid, size_t *gen)
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
	struct link_map *map = l->slotinfo[modid].map;
	return map ? dso_of(map) : 0;
}

/* a module id for d: the lowest free slot above the start-up ones, the list
   grown as needed */
size_t glibc_tls_slot_add(struct dso *d, size_t gen)
{
	struct dtv_slotinfo_list *l = slotinfo, *last = 0;
	size_t base = 0;
	for (; l; base += l->len, last = l, l = l->next) {
		for (size_t i = base ? 0 : 1; i < l->len; i++) {
			if (!l->slotinfo[i].map && base + i > GL->_dl_tls_static_nelem) {
				l->slotinfo[i].map = &d->lm;
				l->slotinfo[i].gen = gen;
				return base + i;
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
	l->slotinfo[0].map = &d->lm;
	l->slotinfo[0].gen = gen;
	return base;
}

void glibc_tls_slot_release(struct dso *d, size_t gen)
{
	size_t id = d->tls_modid;
	for (struct dtv_slotinfo_list *l = slotinfo; l; id -= l->len, l = l->next)
		if (id < l->len) {
			l->slotinfo[id].map = 0;
			l->slotinfo[id].gen = gen;
			break;
		}
}

void glibc_publish_tls_offset(struct dso *d)
{
	d->lm.l_tls_offset = d->tls_dynamic ? FORCED_DYNAMIC_TLS_OFFSET :
			     d->tls_offset ? d->tls_offset : NO_TLS_OFFSET;
}

void glibc_publish_tls_module(struct dso *d)
{
	d->lm.l_tls_modid = d->tls_modid;
	glibc_publish_tls_offset(d);
}

/* after the start-up layout (tls_assign_static) */
void glibc_publish_tls_static(void)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (d->tls_modid)
			glibc_publish_tls_module(d);
	GL->_dl_tls_dtv_slotinfo_list = slotinfo;
	GL->_dl_tls_max_dtv_idx = L.tls_max_modid;
	GL->_dl_tls_static_used = L.tls_static_used;
	GL->_dl_tls_static_nelem = L.tls_max_modid;
	GL->_dl_tls_static_optional = tunable_get_num(TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
	GL->_dl_tls_generation = L.tls_generation;
	GLRO->_dl_tls_static_size = L.tls_static_size;
	GLRO->_dl_tls_static_align = L.tls_static_align;
	GLRO->_dl_tls_static_surplus = L.tls_static_surplus;
}

void glibc_publish_tls_used(void)
{
	GL->_dl_tls_static_used = L.tls_static_used;
}

void glibc_publish_tls_max(void)
{
	GL->_dl_tls_max_dtv_idx = L.tls_max_modid;
}

void glibc_publish_tls_generation(void)
{
	GL->_dl_tls_generation = L.tls_generation;
}

void glibc_publish_initial_dtv(void *dtv)
{
	GL->_dl_initial_dtv = dtv;
}

EXPORT void _dl_get_tls_static_info(size_t *size, size_t *align)
{
	*size = GLRO->_dl_tls_static_size;
	*align = GLRO->_dl_tls_static_align;
}

/* GL(dl_stack_cache_lock), a low-level lock as libc takes it */
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

static void each_in(struct list_head *head, void (*fn)(unsigned char *pd, void *arg), void *arg)
{
	for (struct list_head *n = head->next; n != head; n = n->next)
		fn((unsigned char *)n - PD_LIST, arg);
}

/* fn on every running thread's struct pthread, under the stack lists' lock */
void glibc_each_thread(void (*fn)(unsigned char *pd, void *arg), void *arg)
{
	stack_lists_lock();
	each_in(&GL->_dl_stack_used, fn, arg);
	each_in(&GL->_dl_stack_user, fn, arg);
	stack_lists_unlock();
}
