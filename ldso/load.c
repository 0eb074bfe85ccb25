/* Finding one object, for the placement stage (place.c): glibc's search
   order (DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, ld.so.cache, the default
   directories), objects already loaded by name or by file, mapping the one
   found (map.c) and what dlinfo(RTLD_DI_SERINFO) reports of that order. */
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

#define SYSTEM_DIRS "/lib/" ARCH_TRIPLET ":/usr/lib/" ARCH_TRIPLET ":/lib:/usr/lib"

/* c (not NUL) is one of seps, one or two characters (":" or ":;"): a
   strchr call per character of a path list cost more than the search */
static int is_sep(const char *seps, char c)
{
	return c == seps[0] || c == seps[1];
}

static int has_dollar(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '$')
			return 1;
	return 0;
}

/* one search; its buffers are scratch memory, not frames (dlopen on small stacks) */
struct search {
	long ns;			/* namespace the object is loaded into */
	const char *name;		/* as searched for (DSTs expanded) */
	const char *orig;		/* as asked for, for messages */
	struct dso *needed_by;
	struct dso *found;
	char *path, *dir;		/* PATH_MAX_LEN each, try_list's own (a search the
					   cache answers writes no path: fewer pages touched) */
	int other_class;		/* glibc's found_other_class */
	int noload;			/* RTLD_NOLOAD: find the file, map nothing */
	int secure;			/* a preload in secure mode (glibc's __RTLD_SECURE) */
	int direct;			/* a name with a slash: no search, nothing to debug */
	unsigned code;			/* auditing: the LA_SER_* of the step being tried */
	unsigned char rule, sub;	/* FOUND_* of the step, 1 + its hwcaps subdirectory */
	const struct dso *rule_of;	/* the object whose RPATH/RUNPATH is tried */
	long err;			/* -errno of the last failed open */
	explain_note_fn *note;		/* explain.c's re-run only: nothing is mapped */
};

/* a candidate refused: only explain.c's re-run of a failed search records it */
static void note_tried(struct search *s, const char *path, const char *why)
{
	if (s->note)
		s->note(path, why, s->rule, s->rule_of);
}

static struct dso *find_loaded_file(uint64_t dev, uint64_t ino, long ns)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (d->ino == ino && d->dev == dev && d->kind != DSO_VDSO && d->ns == ns)
			return d;
	if (L.self && L.self->ino == ino && L.self->dev == dev)
		return L.self;
	return 0;
}

/* RTLD_NOLOAD found a file that is not loaded: glibc has read its header,
   so another class or machine is skipped and a bad file is an error.  In
   explain.c's re-run (noload too) every candidate is noted with its header's fault. */
static int noload_check(struct search *s, int fd, const char *path, const struct stat *st)
{
	Elf64_Ehdr eh;
	long n = sys_pread(fd, &eh, sizeof eh, 0);
	sys_close(fd);
	size_t fsize = n == sizeof eh ? (size_t)st->st_size : n < 0 ? 0 : (size_t)n;
	int skip = map_skip_kind(&eh, fsize);
	const char *why = n < 0 ? "cannot read file data" : elf_check_header(&eh, fsize, 1);
	if (skip || s->note) {
		note_tried(s, path, why ? why : "usable now: was it changed since?");
		s->other_class |= skip == 2;
		return 0;
	}
	if (why)
		dl_fatal("cannot open shared object", "%s: %s", path, why);
	s->found = 0;
	return 1;
}

/* Try one path; returns 1 when the search is over (found or fatal). */
static int try_path(struct search *s, const char *path)
{
	if (L.naudit && s->code) {	/* la_objsearch may rename or veto each candidate */
		path = audit_objsearch(path, s->needed_by ? s->needed_by : L.main, s->code);
		if (!path)
			return 0;
	}
	if ((L.debug & DEBUG_LIBS) && !s->direct)
		dl_debug("  trying file=%s", path);
	struct stat st;
	const char *what;
	long fd = map_open(path, &st, &what);
	if (what && !s->note)	/* there, but no object: glibc's search stops there too */
		dl_fatal("error while loading shared libraries", "%s: %s", path, what);
	if (fd < 0) {
		note_tried(s, path, what ? what : errno_text(fd));
		s->err = fd;
		return 0;
	}
	if (s->secure && !(st.st_mode & S_ISUID)) {
		/* glibc: a secure program preloads only set-user-ID objects */
		sys_close(fd);
		note_tried(s, path, "not set-user-ID");
		s->err = -ENOENT;
		return 0;
	}
	if ((L.debug & DEBUG_LIBS) && !strchr(s->orig, '/'))
		dl_debug("");	/* glibc: the search by name ends here */
	struct dso *old = find_loaded_file(st.st_dev, st.st_ino, s->ns);
	if (old) {
		sys_close(fd);
		s->found = old;
		dso_add_name(old, s->name);
		return 1;
	}
	if (s->noload)
		return noload_check(s, fd, path, &st);
	TIMELINE_MAP();
	struct map_error err;
	struct dso *d = map_object(fd, 0, 0, &st, 0, &err);
	sys_close(fd);
	if (!d) {
		if (err.skip) {
			note_tried(s, path, err.msg);
			s->other_class |= err.skip == 2;
			return 0;
		}
		dl_fatal("error while loading shared libraries", "%s: %s", path, err.msg);
	}
	d->name = str_dup(path);
	lcache_note_file(d, &st);
	d->ns = s->ns;
	d->loaded_by = s->needed_by;
	d->found_by = s->rule;		/* --tree shows it */
	d->found_sub = s->sub;
	d->found_in = s->rule_of;
	if (L.debug & DEBUG_FILES)
		debug_mapped(d, s->orig, s->ns);
	const char *why = dso_decode_dynamic(d);
	if (!why && (d->flags_1 & DF_1_NOOPEN) && dl_in_dlopen()) {
		/* glibc dl-load.c: refused for dlopen, its dependencies included */
		dso_free(d);	/* nothing of it was published yet */
		dl_fatal("cannot open shared object", "%s: shared object cannot be dlopen()ed",
			 s->name);
	}
	if (!why)
		why = dso_build_versions(d);
	/* glibc _dl_map_object_from_fd: a PIE is no library, for DT_NEEDED too */
	if (!why && (d->flags_1 & DF_1_PIE))
		why = "cannot dynamically load position-independent executable";
	if (why) {
		/* not in any list yet: a dlopen's rollback would not see it */
		char msg[256];
		rt_snprintf(msg, sizeof msg, "%s: %s", path, why);
		dso_free(d);
		dl_fatal("error while loading shared libraries", "%s", msg);
	}
	dso_add_name(d, s->name);
	s->found = d;
	return 1;
}

/* One search directory as glibc keeps it (struct r_search_path_elem): one
   entry per name for the whole process, with what each hwcaps subdirectory
   of it turned out to be, so a missing one is not tried again. */
enum { DIR_UNKNOWN, DIR_MISSING, DIR_EXISTS };
struct search_dir {
	struct search_dir *next;
	size_t len;			/* of name: "" or ending in '/' */
	unsigned char *status;		/* per hwcaps subdirectory (hwcaps.c) */
	const char *what, *where;	/* LD_DEBUG: the list that named it first, and whose */
	char name[];
};
static struct search_dir *all_dirs;

/* the entry of a directory, its trailing slashes made one (glibc's fillin_rpath) */
static struct search_dir *dir_get(const char *dir, size_t len, const char *what,
				  const struct dso *where)
{
	size_t nsub;
	hwcaps_subdirs(&nsub);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	size_t full = len + (len && dir[len - 1] != '/');
	for (struct search_dir *e = all_dirs; e; e = e->next)
		if (e->len == full && !memcmp(e->name, dir, len))
			return e;
	/* glibc names the program "<main program>" where its l_name is empty */
	const char *wname = !where ? "" : where->kind == DSO_MAIN && !L.command ?
			    "<main program>" : where->name;
	size_t wlen = strlen(wname) + 1;
	struct search_dir *e = rt_alloc(sizeof *e + full + 1 + nsub + wlen);
	if (!e)
		dl_fatal("cannot create cache for search path", "out of memory");
	e->what = what;
	e->where = where ? memcpy(e->name + full + 1 + nsub, wname, wlen) : 0;
	memcpy(e->name, dir, len);
	e->name[len] = '/';
	e->name[full] = 0;
	e->len = full;
	e->status = (unsigned char *)e->name + full + 1;
	/* a relative directory is never skipped: the current directory may change */
	memset(e->status, dir[0] == '/' ? DIR_UNKNOWN : DIR_EXISTS, nsub);
	e->next = all_dirs;
	all_dirs = e;
	return e;
}

/* after a miss: is the subdirectory there at all (glibc stats it)? */
static void dir_learn(struct search_dir *e, size_t k, const struct hwcap_sub *sub)
{
	char *p = scratch_need(PATH_MAX_LEN);
	if (e->len + sub->len < PATH_MAX_LEN) {
		memcpy(p, e->name, e->len);
		memcpy(p + e->len, sub->str, sub->len);
		p[e->len + sub->len] = 0;
		long fd = sys_open(p[0] ? p : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		e->status[k] = fd < 0 ? DIR_MISSING : DIR_EXISTS;
		if (fd >= 0)
			sys_close(fd);
	}
	scratch_put(p);
}

static size_t first_part(const struct hwcap_sub *sub)
{
	size_t f = 0;
	while (f < sub->len && sub->str[f] != '/')
		f++;
	return f < sub->len ? f + 1 : 0;
}

/* Without LD_DEBUG=libs (which shows glibc's every try): one probe finds a
   first component missing (glibc-hwcaps/, tls/, a platform) for all the
   subdirectories under it, where glibc fails an open and a stat for each.
   The file chosen is the same. */
static void prune_missing(struct search_dir *e, const struct hwcap_sub *sub, size_t nsub,
			  size_t k)
{
	size_t f = first_part(&sub[k]);
	if (!f || (k && first_part(&sub[k - 1]) == f && !memcmp(sub[k - 1].str, sub[k].str, f)))
		return;	/* the base directory, or probed with the one before */
	struct hwcap_sub part = { sub[k].str, f };
	dir_learn(e, k, &part);
	if (e->status[k] != DIR_MISSING) {
		e->status[k] = DIR_UNKNOWN;	/* only its first component is known */
		return;
	}
	for (size_t j = k + 1; j < nsub; j++)
		if (sub[j].len >= f && !memcmp(sub[j].str, sub[k].str, f))
			e->status[j] = DIR_MISSING;
}

/* one directory with each hwcaps subdirectory not known to be missing */
static int try_dir(struct search *s, struct search_dir *e)
{
	size_t nsub, nlen = strlen(s->name);
	const struct hwcap_sub *sub = hwcaps_subdirs(&nsub);
	for (size_t k = 0; k < nsub; k++) {
		if (e->status[k] == DIR_UNKNOWN && !(L.debug & DEBUG_LIBS))
			prune_missing(e, sub, nsub, k);
		if (e->status[k] == DIR_MISSING)
			continue;
		if (e->len + sub[k].len + nlen + 1 > PATH_MAX_LEN)
			continue;
		memcpy(s->path, e->name, e->len);
		memcpy(s->path + e->len, sub[k].str, sub[k].len);
		memcpy(s->path + e->len + sub[k].len, s->name, nlen + 1);
		s->sub = sub[k].len ? (unsigned char)(k + 1) : 0;
		if (try_path(s, s->path)) {
			e->status[k] = DIR_EXISTS;
			return 1;
		}
		if (e->status[k] == DIR_UNKNOWN)
			dir_learn(e, k, &sub[k]);
	}
	return 0;
}

/* LD_DEBUG=libs: glibc's print_search_path, each directory with each
   subdirectory not known to be missing, without its final slash */
static void debug_search_path(struct search_dir **dirs, size_t n)
{
	size_t nsub;
	const struct hwcap_sub *sub = hwcaps_subdirs(&nsub);
	char *line = scratch_need(ERR_MAX * 4), *o = line, *end = line + ERR_MAX * 4;
	const char *what = dirs[0]->what, *where = dirs[0]->where;
	for (size_t i = 0; i < n && dirs[i]->what == what; i++)	/* glibc: the same pointer */
		for (size_t k = 0; k < nsub; k++) {
			size_t len = dirs[i]->len + sub[k].len;
			if (dirs[i]->status[k] == DIR_MISSING || o + len + 2 >= end)
				continue;
			if (o != line)
				*o++ = ':';
			memcpy(o, dirs[i]->name, dirs[i]->len);
			memcpy(o + dirs[i]->len, sub[k].str, sub[k].len);
			o += len > 1 ? len - 1 : len;	/* "/" stays */
		}
	*o = 0;
	if (where)
		dl_debug(" search path=%s\t\t(%s from file %s)", line, what, where);
	else
		dl_debug(" search path=%s\t\t(%s)", line, what);
	scratch_put(line);
}

/* an RPATH or RUNPATH none of whose directories exists is dropped (glibc's
   open_path sets its dirs to -1): not printed, not tried */
static int all_missing(struct search_dir **dirs, size_t n)
{
	size_t nsub;
	hwcaps_subdirs(&nsub);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nsub; k++)
			if (dirs[i]->status[k] != DIR_MISSING)
				return 0;
	return 1;
}

/* a list's directories, each element DST-expanded against origin_of, empty
   and unexpandable ones dropped, each directory once */
static size_t list_dirs(struct search *s, const char *list, const struct dso *origin_of,
			const char *seps, struct search_dir **out, size_t max, const char *what,
			const struct dso *where)
{
	size_t n = 0;
	while (list && n < max) {
		const char *end = list;
		while (*end && !is_sep(seps, *end))
			end++;
		size_t len = end - list;
		const char *dir = list;
		if (has_dollar(list, len)) {
			len = path_expand(list, len, origin_of, s->dir, PATH_MAX_LEN);
			dir = len == (size_t)-1 || !len ? 0 : s->dir;
		}
		struct search_dir *e = dir ? dir_get(dir, len, what, where) : 0;
		size_t k = 0;
		while (e && k < n && out[k] != e)
			k++;
		if (e && k == n)
			out[n++] = e;
		list = *end ? end + 1 : 0;
	}
	return n;
}

/* a colon-separated list (what: RPATH, RUNPATH, LD_LIBRARY_PATH, system
   search path; where: the object whose RPATH/RUNPATH it is) */
static int try_list(struct search *s, const char *list, const struct dso *origin_of,
		    const char *seps, const char *what, const struct dso *where)
{
	size_t max = 1, n;
	for (const char *p = list; *p; p++)
		max += is_sep(seps, *p);
	s->path = scratch_need(2 * PATH_MAX_LEN + max * sizeof(struct search_dir *));
	s->dir = s->path + PATH_MAX_LEN;
	struct search_dir **dirs = (struct search_dir **)(s->dir + PATH_MAX_LEN);
	n = list_dirs(s, list, origin_of, seps, dirs, max, what, where);
	int found = 0;
	if (n && (!where || !all_missing(dirs, n))) {
		for (size_t i = 0; i < n && !found; i++) {
			if ((L.debug & DEBUG_LIBS) && (!i || dirs[i]->what != dirs[i - 1]->what))
				debug_search_path(dirs + i, n - i);
			found = try_dir(s, dirs[i]);
		}
	}
	scratch_put(s->path);
	s->path = s->dir = 0;
	return found;
}

/* --inhibit-rpath LIST: objects whose RPATH/RUNPATH is ignored.  glibc's
   decompose_rpath compares each element with the object's l_name, the full
   path it was opened by; the program's l_name is "", so only an empty
   element (the whole LIST, or one before another) names it, and a trailing
   one is never compared.  Ignored in secure mode. */
static int rpath_inhibited(const struct dso *d)
{
	if (!L.inhibit_rpath || L.secure)
		return 0;
	const char *where = d->kind == DSO_MAIN || !d->name ? "" : d->name;
	const char *p = L.inhibit_rpath;
	do {
		const char *w = where;
		while (*p == *w && *w)
			p++, w++;
		if (!*w && (!*p || *p == ':'))
			return 1;
		while (*p && *p++ != ':')
			;
	} while (*p);
	return 0;
}

static int find_file(struct search *s, char *err, size_t errlen);

/* What one step of the search order does: a path list (each element
   DST-expanded against origin; what names it for LD_DEBUG), the cache.  Each
   returns 1 to end the walk. */
struct search_steps {
	int (*list)(void *arg, const char *list, const struct dso *origin, const char *seps,
		    const char *what);
	int (*cache)(void *arg);
};

static int rpath_used(const struct dso *d)
{
	/* glibc drops DT_RPATH where DT_RUNPATH is present */
	return d && d->rpath && !d->runpath && !rpath_inhibited(d);
}

/* glibc's search order, the one place it is written (_dl_map_object and
   _dl_rtld_di_serinfo walk it alike): DT_RPATH of the requester and its
   loaders and then of the program, unless the requester has DT_RUNPATH;
   LD_LIBRARY_PATH; the requester's DT_RUNPATH; the cache and the default
   directories, unless the requester is DF_1_NODEFLIB. */
static int search_walk(const struct dso *from, const struct search_steps *f, void *arg)
{
	if (from && !from->runpath) {
		int saw_main = 0;
		for (const struct dso *d = from; d; d = d->loaded_by) {
			if (rpath_used(d) && f->list(arg, d->rpath, d, ":", "RPATH"))
				return 1;
			saw_main |= d == L.main;
		}
		if (!saw_main && rpath_used(L.main) &&
		    f->list(arg, L.main->rpath, L.main, ":", "RPATH"))
			return 1;
		/* glibc: an audit module (opened from the loader at start-up) tries the
		   program's RUNPATH */
		if (from == L.self && L.main && !L.main->relocated && L.main->runpath &&
		    !rpath_inhibited(L.main) &&
		    f->list(arg, L.main->runpath, L.main, ":", "RUNPATH"))
			return 1;
	}
	if (L.library_path && f->list(arg, L.library_path, L.main, ":;", "LD_LIBRARY_PATH"))
		return 1;
	if (from && from->runpath && !rpath_inhibited(from) &&
	    f->list(arg, from->runpath, from, ":", "RUNPATH"))
		return 1;
	if (from && (from->flags_1 & DF_1_NODEFLIB))
		return 0;
	if (f->cache && f->cache(arg))
		return 1;
	return f->list(arg, SYSTEM_DIRS, 0, ":", "system search path");
}

static int find_list(void *arg, const char *list, const struct dso *origin, const char *seps,
		     const char *what)
{
	/* auditing's LA_SER_* for the step (DT_RPATH and DT_RUNPATH are both RUNPATH) */
	((struct search *)arg)->code = what[0] == 'L' ? LA_SER_LIBPATH	/* LD_LIBRARY_PATH */
				     : what[0] == 's' ? LA_SER_DEFAULT : LA_SER_RUNPATH;
	((struct search *)arg)->rule = what[0] == 'L' ? FOUND_LIBPATH : what[0] == 's' ?
				       FOUND_DEFAULT : what[1] == 'P' ? FOUND_RPATH : FOUND_RUNPATH;
	((struct search *)arg)->rule_of = what[0] == 'R' ? origin : 0;
	return try_list(arg, list, origin, seps, what, what[0] == 'R' ? origin : 0);
}

static int find_in_cache(void *arg)
{
	struct search *s = arg;
	if (L.inhibit_cache || s->secure)
		return 0;
	if (L.debug & DEBUG_LIBS)
		dl_debug(" search cache=/etc/ld.so.cache");
	const char *p = ldcache_find_caps(s->name, hwcaps_cache_caps());
	s->code = LA_SER_CONFIG;
	s->rule = FOUND_CACHE;
	s->sub = 0;
	s->rule_of = 0;
	if (!p)
		note_tried(s, "/etc/ld.so.cache", "no entry for this name");
	return p && try_path(s, p);
}

static const struct search_steps find_steps = { find_list, find_in_cache };

/* RTLD_NOLOAD: an object loaded under this name, or the file a real load of
   it would find if that is loaded (device and inode, as glibc); maps nothing */
struct dso *load_find_loaded(const char *name, struct dso *from, long ns)
{
	const char *base = strrchr(name, '/');
	if (!strcmp(base ? base + 1 : name, ARCH_LDSO_SONAME))
		return L.self;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->kind != DSO_VDSO && d->ns == ns &&
		    (dso_has_name(d, name) || !strcmp(d->name, name)))
			return d;
	/* scratch memory: dl_open's mark gives it back if this raises an error */
	char *err = scratch_need(ERR_MAX);
	struct search s = { .ns = ns, .name = name, .needed_by = from, .noload = 1 };
	if (!find_file(&s, err, ERR_MAX))
		dl_fatal("cannot open shared object", "%s", err);
	scratch_put(err);
	return s.found;
}

/* glibc's _dl_name_match_p over the namespace: a name with a slash that an
   object was opened by is that object, without a search or a message */
static struct dso *load_find_named(const char *name, long ns)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->ns == ns && (!strcmp(d->name, name) || dso_has_name(d, name)))
			return d;
	return 0;
}

/* glibc searches for the loader in another namespace (and finds itself there):
   la_objsearch hears of the name and of the cache's answer */
static void audit_ldso_search(const char *name, struct dso *by)
{
	const char *n = audit_objsearch(name, by, LA_SER_ORIG);
	const char *p = n && !strchr(n, '/') && !L.inhibit_cache ? ldcache_find(n) : 0;
	if (p)
		audit_objsearch(p, by, LA_SER_CONFIG);
}

static struct dso *search_library(const char *name, struct dso *needed_by, long ns, char *err,
				  size_t errlen, int secure)
{
	struct search s = { .ns = ns, .name = name, .needed_by = needed_by, .secure = secure };
	const char *slash = strchr(name, '/');
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;

	/* the loader itself answers to glibc's names for it */
	if (!strcmp(base, ARCH_LDSO_SONAME) || (L.self && dso_has_name(L.self, name))) {
		if (L.naudit && ns)
			audit_ldso_search(name, needed_by);
		return L.self;
	}
	if (!slash)
		for (struct dso *d = L.head; d; d = d->next)
			if (d->kind != DSO_VDSO && d->ns == ns && dso_has_name(d, name))
				return d;
	if ((L.debug & DEBUG_FILES) && needed_by && !(slash && load_find_named(name, ns)))
		dl_debug("\nfile=%s [%ld];  %s %s [%ld]", name, ns,
			 debug_dlopen_load ? "dynamically loaded by" : "needed by",
			 obj_name(needed_by), needed_by->ns);
	if (L.naudit) {		/* la_objsearch(LA_SER_ORIG) may rename it or veto it */
		s.name = audit_objsearch(name, needed_by, LA_SER_ORIG);
		if (!s.name) {
			rt_snprintf(err, errlen, "%s: cannot open shared object file: %s", name,
				    errno_text(-ENOENT));
			return 0;
		}
	}
	return find_file(&s, err, errlen) ? s.found : 0;
}

/* The search of glibc's _dl_map_object; 1 when it is over (s->found, which
   is 0 for RTLD_NOLOAD of a file not loaded), 0 with err when nothing fits. */
static int find_file(struct search *s, char *err, size_t errlen)
{
	const char *name = s->orig = s->name;
	struct dso *needed_by = s->needed_by;
	long ns = s->ns;
	const char *slash = strchr(name, '/');

	if ((L.debug & DEBUG_LIBS) && !slash)
		dl_debug("find library=%s [%ld]; searching", name, ns);
	if (slash) {
		s->direct = 1;
		s->rule = FOUND_PATH;
		char *path = 0;
		if (has_dollar(name, strlen(name))) {
			path = scratch_need(PATH_MAX_LEN);
			if (path_expand(name, strlen(name), needed_by, path, PATH_MAX_LEN) ==
			    (size_t)-1) {
				scratch_put(path);
				rt_snprintf(err, errlen,
					    "cannot expand dynamic string tokens in %s", name);
				return 0;
			}
			name = path;
			s->name = name;
		}
		int found = try_path(s, name);
		scratch_put(path);	/* the expanded name is needed no longer */
		if (found)
			return 1;
		goto not_found;
	}

	if (search_walk(needed_by, &find_steps, s))
		return 1;
not_found:
	if ((L.debug & DEBUG_LIBS) && !slash)
		dl_debug("");
	/* glibc's words; explain.c says where it looked, on lines of their own */
	if (s->other_class)
		rt_snprintf(err, errlen, "%s: wrong ELF class: ELFCLASS32", s->orig);
	else
		rt_snprintf(err, errlen, "%s: cannot open shared object file: %s", s->orig,
			    errno_text(slash && s->err ? s->err : -ENOENT));
	return 0;
}

static struct dso *load_mode(const char *name, struct dso *needed_by, long ns, char *err,
			     size_t errlen, int secure)
{
	TIMELINE_SEARCH();
	struct dso *d = search_library(name, needed_by, ns, err, errlen, secure);
	TIMELINE_OPENED(d);
	return d;
}

struct dso *load_library(const char *name, struct dso *needed_by, long ns, char *err, size_t errlen)
{
	return load_mode(name, needed_by, ns, err, errlen, 0);
}

/* explain.c: a failed search again, every candidate told to note; nothing is
   mapped (the caller turns LD_DEBUG and auditing off around it) */
void load_explain(const char *name, struct dso *needed_by, long ns, explain_note_fn *note)
{
	char *err = scratch_need(ERR_MAX);
	struct search s = { .ns = ns, .name = name, .needed_by = needed_by, .noload = 1,
			    .note = note };
	find_file(&s, err, ERR_MAX);
	scratch_put(err);
}

/* A load whose failure the caller reports (a preload, an auxiliary filtee):
   errors raised while loading are caught into err.  secure: a preload in
   secure mode (glibc's __RTLD_SECURE), no cache and only set-user-ID files. */
struct dso *load_library_try(const char *name, struct dso *needed_by, long ns, int secure,
			     char *err, size_t errlen)
{
	struct dl_catch c, *outer = dl_catch_top;
	struct scratch_mark mark = scratch_mark();
	c.owner = outer ? outer->owner : 0;	/* start-up: no thread pointer yet */
	c.dlopen = outer ? outer->dlopen : 0;
	dl_catch_top = &c;
	if (dl_setjmp(c.jb)) {
		dl_catch_top = outer;
		scratch_release(mark);	/* what the unwound load had taken */
		rt_snprintf(err, errlen, "%s", dl_catch_msg);
		return 0;
	}
	struct dso *d = load_mode(name, needed_by, ns, err, errlen, secure);
	dl_catch_top = outer;
	return d;
}

/* ---- dlinfo(RTLD_DI_SERINFO): the directories a search from an object tries,
   in glibc's order (the cache is not a directory and is not listed) ---- */

typedef struct { char *dls_name; unsigned dls_flags; } serpath_t;
typedef struct { size_t dls_size; unsigned dls_cnt; serpath_t dls_serpath[]; } serinfo_t;

struct serinfo_walk { serinfo_t *si; int counting; unsigned idx; char *strings; };

static void serinfo_add(struct serinfo_walk *w, const char *dir, size_t len)
{
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (w->counting) {
		w->si->dls_cnt++;
		w->si->dls_size += len + 1 > 2 ? len + 1 : 2;
		return;
	}
	serpath_t *sp = &w->si->dls_serpath[w->idx++];
	sp->dls_name = w->strings;
	if (len == 0)
		*w->strings++ = '.';
	else {
		memcpy(w->strings, dir, len);
		w->strings += len;
	}
	*w->strings++ = 0;
	sp->dls_flags = 0;
}

/* one path list, each element expanded, duplicates within the list dropped */
static void serinfo_list(struct serinfo_walk *w, const char *list, const struct dso *origin_of,
			 const char *seps)
{
	char (*seen)[256] = scratch_need(32 * 256 + PATH_MAX_LEN), *dir = seen[32];
	unsigned nseen = 0;
	while (list) {
		const char *end = list;
		while (*end && !is_sep(seps, *end))
			end++;
		size_t n = path_expand(list, end - list, origin_of, dir, PATH_MAX_LEN);
		if (n != (size_t)-1) {
			unsigned k;
			for (k = 0; k < nseen; k++)
				if (!strcmp(seen[k], dir))
					break;
			if (k == nseen) {
				if (nseen < 32 && n < 256)
					memcpy(seen[nseen++], dir, n + 1);
				serinfo_add(w, dir, n);
			}
		}
		list = *end ? end + 1 : 0;
	}
	scratch_put(seen);
}

static int serinfo_list_step(void *w, const char *list, const struct dso *origin, const char *seps,
			     const char *what)
{
	serinfo_list(w, list, origin, seps);
	return 0;
}

/* the cache is not a directory: dlinfo does not list it */
static const struct search_steps serinfo_steps = { serinfo_list_step, 0 };

static void serinfo_fill(struct link_map *loader_map, void *si_arg, _Bool counting)
{
	struct dso *loader = dso_of(loader_map);
	serinfo_t *si = si_arg;
	struct serinfo_walk w = { si, counting, 0, 0 };
	if (counting) {
		si->dls_cnt = 0;
		si->dls_size = 0;
	} else
		w.strings = (char *)&si->dls_serpath[si->dls_cnt];
	search_walk(loader, &serinfo_steps, &w);
	if (counting)
		si->dls_size += (char *)&si->dls_serpath[si->dls_cnt] - (char *)si;
}

EXPORT void _dl_rtld_di_serinfo(struct link_map *loader_map, void *si_arg, _Bool counting)
{
	/* libc's dlinfo calls this without the dl lock, which the scratch memory needs */
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_lock);
	serinfo_fill(loader_map, si_arg, counting);
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_lock);
}
