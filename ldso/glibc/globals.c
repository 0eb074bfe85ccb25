/* The data glibc's libc.so.6 imports from its loader, and how it is filled
   before any libc code runs (glibc-abi.md sections 2, 3 and 6). */
#include <sys/auxv.h>
#include "glibc/glibc.h"

EXPORT struct rtld_global _rtld_global __attribute__((aligned(64)));
EXPORT struct rtld_global_ro _rtld_global_ro __attribute__((aligned(64)));
EXPORT void *__libc_stack_end;
EXPORT char **_dl_argv;
EXPORT int __libc_enable_secure;
EXPORT unsigned int __rseq_size;
EXPORT ptrdiff_t __rseq_offset;
EXPORT unsigned int __rseq_flags;
EXPORT _Bool __nptl_initial_report_events;
EXPORT int __rtld_version_placeholder;

HIDDEN struct libc_fns libc_fns;

static const char platform_default[] = ARCH_NAME;

static void list_init(struct list_head *l)
{
	l->next = l->prev = l;
}

static void recursive_mutex_init(unsigned char *m)
{
	memset(m, 0, 40);
	*(int32_t *)(m + 16) = 1;	/* __kind = PTHREAD_MUTEX_RECURSIVE_NP */
}

/* functions libc calls through GLRO */
static void mcount(uintptr_t from, uintptr_t self) { profile_mcount(from, self); }
static void libc_freeres(void) {}

/* what the environment and the command line set that glibc keeps in GLRO */
static void publish_env_options(struct rtld_global_ro *ro)
{
	ro->_dl_dynamic_weak = L.dynamic_weak;
	ro->_dl_profile = (char *)L.profile;
	ro->_dl_profile_output = (char *)L.profile_output;
	ro->_dl_inhibit_rpath = (char *)L.inhibit_rpath;
}

void glibc_init_globals(void)
{
	struct rtld_global *gl = GL;
	struct rtld_global_ro *ro = GLRO;
	uint64_t minsig = aux_or(AT_MINSIGSTKSZ, 0);

	ro->_dl_pagesize = aux_or(AT_PAGESZ, 4096);
	ro->_dl_clktck = aux_or(AT_CLKTCK, 100);
	ro->_dl_fpu_control = aux_or(AT_FPUCW, ARCH_FPU_DEFAULT);
	ro->_dl_platform = (char *)aux_or(AT_PLATFORM, (uintptr_t)platform_default);
	ro->_dl_hwcap = aux_or(AT_HWCAP, 0);
	ro->_dl_hwcap2 = aux_or(AT_HWCAP2, 0);
	ro->_dl_sysinfo_dso = (void *)aux_or(AT_SYSINFO_EHDR, 0);
	ro->_dl_auxv = L.auxv;
	ro->_dl_platformlen = strlen(ro->_dl_platform);

	/* cpu features as glibc's DL_PLATFORM_INIT computes them; IFUNC resolvers
	   and memcpy thresholds read them while libc is being relocated */
	arch_cpu_init(ro, minsig);

	/* libc prints "initialize program" and "transferring control" by these */
	ro->_dl_debug_printf = (void *)dl_debug_printf;
	ro->_dl_debug_mask = (int)L.debug;
	ro->_dl_mcount = (void *)mcount;
	ro->_dl_lookup_symbol_x = (void *)lookup_symbol_x;
	ro->_dl_open = (void *)dl_open;
	ro->_dl_close = (void *)dl_close;
	ro->_dl_catch_error = (void *)dl_catch_error;
	ro->_dl_error_free = (void *)dl_error_free;
	ro->_dl_tls_get_addr_soft = (void *)tls_get_addr_soft;
	ro->_dl_libc_freeres = (void *)libc_freeres;
	ro->_dl_find_object = (void *)_dl_find_object;
	ro->_dl_lazy = !L.bind_now || L.profile;	/* rtld.c: profiling binds lazily */
	publish_env_options(ro);

	gl->_dl_nns = 1;
	recursive_mutex_init(gl->_dl_load_lock);
	recursive_mutex_init(gl->_dl_load_write_lock);
	recursive_mutex_init(gl->_dl_load_tls_lock);
	list_init(&gl->_dl_stack_used);
	list_init(&gl->_dl_stack_user);
	list_init(&gl->_dl_stack_cache);
	gl->_dl_stack_flags = PF_R | PF_W | PF_X;

	__libc_enable_secure = L.secure;
	_dl_argv = L.argv;
}

/* where the arguments, environment and auxv are (L.argv, L.auxv: locate_args):
   at entry, and again once the command form has shifted them */
void glibc_publish_args(uintptr_t *sp)
{
	__libc_stack_end = sp;
	_dl_argv = L.argv;
	_rtld_global_ro._dl_auxv = L.auxv;
}

/* the vDSO's functions libc calls through GLRO (glibc's setup_vdso_pointers) */
void glibc_publish_vdso(struct dso *d)
{
	struct rtld_global_ro *ro = GLRO;
#define RO_OFF(f) offsetof(struct rtld_global_ro, f)
	static const struct { const char *name; size_t off; } fns[] = {
		{ "__vdso_clock_gettime", RO_OFF(_dl_vdso_clock_gettime64) },
		{ "__vdso_gettimeofday", RO_OFF(_dl_vdso_gettimeofday) },
		{ "__vdso_time", RO_OFF(_dl_vdso_time) },
		{ "__vdso_getcpu", RO_OFF(_dl_vdso_getcpu) },
		{ "__vdso_clock_getres", RO_OFF(_dl_vdso_clock_getres_time64) },
	};
#undef RO_OFF
	version_t v = { .name = (char *)"LINUX_2.6", .hash = elf_sysv_hash("LINUX_2.6") };
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		struct sym_query q;
		sym_query_init(&q, fns[i].name, &v, 0);
		if (L.debug & DEBUG_SYMBOLS)	/* glibc's dl_vdso_vsym is a lookup */
			debug_lookup_in(fns[i].name, d);
		L.stat_lookups++;
		const Elf64_Sym *s = dso_find_symbol(d, &q);
		if (s && (L.debug & DEBUG_BINDINGS))
			debug_binding_line(d, (struct sym_result){ d, s }, 0, fns[i].name, &v);
		if (s)
			*(uintptr_t *)((char *)ro + fns[i].off) = sym_address(d, s);
	}
	ro->_dl_sysinfo_map = &d->lm;
}
