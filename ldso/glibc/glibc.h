/* glibc's private ABI as this loader provides it (../shared/glibc-abi.md). */
#ifndef GLIBC_H
#define GLIBC_H

#include "ldso.h"

extern struct rtld_global _rtld_global;
extern struct rtld_global_ro _rtld_global_ro;
extern void *__libc_stack_end;
extern char **_dl_argv;
extern int __libc_enable_secure;
extern unsigned int __rseq_size;
extern ptrdiff_t __rseq_offset;
extern unsigned int __rseq_flags;
extern _Bool __nptl_initial_report_events;
extern struct r_debug _r_debug;
#define GL (&_rtld_global)
#define GLRO (&_rtld_global_ro)

/* functions of libc.so.6 the loader calls once libc is relocated */
struct libc_fns {
	void *(*malloc)(size_t);
	void *(*calloc)(size_t, size_t);
	void *(*realloc)(void *, size_t);
	void (*free)(void *);
	int *(*errno_location)(void);
	int (*mutex_lock)(void *);
	int (*mutex_unlock)(void *);
	void (*early_init)(_Bool);
	int (*catch_error)(const char **, const char **, _Bool *, void (*)(void *), void *);
	void (*signal_error)(int, const char *, const char *, const char *);
	void (*signal_exception)(int, struct dl_exception *, const char *);
};
extern HIDDEN struct libc_fns libc_fns;

HIDDEN void *tls_get_addr_soft(struct link_map *map);
int _dl_find_object(void *pc, struct dl_find_object *result);
HIDDEN void find_object_update(void);
void _dl_debug_state(void);
void _dl_exception_create(struct dl_exception *e, const char *objname, const char *errstring);
int __nptl_change_stack_perm(void *pd);

#endif
