/* The initial thread's struct pthread, exactly as glibc's __tls_init_tp and
   security_init leave it (glibc-abi.md table 2.1); executable stacks for
   every thread libc made, when an object asks for them. */
#include <sys/auxv.h>
#include <sys/mman.h>
#include "glibc/glibc.h"

#define RSEQ_SIG 0x53053053
#define RSEQ_AREA_SIZE 32
#define RSEQ_CPU_ID_REGISTRATION_FAILED (-2)

#define PD(tp, off, type) (*(type *)((unsigned char *)(tp) + (off)))

void glibc_init_thread(void *tp)
{
	struct list_head *self_list = (struct list_head *)((unsigned char *)tp + PD_LIST);

	/* the main thread is the only entry of _dl_stack_user */
	self_list->next = self_list->prev = &GL->_dl_stack_user;
	GL->_dl_stack_user.next = GL->_dl_stack_user.prev = self_list;

	PD(tp, PD_TID, int32_t) = (int32_t)sys_set_tid_address(&PD(tp, PD_TID, int32_t));

	/* robust mutex list: futex_offset is where the lock word sits in a mutex's list node */
	uintptr_t head = (uintptr_t)tp + PD_ROBUST_HEAD;
	PD(tp, PD_ROBUST_PREV, uintptr_t) = head;
	PD(tp, PD_ROBUST_HEAD, uintptr_t) = head;
	PD(tp, PD_ROBUST_HEAD + 8, intptr_t) = -32;
	PD(tp, PD_ROBUST_HEAD + 16, uintptr_t) = 0;
	sys_set_robust_list((void *)head, 24);

	PD(tp, PD_SPECIFIC, uintptr_t) = (uintptr_t)tp + PD_SPECIFIC_1STBLOCK;
	PD(tp, PD_REPORT_EVENTS, uint8_t) = __nptl_initial_report_events;
	PD(tp, PD_USER_STACK, uint8_t) = 1;
	PD(tp, PD_STACKBLOCK_SIZE, uintptr_t) = (uintptr_t)__libc_stack_end;

	/* rseq: registered, or marked failed so no thread claims it later */
	int32_t *cpu_id = &PD(tp, PD_RSEQ_CPU_ID, int32_t);
	__rseq_size = 0;
	__rseq_offset = PD_RSEQ_AREA;
	if (tunable_get_num(TUNABLE_ID_GLIBC_PTHREAD_RSEQ) &&
	    !sys_failed(sys_rseq((unsigned char *)tp + PD_RSEQ_AREA, RSEQ_AREA_SIZE, 0, RSEQ_SIG)))
		__rseq_size = 20;	/* glibc 2.36: the original rseq ABI */
	else
		*cpu_id = RSEQ_CPU_ID_REGISTRATION_FAILED;

	/* stack protector and pointer guard from AT_RANDOM, as glibc's security_init */
	const unsigned char *rnd = (const unsigned char *)aux_or(AT_RANDOM, 0);
	if (rnd) {
		uint64_t g, p;
		memcpy(&g, rnd, 8);
		memcpy(&p, rnd + 8, 8);
		arch_tcb_set_guards((uintptr_t)tp, g & ~(uint64_t)0xff, p);
	}
}

/* An object without PT_GNU_STACK, or with an executable one: glibc 2.36
   makes the main stack and every thread's stack executable, and new
   threads get executable stacks from then on (_dl_stack_flags).  Also
   called at start-up for the objects mapped then. */
void make_stacks_executable(void)
{
	if (L.stack_flags & PF_X)
		return;
	uintptr_t page = (uintptr_t)__libc_stack_end & -(uintptr_t)L.pagesize;
	if (sys_mprotect((void *)page, L.pagesize,
			 PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 /* PROT_GROWSDOWN */) < 0)
		dl_fatal("cannot enable executable stack as shared object requires",
			 "mprotect failed");
	L.stack_flags |= PF_X;
	glibc_publish_stack_flags();
	/* as glibc: the stacks libc made, in use or cached for the next thread
	   (user-supplied stacks are the user's) */
	struct list_head *lists[2] = { &GL->_dl_stack_used, &GL->_dl_stack_cache };
	stack_lists_lock();
	for (int i = 0; i < 2; i++)
		for (struct list_head *n = lists[i]->next; n != lists[i]; n = n->next) {
			void *pd = (char *)n - PD_LIST;
			/* the main thread has none */
			if (*(uintptr_t *)((char *)pd + PD_STACKBLOCK))
				__nptl_change_stack_perm(pd);
		}
	stack_lists_unlock();
}

/* the PT_GNU_STACK flags libc gives new threads' stacks */
void glibc_publish_stack_flags(void)
{
	GL->_dl_stack_flags = L.stack_flags;
}
