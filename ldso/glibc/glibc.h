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
extern HIDDEN struct r_debug_extended _r_debug_extended;	/* the same (the arch's rdebug.S) */
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

/* the rest of what libc.so.6 calls in its loader: exported (ld.map) ... */
void _dl_audit_preinit(struct link_map *l);
void _dl_audit_symbind_alt(struct link_map *l, const Elf64_Sym *ref, void **value, void *result);
void _dl_mcount(uintptr_t from, uintptr_t self);
_Noreturn void _dl_fatal_printf(const char *fmt, ...);
struct link_map *_dl_find_dso_for_object(uintptr_t addr);
void *_dl_allocate_tls_init(void *tcb, _Bool init_tls);
void *_dl_allocate_tls(void *mem);
void _dl_deallocate_tls(void *tcb, _Bool dealloc_tcb);
void _dl_get_tls_static_info(size_t *size, size_t *align);
typedef void (*tunable_callback_t)(void *);
void __tunable_get_val(unsigned id, void *valp, tunable_callback_t cb);
void _dl_rtld_di_serinfo(struct link_map *loader_map, void *si_arg, _Bool counting);
/* ... or handed over in GLRO's function table */
HIDDEN struct link_map *lookup_symbol_x(const char *name, struct link_map *undef,
					 const Elf64_Sym **ref, struct r_scope_elem **scope,
					 const version_t *version, int type_class, int flags,
					 struct link_map *skip);
HIDDEN void *dl_open(const char *file, int mode, const void *caller, long nsid, int argc,
		     char **argv, char **env);
HIDDEN void dl_close(void *handle);
HIDDEN int dl_catch_error(const char **objname, const char **errstring, _Bool *malloced,
			  void (*op)(void *), void *arg);
HIDDEN void dl_error_free(void *p);

#endif
