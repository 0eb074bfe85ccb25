/* --tree and --why LIB (LD_CUSTOM_TREE, LD_CUSTOM_WHY): the dependency graph
   placement built, each object with where it was found and by which rule of
   the search order (load.c records it in found_by).  Called where ldd's
   listing is (trace_run), after placement: nothing is relocated and no code
   of the program or its libraries runs.  A library that is not found is
   listed as "not found" and the rest still prints. */
#include <sys/stat.h>
#include "ldso.h"

#define WHY_CHAINS_MAX	1000		/* chains printed per object, then "..." */
#define WHY_STEPS_MAX	10000000	/* edges walked per object (cycles can make many) */

/* one object on the walk's path, and where it is in its DT_NEEDED entries */
struct frame {
	struct dso *d;
	const char *name;		/* the name its parent needs it by */
	const Elf64_Dyn *dyn;		/* the entry of deps[i] is at or after this */
	size_t i;
};

/* the path it was opened by (the program under its name, the loader as run) */
static const char *path_of(const struct dso *d)
{
	if (d == L.main)
		return L.progname;
	if (d == L.self)
		return L.command ? L.argv[0] : L.self->name;
	return d->name;
}

static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* a root's own name: the name it was first asked for (a preload's) */
static const char *root_name(const struct dso *d)
{
	if (d->kind == DSO_LIB && d->lm.l_libname)
		return d->lm.l_libname->name;
	return path_of(d);
}

/* the name of f's next dependency: deps[] follows the DT_NEEDED, DT_FILTER
   and DT_AUXILIARY entries one for one (tracing lists a missing one too) */
static const char *next_name(struct frame *f, const struct dso *dep)
{
	const Elf64_Dyn *dyn = f->dyn;
	for (; dyn && dyn->d_tag != DT_NULL; dyn++)
		if (dyn->d_tag == DT_NEEDED || dyn->d_tag == DT_FILTER ||
		    dyn->d_tag == DT_AUXILIARY)
			break;
	if (!dyn || dyn->d_tag == DT_NULL || !f->d->strings ||
	    dyn->d_un.d_val >= f->d->strings_size)
		return root_name(dep);
	f->dyn = dyn + 1;
	return f->d->strings + dyn->d_un.d_val;
}

/* the step both depth-first walks take: the top frame's next dependency, the
   frames whose dependencies are done popped first; 0 when the walk is over */
static struct dso *walk_next(struct frame *st, size_t *top, const char **name)
{
	while (*top) {
		struct frame *f = &st[*top - 1];
		if (f->i < f->d->ndeps) {
			struct dso *c = f->d->deps[f->i++];
			*name = next_name(f, c);
			return c;
		}
		--*top;
	}
	return 0;
}

/* where "/glibc-hwcaps/" is in path, or NULL */
static const char *hwcaps_part(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')); p++)
		if (!strncmp(p, "/glibc-hwcaps/", 14))
			return p;
	return 0;
}

/* ", SUBDIR" when found in a hwcaps subdirectory: the search says which; the
   cache's hwcaps entries are under DIR/glibc-hwcaps/NAME/ */
static void sub_text(const struct dso *d, char *buf, size_t len)
{
	size_t nsub;
	const struct hwcap_sub *sub = hwcaps_subdirs(&nsub);
	buf[0] = 0;
	if (d->found_sub && d->found_sub <= nsub) {
		const struct hwcap_sub *s = &sub[d->found_sub - 1];
		rt_snprintf(buf, len, ", %.*s", (int)(s->len ? s->len - 1 : 0), s->str);
	} else if (d->found_by == FOUND_CACHE) {
		const char *h = hwcaps_part(d->name), *end = strrchr(d->name, '/');
		if (h && end > h + 14)
			rt_snprintf(buf, len, ", %.*s", (int)(end - h - 1), h + 1);
	}
}

/* the list L.library_path came from: the environment's, or --library-path */
static const char *library_path_name(void)
{
	for (char **e = L.envp; *e; e++)
		if (!strncmp(*e, "LD_LIBRARY_PATH=", 16) && *e + 16 == L.library_path)
			return "LD_LIBRARY_PATH";
	return "--library-path";
}

/* the rule that found d, as the tree and --why print it */
static void rule_text(const struct dso *d, char *buf, size_t len)
{
	static const char *const pre[] = { "", "LD_PRELOAD: ", "--preload: ",
					   "/etc/ld.so.preload: " };
	const char *how = "already loaded", *of = "";
	char sub[64];
	if (d == L.main || d == L.self || d->kind == DSO_VDSO) {
		rt_snprintf(buf, len, "%s", d == L.main ? "program" : d == L.self ? "loader" :
			    "vDSO");
		return;
	}
	switch (d->found_by) {
	case FOUND_PATH: how = "path"; break;
	case FOUND_RPATH: how = "RPATH of "; break;
	case FOUND_LIBPATH: how = library_path_name(); break;
	case FOUND_RUNPATH: how = "RUNPATH of "; break;
	case FOUND_CACHE: how = "ld.so.cache"; break;
	case FOUND_DEFAULT: how = "default dirs"; break;
	}
	if (d->found_in)
		of = d->found_in == L.main ? L.progname : base_of(d->found_in->name);
	sub_text(d, sub, sizeof sub);
	rt_snprintf(buf, len, "%s%s%s%s", pre[d->preloaded <= PRELOAD_CONF ? d->preloaded : 0],
		    how, of, sub);
}

/* one line: NAME => PATH [RULE] the first time, (see above) after, or
   NAME => not found; returns whether d's dependencies go under it */
static int tree_line(const char *pre, size_t plen, const char *glyph, const char *name,
		     struct dso *d, unsigned seen)
{
	char rule[PATH_MAX_LEN / 8];
	const char *path = path_of(d);
	const char *arrow = strcmp(name, path) ? " => " : "";
	if (d->missing) {
		rt_dprintf(1, "%.*s%s%s => not found\n", (int)plen, pre, glyph, name);
		return 0;
	}
	if (d->visit == seen) {
		rt_dprintf(1, "%.*s%s%s%s%s (see above)\n", (int)plen, pre, glyph, name, arrow,
			   *arrow ? path : "");
		return 0;
	}
	d->visit = seen;
	rule_text(d, rule, sizeof rule);
	rt_dprintf(1, "%.*s%s%s%s%s [%s]\n", (int)plen, pre, glyph, name, arrow,
		   *arrow ? path : "", rule);
	return d->ndeps != 0;
}

/* one root's tree, depth first, each object's dependencies under its first line */
static void print_tree(struct dso *root, unsigned seen, struct frame *st, char *pre)
{
	if (!tree_line("", 0, "", root_name(root), root, seen))
		return;
	size_t top = 1;
	const char *name;
	struct dso *c;
	st[0] = (struct frame){ root, 0, root->dynamic, 0 };
	while ((c = walk_next(st, &top, &name))) {
		const struct frame *f = &st[top - 1];
		int last = f->i == f->d->ndeps;
		size_t plen = 4 * (top - 1);
		if (tree_line(pre, plen, last ? "`-- " : "|-- ", name, c, seen)) {
			memcpy(pre + plen, last ? "    " : "|   ", 4);
			st[top++] = (struct frame){ c, name, c->dynamic, 0 };
		}
	}
}

/* every object the walks may meet: the load order, and the loader */
static size_t object_count(void)
{
	return L.count + 2;
}

static struct frame *frames_need(void)
{
	struct frame *st = rt_calloc(object_count(), sizeof *st);
	if (!st)
		dl_fatal("cannot print the dependency tree", "out of memory");
	return st;
}

static int is_root(const struct dso *d)
{
	return d == L.main || d->preloaded || d->kind == DSO_VDSO;
}

/* the program's tree, then each preload's, then the vDSO; exit 1 if a
   library was not found */
static _Noreturn void print_trees(void)
{
	struct frame *st = frames_need();
	char *pre = rt_alloc(4 * object_count() + 1);
	if (!pre)
		dl_fatal("cannot print the dependency tree", "out of memory");
	unsigned seen = dso_walk_begin();
	int missing = 0;
	print_tree(L.main, seen, st, pre);
	for (struct dso *d = L.head; d; d = d->next)
		if (d->preloaded)
			print_tree(d, seen, st, pre);
	if (L.vdso)
		print_tree(L.vdso, seen, st, pre);
	for (struct dso *d = L.head; d; d = d->next)
		missing |= d->missing;
	sys_exit(missing);
}

/* ---- --why LIB ---- */

/* LIB names d: its path (or the same file), else its soname, basename or a
   name it was needed by */
static int why_match(const struct dso *d, const char *lib, const struct stat *st)
{
	if (d == L.main)
		return 0;
	if (!strcmp(path_of(d), lib))
		return 1;
	if (strchr(lib, '/'))
		return st && !d->missing && d->kind == DSO_LIB && d->dev == st->st_dev &&
		       d->ino == st->st_ino;
	return !strcmp(base_of(path_of(d)), lib) || (!d->missing && dso_has_name(d, lib));
}

/* where a chain ends: the object, or any "not found" of the same name (as
   ldd, tracing lists one per object that needs it) */
static int same_target(const struct dso *d, const struct dso *target)
{
	return d == target || (d->missing && target->missing && !strcmp(d->name, target->name));
}

/* mark (visit = mark) every object with a path of dependencies to target */
static void mark_reaching(struct dso *target, unsigned mark)
{
	int changed = 1;
	target->visit = mark;
	for (struct dso *d = L.head; d; d = d->next)
		if (same_target(d, target))
			d->visit = mark;
	while (changed) {
		changed = 0;
		for (struct dso *d = L.head; d; d = d->next) {
			for (size_t i = 0; i < d->ndeps && d->visit != mark; i++)
				if (d->deps[i]->visit == mark) {
					d->visit = mark;
					changed = 1;
				}
		}
	}
}

static void print_chain(const struct frame *st, size_t n)
{
	char rule[64];
	rule[0] = 0;
	if (st[0].d->preloaded)
		rule_text(st[0].d, rule, sizeof rule);
	rt_dprintf(1, "  %s%s%s%s", root_name(st[0].d), *rule ? " [" : "", rule, *rule ? "]" : "");
	for (size_t i = 1; i < n; i++)
		rt_dprintf(1, " -> %s", st[i].name);
	rt_dprintf(1, "\n");
}

/* is d on the path (a cycle)? */
static int on_path(const struct frame *st, size_t top, const struct dso *d)
{
	for (size_t i = 0; i < top; i++)
		if (st[i].d == d)
			return 1;
	return 0;
}

/* every chain from root to target (depth first, only through objects that
   reach it, never twice through one object); returns the chains printed */
static size_t root_chains(struct dso *root, struct dso *target, unsigned mark, struct frame *st,
			  size_t printed, size_t *steps)
{
	size_t top = 1;
	st[0] = (struct frame){ root, 0, root->dynamic, 0 };
	if (root == target) {
		print_chain(st, 1);
		return printed + 1;
	}
	const char *name;
	struct dso *c;
	while (printed < WHY_CHAINS_MAX && ++*steps < WHY_STEPS_MAX &&
	       (c = walk_next(st, &top, &name))) {
		if (c->visit != mark || on_path(st, top, c))
			continue;
		st[top++] = (struct frame){ c, name, c->dynamic, 0 };
		if (same_target(c, target)) {
			print_chain(st, top--);
			printed++;
		}
	}
	return printed;
}

/* the object's line, then every chain that pulls it in */
static void why_one(struct dso *target, struct frame *st)
{
	char rule[PATH_MAX_LEN / 8];
	size_t printed = 0, steps = 0;
	if (target->missing)
		rt_dprintf(1, "%s => not found\n", target->name);
	else {
		rule_text(target, rule, sizeof rule);
		rt_dprintf(1, "%s [%s]\n", path_of(target), rule);
	}
	unsigned mark = dso_walk_begin();
	mark_reaching(target, mark);
	if (is_root(target))
		printed = root_chains(target, target, mark, st, printed, &steps);
	for (struct dso *d = L.head; d; d = d->next)
		if (is_root(d) && d != target && d->visit == mark)
			printed = root_chains(d, target, mark, st, printed, &steps);
	if (printed >= WHY_CHAINS_MAX || steps >= WHY_STEPS_MAX)
		rt_dprintf(1, "  ... (more chains not shown)\n");
}

/* a "not found" whose name an earlier one had: its chains are printed */
static int missing_again(const struct dso *d)
{
	for (const struct dso *p = L.head; d->missing && p != d; p = p->next)
		if (same_target(p, d))
			return 1;
	return 0;
}

/* the loader is in the closure when an object needs it (libc does) */
static int self_needed(void)
{
	for (struct dso *d = L.head; d; d = d->next)
		for (size_t i = 0; i < d->ndeps; i++)
			if (d->deps[i] == L.self)
				return 1;
	return 0;
}

/* --why LIB: every object LIB names, each with its chains; exit 1 if none */
static _Noreturn void print_why(const char *lib)
{
	struct stat st;
	const struct stat *stp = sys_stat(lib, &st) ? 0 : &st;
	struct frame *frames = frames_need();
	int any = 0;
	for (struct dso *d = L.head; d; d = d->next)
		if (why_match(d, lib, stp) && !missing_again(d)) {
			why_one(d, frames);
			any = 1;
		}
	if (!any && self_needed() && why_match(L.self, lib, stp)) {
		why_one(L.self, frames);
		any = 1;
	}
	if (!any)
		dl_fatal_status(1, "nothing it needs matches", "%s", lib);
	sys_exit(0);
}

void tree_run(void)
{
	if (L.why)
		print_why(L.why);
	print_trees();
}
