/* Errors: one line on stderr, exit status 127, like glibc's loader. */
#include "ldso.h"

/* the innermost dlopen that catches errors instead of exiting */
HIDDEN struct dl_catch *dl_catch_top;
HIDDEN char dl_catch_msg[1024];

/* inside a dlopen on this thread: errors go to dlerror, not to stderr */
int dl_catching(void)
{
	/* owner 0: start-up, one thread and no thread pointer yet to compare */
	return dl_catch_top && (!dl_catch_top->owner || dl_catch_top->owner == arch_thread_pointer());
}

/* caught for dlopen (not for a preload, whose errors are only reported) */
int dl_in_dlopen(void)
{
	return dl_catching() && dl_catch_top->dlopen;
}

static _Noreturn void die(int status, const char *what, const char *fmt, va_list ap)
{
	if (L.verify)
		sys_exit(1);	/* --verify: glibc answers 1, silently, whatever went wrong */
	if (dl_catching()) {
		/* the catcher holds the dl lock (or is start-up): one message buffer */
		if (rt_vsnprintf(dl_catch_msg, sizeof dl_catch_msg, fmt, ap) >= (int)sizeof dl_catch_msg)
			memcpy(dl_catch_msg + sizeof dl_catch_msg - 4, "...", 4);	/* cut, and say so */
		dl_longjmp(dl_catch_top->jb, 1);
	}
	va_list cp;	/* %V takes a va_list *; a va_list parameter is a pointer already */
	va_copy(cp, ap);
	rt_dprintf(2, "%s: %s: %s: %V\n", LDSO_NAME, L.progname ? L.progname : "?", what, fmt, &cp);
	va_end(cp);
	sys_exit(status);
}

void dl_fatal(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	die(127, what, fmt, ap);
}

/* glibc exits 1, not 127, when a needed symbol version is missing
   (rtld.c version_check_doit); the differential tests hold us to that */
void dl_fatal_status(int status, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	die(status, what, fmt, ap);
}


/* "     PID:\tmessage", as glibc's LD_DEBUG output */
void dl_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_dprintf(2, "%10ld:\t%V\n", sys_getpid(), fmt, &ap);
	va_end(ap);
}

void debug_parse(const char *spec)
{
	static const struct { const char *name; unsigned bits; const char *help; } opts[] = {
		{ "libs", DEBUG_LIBS, "display library search paths" },
		{ "files", DEBUG_FILES | DEBUG_LIBS, "display progress for input file" },
		{ "bindings", DEBUG_BINDINGS, "display information about symbol binding" },
		{ "statistics", DEBUG_STATISTICS, "display relocation statistics" },
		{ "unused", DEBUG_UNUSED, "determined unused DSOs" },
		{ "all", DEBUG_LIBS | DEBUG_FILES | DEBUG_BINDINGS | DEBUG_STATISTICS, "all previous options combined" },
		{ "help", 0, "display this help message and exit" },
	};
	while (*spec) {
		while (*spec == ' ' || *spec == ',' || *spec == ':')
			spec++;
		size_t n = 0;
		while (spec[n] && spec[n] != ' ' && spec[n] != ',' && spec[n] != ':')
			n++;
		if (!n)
			break;
		if (n == 4 && !strncmp(spec, "help", 4)) {
			rt_dprintf(1, "Valid options for the LD_DEBUG environment variable are:\n\n");
			for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
				rt_dprintf(1, "  %s%.*s%s\n", opts[i].name,
					   (int)(12 - strlen(opts[i].name)), "            ", opts[i].help);
			sys_exit(0);
		}
		size_t i;
		for (i = 0; i < sizeof opts / sizeof opts[0]; i++)
			if (strlen(opts[i].name) == n && !strncmp(spec, opts[i].name, n)) {
				L.debug |= opts[i].bits;
				break;
			}
		if (i == sizeof opts / sizeof opts[0])
			rt_dprintf(2, "warning: debug option `%.*s' unknown; try LD_DEBUG=help\n", (int)n, spec);
		spec += n;
	}
}

void debug_statistics(void)
{
	uint64_t total = arch_cycles() - L.stat_start_cycles;
	dl_debug("");
	dl_debug("runtime linker statistics:");
	dl_debug("  total startup time in dynamic loader: %lu cycles", total);
	dl_debug("            time needed for relocation: %lu cycles (%lu%%)", L.stat_reloc_cycles,
		 total ? L.stat_reloc_cycles * 100 / total : 0);
	dl_debug("                 number of relocations: %lu", L.stat_relocs);
	dl_debug("      number of relocations from cache: %lu", L.stat_cache_hits);
	dl_debug("        number of relative relocations: %lu", L.stat_relative);
	dl_debug("                symbol lookups (scope): %lu", L.stat_lookups);
	dl_debug("       objects skipped by Bloom filter: %lu", L.stat_bloom_rejects);
	dl_debug("                        objects loaded: %zu", L.count);
}

/* scratch memory (rt/alloc.c) that must be there: out of memory is fatal */
void *scratch_need(size_t n)
{
	void *p = scratch_get(n);
	if (!p)
		dl_fatal("cannot load shared object", "out of memory");
	return p;
}
