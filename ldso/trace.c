/* ldd's side of the loader: --verify, --list and LD_TRACE_LOADED_OBJECTS (with
   LD_WARN, LD_BIND_NOW, LD_VERBOSE, LD_DEBUG=unused) print what glibc 2.36's
   rtld.c prints, and exit with its status.  Beyond glibc, nothing of the
   inspected files runs and none of their relocations is applied: undefined
   symbols are found by lookups alone, so no IFUNC resolver, no constructor
   and no preinit function can run (ldd is safe on any file). */
#include "ldso.h"

static int no_interp;		/* the command-form program has no PT_INTERP */
static struct dso **seq;	/* glibc's list of loaded objects, in its order */
static size_t nseq;

/* Command form, after the program is mapped: --verify answers as glibc
   (0 a program with an interpreter, 2 another dynamic object such as a
   library or a static-pie, 1 anything else) without a word. */
void trace_check_main(struct dso *main, int has_interp)
{
	no_interp = !has_interp;
	if (L.verify)
		sys_exit(!main->dynamic ? 1 : has_interp ? 0 : 2);
	if (!main->dynamic) {
		/* glibc's loader crashes here; ldd (its --verify said 1) prints this */
		rt_dprintf(2, "\tnot a dynamic executable\n");
		sys_exit(1);
	}
}

/* glibc's l_name for the loader: the path it was run as */
static const char *self_path(void)
{
	return L.command ? L.argv[0] : L.self->name;
}

/* glibc's DSO_FILENAME (l_name): the program under its own name */
static const char *lname(const struct dso *d)
{
	if (d == L.main)
		return L.progname;
	return d == L.self ? self_path() : d->name;
}

/* the name it was asked for (l_libname) */
static const char *libname(const struct dso *d)
{
	if (d == L.self)
		return no_interp ? self_path() : L.self->name;
	if (d->missing || !d->lm.l_libname)
		return d->name;
	return d->lm.l_libname->name;
}

/* glibc's _dl_name_match_p */
static int name_match(const struct dso *d, const char *name)
{
	if (d == L.main)
		return 0;
	if (!strcmp(name, lname(d)))
		return 1;
	if (d->missing)
		return 0;
	for (struct libname_list *n = d->lm.l_libname; n; n = n->next)
		if (!strcmp(n->name, name))
			return 1;
	return d->soname && !strcmp(d->soname, name);
}

/* the load order, the loader placed after the object before it in the
   program's search list; absent when nothing needs it (glibc rtld.c) */
static void build_seq(void)
{
	struct dso *after = 0;
	seq = rt_calloc(L.count + 2, sizeof *seq);
	if (!seq)
		dl_fatal("cannot list the objects", "out of memory");
	for (size_t i = 1; i < L.nglobal && !after; i++)
		if (L.global[i] == L.self)
			after = L.global[i - 1];
	for (struct dso *d = L.head; d; d = d->next) {
		seq[nseq++] = d;
		if (d == after)
			seq[nseq++] = L.self;
	}
}

/* version records hold 32-bit words: in bounds and 4-byte aligned */
static int rec_ok(const struct dso *d, const void *p, size_t size)
{
	return !((uintptr_t)p & 3) && dso_addr_ok(d, (uintptr_t)p, size);
}

#define NEXT(p, off) ((off) ? (const void *)((const char *)(p) + (off)) : 0)

/* glibc's match_symbol (by hash and name) and rtld.c's match_version (by
   name): 0 defined, 1 not, -1 dep has no version definitions at all */
static int dep_defines(const struct dso *dep, const char *name, uint32_t hash, int by_hash)
{
	const Elf64_Verdef *vd = dep->verdef;
	if (!vd)
		return -1;
	for (size_t n = 0; vd && n < dep->verdefnum; vd = NEXT(vd, vd->vd_next), n++) {
		if (!rec_ok(dep, vd, sizeof *vd))
			break;
		if (by_hash && vd->vd_hash != hash)
			continue;
		const Elf64_Verdaux *a = NEXT(vd, vd->vd_aux);
		if (a && rec_ok(dep, a, sizeof *a) && a->vda_name < dep->strings_size &&
		    !strcmp(name, dep->strings + a->vda_name))
			return 0;
	}
	return 1;
}

/* a non-fatal error as glibc's _dl_signal_cexception reports it while tracing:
   a debug line if LD_DEBUG asks for anything, then the receiver's line */
static void report(const char *obj, const char *occasion, const char *msg, const char *who)
{
	if (L.debug & ~DEBUG_STATISTICS)
		dl_debug("%s: error: %s: %s (continued)", obj, occasion, msg);
	if (who)	/* rtld.c print_missing_version */
		rt_dprintf(2, "%s: %s: %s\n", who, obj, msg);
	else		/* rtld.c print_unresolved */
		rt_dprintf(2, "%s\t(%s)\n", msg, obj);
}

/* glibc's _dl_check_map_versions in trace mode: each problem is one line on
   stderr (rtld.c print_missing_version) and the listing goes on.  The
   records were bounds-checked by dso_build_versions when d was loaded. */
static void check_versions(struct dso *d)
{
	const Elf64_Verneed *vn = d->verneed;
	if (!d->strings)
		return;
	for (size_t n = 0; vn && n < d->verneednum; vn = NEXT(vn, vn->vn_next), n++) {
		struct dso *dep = 0;
		for (size_t i = 0; i < nseq && !dep; i++)
			if (name_match(seq[i], d->strings + vn->vn_file))
				dep = seq[i];
		if (!dep || dep->missing)
			continue;
		const Elf64_Vernaux *a = NEXT(vn, vn->vn_aux);
		for (unsigned k = 0; a && k < vn->vn_cnt; k++, a = NEXT(a, a->vna_next)) {
			const char *v = d->strings + a->vna_name;
			int r = dep_defines(dep, v, a->vna_hash, 1);
			char msg[512];
			if (r < 0)
				rt_snprintf(msg, sizeof msg,
					    "no version information available (required by %s)",
					    lname(d));
			else
				rt_snprintf(msg, sizeof msg,
					    "%sversion `%s' not found (required by %s)",
					    a->vna_flags & VER_FLG_WEAK ? "weak " : "", v,
					    lname(d));
			if (r)
				report(lname(dep), "version lookup error", msg, L.progname);
		}
	}
}

static void print_list(void)
{
	for (size_t i = 0; i < nseq; i++) {
		struct dso *d = seq[i];
		const char *need = libname(d), *path = lname(d);
		if (d == L.main) {
			if (L.trace_main)	/* LD_TRACE_LOADED_OBJECTS=2: glibc names it "" */
				rt_dprintf(1, "\t (0x%016lx)\n", d->map_start);
		} else if (d->missing)
			rt_dprintf(1, "\t%s => not found\n", need);
		else if (!strcmp(need, path))
			rt_dprintf(1, "\t%s (0x%016lx)\n", need, d->map_start);
		else
			rt_dprintf(1, "\t%s => %s (0x%016lx)\n", need, path, d->map_start);
	}
}

/* ---- symbol checks: lookups as relocation would do them, nothing applied ---- */

struct scan {
	struct dso *d;
	struct r_scope_elem *scope[3];
	const Elf64_Sym *last;		/* glibc's one-entry lookup cache per object */
	int last_class;
	/* LD_DEBUG=unused: glibc says nothing of undefined symbols, and each
	   definer gets this stamp (glibc's l_used) */
	int quiet;
	unsigned used;
};

/* one relocation's symbol, looked up as glibc's RESOLVE_MAP would */
static void scan_one(struct scan *s, const Elf64_Rela *r)
{
	struct dso *d = s->d;
	unsigned type = ELF64_R_TYPE(r->r_info);
	uint32_t idx = ELF64_R_SYM(r->r_info);
	if (type == REL_NONE || type == REL_RELATIVE || !d->syms || idx >= d->nsyms)
		return;
	const Elf64_Sym *ref = &d->syms[idx];
	int vis = ELF64_ST_VISIBILITY(ref->st_other);
	if (ELF64_ST_BIND(ref->st_info) == STB_LOCAL || vis == STV_HIDDEN || vis == STV_INTERNAL)
		return;
	int tc = arch_reloc_class(type);
	if (ref == s->last && tc == s->last_class)
		return;
	s->last = ref;
	s->last_class = tc;
	if (ref->st_name >= d->strings_size)
		return;
	const char *name = d->strings + ref->st_name;
	const version_t *v = dso_ref_version(d, idx);
	struct sym_query q;
	struct sym_result res;
	sym_query_init(&q, name, v, tc == 2 ? LOOKUP_NO_EXEC : tc == 1 ? LOOKUP_PLT : 0);
	if (scope_find_symbol(s->scope, &q, 0, &res)) {
		if (s->used)
			res.dso->visit = s->used;	/* glibc's l_used */
		if (type == REL_COPY)
			copy_size_check(ref, res.sym, name);
		return;
	}
	if (ELF64_ST_BIND(ref->st_info) == STB_WEAK || s->quiet)
		return;
	char msg[512];
	rt_snprintf(msg, sizeof msg, "undefined symbol: %s%s%s", name, v ? ", version " : "",
		    v ? v->name : "");
	report(lname(d), "symbol lookup error", msg, 0);
}

static void scan_table(struct scan *s, const Elf64_Rela *r, size_t size, int tlsdesc_only)
{
	for (size_t i = 0; r && i < size / sizeof *r; i++)
		if (!tlsdesc_only || ELF64_R_TYPE(r[i].r_info) == REL_TLSDESC)
			scan_one(s, &r[i]);
}

/* glibc's ELF_DYNAMIC_RELOCATE order: the RELA table (less a PLT table at its
   end), then the PLT table; lazily, only its TLS descriptors are resolved */
static void scan_object(struct dso *d, int lazy, unsigned used)
{
	struct scan s = { .d = d, .quiet = used != 0, .used = used };
	int i = 0;
	if (d->flags & DF_SYMBOLIC)
		s.scope[i++] = &d->lm.l_symbolic_searchlist;
	s.scope[i] = &L.main->lm.l_searchlist;
	if ((d->flags & DF_BIND_NOW) || (d->flags_1 & DF_1_NOW))
		lazy = 0;
	size_t rsz = d->rela ? d->rela_size : 0;
	if (d->jmprel && rsz >= d->jmprel_size &&
	    (uintptr_t)d->rela + rsz == (uintptr_t)d->jmprel + d->jmprel_size)
		rsz -= d->jmprel_size;
	scan_table(&s, d->rela, rsz, 0);
	scan_table(&s, d->jmprel, d->jmprel_size, lazy);
}

/* LD_WARN (ldd -d, and -r with LD_BIND_NOW): every object but the loader,
   dependencies first (glibc walks l_initfini from its end) */
static void warn_undefined(int lazy)
{
	size_t n;
	struct dso **order = init_order_startup(&n);	/* the loader included */
	for (size_t i = n; i-- > 0;)
		if (order[i] != L.self && !order[i]->missing && order[i]->kind != DSO_VDSO)
			scan_object(order[i], lazy, 0);
}

/* LD_DEBUG=unused (ldd -u): the program's DT_NEEDED objects none of its own
   relocations binds to; glibc pairs the Nth DT_NEEDED with the Nth object
   after the program (the vDSO skipped) and exits 1 if it names any */
static _Noreturn void report_unused(void)
{
	int first = 1;
	size_t k = 0;
	unsigned used = dso_walk_begin();
	scan_object(L.main, L.trace_lazy != 0, used);
	for (Elf64_Dyn *dyn = L.main->dynamic; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag != DT_NEEDED)
			continue;
		if (++k < nseq && seq[k] == L.vdso)
			k++;
		if (k >= nseq)
			break;
		if (seq[k]->visit == used)
			continue;
		if (first)
			rt_dprintf(1, "Unused direct dependencies:\n");
		first = 0;
		rt_dprintf(1, "\t%s\n", lname(seq[k]));
	}
	sys_exit(!first);
}

/* LD_VERBOSE (ldd -v): every needed version and who defines it (rtld.c) */
static void print_version_info(void)
{
	int first = 1;
	for (size_t i = 0; i < nseq; i++) {
		struct dso *d = seq[i];
		if (d->missing || !d->verneed || !d->strings)
			continue;
		if (first)
			rt_dprintf(1, "\n\tVersion information:\n");
		first = 0;
		rt_dprintf(1, "\t%s:\n", lname(d));
		const Elf64_Verneed *vn = d->verneed;
		for (size_t n = 0; vn && n < d->verneednum; vn = NEXT(vn, vn->vn_next), n++) {
			const char *file = d->strings + vn->vn_file;
			struct dso *dep = 0;
			for (size_t g = L.nglobal; g-- > 0 && !dep;)	/* rtld.c find_needed */
				if (name_match(L.global[g], file))
					dep = L.global[g];
			const Elf64_Vernaux *a = NEXT(vn, vn->vn_aux);
			for (unsigned k = 0; a && k < vn->vn_cnt; k++, a = NEXT(a, a->vna_next)) {
				const char *v = d->strings + a->vna_name;
				int found = dep && dep_defines(dep, v, 0, 0) == 0;
				rt_dprintf(1, "\t\t%s (%s) %s=> %s\n", file, v,
					   a->vna_flags & VER_FLG_WEAK ? "[WEAK] " : "",
					   found ? lname(dep) : "not found");
			}
		}
	}
}

/* --list PROGRAM SYMBOL...: where each symbol is found, in glibc's format
   (value and base in zero-padded decimal after "0x", as its %0*Zd prints) */
static void list_symbols(char **names)
{
	for (; names && *names; names++) {
		struct sym_query q;
		struct sym_result res;
		struct r_scope_elem *scope[2] = { &L.main->lm.l_searchlist, 0 };
		sym_query_init(&q, *names, 0, LOOKUP_PLT);
		if (!scope_find_symbol(scope, &q, 0, &res))
			dl_fatal("symbol lookup error", "%s: undefined symbol: %s", L.progname,
				 *names);
		rt_dprintf(1, "%s found at 0x%016lu in object at 0x%016lu\n", *names,
			   (unsigned long)res.sym->st_value, (unsigned long)res.dso->base);
	}
}

/* Everything after the objects are mapped; exits with glibc's status */
void trace_run(char **list_args)
{
	if (L.trace == TRACE_TREE)
		tree_run();
	build_seq();
	for (size_t i = 0; i < nseq; i++)
		if (!seq[i]->missing && seq[i]->verneed)
			check_versions(seq[i]);
	if (L.debug & DEBUG_UNUSED)
		report_unused();
	if (!L.main->ndeps)
		rt_dprintf(1, "\tstatically linked\n");
	else
		print_list();
	if (L.trace == TRACE_LIST) {
		list_symbols(list_args);
		sys_exit(0);
	}
	if (L.warn && L.trace_lazy >= 0)
		warn_undefined(L.trace_lazy);
	if (L.verbose)
		print_version_info();
	sys_exit(0);
}
