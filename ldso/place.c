/* The placement stage, for start-up and dlopen alike: every object placed
   joins the load-order list; the breadth-first DT_NEEDED closure maps what
   they need (load.c finds each one); versions are checked and executable
   stacks made before anything is linked.  Start-up also builds the global
   scope; dlopen marks its new objects as loaded at run time. */
#include "ldso.h"
#include "glibc/glibc.h"

static int is_dep_tag(Elf64_Sxword tag)
{
	return tag == DT_NEEDED || tag == DT_FILTER || tag == DT_AUXILIARY;
}

/* one DT_NEEDED, DT_FILTER or DT_AUXILIARY entry of d: its object, or NULL
   for an auxiliary filtee that is not there (glibc ignores that) */
static struct dso *load_dep(struct dso *d, Elf64_Sxword tag, const char *name)
{
	char *err = scratch_need(ERR_MAX);
	struct dso *dep;
	if (tag != DT_NEEDED && (L.debug & DEBUG_LIBS))
		dl_debug("load auxiliary object=%s requested by file=%s", name, obj_name(d));
	if (tag == DT_AUXILIARY)
		dep = load_library_try(name, d, d->ns, 0, err, ERR_MAX);
	else
		dep = load_library(name, d, d->ns, err, ERR_MAX);
	if (!dep) {
		if (L.trace == TRACE_ENV || L.trace == TRACE_TREE)
			dep = dso_new_missing(name);	/* ldd shows it as "not found" */
		else if (tag != DT_AUXILIARY) {	/* glibc: --list stops here too */
			explain_missing(name, d, d->ns, 0);
			dl_fatal("error while loading shared libraries", "%s", err);
		}
	}
	scratch_put(err);
	return dep;
}

/* a filtee goes just before its filter in the load order, if it came later */
static int place_filtee(struct dso *d, struct dso *f)
{
	d->filtees[d->nfiltees++] = f;
	if (d->kind == DSO_MAIN || f == L.self)
		return 0;
	for (struct dso *p = d->next; p; p = p->next)
		if (p == f) {
			dso_move_before(f, d);
			return 1;
		}
	return 0;
}

/* d's dependencies, in the order of its dynamic section; returns the first
   filtee put before d (the closure goes on from there) */
static struct dso *dso_load_deps(struct dso *d)
{
	size_t n = 0, nfilt = 0;
	struct dso *first = 0;

	d->deps_done = 1;
	if (!d->dynamic)
		return 0;
	for (Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++) {
		n += is_dep_tag(dyn->d_tag);
		nfilt += dyn->d_tag == DT_FILTER || dyn->d_tag == DT_AUXILIARY;
	}
	if (!n)
		return 0;
	d->deps = rt_calloc(n, sizeof *d->deps);
	d->filtees = nfilt ? rt_calloc(nfilt, sizeof *d->filtees) : 0;
	if (!d->deps || (nfilt && !d->filtees))
		dl_fatal("error while loading shared libraries", "out of memory");
	for (Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++) {
		if (!is_dep_tag(dyn->d_tag))
			continue;
		const char *who = d->kind == DSO_MAIN ? L.progname : d->name;
		if (!d->strings || dyn->d_un.d_val >= d->strings_size)
			dl_fatal("error while loading shared libraries",
				 "%s: invalid DT_NEEDED entry", who);
		struct dso *dep = load_dep(d, dyn->d_tag, d->strings + dyn->d_un.d_val);
		if (!dep)
			continue;
		d->deps[d->ndeps++] = dep;
		if (!dep->listed && dep != L.self)
			place_list(dep);
		if (dyn->d_tag != DT_NEEDED && place_filtee(d, dep) && !first)
			first = dep;
	}
	return first;
}

/* A placed object joins the load-order list, its link_map filled in; a
   library's $ORIGIN is known from now on (dlinfo(RTLD_DI_ORIGIN) copies it) */
void place_list(struct dso *d)
{
	d->listed = 1;
	if (!d->missing) {
		if (d->kind == DSO_LIB)
			dso_origin(d);
		glibc_publish_dso(d);
	}
	dso_append(d);
	if (L.naudit)
		audit_listed(d);
}

/* Map the DT_NEEDED closure of every object from start to the end of the
   load-order list: the list is itself the breadth-first queue.  A filtee
   put before its filter is taken next, as glibc's _dl_map_object_deps. */
void place_closure(struct dso *start)
{
	for (struct dso *d = start; d;) {
		struct dso *back = 0;
		if (!d->deps_done && !d->missing && d->kind != DSO_VDSO)
			back = dso_load_deps(d);
		d = back ? back : d->next;
	}
}

/* Start-up: the global scope is the closure of the program and the preloads
   (preloads come first after the program in the load order). */
void place_global_scope(struct dso *main)
{
	size_t nroots = 0;

	for (struct dso *d = L.head; d; d = d->next)
		nroots += d == main || d->preloaded;
	/* as many preloads as LD_PRELOAD names (glibc has no cap) */
	struct dso **roots = rt_alloc(nroots * sizeof *roots);
	if (!roots)
		dl_fatal("error while loading shared libraries", "out of memory");
	nroots = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (d == main || d->preloaded)
			roots[nroots++] = d;
	L.global = dso_closure(roots, nroots, &L.nglobal);
	rt_free(roots);
	for (size_t i = 0; i < L.nglobal; i++)
		L.global[i]->in_global = 1;
	glibc_scope_elem_set(&main->lm.l_searchlist, L.global, L.nglobal);
}

/* Every needed version must be defined; glibc checks before relocating. */
void place_check_versions(struct dso *start)
{
	char err[512];
	if (L.trace)
		return;
	for (struct dso *d = start; d; d = d->next)
		if (!d->missing && d->verneed && dso_check_versions(d, err, sizeof err))
			dl_fatal_status(d->dlopened ? 127 : 1, "version lookup error", "%s", err);
}

/* Every object we mapped from start on (the program too, in the command
   form) whose PT_GNU_STACK has PF_X or is missing makes the stacks
   executable, as glibc's _dl_map_object_from_fd does; p_flags 0 asks for
   nothing. */
void place_exec_stacks(struct dso *start)
{
	for (struct dso *d = start; d; d = d->next)
		if (!d->missing && (d->kind == DSO_LIB || (L.command && d->kind == DSO_MAIN)) &&
		    (d->stack_flags & PF_X))
			make_stacks_executable();
}

/* dlopen: the root asked for, mapped (or found) and listed */
struct dso *place_open(const char *file, struct dso *from, long ns)
{
	char *err = scratch_need(ERR_MAX);
	struct dso *by = from;
	if (L.naudit && strchr(file, '/') && !strchr(file, '$'))
		by = 0;		/* glibc: no caller's map, so no la_objsearch, for a path */
	debug_dlopen_load = 1;	/* LD_DEBUG=files says "dynamically loaded by" */
	struct dso *root = load_library(file, by, ns, err, ERR_MAX);
	debug_dlopen_load = 0;
	if (!root) {
		explain_missing(file, from, ns, 1);
		dl_fatal("cannot open shared object", "%s", err);
	}
	scratch_put(err);
	if (root->flags_1 & DF_1_PIE)	/* as glibc: a program is not a library */
		dl_fatal("cannot open shared object",
			 "%s: cannot dynamically load position-independent executable", root->name);
	if (!root->listed) {
		root->loaded_by = from;
		place_list(root);
	}
	return root;
}

/* dlopen: what sets the new objects from start on apart from start-up's:
   loaded at run time (LT_LOADED), TLS module ids of generation gen, and
   DF_1_NODELETE pins them.  Returns whether any has TLS. */
int place_dlopened(struct dso *start, size_t gen)
{
	int tls = 0;
	for (struct dso *d = start; d; d = d->next) {
		d->dlopened = 1;
		glibc_publish_loaded(d);
		if (d->tls_memsz || d->tls_filesz) {
			tls_register_module(d, gen);
			tls = 1;
		}
		if (d->flags_1 & DF_1_NODELETE)
			d->nodelete = 1;
	}
	return tls;
}
