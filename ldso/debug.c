/* LD_DEBUG: the categories it names and the lines it prints, as glibc 2.36's
   loader (elf/rtld.c process_dl_debug, print_statistics, elf/dl-open.c
   _dl_show_scope); LD_DEBUG_OUTPUT; LD_SHOW_AUXV (dl-sysdep.c _dl_show_auxv). */
#include <fcntl.h>
#include "ldso.h"

static const char *debug_name(const struct dso *d)
{
	return d->kind == DSO_MAIN ? L.progname : d->name;
}

static int debug_fd = 2;	/* glibc's GLRO(dl_debug_fd) */
int debug_dlopen_load;

/* glibc's _dl_debug_printf: every line of the message starts "     PID:\t" */
static void debug_vprint(const char *fmt, va_list *ap)
{
	char prefix[24];
	rt_snprintf(prefix, sizeof prefix, "%10ld:\t", sys_getpid());
	rt_dprintf_lines(debug_fd, prefix, "%V", fmt, ap);
}

/* one message and a newline (callers leave the final "\n" out) */
void dl_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char prefix[24];
	rt_snprintf(prefix, sizeof prefix, "%10ld:\t", sys_getpid());
	rt_dprintf_lines(debug_fd, prefix, "%V\n", fmt, &ap);
	va_end(ap);
}

/* what libc calls through GLRO(dl_debug_printf): glibc's text, "\n"s included */
void dl_debug_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	debug_vprint(fmt, &ap);
	va_end(ap);
}

static const struct debug_opt {
	const char *name;
	unsigned bits;
	const char *help;
} debug_opts[] = {
	{ "libs", DEBUG_LIBS | DEBUG_IMPCALLS, "display library search paths" },
	{ "reloc", DEBUG_RELOC | DEBUG_IMPCALLS, "display relocation processing" },
	{ "files", DEBUG_FILES | DEBUG_IMPCALLS, "display progress for input file" },
	{ "symbols", DEBUG_SYMBOLS | DEBUG_IMPCALLS, "display symbol table processing" },
	{ "bindings", DEBUG_BINDINGS | DEBUG_IMPCALLS, "display information about symbol binding" },
	{ "versions", DEBUG_VERSIONS | DEBUG_IMPCALLS, "display version dependencies" },
	{ "scopes", DEBUG_SCOPES, "display scope information" },
	{ "all", DEBUG_LIBS | DEBUG_RELOC | DEBUG_FILES | DEBUG_SYMBOLS | DEBUG_BINDINGS |
		 DEBUG_VERSIONS | DEBUG_IMPCALLS | DEBUG_SCOPES, "all previous options combined" },
	{ "statistics", DEBUG_STATISTICS, "display relocation statistics" },
	{ "unused", DEBUG_UNUSED, "determined unused DSOs" },
	{ "help", DEBUG_HELP, "display this help message and exit" },
};
#define NOPTS (sizeof debug_opts / sizeof debug_opts[0])

static _Noreturn void debug_help(void)
{
	rt_dprintf(1, "Valid options for the LD_DEBUG environment variable are:\n\n");
	for (size_t i = 0; i < NOPTS; i++)
		rt_dprintf(1, "  %s%.*s%s\n", debug_opts[i].name,
			   (int)(12 - strlen(debug_opts[i].name)), "            ",
			   debug_opts[i].help);
	rt_dprintf(1, "\nTo direct the debugging output into a file instead of standard output\n"
		   "a filename can be specified using the LD_DEBUG_OUTPUT environment variable.\n");
	sys_exit(0);
}

/* names separated by spaces, commas or colons; glibc warns of unknown ones */
void debug_parse(const char *spec)
{
	while (*spec) {
		while (*spec == ' ' || *spec == ',' || *spec == ':')
			spec++;
		size_t n = 0;
		while (spec[n] && spec[n] != ' ' && spec[n] != ',' && spec[n] != ':')
			n++;
		if (!n)
			break;
		size_t i;
		for (i = 0; i < NOPTS; i++)
			if (strlen(debug_opts[i].name) == n &&
			    !strncmp(spec, debug_opts[i].name, n)) {
				L.debug |= debug_opts[i].bits;
				L.debug_any = 1;
				break;
			}
		if (i == NOPTS)
			rt_dprintf(2, "warning: debug option `%.*s' unknown; try LD_DEBUG=help\n",
				   (int)n, spec);
		spec += n;
	}
	if (L.debug & DEBUG_HELP)
		debug_help();
}

/* LD_DEBUG_OUTPUT=FILE: the output goes to FILE.PID, appended, never through
   a symbolic link; standard output when that cannot be opened (glibc) */
void debug_open_output(const char *name)
{
	size_t n = strlen(name);
	char *path = scratch_need(n + 24);
	rt_snprintf(path, n + 24, "%s.%ld", name, sys_getpid());
	long fd = sys_open_mode(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0666);
	debug_fd = sys_failed(fd) ? 1 : (int)fd;
	scratch_put(path);
}

/* glibc's print_statistics_item: a share in per mille, printed "18.2" */
static void debug_share(const char *title, uint64_t part, uint64_t total)
{
	unsigned long pm = total ? part * 1000 / total : 0;
	if (pm >= 10)
		dl_debug("%s: %lu cycles (%lu.%lu%%)", title, part, pm / 10, pm % 10);
	else
		dl_debug("%s: %lu cycles (.%lu%%)", title, part, pm);
}

/* glibc counts DT_RELACOUNT of every object of each namespace's search list
   that was not loaded at its link-time address */
static unsigned long debug_relative_count(void)
{
	unsigned long n = 0;
	struct r_scope_elem *s = &L.main->lm.l_searchlist;
	for (unsigned i = 0; i < s->r_nlist; i++) {
		struct dso *d = dso_of(s->r_list[i]);
		if (!d->base || !d->dynamic)
			continue;
		for (const Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++)
			if (dyn->d_tag == DT_RELACOUNT)
				n += dyn->d_un.d_val;
	}
	return n;
}

/* LD_DEBUG=statistics, once relocation is done (before any constructor) */
void debug_statistics(void)
{
	uint64_t total = arch_cycles() - L.stat_start_cycles;
	dl_debug("\nruntime linker statistics:");
	dl_debug("  total startup time in dynamic loader: %lu cycles", total);
	debug_share("            time needed for relocation", L.stat_reloc_cycles, total);
	dl_debug("                 number of relocations: %lu", L.stat_lookups);
	dl_debug("      number of relocations from cache: %lu", L.stat_cache_hits);
	dl_debug("        number of relative relocations: %lu", debug_relative_count());
	debug_share("           time needed to load objects", L.stat_load_cycles, total);
	/* ld-custom's own counters, after glibc's lines */
	dl_debug("                symbol lookups (scope): %lu", L.stat_lookups);
	dl_debug("       bindings from the launch cache: %lu", L.stat_lcache_hits);
	if (L.stat_lcache_checked || L.stat_lcache_differ)
		dl_debug("launch cache bindings looked up again: %lu, differing: %lu",
			 L.stat_lcache_checked + L.stat_lcache_differ, L.stat_lcache_differ);
	dl_debug("       objects skipped by Bloom filter: %lu", L.stat_bloom_rejects);
	dl_debug("              processor probes executed: %lu", L.stat_probes);
	dl_debug("       processor probes from the cache: %lu", L.stat_probes_cached);
	dl_debug("       scope lists searched by index: %lu", L.stat_index_lookups);
	dl_debug("         objects passed by scope walks: %lu", L.stat_walk_visits);
}

/* _dl_fini's last words */
void debug_final_statistics(void)
{
	dl_debug("\nruntime linker statistics:");
	dl_debug("           final number of relocations: %lu", L.stat_lookups);
	dl_debug("final number of relocations from cache: %lu", L.stat_cache_hits);
}

/* a second look at a binding already printed and counted (under the load
   lock, to record it): silent and not counted again, as glibc looks once.
   The mask is shared: another thread's lines may be lost meanwhile. */
unsigned debug_quiet_begin(void)
{
	unsigned saved = L.debug;
	if (saved & (DEBUG_SYMBOLS | DEBUG_BINDINGS | DEBUG_FILES))
		L.debug = saved & ~(DEBUG_SYMBOLS | DEBUG_BINDINGS | DEBUG_FILES);
	return saved;
}

void debug_quiet_end(unsigned saved)
{
	L.debug = saved;
	L.stat_lookups--;
}

/* glibc's add_dependency, before the binding's line: a binding that makes
   def NODELETE (from an object never unloaded) or a relocation dependency */
void debug_dependency(struct dso *user, struct dso *def)
{
	if (!def || !def->dlopened || def == user || binding_kept(user, def))
		return;
	for (size_t i = 0; i < user->nreldeps; i++)
		if (user->reldeps[i] == def)
			return;
	if (!user->dlopened && (L.debug & DEBUG_BINDINGS) && user->kind == DSO_MAIN)
		dl_debug("marking %s [%ld] as NODELETE due to reference from main program",
			 def->name, def->ns);
	else if (!user->dlopened && (L.debug & DEBUG_BINDINGS))
		dl_debug("marking %s [%ld] as NODELETE due to reference from %s [%ld]",
			 def->name, def->ns, user->name, user->ns);
	else if (user->dlopened && (L.debug & DEBUG_FILES))
		dl_debug("\nfile=%s [%ld];  needed by %s [%ld] (relocation dependency)\n",
			 debug_name(def), def->ns, debug_name(user), user->ns);
}

/* LD_DEBUG=symbols: each object a lookup walks */
void debug_lookup_in(const char *name, const struct dso *d)
{
	dl_debug("symbol=%s;  lookup in file=%s [%ld]", name, debug_name(d), d->ns);
}

/* LD_DEBUG=bindings: glibc's line for a binding the loader makes itself */
void debug_binding_line(const struct dso *from, struct sym_result r, const Elf64_Sym *ref,
			const char *name, const version_t *v)
{
	dl_debug("binding file %s [%ld] to %s [%ld]: %s symbol `%s'%s%s%s",
		 debug_name(from), from->ns, debug_name(r.dso), r.dso->ns,
		 ref && ELF64_ST_VISIBILITY(ref->st_other) == STV_PROTECTED ?
		 "protected" : "normal",
		 name,
		 v ? " [" : "", v ? v->name : "", v ? "]" : "");
}

/* glibc's _dl_show_scope: an object's scope elements from `from` on */
void debug_show_scope(struct dso *d, int from)
{
	dl_debug("object=%s [%ld]", debug_name(d), d->ns);
	struct r_scope_elem **sc = d->lm.l_scope;
	if (!sc)
		dl_debug(" no scope");
	for (int k = from; sc && sc[k]; k++) {
		char prefix[24];
		rt_snprintf(prefix, sizeof prefix, "%10ld:\t", sys_getpid());
		rt_dprintf(debug_fd, "%s scope %u:", prefix, k);
		for (unsigned i = 0; i < sc[k]->r_nlist; i++)
			rt_dprintf(debug_fd, " %s", debug_name(dso_of(sc[k]->r_list[i])));
		rt_dprintf(debug_fd, "\n");
	}
	dl_debug("");
}

/* glibc's dl_main, before relocation: every object of the base namespace */
void debug_startup_scopes(void)
{
	dl_debug("\nInitial object scopes");
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->ns == 0)
			debug_show_scope(d, 0);
}

/* RTLD_GLOBAL: the members of the group not yet in the global scope */
struct dso **debug_new_global(struct dso **group, size_t n, size_t *nnew)
{
	struct dso **out = rt_alloc((n + 1) * sizeof *out);
	*nnew = 0;
	for (size_t i = 0; out && i < n; i++)
		if (!group[i]->in_global)
			out[(*nnew)++] = group[i];
	return out;
}

void debug_global_added(struct dso **added, size_t n)
{
	for (size_t i = 0; added && i < n; i++)
		dl_debug("\nadd %s [%ld] to global scope", added[i]->name, added[i]->ns);
}

/* the objects NODELETE before a dlopen (a 0-terminated array) ... */
struct dso **debug_nodelete_set(void)
{
	size_t n = 0, k = 0;
	for (struct dso *d = L.head; d; d = d->next)
		n += d->nodelete;
	struct dso **set = rt_alloc((n + 1) * sizeof *set);
	for (struct dso *d = L.head; set && d; d = d->next)
		if (d->nodelete)
			set[k++] = d;
	if (set)
		set[k] = 0;
	return set;
}

/* ... and those its relocation made so, in load order: glibc's
   activate_nodelete, after relocation, before the constructors; frees set */
void debug_activated(long ns, struct dso **set)
{
	for (struct dso *d = L.head; d; d = d->next) {
		size_t i = 0;
		while (set[i] && set[i] != d)
			i++;
		if (d->ns == ns && d->nodelete && !set[i])
			dl_debug("activating NODELETE for %s [%ld]", d->name, d->ns);
	}
	rt_free(set);
}

/* the end of a dlopen (glibc: the program's empty l_name) */
void debug_opening(const struct dso *root)
{
	dl_debug("opening file=%s [%ld]; direct_opencount=%u\n",
		 root->kind == DSO_MAIN ? "" : root->name, root->ns, root->opencount);
}

/* LD_DEBUG=files: glibc's lines once an object is mapped (dl-load.c) */
void debug_mapped(const struct dso *d, const char *name, long ns)
{
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (unsigned k = 0; k < d->phnum; k++) {
		const Elf64_Phdr *p = &d->phdr[k];
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_vaddr < lo)
			lo = p->p_vaddr;
		if (p->p_vaddr + p->p_memsz > hi)
			hi = p->p_vaddr + p->p_memsz;
	}
	size_t len = hi > lo ? hi - ALIGN_DOWN(lo, L.pagesize) : 0;
	dl_debug("file=%s [%ld];  generating link map", name, ns);
	dl_debug("  dynamic: 0x%016lx  base: 0x%016lx   size: 0x%016zx\n"
		 "    entry: 0x%016lx  phdr: 0x%016lx  phnum:   %16u\n",
		 (unsigned long)d->dynamic, (unsigned long)d->base, len,
		 (unsigned long)d->entry, (unsigned long)d->phdr, d->phnum);
}

static const struct { unsigned char type, form; char label[22]; } auxv_names[] = {
#define AUX(t, f, l) { t, f, l }
	AUX(AT_EXECFD, 'd', "EXECFD:            "), AUX(AT_EXECFN, 's', "EXECFN:            "),
	AUX(AT_PHDR, 'x', "PHDR:              0x"), AUX(AT_PHENT, 'd', "PHENT:             "),
	AUX(AT_PHNUM, 'd', "PHNUM:             "), AUX(AT_PAGESZ, 'd', "PAGESZ:            "),
	AUX(AT_BASE, 'x', "BASE:              0x"), AUX(AT_FLAGS, 'x', "FLAGS:             0x"),
	AUX(AT_ENTRY, 'x', "ENTRY:             0x"), AUX(AT_NOTELF, 'x', "NOTELF:            "),
	AUX(AT_UID, 'd', "UID:               "), AUX(AT_EUID, 'd', "EUID:              "),
	AUX(AT_GID, 'd', "GID:               "), AUX(AT_EGID, 'd', "EGID:              "),
	AUX(AT_PLATFORM, 's', "PLATFORM:          "), AUX(AT_HWCAP, 'x', "HWCAP:             "),
	AUX(AT_CLKTCK, 'd', "CLKTCK:            "), AUX(AT_FPUCW, 'x', "FPUCW:             "),
	AUX(AT_DCACHEBSIZE, 'x', "DCACHEBSIZE:       0x"),
	AUX(AT_ICACHEBSIZE, 'x', "ICACHEBSIZE:       0x"),
	AUX(AT_UCACHEBSIZE, 'x', "UCACHEBSIZE:       0x"), AUX(AT_IGNOREPPC, 'i', ""),
	AUX(AT_SECURE, 'd', "SECURE:            "),
	AUX(AT_BASE_PLATFORM, 's', "BASE_PLATFORM:     "),
	AUX(AT_SYSINFO, 'x', "SYSINFO:           0x"),
	AUX(AT_SYSINFO_EHDR, 'x', "SYSINFO_EHDR:      0x"),
	AUX(AT_RANDOM, 'x', "RANDOM:            0x"), AUX(AT_HWCAP2, 'x', "HWCAP2:            0x"),
	AUX(51, 'd', "MINSIGSTKSZ:       "),	/* AT_MINSIGSTKSZ */
	AUX(40, 'd', "L1I_CACHESIZE:     "), AUX(41, 'x', "L1I_CACHEGEOMETRY: 0x"),
	AUX(42, 'd', "L1D_CACHESIZE:     "), AUX(43, 'x', "L1D_CACHEGEOMETRY: 0x"),
	AUX(44, 'd', "L2_CACHESIZE:      "), AUX(45, 'x', "L2_CACHEGEOMETRY:  0x"),
	AUX(46, 'd', "L3_CACHESIZE:      "), AUX(47, 'x', "L3_CACHEGEOMETRY:  0x"),
#undef AUX
};

/* LD_SHOW_AUXV: the kernel's auxiliary vector on standard output, glibc's
   labels; types glibc 2.36 does not know print as "AT_??? (0xN): 0xV" */
void debug_show_auxv(void)
{
	for (Elf64_auxv_t *a = L.auxv; a->a_type != AT_NULL; a++) {
		uint64_t t = a->a_type, v = a->a_un.a_val;
		size_t i = 0;
		while (i < sizeof auxv_names / sizeof auxv_names[0] && auxv_names[i].type != t)
			i++;
		if (t < 2 || (i < sizeof auxv_names / sizeof auxv_names[0] &&
			      auxv_names[i].form == 'i'))
			continue;
		if (i == sizeof auxv_names / sizeof auxv_names[0])
			rt_dprintf(1, "AT_??? (0x%lx): 0x%lx\n", t, v);
		else if (auxv_names[i].form == 'd')
			rt_dprintf(1, "AT_%s%lu\n", auxv_names[i].label, v);
		else if (auxv_names[i].form == 'x')
			rt_dprintf(1, "AT_%s%lx\n", auxv_names[i].label, v);
		else
			rt_dprintf(1, "AT_%s%s\n", auxv_names[i].label, (const char *)v);
	}
}
