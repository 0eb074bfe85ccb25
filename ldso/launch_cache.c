/* The launch cache: start-up's symbol lookups, recorded once and replayed on
   later starts of the same program with the same files and inputs.

   A file holds, per object of the closure (load order), its identity (device,
   inode, size, mtime and ctime in ns, build-id) and the lookups its relocation
   made, in the order it made them: (symbol index, flags) -> (position of the
   defining object, its symbol index).  Never an address: ASLR stays.  A start
   that finds a file whose key matches (loader build, inputs, every object)
   takes each binding from it instead of walking the scope; anything that
   does not match is ignored and rewritten.  Lazy PLT slots and dlopen are
   not cached: they bind after start-up, when the file is gone.  Never in
   secure mode.  The threat model is in the README. */
#include <fcntl.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "launch_cache.h"

/* below this many symbolic relocations (estimated) a start-up's lookups cost
   less than the cache's system calls; LD_CUSTOM_CACHE=on caches them anyway */
#define LC_AUTO_MIN	2000

static struct {
	int replay, record, failed, stale;
	int absent;			/* no file under lc.name when the start looked */
	size_t count;			/* L.count at the start: a dlopen in a resolver ends it */
	struct dso **obj;		/* by position */
	uint32_t nobjs;
	uint64_t loader, inputs;
	struct dso *cur;		/* the object whose entries are being used or written */
	/* replay: the file */
	void *file;
	size_t file_len;
	const struct lc_obj *fobj;
	const struct lc_entry *ent;
	uint32_t at, end;
	struct sym_result expect;	/* the entry lcache_note compares a lookup with */
	int expecting;
	/* record: the file being made */
	unsigned char *buf;
	size_t buf_len;
	struct lc_obj *robj;
	struct lc_entry *rent;
	uint32_t n, max;
	char name[LC_NAME_LEN];
} lc;

/* FNV-1a over bytes: the inputs and the loader's identity, not the file */
uint64_t lc_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

static inline uint64_t rotl(uint64_t x, int r) { return x << r | x >> (64 - r); }

/* the file's checksum: four independent lanes of xxh64 rounds over 64-bit
   words, so a changed word changes its lane for sure and the result almost
   surely; len is a multiple of 8 */
uint64_t lc_checksum(const void *p, size_t len)
{
	const uint64_t K1 = 0x9e3779b185ebca87ULL, K2 = 0xc2b2ae3d27d4eb4fULL;
	const uint64_t *w = p;
	size_t n = len / 8, i = 0;
	uint64_t a = K1 + K2, b = K2, c = 0, d = -K1;
	for (; i + 4 <= n; i += 4) {
		a = rotl(a + w[i] * K2, 31) * K1;
		b = rotl(b + w[i + 1] * K2, 31) * K1;
		c = rotl(c + w[i + 2] * K2, 31) * K1;
		d = rotl(d + w[i + 3] * K2, 31) * K1;
	}
	for (; i < n; i++)
		a = rotl(a + w[i] * K2, 31) * K1;
	uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + len;
	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	return h;
}

/* an environment variable's value, or NULL (the probe cache reads its own) */
const char *env_get(const char *name)
{
	size_t n = strlen(name);
	for (char **e = L.envp; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return 0;
}

/* the store: $XDG_CACHE_HOME/ld-custom, else $HOME/.cache/ld-custom (absolute
   paths only, as the XDG spec says); base, unless NULL, gets the directory above it */
int lc_dir(char *out, size_t outlen, char *base, size_t baselen)
{
	const char *x = env_get("XDG_CACHE_HOME"), *h = env_get("HOME");
	const char *root = x && x[0] == '/' ? x : h && h[0] == '/' ? h : 0;
	const char *sub = root == x ? "" : "/.cache";
	int r;
	if (!root)
		return -1;
	if (base) {
		r = rt_snprintf(base, baselen, "%s%s", root, sub);
		if (r < 0 || (size_t)r >= baselen)
			return -1;
	}
	r = rt_snprintf(out, outlen, "%s%s/ld-custom", root, sub);
	return r < 0 || (size_t)r >= outlen ? -1 : 0;
}

void lc_prog_hash(char *out, uint64_t dev, uint64_t ino)
{
	uint64_t id[2] = { dev, ino };
	rt_snprintf(out, 17, "%016lx", lc_hash(0xcbf29ce484222325ULL, id, sizeof id));
}

/* Open a store file to read: only a regular file of ours, mode 0600 or
   stricter, reached without a symlink, of min..max bytes.  NULL (with *fd
   open and *size set) or why not. */
const char *lc_open_checked(int dirfd, const char *path, size_t min, size_t max,
			    long *fdp, size_t *size)
{
	struct stat st;
	long fd = sys_openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
	if (fd < 0)
		return fd == -ENOENT ? "missing" : fd == -ELOOP ? "a symlink" : errno_text(fd);
	const char *why = 0;
	if (sys_fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_uid != aux_or(AT_EUID, (uint64_t)-1))
		why = "owned by another user";
	else if (st.st_mode & 077)
		why = "readable or writable by others";
	else if (st.st_size < (off_t)min || st.st_size > (off_t)max)
		why = "truncated or too large";
	if (why)
		sys_close(fd);
	*fdp = fd;
	*size = why ? 0 : (size_t)st.st_size;
	return why;
}

/* Read a cache file whole into an anonymous mapping (never mapped from the
   file: a truncation while we read it cannot fault).  NULL or why not. */
const char *lc_read(int dirfd, const char *path, void **buf, size_t *len)
{
	long fd;
	size_t n;
	const char *why = lc_open_checked(dirfd, path, sizeof(struct lc_head),
					  lc_file_size(LC_MAX_OBJS, LC_MAX_ENTRIES, LC_MAX_NAMES),
					  &fd, &n);
	if (why)
		return *buf = 0, *len = 0, why;
	void *p = sys_mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mmap_failed(p))
		why = "out of memory", p = 0;
	for (size_t got = 0; !why && got < n;) {
		long r = sys_pread(fd, (char *)p + got, n - got, got);
		if (r <= 0)
			why = "truncated";
		got += r > 0 ? r : 0;
	}
	sys_close(fd);
	if (why && p)
		sys_munmap(p, n);
	*buf = why ? 0 : p;
	*len = n;
	return why;
}

/* every bound of a file read whole: NULL when it can be used as it is */
const char *lc_check(const void *file, size_t len)
{
	const struct lc_head *h = file;
	if (len < sizeof *h || memcmp(h->magic, LC_MAGIC, sizeof h->magic))
		return "not a launch cache file of this format";
	if (h->size != len || lc_file_size(h->nobjs, h->nentries, h->names_size) != len)
		return "truncated or sizes inconsistent";
	if (lc_checksum((const char *)file + 16, len - 16) != h->sum)
		return "checksum mismatch";
	const struct lc_obj *o = lc_objs(h);
	const char *names = lc_names(h);
	if (h->names_size && names[h->names_size - 1])
		return "names not terminated";
	for (uint32_t i = 0; i < h->nobjs; i++)
		if (o[i].first > h->nentries || o[i].count > h->nentries - o[i].first ||
		    (o[i].name >= h->names_size && h->names_size))
			return "object table out of bounds";
	return 0;	/* each entry is checked when it is used (replay_one) */
}

/* an object's GNU build-id, hashed; 0 without one.  Notes are read in
   memory, each bound checked against the object's segments. */
static uint64_t build_id_hash(const struct dso *d)
{
	for (unsigned k = 0; k < d->phnum; k++) {
		const Elf64_Phdr *p = &d->phdr[k];
		uintptr_t at = d->base + p->p_vaddr, end = at + p->p_filesz;
		size_t al = p->p_align == 8 ? 8 : 4;
		if (p->p_type != PT_NOTE || !dso_addr_ok(d, at, p->p_filesz))
			continue;
		while (end - at >= sizeof(Elf64_Nhdr)) {
			const Elf64_Nhdr *nh = (const void *)at;
			size_t name = ALIGN_UP(nh->n_namesz, al), desc = ALIGN_UP(nh->n_descsz, al);
			if (name > end - at - sizeof *nh || desc > end - at - sizeof *nh - name)
				break;
			const char *nm = (const char *)(nh + 1);
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(nm, "GNU", 4))
				return lc_hash(0xcbf29ce484222325ULL, nm + name, nh->n_descsz) | 1;
			at += sizeof *nh + name + desc;
		}
	}
	return 0;
}

/* the file an object came from, as map_open's fstat saw it */
void lcache_note_file(struct dso *d, const struct stat *st)
{
	struct lc_obj o;
	lc_stat_identity(&o, st);
	d->fsize = o.size;
	d->mtime_ns = o.mtime_ns;
	d->ctime_ns = o.ctime_ns;
}

void lc_stat_identity(struct lc_obj *o, const struct stat *st)
{
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->size = st->st_size;
	o->mtime_ns = st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	o->ctime_ns = st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
}

static void identity(const struct dso *d, struct lc_obj *o)
{
	memset(o, 0, sizeof *o);
	o->dev = d->dev;
	o->ino = d->ino;
	o->size = d->fsize;
	o->mtime_ns = d->mtime_ns;
	o->ctime_ns = d->ctime_ns;
	o->build_id = build_id_hash(d);
	o->nsyms = d->nsyms;
}

/* what changes lookups besides the files: the loader's build and the
   environment and options that choose objects or bind modes */
static uint64_t inputs_hash(void)
{
	const char *v[] = { L.preload, L.preload_arg, L.library_path, L.inhibit_rpath,
			    L.origin_path, env_get("GLIBC_TUNABLES"), L.profile };
	int modes[] = { L.bind_now, L.bind_not, L.inhibit_cache, L.dynamic_weak };
	uint64_t h = lc_hash(0xcbf29ce484222325ULL, modes, sizeof modes);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		h = v[i] ? lc_hash(h, v[i], strlen(v[i]) + 1) : lc_hash(h, "\377", 1);
	return h;
}

/* DT_RELACOUNT: the RELATIVE relocations at the head of DT_RELA */
static size_t relative_count(const struct dso *d)
{
	for (const Elf64_Dyn *dyn = d->dynamic; dyn && dyn->d_tag != DT_NULL; dyn++)
		if (dyn->d_tag == DT_RELACOUNT)
			return dyn->d_un.d_val;
	return 0;
}

/* how many relocations may look a symbol up: bounds the record, and the
   default mode leaves programs with few of them alone */
static size_t lookups_bound(int symbolic_only)
{
	size_t n = 0;
	for (struct dso *d = L.head; d; d = d->next) {
		size_t rela = d->rela_size / sizeof(Elf64_Rela);
		size_t rel = relative_count(d);
		n += symbolic_only && rel < rela ? rela - rel : symbolic_only ? 0 : rela;
		if (!symbolic_only || L.bind_now || (d->flags & DF_BIND_NOW) ||
		    (d->flags_1 & DF_1_NOW))
			n += d->jmprel_size / sizeof(Elf64_Rela);
	}
	return n;
}

/* the program's identity: the command form fstat'ed it; the kernel's
   program is stat'ed through /proc (not stored in the object: placement
   compares device and inode, and the kernel's program never had them) */
static int program_identity(struct lc_obj *main_id)
{
	struct dso *m = L.main;
	identity(m, main_id);
	if (m->dev || m->ino)
		return 1;
	struct stat st;
	if (sys_stat("/proc/self/exe", &st) < 0)
		return 0;
	lc_stat_identity(main_id, &st);
	return 1;
}

static void obj_identity(uint32_t pos, struct lc_obj *o, const struct lc_obj *main_id)
{
	if (lc.obj[pos] == L.main)
		*o = *main_id;
	else
		identity(lc.obj[pos], o);
}

/* every object of the closure gets its position (load order) */
static int positions(void)
{
	uint32_t n = 0;
	for (struct dso *d = L.head; d; d = d->next)
		n++;
	if (n > LC_MAX_OBJS || !(lc.obj = rt_alloc(n * sizeof *lc.obj)))
		return 0;
	n = 0;
	for (struct dso *d = L.head; d; d = d->next) {
		lc.obj[n++] = d;
		d->lc_pos = n;
	}
	lc.nobjs = n;
	return 1;
}

/* the file whose key matches this start's, read and checked whole */
static int replay_open(const char *path, const struct lc_obj *main_id)
{
	void *f;
	size_t len;
	const char *why = lc_read(AT_FDCWD, path, &f, &len);
	if (why) {
		lc.absent = !strcmp(why, "missing");
		return 0;
	}
	const struct lc_head *h = f;
	int ok = !lc_check(f, len) && h->loader == lc.loader && h->inputs == lc.inputs &&
		 h->nobjs == lc.nobjs;
	for (uint32_t i = 0; ok && i < lc.nobjs; i++) {
		struct lc_obj o;
		obj_identity(i, &o, main_id);
		ok = !memcmp(&o, &lc_objs(h)[i], offsetof(struct lc_obj, first));
	}
	if (!ok) {
		sys_munmap(f, len);
		return 0;
	}
	lc.file = f;
	lc.file_len = len;
	lc.fobj = lc_objs(h);
	lc.ent = lc_entries(h);
	lc.replay = 1;
	return 1;
}

static const char *pos_name(uint32_t i)
{
	const char *s = lc.obj[i]->name;
	return s ? s : "";
}

/* the file being made, laid out as it will be written: room for one entry
   per relocation that may look a symbol up */
static int record_open(const struct lc_obj *main_id)
{
	size_t bound = lookups_bound(0) + 1, names = 0;
	for (uint32_t i = 0; i < lc.nobjs; i++)
		names += strlen(pos_name(i)) + 1;
	size_t len = bound <= LC_MAX_ENTRIES ? lc_file_size(lc.nobjs, bound, names) : 0;
	if (!len)
		return 0;
	void *p = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mmap_failed(p))
		return 0;
	struct lc_head *h = p;
	memcpy(h->magic, LC_MAGIC, sizeof h->magic);
	h->loader = lc.loader;
	h->inputs = lc.inputs;
	h->nobjs = lc.nobjs;
	h->names_size = names;
	lc.buf = p;
	lc.buf_len = len;
	lc.robj = (struct lc_obj *)lc_objs(h);
	char *s = (char *)lc_names(h);
	for (uint32_t i = 0, off = 0; i < lc.nobjs; i++) {
		obj_identity(i, &lc.robj[i], main_id);
		lc.robj[i].first = UINT32_MAX;	/* not relocated yet */
		lc.robj[i].name = off;
		size_t k = strlen(pos_name(i)) + 1;
		memcpy(s + off, pos_name(i), k);
		off += k;
	}
	lc.rent = (struct lc_entry *)lc_entries(h);
	lc.max = bound;
	lc.record = 1;
	return 1;
}

/* the loader's own build, hashed with the format; 0 (no cache) without a build-id */
uint64_t lc_loader_id(void)
{
	uint64_t b = build_id_hash(L.self);
	return b ? lc_hash(b, LC_MAGIC, sizeof LC_MAGIC) | 1 : 0;
}

/* a path in the store: dir/name, in scratch memory (scratch_put it) */
char *lc_store_path(const char *name)
{
	/* no second buffer at dir + PATH_MAX_LEN: every start comes here (the probe
	   file), and it would touch a second page of scratch memory */
	char *dir = scratch_need(PATH_MAX_LEN);
	if (lc_dir(dir, PATH_MAX_LEN, 0, 0) ||
	    strlen(dir) + 1 + strlen(name) >= PATH_MAX_LEN) {
		scratch_put(dir);
		return 0;
	}
	size_t n = strlen(dir);
	dir[n] = '/';
	memcpy(dir + n + 1, name, strlen(name) + 1);
	return dir;
}

/* start-up, placement done: replay a matching file, or record one */
void lcache_start(void)
{
	/* auditing: la_symbind64 may redirect any binding, and must hear of each */
	if (L.lcache_mode == LCACHE_OFF || L.secure || L.trace || L.verify || L.naudit)
		return;
	if (L.lcache_mode == LCACHE_AUTO && lookups_bound(1) < LC_AUTO_MIN)
		return;
	struct lc_obj main_id;
	if (!(lc.loader = lc_loader_id()) || !program_identity(&main_id) || !positions())
		return;
	lc.inputs = inputs_hash();
	lc_prog_hash(lc.name, main_id.dev, main_id.ino);
	rt_snprintf(lc.name + 16, LC_NAME_LEN - 16, "-%016lx", lc.inputs);
	lc.count = L.count;
	char *path = lc_store_path(lc.name);
	if (path && L.lcache_mode != LCACHE_REBUILD && replay_open(path, &main_id))
		L.lcache = 1;
	else if (path && record_open(&main_id))
		L.lcache = 1;
	if (path)
		scratch_put(path);
}

/* from here on every lookup walks the scope, and nothing is written */
static void lc_stop(void)
{
	lc.replay = lc.record = 0;
	lc.failed = 1;
	L.lcache = 0;
}

/* the entries recorded for the object relocation is leaving */
static void close_segment(void)
{
	if (lc.cur) {
		struct lc_obj *o = &lc.robj[lc.cur->lc_pos - 1];
		o->count = lc.n - o->first;
	}
}

/* relocation moved on to object d: its entries (replay) or its first one (record) */
static void lc_switch(struct dso *d)
{
	uint32_t pos = d->lc_pos - 1;
	if (lc.record) {
		close_segment();
		if (lc.robj[pos].first != UINT32_MAX)
			lc_stop();	/* relocated in two runs: not a start-up we know */
		else
			lc.robj[pos].first = lc.n;
	} else {
		if (lc.at != lc.end)
			lc.stale = 1;	/* entries left over: the file does not fit this start */
		lc.at = lc.fobj[pos].first;
		lc.end = lc.at + lc.fobj[pos].count;
	}
	lc.cur = d;
}

/* what a lookup could have answered (hash.c's rules, the name and version
   aside): an entry in bounds still never names symbol 0, a section, a local
   or an undefined symbol */
static int plausible(const Elf64_Sym *s, int flags)
{
	unsigned type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
	unsigned types = 1 << STT_NOTYPE | 1 << STT_OBJECT | 1 << STT_FUNC | 1 << STT_COMMON |
			 1 << STT_TLS | 1 << STT_GNU_IFUNC;
	if ((s->st_value == 0 && s->st_shndx != SHN_ABS && type != STT_TLS) ||
	    ((flags & LOOKUP_PLT) && s->st_shndx == SHN_UNDEF))
		return 0;
	return (types >> type & 1) &&
	       (bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE);
}

/* the next entry, if it is this lookup's, as the lookup would return it:
   1 taken, 2 taken but to be looked up (a unique symbol: the lookup fills
   the process-wide table), 0 it does not fit */
static int replay_one(struct dso *d, uint32_t idx, int flags, struct sym_result *r)
{
	const struct lc_entry *e = &lc.ent[lc.at];
	if (e->ref != idx || (e->def & 3) != (unsigned)(flags & 3) || idx >= d->nsyms)
		return 0;
	uint32_t pos = e->def >> 2;
	if (pos == LC_NONE) {	/* only a weak reference may stay undefined */
		if (ELF64_ST_BIND(d->syms[idx].st_info) != STB_WEAK)
			return 0;
		*r = (struct sym_result){ 0, 0 };
	} else {
		if (pos >= lc.nobjs)
			return 0;
		struct dso *def = lc.obj[pos];
		if (e->sym >= def->nsyms)
			return 0;
		*r = (struct sym_result){ def, &def->syms[e->sym] };
		if (ELF64_ST_BIND(d->syms[idx].st_info) == STB_LOCAL ? def != d || e->sym != idx
		    : !plausible(r->sym, flags))
			return 0;
	}
	lc.at++;
	return r->sym && ELF64_ST_BIND(r->sym->st_info) == STB_GNU_UNIQUE ? 2 : 1;
}

static void record_one(uint32_t idx, int flags, struct sym_result r)
{
	uint32_t pos = LC_NONE, sym = 0;
	if (r.dso) {
		sym = r.sym - r.dso->syms;
		if (!r.dso->lc_pos || sym >= r.dso->nsyms) {
			lc_stop();	/* a definition outside the closure we know */
			return;
		}
		pos = r.dso->lc_pos - 1;
	}
	if (lc.n == lc.max) {
		lc_stop();
		return;
	}
	lc.rent[lc.n++] = (struct lc_entry){ idx, sym, pos << 2 | (flags & 3) };
}

/* resolve()'s hook while start-up's relocation runs with the cache: 1 when
   *r is the binding; 0 when the lookup must run (then lcache_note).  With
   LD_DEBUG=bindings every binding is looked up (and printed) and compared
   with the entry instead. */
int lcache_take(struct dso *d, uint32_t idx, int flags, struct sym_result *r)
{
	if (!d->lc_pos || L.count != lc.count) {
		lc_stop();	/* a dlopen during start-up (an IFUNC resolver's) */
		return 0;
	}
	if (d != lc.cur)
		lc_switch(d);
	if (!lc.replay)
		return 0;
	int got = lc.at < lc.end ? replay_one(d, idx, flags, r) : 0;
	if (!got) {
		lc.replay = 0;	/* it does not fit: lookups from here on, and no file */
		lc.stale = 1;
		return 0;
	}
	if (got == 1 && !(L.debug & DEBUG_BINDINGS)) {
		L.stat_lcache_hits++;
		return 1;
	}
	lc.expect = *r;
	lc.expecting = 1;
	return 0;
}

/* the lookup lcache_take left to resolve(): recorded, or compared with the entry */
void lcache_note(struct dso *d, uint32_t idx, int flags, struct sym_result r)
{
	if (lc.expecting) {
		lc.expecting = 0;
		if (r.dso == lc.expect.dso && r.sym == lc.expect.sym) {
			L.stat_lcache_checked++;
		} else {
			L.stat_lcache_differ++;
			lc.stale = 1;
		}
	}
	if (lc.record)
		record_one(idx, flags, r);
}

/* the store directory, made 0700 when missing; only ours, writable by us alone */
long lc_open_store(char *dir, char *base)
{
	if (lc_dir(dir, PATH_MAX_LEN, base, PATH_MAX_LEN))
		return -1;
	int fl = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
	long fd = sys_openat(AT_FDCWD, dir, fl, 0);
	if (fd == -ENOENT) {
		sys_mkdir(base, 0700);
		sys_mkdir(dir, 0700);
		fd = sys_openat(AT_FDCWD, dir, fl, 0);
	}
	struct stat st;
	if (fd >= 0 && (sys_fstat(fd, &st) < 0 || st.st_uid != aux_or(AT_EUID, (uint64_t)-1) ||
			(st.st_mode & 022))) {
		sys_close(fd);
		fd = -1;
	}
	return fd;
}

/* Written whole to a new temporary (O_EXCL, 0600), then renamed to name.
   A file already there is unlinked first: renamed over, ext4 writes the new
   one out at once (auto_da_alloc), 200 us here; a reader in between only misses. */
void lc_write_file(int dfd, const char *name, const void *buf, size_t len, int may_exist)
{
	char tmp[LC_NAME_LEN + 32];
	rt_snprintf(tmp, sizeof tmp, "%s.%ld.tmp", name, sys_getpid());
	int fl = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
	long fd = sys_openat(dfd, tmp, fl, 0600);
	if (fd == -EEXIST && !sys_unlinkat(dfd, tmp))	/* a crashed writer's */
		fd = sys_openat(dfd, tmp, fl, 0600);
	if (fd < 0)
		return;
	size_t done = 0;
	while (done < len) {
		long r = sys_write(fd, (const char *)buf + done, len - done);
		if (r <= 0)
			break;
		done += r;
	}
	sys_close(fd);
	if (done == len && may_exist)
		sys_unlinkat(dfd, name);
	if (done != len || sys_renameat(dfd, tmp, name) < 0)
		sys_unlinkat(dfd, tmp);
}

static void record_write(void)
{
	struct lc_head *h = (struct lc_head *)lc.buf;
	close_segment();
	for (uint32_t i = 0; i < lc.nobjs; i++)
		if (lc.robj[i].first == UINT32_MAX)
			lc.robj[i].first = lc.robj[i].count = 0;	/* never relocated */
	h->nentries = lc.n;
	h->size = lc_file_size(h->nobjs, lc.n, h->names_size);
	h->sum = lc_checksum(lc.buf + 16, h->size - 16);
	char *dir = scratch_need(2 * PATH_MAX_LEN);
	long dfd = lc_open_store(dir, dir + PATH_MAX_LEN);
	if (dfd >= 0) {
		lc_write_file(dfd, lc.name, lc.buf, h->size, !lc.absent);
		sys_close(dfd);
	}
	scratch_put(dir);
}

/* start-up's relocation is over: write what was recorded, or drop a file
   that did not fit (the next start records it again) */
void lcache_finish(void)
{
	L.lcache = 0;
	if (lc.file && (lc.stale || lc.at != lc.end)) {
		char *path = lc_store_path(lc.name);
		if (path) {
			sys_unlinkat(AT_FDCWD, path);
			scratch_put(path);
			lc.absent = 1;
		}
	}
	if (lc.record && !lc.failed)
		record_write();
	if (lc.file)
		sys_munmap(lc.file, lc.file_len);
	if (lc.buf)
		sys_munmap(lc.buf, lc.buf_len);
	rt_free(lc.obj);
	lc.file = lc.buf = 0;
	lc.obj = 0;
}
