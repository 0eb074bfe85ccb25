/* Finding one object, for the placement stage (place.c): glibc's search
   order (DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, ld.so.cache, the default
   directories), objects already loaded by name or by file, mapping the one
   found (map.c) and what dlinfo(RTLD_DI_SERINFO) reports of that order. */
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include "ldso.h"
#include "glibc/glibc.h"

static const char *const default_dirs[] = {
	"/lib/" ARCH_TRIPLET, "/usr/lib/" ARCH_TRIPLET, "/lib", "/usr/lib", 0
};

static int has_dollar(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '$')
			return 1;
	return 0;
}

#define TRIED_MAX	1024

/* one search: every place tried goes into the message if nothing is found;
   its buffers are scratch memory, not frames (dlopen on small stacks) */
struct search {
	long ns;			/* namespace the object is loaded into */
	const char *name;		/* as searched for (DSTs expanded) */
	const char *orig;		/* as asked for, for messages */
	struct dso *needed_by;
	struct dso *found;
	char *tried;			/* TRIED_MAX */
	char *path, *dir;		/* PATH_MAX_LEN each: try_dir's and try_list's */
	size_t tried_len;
	int other_class;		/* glibc's found_other_class */
	int noload;			/* RTLD_NOLOAD: find the file, map nothing */
	unsigned code;			/* auditing: the LA_SER_* of the step being tried */
	long err;			/* -errno of the last failed open */
};

static void note_tried(struct search *s, const char *path, const char *why)
{
	if (s->tried_len + 8 >= TRIED_MAX)
		return;
	int n = rt_snprintf(s->tried + s->tried_len, TRIED_MAX - s->tried_len, "%s%s (%s)",
			    s->tried_len ? ", " : "", path, why);
	s->tried_len += n;
	if (s->tried_len >= TRIED_MAX) {
		s->tried_len = TRIED_MAX - 1;
		memcpy(s->tried + TRIED_MAX - 5, "...", 4);
	}
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
   so another class or machine is skipped and a bad file is an error */
static int noload_check(struct search *s, int fd, const char *path, const struct stat *st)
{
	Elf64_Ehdr eh;
	long n = sys_pread(fd, &eh, sizeof eh, 0);
	sys_close(fd);
	size_t fsize = n == sizeof eh ? (size_t)st->st_size : n < 0 ? 0 : (size_t)n;
	int skip = map_skip_kind(&eh, fsize);
	const char *why = n < 0 ? "cannot read file data" : elf_check_header(&eh, fsize, 1);
	if (skip) {
		note_tried(s, path, why);
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
	if (L.debug & DEBUG_LIBS)
		dl_debug("  trying file=%s", path);
	struct stat st;
	const char *what;
	long fd = map_open(path, &st, &what);
	if (what)	/* there, but no object: glibc's search stops there too */
		dl_fatal("error while loading shared libraries", "%s: %s", path, what);
	if (fd < 0) {
		note_tried(s, path, errno_text(fd));
		s->err = fd;
		return 0;
	}
	struct dso *old = find_loaded_file(st.st_dev, st.st_ino, s->ns);
	if (old) {
		sys_close(fd);
		s->found = old;
		dso_add_name(old, s->name);
		return 1;
	}
	if (s->noload)
		return noload_check(s, fd, path, &st);
	struct map_error err;
	struct dso *d = map_object(fd, 0, 0, &st, &err);
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
	d->ns = s->ns;
	d->loaded_by = s->needed_by;
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

static int try_dir(struct search *s, const char *dir, size_t dirlen)
{
	char *path = s->path;
	size_t nlen = strlen(s->name);
	if (dirlen == 0)
		dir = ".", dirlen = 1;	/* an empty element means the current directory */
	if (dirlen + 1 + nlen + 1 > PATH_MAX_LEN)
		return 0;
	memcpy(path, dir, dirlen);
	if (path[dirlen - 1] != '/')
		path[dirlen++] = '/';
	memcpy(path + dirlen, s->name, nlen + 1);
	return try_path(s, path);
}

/* a colon-separated list, each element DST-expanded against origin_of */
static int try_list(struct search *s, const char *list, const struct dso *origin_of,
		    const char *seps)
{
	char *dir = s->dir;
	if (L.debug & DEBUG_LIBS)
		dl_debug(" search path=%s", list);
	while (list) {
		const char *end = list;
		while (*end && !strchr(seps, *end))
			end++;
		size_t len = end - list;
		if (has_dollar(list, len)) {
			size_t n = path_expand(list, len, origin_of, dir, PATH_MAX_LEN);
			if (n != (size_t)-1 && try_dir(s, dir, n))
				return 1;
		} else if (try_dir(s, list, len))
			return 1;
		list = *end ? end + 1 : 0;
	}
	return 0;
}

static int rpath_inhibited(const struct dso *d)
{
	/* --inhibit-rpath LIST: objects (by name) whose RPATH/RUNPATH is ignored */
	if (!L.inhibit_rpath || !d->name)
		return 0;
	const char *base = strrchr(d->name, '/');
	base = base ? base + 1 : d->name;
	size_t blen = strlen(base);
	for (const char *p = L.inhibit_rpath; *p;) {
		const char *e = p;
		while (*e && *e != ':')
			e++;
		if ((size_t)(e - p) == blen && !strncmp(p, base, blen))
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

static int find_file(struct search *s, char *err, size_t errlen);

/* What one step of the search order does: a path list (each element
   DST-expanded against origin), the cache, a default directory.  Each
   returns 1 to end the walk. */
struct search_steps {
	int (*list)(void *arg, const char *list, const struct dso *origin, const char *seps);
	int (*cache)(void *arg);
	int (*dir)(void *arg, const char *dir, size_t len);
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
			if (rpath_used(d) && f->list(arg, d->rpath, d, ":"))
				return 1;
			saw_main |= d == L.main;
		}
		if (!saw_main && rpath_used(L.main) && f->list(arg, L.main->rpath, L.main, ":"))
			return 1;
		/* glibc: an audit module (opened from the loader at start-up) tries the
		   program's RUNPATH */
		if (from == L.self && L.main && !L.main->relocated && L.main->runpath &&
		    !rpath_inhibited(L.main) &&
		    f->list(arg, L.main->runpath, L.main, ":"))
			return 1;
	}
	if (L.library_path && f->list(arg, L.library_path, L.main, ":;"))
		return 1;
	if (from && from->runpath && !rpath_inhibited(from) &&
	    f->list(arg, from->runpath, from, ":"))
		return 1;
	if (from && (from->flags_1 & DF_1_NODEFLIB))
		return 0;
	if (f->cache && f->cache(arg))
		return 1;
	for (const char *const *d = default_dirs; *d; d++)
		if (f->dir(arg, *d, strlen(*d)))
			return 1;
	return 0;
}

static int find_list(void *arg, const char *list, const struct dso *origin, const char *seps)
{
	((struct search *)arg)->code = list == L.library_path ? LA_SER_LIBPATH : LA_SER_RUNPATH;
	return try_list(arg, list, origin, seps);
}

static int find_in_cache(void *arg)
{
	struct search *s = arg;
	if (L.inhibit_cache)
		return 0;
	if (L.debug & DEBUG_LIBS)
		dl_debug(" search cache=/etc/ld.so.cache");
	const char *p = ldcache_find(s->name);
	if (!p)
		note_tried(s, "/etc/ld.so.cache", "no entry");
	s->code = LA_SER_CONFIG;
	return p && try_path(s, p);
}

static int find_dir(void *arg, const char *dir, size_t len)
{
	((struct search *)arg)->code = LA_SER_DEFAULT;
	return try_dir(arg, dir, len);
}

static const struct search_steps find_steps = { find_list, find_in_cache, find_dir };

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
	char *buf = scratch_need(TRIED_MAX + 2 * PATH_MAX_LEN + ERR_MAX);
	char *err = buf + TRIED_MAX + 2 * PATH_MAX_LEN;
	buf[0] = 0;
	struct search s = { .ns = ns, .name = name, .needed_by = from, .noload = 1, .tried = buf,
			    .path = buf + TRIED_MAX, .dir = buf + TRIED_MAX + PATH_MAX_LEN };
	if (!find_file(&s, err, ERR_MAX))
		dl_fatal("cannot open shared object", "%s", err);
	scratch_put(buf);
	return s.found;
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
				  size_t errlen, char *buf)
{
	struct search s = { .ns = ns, .name = name, .needed_by = needed_by, .tried = buf,
			    .path = buf + TRIED_MAX, .dir = buf + TRIED_MAX + PATH_MAX_LEN };
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

	if (L.debug & DEBUG_LIBS)
		dl_debug("find library=%s [%ld]; searching", name, ns);
	if (slash) {
		char *path = s->dir;
		if (has_dollar(name, strlen(name))) {
			if (path_expand(name, strlen(name), needed_by, path, PATH_MAX_LEN) ==
			    (size_t)-1) {
				rt_snprintf(err, errlen,
					    "cannot expand dynamic string tokens in %s", name);
				return 0;
			}
			name = path;
			s->name = name;
		}
		if (try_path(s, name))
			return 1;
		goto not_found;
	}

	if (search_walk(needed_by, &find_steps, s))
		return 1;
not_found:
	/* glibc's words; the places tried only where no program can parse them */
	if (s->other_class)
		rt_snprintf(err, errlen, "%s: wrong ELF class: ELFCLASS32", s->orig);
	else
		rt_snprintf(err, errlen, "%s: cannot open shared object file: %s", s->orig,
			    errno_text(slash && s->err ? s->err : -ENOENT));
	size_t len = strlen(err);
	if (s->tried_len && !dl_catching() && len < errlen)
		rt_snprintf(err + len, errlen - len, "; tried %s", s->tried);
	return 0;
}

struct dso *load_library(const char *name, struct dso *needed_by, long ns, char *err, size_t errlen)
{
	char *buf = scratch_need(TRIED_MAX + 2 * PATH_MAX_LEN);
	buf[0] = 0;
	struct dso *d = search_library(name, needed_by, ns, err, errlen, buf);
	scratch_put(buf);
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
		while (*end && !strchr(seps, *end))
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

static int serinfo_list_step(void *w, const char *list, const struct dso *origin, const char *seps)
{
	serinfo_list(w, list, origin, seps);
	return 0;
}

static int serinfo_dir_step(void *w, const char *dir, size_t len)
{
	serinfo_add(w, dir, len);
	return 0;
}

/* the cache is not a directory: dlinfo does not list it */
static const struct search_steps serinfo_steps = { serinfo_list_step, 0, serinfo_dir_step };

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
