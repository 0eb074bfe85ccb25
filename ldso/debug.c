/* LD_DEBUG: the categories it names and the lines it prints, as glibc's loader. */
#include "ldso.h"

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
		{ "symbols", DEBUG_SYMBOLS, "display symbol table processing" },
		{ "unused", DEBUG_UNUSED, "determined unused DSOs" },
		{ "all", DEBUG_LIBS | DEBUG_FILES | DEBUG_BINDINGS | DEBUG_STATISTICS,
		  "all previous options combined" },
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
			rt_dprintf(1, "Valid options for the LD_DEBUG environment variable "
				   "are:\n\n");
			for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
				rt_dprintf(1, "  %s%.*s%s\n", opts[i].name,
					   (int)(12 - strlen(opts[i].name)), "            ",
					   opts[i].help);
			sys_exit(0);
		}
		size_t i;
		for (i = 0; i < sizeof opts / sizeof opts[0]; i++)
			if (strlen(opts[i].name) == n && !strncmp(spec, opts[i].name, n)) {
				L.debug |= opts[i].bits;
				break;
			}
		if (i == sizeof opts / sizeof opts[0])
			rt_dprintf(2, "warning: debug option `%.*s' unknown; try LD_DEBUG=help\n",
				   (int)n, spec);
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
	dl_debug("       bindings from the launch cache: %lu", L.stat_lcache_hits);
	if (L.stat_lcache_checked || L.stat_lcache_differ)
		dl_debug("launch cache bindings looked up again: %lu, differing: %lu",
			 L.stat_lcache_checked + L.stat_lcache_differ, L.stat_lcache_differ);
	dl_debug("       objects skipped by Bloom filter: %lu", L.stat_bloom_rejects);
	dl_debug("       scope lists searched by index: %lu", L.stat_index_lookups);
	dl_debug("         objects passed by scope walks: %lu", L.stat_walk_visits);
	dl_debug("                        objects loaded: %zu", L.count);
}
