/* Errors that explain: after glibc's one line, lines starting "ld-custom.so:   "
   that say why.  Error path only: the explain_* calls (ldso.h) just keep what
   failed; explain_print (called by error.c and glibc/exports.c) does the work,
   then the process dies or the error unwinds.  A missing library's search is
   run again with every refused candidate noted (load_explain), so nothing is
   recorded when loading works. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "ldso.h"

HIDDEN struct explain_note explain_pending;
HIDDEN int explain_busy;		/* explaining: an error inside explains nothing */
#define pending explain_pending
#define busy explain_busy
static unsigned nlines;

#define MAX_NEAR	8		/* near misses told of an undefined symbol */
#define MAX_FILE	(32UL << 20)	/* files read for near misses: at most 32 MiB each, */
#define MAX_CACHE	4096		/* the cache's first 4096 entries, */
#define MAX_DIRENT	1024		/* 1024 names per LD_LIBRARY_PATH directory */

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_dprintf(2, "%s:   %V\n", LDSO_NAME, fmt, &ap);
	va_end(ap);
	nlines++;
}

static const char *short_name(const struct dso *d)
{
	if (d->kind == DSO_MAIN)
		return L.progname ? L.progname : "<main program>";
	return d->soname ? d->soname : d->name;
}

/* obj_name's words (reloc.c), without a call into the linking layer */
static const char *full_name(const struct dso *d)
{
	return d->kind == DSO_MAIN ? L.progname : d->name;
}

/* ---- a missing library ---- */

static char line[1024] COLD_BSS;	/* one line being built (under the dl lock, or dying) */

static void append(size_t *o, const char *s)
{
	size_t n = strlen(s);
	if (*o + n >= sizeof line - 4) {
		n = *o < sizeof line - 4 ? sizeof line - 4 - *o : 0;
		memcpy(line + *o, s, n);
		memcpy(line + *o + n, "...", 4);
		*o = sizeof line - 1;
		return;
	}
	memcpy(line + *o, s, n + 1);
	*o += n;
}

/* prog -> libA.so.1 -> libB.so.2: whoever loaded whom, from the program down */
static void say_chain(const char *name, const struct dso *by)
{
	const struct dso *chain[16];
	size_t n = 0, o = 0;
	for (const struct dso *d = by; d && n < 16; d = d->loaded_by)
		chain[n++] = d;
	line[0] = 0;
	if (n == 16 && chain[15]->loaded_by)
		append(&o, "... -> ");
	while (n--) {
		append(&o, short_name(chain[n]));
		append(&o, " -> ");
	}
	append(&o, name);
	say("%s: %s", pending.dlopen ? "dlopen from" : "needed by", line);
}

/* the list's source: the variable, or the command form's option (as tree.c says) */
static const char *libpath_name(void)
{
	for (char **e = L.envp; *e; e++)
		if (!strncmp(*e, "LD_LIBRARY_PATH=", 16) && *e + 16 == L.library_path)
			return "LD_LIBRARY_PATH";
	return "--library-path";
}

/* rule: load.c's FOUND_*, named as --tree names them */
static void note_candidate(const char *path, const char *why, int rule, const struct dso *of)
{
	const char *how = rule == FOUND_RPATH ? "RPATH" : rule == FOUND_RUNPATH ? "RUNPATH"
			: rule == FOUND_LIBPATH ? libpath_name()
			: rule == FOUND_DEFAULT ? "default dirs" : 0;
	if (!how)	/* a path of its own, or the cache: the path says it all */
		say("  %s: %s", path, why);
	else if (of)
		say("  %s (%s of %s): %s", path, how, short_name(of), why);
	else
		say("  %s (%s): %s", path, how, why);
}

/* the search again, each candidate noted; LD_DEBUG and auditing stay quiet, and
   an error inside (a file changed since) only ends the list */
static void say_candidates(const char *name, struct dso *by, long ns)
{
	char *saved = scratch_need(sizeof dl_catch_msg);
	memcpy(saved, dl_catch_msg, sizeof dl_catch_msg);
	struct dl_catch c, *outer = dl_catch_top;
	struct scratch_mark mark = scratch_mark();
	unsigned debug = L.debug, naudit = L.naudit;
	L.debug = 0;
	L.naudit = 0;
	c.owner = outer ? outer->owner : 0;
	c.dlopen = 0;
	dl_catch_top = &c;
	say("looked for %s in:", name);
	unsigned before = nlines;
	if (!dl_setjmp(c.jb))
		load_explain(name, by, ns, note_candidate);
	dl_catch_top = outer;
	scratch_release(mark);
	L.debug = debug;
	L.naudit = naudit;
	memcpy(dl_catch_msg, saved, sizeof dl_catch_msg);
	scratch_put(saved);
	if (nlines == before)
		say("  nowhere: no search path applies");
}

/* ---- a missing symbol version ---- */

/* "GLIBC_2.38": the prefix length ("GLIBC_") and up to 4 numbers; 0 if not that shape */
static int version_parts(const char *s, size_t *plen, unsigned long num[4])
{
	size_t n = strlen(s), p = n;
	while (p && ((s[p - 1] >= '0' && s[p - 1] <= '9') || s[p - 1] == '.'))
		p--;
	if (p == n || s[p] < '0' || s[p] > '9' || s[n - 1] == '.')
		return 0;
	int k = 0;
	memset(num, 0, 4 * sizeof *num);
	for (const char *q = s + p; *q && k < 4; k++) {
		while (*q >= '0' && *q <= '9')
			num[k] = num[k] * 10 + (unsigned long)(*q++ - '0');
		if (*q == '.')
			q++;
	}
	*plen = p;
	return k;
}

static int version_cmp(const unsigned long a[4], const unsigned long b[4])
{
	for (int i = 0; i < 4; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

struct family {
	const char *want;
	size_t plen;
	unsigned long wnum[4], lo[4], hi[4];
	const char *lo_name, *hi_name;
	size_t count, others;
};

/* name is of want's family: the same prefix, then numbers (into num) */
static int in_family(const struct family *f, const char *name, unsigned long num[4])
{
	size_t plen;
	return f->plen && version_parts(name, &plen, num) && plen == f->plen &&
	       !memcmp(name, f->want, plen);
}

/* the provider's definitions of want's family (GLIBC_x.y): how many, lowest, highest */
static void family_scan(const struct dso *p, struct family *f)
{
	for (size_t i = 0; i < p->nversions; i++) {
		const version_t *v = &p->versions[i];
		unsigned long num[4];
		if (!v->name || v->filename)
			continue;
		if (!in_family(f, v->name, num)) {
			f->others++;
			continue;
		}
		if (!f->count || version_cmp(num, f->lo) < 0) {
			memcpy(f->lo, num, sizeof num);
			f->lo_name = v->name;
		}
		if (!f->count || version_cmp(num, f->hi) > 0) {
			memcpy(f->hi, num, sizeof num);
			f->hi_name = v->name;
		}
		f->count++;
	}
}

/* the provider's versions: the family as a range, the others by name (a few) */
static void list_versions(const struct dso *p, const struct family *f, size_t *o)
{
	if (f->count > 2) {
		append(o, f->lo_name);
		append(o, " ... ");
		append(o, f->hi_name);
	} else if (f->count) {
		append(o, f->lo_name);
		if (f->count == 2) {
			append(o, ", ");
			append(o, f->hi_name);
		}
	}
	size_t shown = 0;
	for (size_t i = 0; i < p->nversions && f->others; i++) {
		const version_t *v = &p->versions[i];
		unsigned long num[4];
		if (!v->name || v->filename || in_family(f, v->name, num))
			continue;
		if (shown == 4) {
			append(o, ", ...");
			break;
		}
		append(o, f->count || shown ? ", " : "");
		append(o, v->name);
		shown++;
	}
}

static void say_version(struct dso *needer, struct dso *prov, const char *want)
{
	struct family f = { .want = want };
	if (!version_parts(want, &f.plen, f.wnum))
		f.plen = 0;
	family_scan(prov, &f);
	size_t o = 0;
	line[0] = 0;
	if (f.count || f.others)
		list_versions(prov, &f, &o);
	else
		append(&o, "no versions");
	const char *what = short_name(prov);
	if (f.count && version_cmp(f.wnum, f.hi) > 0 && f.plen == 6 && !memcmp(want, "GLIBC_", 6))
		say("%s provides %s; %s needs %s: it was built against a newer glibc", what, line,
		    short_name(needer), want);
	else if (f.count && version_cmp(f.wnum, f.hi) > 0)
		say("%s provides %s; %s needs %s: it was built against a newer %s", what, line,
		    short_name(needer), want, what);
	else
		say("%s provides %s; %s needs %s: it was built against another %s, one that "
		    "defines %s (this one is older, newer or a different build)", what, line,
		    short_name(needer), want, what, want);
	pending.dlopen = 0;
	if (needer->kind != DSO_MAIN)
		say_chain(short_name(needer), needer->loaded_by);
}

/* ---- an undefined symbol: near misses ---- */

static int in_scope(const struct dso *x, struct r_scope_elem **scope)
{
	for (size_t i = 0; scope && scope[i]; i++)
		for (unsigned j = 0; j < scope[i]->r_nlist; j++)
			if (scope[i]->r_list[j] == &x->lm)
				return 1;
	return 0;
}

/* the version name of x's symbol i ("" for none) and whether it is the default */
static const char *sym_version(const struct dso *x, size_t i, int *dflt)
{
	*dflt = 1;
	if (!x->versym)
		return "";
	unsigned ndx = x->versym[i] & 0x7fff;
	*dflt = !(x->versym[i] & 0x8000);
	if (ndx < 2 || ndx >= x->nversions || !x->versions[ndx].name)
		return "";
	return x->versions[ndx].name;
}

/* one definition of the name in a loaded object: what keeps it from binding */
static int near_miss(const struct dso *x, size_t i, const struct dso *d, const version_t *v)
{
	const Elf64_Sym *s = &x->syms[i];
	const char *name = pending.name;
	int dflt, vis = ELF64_ST_VISIBILITY(s->st_other);
	const char *ver = sym_version(x, i, &dflt);
	if (ELF64_ST_BIND(s->st_info) == STB_LOCAL || vis == STV_HIDDEN || vis == STV_INTERNAL)
		say("%s has %s only as a %s symbol: it is not exported", full_name(x), name,
		    ELF64_ST_BIND(s->st_info) == STB_LOCAL ? "local" : "hidden");
	else if (v && *ver && strcmp(ver, v->name))
		say("%s defines %s%s%s, not version %s", full_name(x), name, dflt ? "@@" : "@", ver,
		    v->name);
	else if (!v && *ver && !dflt)
		say("%s defines %s only as %s@%s, not the default version an unversioned "
		    "reference binds to", full_name(x), name, name, ver);
	else if (x->ns != d->ns)
		say("%s defines %s but is in namespace %ld, not %ld", full_name(x), name, x->ns,
		    d->ns);
	else if (!in_scope(x, pending.scope))
		say("%s defines %s but is not in the lookup scope of %s: %s", full_name(x), name,
		    full_name(d), x->dlopened && !x->in_global ?
		    "it was loaded by dlopen with RTLD_LOCAL" : "it is not among its dependencies");
	else
		return 0;
	return 1;
}

/* every loaded object's dynamic symbols named so (defined ones) */
static size_t near_misses_loaded(void)
{
	const struct dso *d = pending.a;
	size_t found = 0;
	for (const struct dso *x = L.head; x && found < MAX_NEAR; x = x->next) {
		if (x->missing || !x->syms || !x->strings)
			continue;
		for (size_t i = 1; i < x->nsyms && found < MAX_NEAR; i++) {
			const Elf64_Sym *s = &x->syms[i];
			if (s->st_shndx == SHN_UNDEF || s->st_name >= x->strings_size ||
			    strcmp(x->strings + s->st_name, pending.name))
				continue;
			found += near_miss(x, i, d, pending.v);
		}
	}
	return found;
}

/* a file's symbol table of the given type (SHT_SYMTAB, SHT_DYNSYM), checked */
struct symtab { const Elf64_Sym *sym; size_t n; const char *str; size_t strsz; };

static int file_symtab(const unsigned char *m, size_t size, unsigned type, struct symtab *t)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)m;
	if (size < sizeof *eh || elf_check_header(eh, size, 1) ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum || eh->e_shoff % 8)
		return 0;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(m + eh->e_shoff);
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &sh[i], *st;
		if (s->sh_type != type || s->sh_link >= eh->e_shnum || s->sh_offset % 8 ||
		    s->sh_offset > size || s->sh_size > size - s->sh_offset)
			continue;
		st = &sh[s->sh_link];
		if (st->sh_offset > size || st->sh_size > size - st->sh_offset || !st->sh_size)
			continue;
		*t = (struct symtab){ (const Elf64_Sym *)(m + s->sh_offset),
				      s->sh_size / sizeof(Elf64_Sym),
				      (const char *)m + st->sh_offset, st->sh_size };
		return 1;
	}
	return 0;
}

/* the symbol named so in t, defined; exported: GLOBAL/WEAK, default or protected */
static const Elf64_Sym *symtab_find(const struct symtab *t, const char *name, int exported)
{
	size_t len = strlen(name);
	for (size_t i = 1; i < t->n; i++) {
		const Elf64_Sym *s = &t->sym[i];
		int vis = ELF64_ST_VISIBILITY(s->st_other);
		if (s->st_shndx == SHN_UNDEF || s->st_name >= t->strsz ||
		    t->strsz - s->st_name <= len || memcmp(t->str + s->st_name, name, len + 1))
			continue;
		if (!exported || (ELF64_ST_BIND(s->st_info) != STB_LOCAL &&
				  vis != STV_HIDDEN && vis != STV_INTERNAL))
			return s;
	}
	return 0;
}

/* the file mapped to read, within MAX_FILE; 0 when it is not */
static const unsigned char *map_file(const char *path, size_t *size, struct stat *st)
{
	long fd = sys_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return 0;
	void *m = 0;
	if (!sys_fstat(fd, st) && S_ISREG(st->st_mode) && st->st_size >= (off_t)sizeof(Elf64_Ehdr)
	    && (size_t)st->st_size <= MAX_FILE) {
		m = sys_mmap(0, st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		m = mmap_failed(m) ? 0 : m;
	}
	sys_close(fd);
	*size = m ? (size_t)st->st_size : 0;
	return m;
}

/* the loaded objects' files: the name in .symtab only (static or hidden) */
static size_t near_misses_symtab(void)
{
	size_t found = 0;
	for (const struct dso *x = L.head; x && found < MAX_NEAR; x = x->next) {
		const char *path = x->kind == DSO_MAIN && !L.command ? "/proc/self/exe" : x->name;
		if (x->missing || x->kind == DSO_VDSO || !path || !*path)
			continue;
		size_t size;
		struct stat st;
		struct symtab t;
		const unsigned char *m = map_file(path, &size, &st);
		const Elf64_Sym *s = m && file_symtab(m, size, SHT_SYMTAB, &t) ?
				     symtab_find(&t, pending.name, 0) : 0;
		if (s && (ELF64_ST_TYPE(s->st_info) == STT_FUNC ||
			  ELF64_ST_TYPE(s->st_info) == STT_OBJECT)) {
			/* a hidden definition is local once linked: the two look alike */
			say("%s has %s in its .symtab only (%s): it is not exported",
			    full_name(x), pending.name, ELF64_ST_BIND(s->st_info) == STB_LOCAL ?
			    "local: static, or hidden when it was built" : "not dynamic");
			found++;
		}
		if (m)
			sys_munmap((void *)m, size);
	}
	return found;
}

/* ---- libraries installed but not loaded ---- */

struct unloaded { size_t found, files; uint64_t dev[MAX_NEAR], ino[MAX_NEAR]; };

static int is_loaded_file(const struct stat *st)
{
	for (const struct dso *x = L.head; x; x = x->next)
		if (x->dev == st->st_dev && x->ino == st->st_ino && x->kind != DSO_VDSO)
			return 1;
	return 0;
}

static int seen_file(struct unloaded *u, const struct stat *st)
{
	for (size_t i = 0; i < u->found; i++)
		if (u->dev[i] == st->st_dev && u->ino[i] == st->st_ino)
			return 1;
	return 0;
}

/* one installed library: does it export the name? (stops the walk at MAX_NEAR) */
static int try_unloaded(const char *path, void *arg)
{
	struct unloaded *u = arg;
	size_t size;
	struct stat st;
	struct symtab t;
	u->files++;
	const unsigned char *m = map_file(path, &size, &st);
	if (!m)
		return 0;
	if (!is_loaded_file(&st) && !seen_file(u, &st) && file_symtab(m, size, SHT_DYNSYM, &t) &&
	    symtab_find(&t, pending.name, 1)) {
		say("%s defines %s but is not loaded: link %s with it, or preload it", path,
		    pending.name, full_name(pending.a));
		u->dev[u->found] = st.st_dev;
		u->ino[u->found++] = st.st_ino;
	}
	sys_munmap((void *)m, size);
	return u->found >= MAX_NEAR;
}

static int has_so(const char *name)
{
	for (; *name; name++)
		if (!strncmp(name, ".so", 3))
			return 1;
	return 0;
}

/* the libraries of one directory (names with ".so"), at most MAX_DIRENT names */
static void scan_dir(const char *dir, size_t len, struct unloaded *u)
{
	char *buf = scratch_need(4096 + PATH_MAX_LEN), *path = buf + 4096;
	if (len + 2 >= PATH_MAX_LEN)
		goto out;
	memcpy(path, len ? dir : ".", len ? len : 1);
	path[len ? len : 1] = 0;
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		goto out;
	path[len ? len : 1] = '/';
	size_t names = 0, base = (len ? len : 1) + 1;
	long n;
	while (names < MAX_DIRENT && u->found < MAX_NEAR &&
	       (n = sys_getdents64((int)fd, buf, 4096)) > 0) {
		for (long off = 0; off < n && names < MAX_DIRENT && u->found < MAX_NEAR;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			const char *name = buf + off + 19;
			size_t nl = strlen(name);
			names++;
			off += reclen ? reclen : n;
			if (!has_so(name) || base + nl >= PATH_MAX_LEN)
				continue;
			memcpy(path + base, name, nl + 1);
			try_unloaded(path, u);
		}
	}
	sys_close(fd);
out:
	scratch_put(buf);
}

/* LD_LIBRARY_PATH's directories (as given, no DSTs), then the cache */
static size_t near_misses_unloaded(void)
{
	struct unloaded u = { 0 };
	for (const char *p = L.library_path; p && *p && u.found < MAX_NEAR;) {
		size_t n = 0;
		int dst = 0;
		for (; p[n] && p[n] != ':' && p[n] != ';'; n++)
			dst |= p[n] == '$';
		if (!dst)
			scan_dir(p, n, &u);
		p += n + (p[n] != 0);
	}
	if (u.found < MAX_NEAR && !L.inhibit_cache)
		ldcache_each(try_unloaded, &u, MAX_CACHE);
	if (!u.found)
		say("no library defines %s: not the loaded ones, not the %zu files read from "
		    "LD_LIBRARY_PATH and /etc/ld.so.cache", pending.name, u.files);
	return u.found;
}

/* the loaded objects first; reading files (their .symtab, libraries not loaded)
   only when they tell nothing, and never for a secure program */
static void say_undefined(void)
{
	if (near_misses_loaded() || L.secure)
		return;
	if (!near_misses_symtab())
		near_misses_unloaded();
}

/* ---- the driver ---- */

static void explain_emit(int via_dlerror, const char *who, const char *msg)
{
	int kind = pending.kind;
	pending.kind = EX_NONE;
	if (busy || kind == EX_NONE || (via_dlerror && !L.explain))
		return;
	busy = 1;
	if (via_dlerror)
		say("dlerror: %s%s%s", who ? who : "", who ? ": " : "", msg);
	if (kind == EX_MISSING) {
		say_chain(pending.name, pending.a);
		say_candidates(pending.name, pending.a, pending.ns);
	} else if (kind == EX_VERSION)
		say_version(pending.a, pending.b, pending.name);
	else
		say_undefined();
	busy = 0;
}

void (*const explain_print)(int via_dlerror, const char *who, const char *msg) = explain_emit;
