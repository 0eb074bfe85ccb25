/* Functions libc.so.6 imports from its loader (GLIBC_PRIVATE and friends),
   and the ones it calls through GLRO's function table. */
#include <sys/mman.h>
#include <errno.h>
#include "glibc/glibc.h"

/* libc's __libc_start_main, after the program's constructors: la_preinit */
EXPORT void _dl_audit_preinit(struct link_map *l)
{
	if (L.naudit)
		audit_preinit(dso_of(l));
}

/* libc's dlsym when _dl_naudit is set: la_symbind64 with LA_SYMB_DLSYM */
EXPORT void _dl_audit_symbind_alt(struct link_map *l, const Elf64_Sym *ref, void **value,
				  void *result)
{
	if (L.naudit && l && result)
		audit_symbind_alt(dso_of(l), ref, value, dso_of(result));
}

EXPORT void _dl_mcount(uintptr_t from, uintptr_t self) { profile_mcount(from, self); }

/* gdb puts its shared-library breakpoint here: keep it a real function */
EXPORT __attribute__((noinline)) void _dl_debug_state(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);	/* a compiler barrier: the call stays */
}

/* libc's fatal_error: "%s: %s: %s%s%s%s%s\n", then exit 127 */
EXPORT _Noreturn void _dl_fatal_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_vdprintf(2, fmt, ap);
	va_end(ap);
	sys_exit(127);
}

static char out_of_memory[] = "out of memory";

EXPORT void _dl_exception_create(struct dl_exception *e, const char *objname, const char *errstring)
{
	if (!objname)
		objname = "";
	size_t l1 = strlen(errstring) + 1, l2 = strlen(objname) + 1;
	char *buf = libc_fns.malloc ? libc_fns.malloc(l1 + l2) : 0;
	if (!buf) {
		e->objname = (char *)"";
		e->errstring = out_of_memory;
		e->message_buffer = 0;
		return;
	}
	memcpy(buf, errstring, l1);
	memcpy(buf + l1, objname, l2);
	e->errstring = buf;
	e->objname = buf + l1;
	e->message_buffer = buf;
}


EXPORT struct link_map *_dl_find_dso_for_object(uintptr_t addr)
{
	struct dso *d = dso_containing(addr);
	return d ? &d->lm : 0;
}

EXPORT int __nptl_change_stack_perm(void *pd)
{
	uintptr_t block = *(uintptr_t *)((char *)pd + PD_STACKBLOCK);
	size_t size = *(size_t *)((char *)pd + PD_STACKBLOCK_SIZE);
	size_t guard = *(size_t *)((char *)pd + PD_GUARDSIZE);
	long r = sys_mprotect((void *)(block + guard), size - guard,
			      PROT_READ | PROT_WRITE | PROT_EXEC);
	return r < 0 ? (int)-r : 0;
}

/* ---- GLRO's function table ---- */

struct link_map *lookup_symbol_x(const char *name, struct link_map *undef, const Elf64_Sym **ref,
				 struct r_scope_elem **scope, const version_t *version,
				 int type_class,
				 int flags, struct link_map *skip)
{
	struct sym_query q;
	struct sym_result res;
	(void)type_class;
	sym_query_init(&q, name, version, (flags & 2) ? LOOKUP_RETURN_NEWEST : 0);
	int found = scope_find_symbol(scope, &q, skip ? dso_of(skip) : 0, &res);
	if (found && (flags & 1) && undef && (L.debug & (DEBUG_BINDINGS | DEBUG_FILES)))
		debug_dependency(dso_of(undef), res.dso);
	/* DL_LOOKUP_ADD_DEPENDENCY: under the load lock, so out of the gscope
	   (DL_LOOKUP_GSCOPE_LOCK) a dlclose may be waiting on; look again there */
	if (found && (flags & 1) && undef && !binding_kept(dso_of(undef), res.dso)) {
		if (flags & 4)
			gscope_leave();
		dl_lock();
		if (flags & 4)
			scope = undef->l_scope;
		unsigned quiet = debug_quiet_begin();	/* LD_DEBUG: glibc looks once */
		found = scope_find_symbol(scope, &q, skip ? dso_of(skip) : 0, &res);
		debug_quiet_end(quiet);
		if (found)
			dso_add_reldep(dso_of(undef), res.dso);
		dl_unlock();
		if (flags & 4)
			gscope_enter();
	}
	if (found) {
		if ((L.debug & DEBUG_BINDINGS) && undef)
			debug_binding_line(dso_of(undef), res, *ref, name, version);
		*ref = res.sym;
		return &res.dso->lm;
	}
	if (!*ref || ELF64_ST_BIND((*ref)->st_info) != STB_WEAK) {
		char msg[512];
		rt_snprintf(msg, sizeof msg, "undefined symbol: %s%s%s", name,
			    version ? ", version " : "", version ? version->name : "");
		/* glibc's DSO_FILENAME: the main program (l_name "") is named by argv[0] */
		const char *who = undef && undef->l_name && *undef->l_name ? undef->l_name
			: L.progname ? L.progname : "<main program>";
		if (undef)
			explain_undefined(dso_of(undef), name, version, scope);
		if (libc_fns.signal_error) {
			/* dlsym's error: explained under LD_CUSTOM_EXPLAIN=1 only */
			explain_print(1, who, msg);
			libc_fns.signal_error(0, who, "symbol lookup error", msg);
		}
		dl_fatal("symbol lookup error", "%s", msg);
	}
	*ref = 0;
	return 0;
}

int dl_catch_error(const char **objname, const char **errstring, _Bool *malloced,
		   void (*op)(void *), void *arg)
{
	return libc_fns.catch_error(objname, errstring, malloced, op, arg);
}

void dl_error_free(void *p)
{
	if (p != out_of_memory && libc_fns.free)
		libc_fns.free(p);
}
