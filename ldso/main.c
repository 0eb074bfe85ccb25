/* Stage 2: the initial stack, options and environment, then the pipeline:
   placement, linking, TLS, glibc hand-off, constructors, the program. */
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

HIDDEN struct loader L;

extern const Elf64_Ehdr __ehdr_start HIDDEN;
extern Elf64_Dyn _DYNAMIC[] HIDDEN;
void _dl_start(void) HIDDEN;

/* glibc 2.36's text (elf/dl-usage.c), the options being the same */
static const char usage[] =
	"Usage: %s [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]\n"
	"You have invoked 'ld.so', the program interpreter for dynamically-linked\n"
	"ELF programs.  Usually, the program interpreter is invoked automatically\n"
	"when a dynamically-linked executable is started.\n\n"
	"You may invoke the program interpreter program directly from the command\n"
	"line to load and run an ELF executable file; this is like executing that\n"
	"file itself, but always uses the program interpreter you invoked,\n"
	"instead of the program interpreter specified in the executable file you\n"
	"run.  Invoking the program interpreter directly provides access to\n"
	"additional diagnostics, and changing the dynamic linker behavior without\n"
	"setting environment variables (which would be inherited by subprocesses).\n\n"
	"  --list                list all dependencies and how they are resolved\n"
	"  --verify              verify that given object really is a dynamically linked\n"
	"                        object we can handle\n"
	"  --inhibit-cache       Do not use /etc/ld.so.cache\n"
	"  --library-path PATH   use given PATH instead of content of the environment\n"
	"                        variable LD_LIBRARY_PATH\n"
	"  --glibc-hwcaps-prepend LIST\n"
	"                        search glibc-hwcaps subdirectories in LIST\n"
	"  --glibc-hwcaps-mask LIST\n"
	"                        only search built-in subdirectories if in LIST\n"
	"  --inhibit-rpath LIST  ignore RUNPATH and RPATH information in object names\n"
	"                        in LIST\n"
	"  --audit LIST          use objects named in LIST as auditors\n"
	"  --preload LIST        preload objects named in LIST\n"
	"  --argv0 STRING        set argv[0] to STRING before running\n"
	"  --cache ACTION [PROG] the launch cache: show, verify or clear entries\n"
	"  --tree                print the dependency tree: where and why each object\n"
	"                        was found; runs nothing of the program\n"
	"  --why LIB             print every chain of dependencies that pulls LIB in\n"
	"  --timeline FILE       write the start-up timeline to FILE (.html, or .txt)\n"
	"  --list-tunables       list all tunables with minimum and maximum values\n"
	"  --list-diagnostics    list diagnostics information\n"
	"  --help                display this help and exit\n"
	"  --version             output version information and exit\n\n"
	"This program interpreter self-identifies as: %s\n\n"
	"Shared library search path:\n";

/* --help: glibc's text, then the search path as a load from the program
   would walk it: LD_LIBRARY_PATH, the cache, the system directories; then
   the hwcaps subdirectories */
static _Noreturn void print_help(void)
{
	rt_dprintf(1, usage, L.argv[0], ARCH_LDSO_PATH);
	const char *p = L.library_path;
	while (p && *p) {
		size_t n = 0;
		while (p[n] && p[n] != ':' && p[n] != ';')
			n++;
		rt_dprintf(1, "  %.*s (LD_LIBRARY_PATH)\n", (int)n, n ? p : ".");
		p += n + (p[n] != 0);
	}
	if (!L.inhibit_cache)
		rt_dprintf(1, "  (libraries located via /etc/ld.so.cache)\n");
	static const char *const dirs[] = {
		"/lib/" ARCH_TRIPLET, "/usr/lib/" ARCH_TRIPLET, "/lib", "/usr/lib"
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		rt_dprintf(1, "  %s (system search path)\n", dirs[i]);
	glibc_init_globals();	/* the platform and hwcap bits the legacy list shows */
	hwcaps_print_help();
	sys_exit(0);
}

/* the options that print and exit: --help, --version, --list-tunables, --list-diagnostics */
static void info_option(const char *a)
{
	if (!strcmp(a, "--help"))
		print_help();
	if (!strcmp(a, "--version")) {
		/* glibc's first line, our name first (scripts tell the loaders apart by it) */
		rt_dprintf(1, "ld-custom.so (for GLIBC %s, libc build-id %s, %s) stable release "
			   "version %s.\n", GLIBC_VERSION_STRING, GLIBC_LIBC_BUILD_ID, ARCH_NAME,
			   GLIBC_VERSION_STRING);
		sys_exit(0);
	}
	if (!strcmp(a, "--list-tunables")) {
		tunables_print();
		sys_exit(0);
	}
	if (!strcmp(a, "--list-diagnostics")) {
		glibc_init_globals();	/* the cpu features it lists, as glibc has them by now */
		print_diagnostics();
	}
}

/* glibc's unsecure-envvars list: removed for setuid programs (GLIBC_TUNABLES
   is rewritten instead, in glibc/tunables.c) */
static const char *const unsecure_env[] = {
	"GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LD_AUDIT", "LD_DEBUG",
	"LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK", "LD_LIBRARY_PATH", "LD_ORIGIN_PATH",
	"LD_PRELOAD", "LD_PROFILE", "LD_SHOW_AUXV", "LD_USE_LOAD_BIAS", "LOCALDOMAIN",
	"LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS",
	"TMPDIR", "TZDIR", 0
};

static void secure_filter_env(void)
{
	char **out = L.envp;
	for (char **e = L.envp; *e; e++) {
		int drop = 0;
		for (const char *const *u = unsecure_env; *u && !drop; u++) {
			size_t n = strlen(*u);
			drop = !strncmp(*e, *u, n) && (*e)[n] == '=';
		}
		if (!drop)
			*out++ = *e;
		else if (!strncmp(*e, "LD_AUDIT=", 9))	/* glibc still reads it (names alone) */
			audit_request(*e + 9);
	}
	/* keep the array terminated where it was: auxv follows the old end */
	for (char **p = out; *p; p++)
		*p = 0;
}

/* LD_DEBUG_OUTPUT and LD_SHOW_AUXV (in secure mode both were filtered out) */
static void read_debug_env(const char *name, size_t n, const char *v, const char **output)
{
	if (n == 12 && !memcmp(name, "DEBUG_OUTPUT", 12))
		*output = v;
	else if (n == 9 && !memcmp(name, "SHOW_AUXV", 9) && !L.secure)
		debug_show_auxv();	/* glibc: at once, as the variable is met */
}

/* secure mode: glibc reads LD_DEBUG before it removes it (help still exits)
   and keeps what it asked for only if /etc/suid-debug exists, on stderr */
static void read_debug_secure(void)
{
	for (char **e = L.envp; *e; e++)
		if (!strncmp(*e, "LD_DEBUG=", 9))
			debug_parse(*e + 9);
	long fd = sys_open("/etc/suid-debug", O_PATH);
	if (fd < 0)
		L.debug = 0, L.debug_any = 0;
	else
		sys_close(fd);
}

/* LD_PROFILE and LD_PROFILE_OUTPUT, non-empty (glibc rtld.c); the output
   goes to /var/tmp, or /var/profile for a set-user-ID program */
static void profile_env(const char *name, const char *v)
{
	if (!*v)
		return;
	if (name[7] == '=')
		L.profile = v;
	else if (!L.secure)
		L.profile_output = v;
}

/* LD_CUSTOM_TREE (any value) and LD_CUSTOM_WHY=LIB: --tree and --why as
   PT_INTERP (like LD_TRACE_LOADED_OBJECTS, which wins: ldd stays ldd); not
   read in secure mode */
static void tree_env(const char *name, const char *v)
{
	if (L.trace == TRACE_ENV)
		return;
	if (name[7] == 'T')
		L.trace = TRACE_TREE, L.why = 0;
	else if (*v)
		L.trace = TRACE_TREE, L.why = v;
}

/* one pass over the environment for the LD_ variables */
static void read_environment(void)
{
	const char *dbg_output = 0;
	int dbg_last = 0;	/* LD_DEBUG=unused binds now unless a later LD_BIND_NOW says */
	L.trace_lazy = 1;
	if (L.secure) {
		read_debug_secure();
		/* glibc reads LD_PRELOAD before it removes it (its names are checked later) */
		for (char **e = L.envp; *e; e++)
			if (!strncmp(*e, "LD_PRELOAD=", 11))
				L.preload = *e + 11;
		secure_filter_env();
	}
	for (char **e = L.envp; *e; e++) {
		const char *s = *e;
		if (s[0] != 'L' || s[1] != 'D' || s[2] != '_')
			continue;
		const char *eq = strchr(s, '=');
		if (!eq)
			continue;
		const char *name = s + 3, *v = eq + 1;
		size_t n = eq - name;
#define IS(lit) (n == sizeof lit - 1 && !memcmp(name, lit, n))
		if (IS("LIBRARY_PATH"))
			L.library_path = v;
		else if (IS("PRELOAD"))
			L.preload = v;
		else if (IS("BIND_NOW"))
			L.bind_now = *v != 0, L.trace_lazy = !*v, dbg_last = 0;
		else if (IS("BIND_NOT"))
			L.bind_not = *v != 0;
		else if (IS("TRACE_LOADED_OBJECTS")) {
			L.trace = TRACE_ENV, L.why = 0;	/* any value, even empty, as glibc */
			L.trace_main = (v[0] >= '2' && v[0] <= '9') ||
				       (v[0] == '1' && v[1] >= '0' && v[1] <= '9');
		} else if (IS("WARN"))
			L.warn = *v != 0;
		else if (IS("VERBOSE"))
			L.verbose = *v != 0;
		else if (IS("PROFILE") || IS("PROFILE_OUTPUT"))
			profile_env(name, v);
		else if (IS("DYNAMIC_WEAK"))
			L.dynamic_weak = 1;	/* any value, even empty (glibc rtld.c) */
		else if (IS("ORIGIN_PATH"))
			L.origin_path = v;
		else if (IS("DEBUG"))	/* each one adds, as glibc's process_dl_debug */
			debug_parse(v), dbg_last = 1;
		else if (IS("CUSTOM_CACHE"))	/* anything else: the default */
			L.lcache_mode = !strcmp(v, "off") ? LCACHE_OFF
				      : !strcmp(v, "on") ? LCACHE_ON
				      : !strcmp(v, "rebuild") ? LCACHE_REBUILD : LCACHE_AUTO;
		else if (IS("CUSTOM_EXPLAIN"))	/* not for a secure program (README) */
			L.explain = !L.secure && !strcmp(v, "1");
		else if (IS("AUDIT"))
			audit_request(v);
		else if ((IS("CUSTOM_TREE") || IS("CUSTOM_WHY")) && !L.secure)
			tree_env(name, v);
		else if (IS("CUSTOM_TIMELINE"))
			timeline_request(v);
		else if (IS("CUSTOM_LOAD"))
			L.load_env = 1;
		else if (IS("CUSTOM_LOOKAHEAD") && !L.secure)	/* speed only: not its choice */
			L.lookahead_mode = !strcmp(v, "on") ? LOOKAHEAD_ON
					 : !strcmp(v, "off") ? LOOKAHEAD_OFF
					 : !strcmp(v, "trace") ? LOOKAHEAD_TRACE : LOOKAHEAD_AUTO;
		else
			read_debug_env(name, n, v, &dbg_output);
#undef IS
	}
	if (L.debug_any && dbg_output && !L.secure)
		debug_open_output(dbg_output);
	if (!L.profile_output)
		L.profile_output = L.secure ? "/var/profile" : "/var/tmp";
	if ((L.debug & DEBUG_UNUSED) && dbg_last)
		L.trace_lazy = 0;
	if (L.secure && L.trace)
		sys_exit(5);	/* glibc: no tracing of set-user-ID programs */
	tunables_init(L.envp);
}

static struct dso *self_dso(uintptr_t base)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	struct dso *d = dso_new_from_memory(ARCH_LDSO_PATH, base,
					    (const Elf64_Phdr *)(base + eh->e_phoff), eh->e_phnum,
					    DSO_LDSO);
	d->dynamic = _DYNAMIC;
	d->dyn_readonly = 1;	/* our own d_ptrs stay unrebased */
	dso_decode_dynamic(d);
	dso_build_versions(d);
	d->relocated = 1;
	d->deps_done = 1;
	d->listed = 1;
	return d;
}

static void setup_vdso(uintptr_t ehdr_addr)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)ehdr_addr;
	if (!ehdr_addr || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(ehdr_addr + eh->e_phoff);
	uintptr_t base = ehdr_addr;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			base = ehdr_addr - ph[i].p_vaddr;
			break;
		}
	struct dso *d = dso_new_from_memory("linux-vdso.so.1", base, ph, eh->e_phnum, DSO_VDSO);
	if (dso_decode_dynamic(d) || dso_build_versions(d))
		return;
	if (d->soname)
		d->name = d->soname;
	d->relocated = d->deps_done = d->listed = 1;
	glibc_publish_dso(d);
	glibc_publish_relocated(d);
	dso_append(d);
	L.vdso = d;
	glibc_publish_vdso(d);
}

static void fix_auxv(Elf64_auxv_t *auxv, struct dso *main, const char *execfn)
{
	for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++) {
		switch (a->a_type) {
		case AT_PHDR: a->a_un.a_val = (uintptr_t)main->phdr; break;
		case AT_PHNUM: a->a_un.a_val = main->phnum; break;
		case AT_ENTRY: a->a_un.a_val = main->entry; break;
		case AT_EXECFN: a->a_un.a_val = (uintptr_t)execfn; break;
		}
	}
}

static void locate_args(uintptr_t *sp)
{
	L.argc = (int)sp[0];
	L.argv = (char **)(sp + 1);
	L.envp = L.argv + L.argc + 1;
	char **e = L.envp;
	while (*e)
		e++;
	L.auxv = (Elf64_auxv_t *)(e + 1);
}

/* what the kernel's auxiliary vector says of the program it ran (of us, in
   the command form) */
struct kernel_facts { uintptr_t phdr, phnum, entry, vdso; const char *execfn; };

/* the one walk of auxv: everything later reads L.aux (aux_or) */
static void read_auxv(struct kernel_facts *kf)
{
	for (Elf64_auxv_t *a = L.auxv; a->a_type != AT_NULL; a++) {
		if (a->a_type < AUX_COUNT) {
			L.aux[a->a_type] = a->a_un.a_val;
			L.aux_have |= (uint64_t)1 << a->a_type;
		}
	}
	L.pagesize = aux_or(AT_PAGESZ, 4096);
	L.secure = aux_or(AT_SECURE, 0) != 0;
	kf->phdr = aux_or(AT_PHDR, 0);
	kf->phnum = aux_or(AT_PHNUM, 0);
	kf->entry = aux_or(AT_ENTRY, 0);
	kf->vdso = aux_or(AT_SYSINFO_EHDR, 0);
	kf->execfn = (const char *)aux_or(AT_EXECFN, 0);
}

/* ./ld-custom.so [options] PROGRAM [ARGS]: *skip is PROGRAM's index in argv;
   returns --argv0's value */
static const char *parse_options(int *skip)
{
	const char *argv0 = 0;
	int i = 1;
	for (; i < L.argc; i++) {
		const char *a = L.argv[i];
		int more = i + 1 < L.argc;	/* an option's argument follows */
		if (a[0] != '-' || a[1] != '-')
			break;
		if (!strcmp(a, "--"))  { i++; break; }
		else if (!strcmp(a, "--list")) L.trace = TRACE_LIST, L.trace_lazy = -1;
		else if (!strcmp(a, "--verify")) L.verify = 1;
		else if (!strcmp(a, "--tree")) L.trace = TRACE_TREE, L.why = 0;
		else if (more && !strcmp(a, "--why")) L.trace = TRACE_TREE, L.why = L.argv[++i];
		else if (!strcmp(a, "--inhibit-cache")) L.inhibit_cache = 1;
		else if (!strcmp(a, "--cache")) lcache_command(L.argc - i - 1, L.argv + i + 1);
		else if (info_option(a), 0) ;
		else if (more && !strcmp(a, "--library-path")) L.library_path = L.argv[++i];
		else if (more && !strcmp(a, "--preload")) L.preload_arg = L.argv[++i];
		else if (more && !strcmp(a, "--inhibit-rpath")) L.inhibit_rpath = L.argv[++i];
		else if (more && !strcmp(a, "--argv0")) argv0 = L.argv[++i];
		else if (more && !strcmp(a, "--glibc-hwcaps-prepend"))
			L.hwcaps_prepend = L.argv[++i];
		else if (more && !strcmp(a, "--glibc-hwcaps-mask")) L.hwcaps_mask = L.argv[++i];
		else if (more && !strcmp(a, "--audit")) audit_request(L.argv[++i]);
		else if (more && !strcmp(a, "--timeline")) timeline_request(L.argv[++i]);
		else {
			rt_dprintf(2, "%s: unrecognized option '%s'\n"
				   "Try '%s --help' for more information.\n",
				   LDSO_NAME, a, LDSO_NAME);
			sys_exit(1);
		}
	}
	if (i >= L.argc) {
		rt_dprintf(2, "%s: missing program name\nTry '%s --help' for more information.\n",
			   LDSO_NAME, LDSO_NAME);
		sys_exit(1);
	}
	*skip = i;
	return argv0;
}

/* started by the kernel as the program's interpreter: the program is in memory */
static struct dso *adopt_program(const struct kernel_facts *kf)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)kf->phdr;
	uintptr_t base = 0;
	for (unsigned k = 0; k < kf->phnum; k++)
		if (ph[k].p_type == PT_PHDR)
			base = kf->phdr - ph[k].p_vaddr;
	struct dso *main = dso_new_from_memory(L.argv[0], base, ph, kf->phnum, DSO_MAIN);
	main->entry = kf->entry;
	/* it asked for an interpreter but gives nothing to link: never
	   entered unlinked (glibc jumps to it and it crashes) */
	if (!main->dynamic)
		dl_fatal("error while loading shared libraries",
			 "%s: object file has no dynamic section", L.progname);
	for (unsigned k = 0; k < kf->phnum; k++)
		if (ph[k].p_type == PT_INTERP)
			L.self->name = (const char *)(base + ph[k].p_vaddr);
	return main;
}

/* the placement stage at start-up: preloads, the program's closure and the
   global scope; ldd stops after it; then versions, and libc is checked */
static void startup_place(struct dso *main, int command, int skip)
{
	load_preloads(main);
	if (L.naudit && L.vdso)	/* glibc tells of the vDSO after the preloads */
		audit_listed(L.vdso);
	place_closure(L.head);
	place_global_scope(main);
	place_exec_stacks(L.head);
	if (L.trace)
		trace_run(command ? L.argv + skip + 1 : 0);
	place_check_versions(L.head);
	for (struct dso *d = L.head; d; d = d->next)
		if (d->soname && !strcmp(d->soname, "libc.so.6"))
			L.libc = d;
	if (L.libc)
		glibc_check_libc(L.libc);
	L.self->listed = 1;
	dso_append(L.self);
}

/* static TLS and the initial thread; in the command form the loader's own
   arguments go now: the program, its libraries and audit modules see its own */
static void *start_thread(struct dso *main, uintptr_t **sp, int *skip, const char *execfn)
{
	tls_assign_static();
	void *tp = tls_setup_initial_thread();
	if (L.command) {
		*sp = shift_args(*sp, *skip);
		*skip = 0;
		locate_args(*sp);
		fix_auxv(L.auxv, main, execfn);
		glibc_publish_args(*sp);
	}
	glibc_init_thread(tp);
	return tp;
}

/* Auditing: glibc loads the modules (each in a namespace of its own, constructors
   run) before anything the program needs, so the thread comes first; the
   objects placed after them take TLS as a dlopen's do. */
static void *start_audit(struct dso *main, uintptr_t **sp, int *skip, const char *execfn)
{
	size_t surplus_ns = 0;
	unsigned idx = 0;
	const char *tail = 0;
	char *name = scratch_need(PATH_MAX_LEN);
	while (audit_next_name(&idx, &tail, name, PATH_MAX_LEN))
		surplus_ns++;
	L.audit_surplus_ns = surplus_ns;
	void *tp = start_thread(main, sp, skip, execfn);
	idx = 0;
	tail = 0;
	while (audit_next_name(&idx, &tail, name, PATH_MAX_LEN))
		dl_load_audit(name);
	scratch_put(name);
	audit_startup_done(main);
	return tp;
}

/* after auditing's start: module ids for the program's objects with TLS */
static void startup_tls_late(void)
{
	size_t gen = L.tls_generation + 1;
	int any = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->ns && !d->tls_modid && !d->missing && d->kind == DSO_LIB &&
		    (d->tls_memsz || d->tls_filesz)) {
			tls_register_module(d, gen);
			any = 1;
		}
	if (any)
		tls_set_generation(gen);
}

/* linking: scopes, relocation in init order (through the launch cache), TLS
   images; returns the constructor order */
static struct dso **startup_link(void *tp, size_t *n)
{
	link_startup_scopes();
	if (L.debug & DEBUG_SCOPES)
		debug_startup_scopes();
	struct dso **order = init_order_startup(n);
	lcache_start();
	link_group(order, *n);
	symindex_linked();
	scope_reclaim(0);	/* before any thread but this one: no wait */
	lcache_finish();
	tls_copy_images(tp);
	glibc_after_relocation();
	if (L.debug & DEBUG_RELOC)	/* glibc relocates its loader again, last */
		dl_debug("\nrelocation processing: %s", L.self->name);
	profile_start();	/* after relocation, as glibc's rtld */
	return order;
}

_Noreturn void dl_main(uintptr_t *sp, uintptr_t self_base)
{
	struct kernel_facts kf = { 0 };
	int skip = 0;

	rt_alloc_prefault();
	L.stat_start_cycles = arch_cycles();
	locate_args(sp);
	read_auxv(&kf);
	glibc_publish_args(sp);
	L.self = self_dso(self_base);
	L.progname = L.argv[0] ? L.argv[0] : LDSO_NAME;
	read_environment();

	struct dso *main;
	int command = L.command = kf.entry == (uintptr_t)_dl_start;
	if (command) {
		const char *argv0 = parse_options(&skip);
		main = open_program(&sp, &skip, argv0, &kf.execfn);
	} else {
		main = adopt_program(&kf);
	}
	main->kind = DSO_MAIN;
	main->listed = 1;
	L.main = main;
	const char *why = dso_decode_dynamic(main);
	if (!why)
		why = dso_build_versions(main);
	if (why)
		dl_fatal("error while loading shared libraries", "%s: %s", L.progname, why);
	glibc_publish_dso(main);
	dso_append(main);
	glibc_publish_dso(L.self);
	if (command)
		glibc_publish_self_path(L.argv[0]);

	publish_debugger_start();
	glibc_init_globals();
	L.platform = GLRO->_dl_platform;	/* AT_PLATFORM, or glibc's name for the CPU */
	arch_plt_init();
	/* what the kernel did: it honoured the PT_GNU_STACK of the file it ran,
	   which in the command form is ours, not the program's (glibc rtld.c) */
	L.stack_flags = command ? L.self->stack_flags : main->stack_flags;
	glibc_publish_stack_flags();
	TIMELINE_SETUP();
	TIMELINE_SPAN(setup_vdso(kf.vdso), L.vdso, TL_MAP);	/* the kernel mapped it */

	/* placement; TLS before any libc code: IFUNC resolvers run during relocation */
	audit_request_dynamic(main);
	void *tp = 0;
	if (L.audit_nreq && L.trace != TRACE_TREE)	/* --tree runs no code */
		tp = start_audit(main, &sp, &skip, kf.execfn);
	uint64_t t0 = L.debug & DEBUG_STATISTICS ? arch_cycles() : 0;
	startup_place(main, command, skip);
	ldcache_release();	/* every object is placed: its pages need not count in peak RSS */
	if (t0)
		L.stat_load_cycles = arch_cycles() - t0;
	if (!tp)
		tp = start_thread(main, &sp, &skip, kf.execfn);
	else
		startup_tls_late();
	publish_startup();

	size_t n;
	struct dso **order = startup_link(tp, &n);

	/* hand-off and constructors */
	glibc_early_init();
	if (L.naudit)
		audit_activity(0, LA_ACT_CONSISTENT);
	if (L.debug & DEBUG_STATISTICS)	/* glibc: as _dl_start returns */
		debug_statistics();
	run_preinit(main);
	run_constructors(order, n);
	TIMELINE_ENTRY();
	dl_jump(main->entry, sp, _dl_fini);
}
