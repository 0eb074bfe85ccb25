/* LD_PROFILE: glibc's per-object call profile (elf/dl-profile.c).  With
   LD_PROFILE set every object binds lazily and its PLT enters the arch's
   profiling trampoline, which never patches the slot: each PLT call comes
   to profile_fixup (plt.c), which binds (once, cached per slot) and counts the
   (caller, callee) arc when the callee lies in the profiled object's text.
   The counts live in a file shared by every process (MAP_SHARED), laid out
   as glibc's: LD_PROFILE_OUTPUT (or /var/tmp)/NAME.profile, read by sprof.
   Its histogram of PC samples is filled as glibc's ld.so fills it (its own
   profil): a SIGPROF every 1/AT_CLKTCK s of the process's CPU time counts
   the interrupted PC when it lies in the object's text. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "ldso.h"

/* <sys/gmon.h> and <sys/gmon_out.h>, as glibc 2.36 sizes them */
#define HISTFRACTION	2
#define HASHFRACTION	2
#define ARCDENSITY	3
#define MINARCS		50
#define MAXARCS		(1 << 20)
#define GMON_SHOBJ_VERSION 0x1ffff
#define GMON_TAG_TIME_HIST 0
#define GMON_TAG_CG_ARC	1

struct gmon_hdr { char cookie[4]; int32_t version; char spare[12]; };
struct hist_hdr {
	uintptr_t low_pc, high_pc;
	int32_t hist_size, prof_rate;
	char dimen[15], dimen_abbrev;
};
struct arc { uintptr_t from_pc, self_pc; uint32_t count; } __attribute__((packed));
struct from { volatile struct arc *here; uint16_t link; };

static int running;
static struct arc *data;
static volatile uint32_t *narcsp;
static uint32_t narcs, fromlimit;
static volatile uint32_t fromidx;
static volatile uint16_t *tos;
static struct from *froms;
static uintptr_t lowpc;
static size_t textsize;

/* the list an arc joins when read from the file or appended by another
   process ... */
static size_t to_index(uintptr_t self_pc)
{
	return self_pc / (HASHFRACTION * sizeof *tos);
}

/* ... and the list a call searches: glibc's _dl_mcount shifts by
   log2(HASHFRACTION * sizeof(struct here_fromstruct)) = 5 instead, so an arc
   of an earlier run is rarely found and is counted again as a new one; the
   file says what glibc's says */
static size_t mcount_index(uintptr_t self_pc)
{
	return self_pc >> 5;
}

/* what the file says before the arcs; the file must say exactly this */
static size_t profile_headers(const struct dso *d, struct gmon_hdr *g, struct hist_hdr *h)
{
	uintptr_t start = ~(uintptr_t)0, end = 0, ps = L.pagesize;
	for (unsigned i = 0; i < d->phnum; i++) {
		const Elf64_Phdr *ph = &d->phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if ((ph->p_vaddr & ~(ps - 1)) < start)
			start = ph->p_vaddr & ~(ps - 1);
		if (((ph->p_vaddr + ph->p_memsz + ps - 1) & ~(ps - 1)) > end)
			end = (ph->p_vaddr + ph->p_memsz + ps - 1) & ~(ps - 1);
	}
	size_t unit = HISTFRACTION * sizeof(uint16_t);
	lowpc = ALIGN_DOWN(start + d->base, unit);
	textsize = ALIGN_UP(end + d->base, unit) - lowpc;
	size_t kcountsize = textsize / HISTFRACTION;
	fromlimit = textsize * ARCDENSITY / 100;
	fromlimit = fromlimit < MINARCS ? MINARCS : fromlimit > MAXARCS ? MAXARCS : fromlimit;
	memset(g, 0, sizeof *g);
	memcpy(g->cookie, "gmon", 4);
	g->version = GMON_SHOBJ_VERSION;
	memset(h, 0, sizeof *h);
	h->low_pc = start;
	h->high_pc = end;
	h->hist_size = kcountsize / sizeof(uint16_t);
	h->prof_rate = aux_or(AT_CLKTCK, 100);	/* glibc's __profile_frequency */
	memcpy(h->dimen, "seconds", 8);
	h->dimen_abbrev = 's';
	/* glibc's expected_size, its oversized arc area included (sprof checks it) */
	return sizeof *g + 4 + sizeof *h + kcountsize + 4 + 4 +
	       fromlimit * sizeof(struct from) * sizeof(struct arc);
}

static void profile_warn(const char *file, const char *what, long err)
{
	rt_dprintf(2, "%s: %s: %s\n", file, what, errno_text(err));
}

/* the file mapped shared, created at its size when empty; NULL when it
   cannot be used (glibc warns and runs without profiling) */
static unsigned char *profile_map(const char *file, size_t size, int *fresh)
{
	struct stat st;
	long fd = sys_open_mode(file, O_RDWR | O_CREAT | O_NOFOLLOW, 0666), r;
	if (sys_failed(fd)) {
		profile_warn(file, "cannot open file", fd);
		return 0;
	}
	r = sys_fstat(fd, &st);
	if (sys_failed(r) || !S_ISREG(st.st_mode)) {
		profile_warn(file, "cannot stat file", sys_failed(r) ? r : -EINVAL);
		sys_close(fd);
		return 0;
	}
	*fresh = st.st_size == 0;
	if (*fresh && sys_failed(r = sys_ftruncate(fd, size))) {
		profile_warn(file, "cannot create file", r);
		sys_close(fd);
		return 0;
	}
	if (!*fresh && (size_t)st.st_size != size) {
		sys_close(fd);
		rt_dprintf(2, "%s: file is no correct profile data file for `%s'\n", file,
			   L.profile);
		return 0;
	}
	void *p = sys_mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	sys_close(fd);
	if (mmap_failed(p)) {
		profile_warn(file, "cannot map file", (long)p);
		return 0;
	}
	return p;
}

/* the arcs already in the file join the lookup lists (glibc: last first) */
static void profile_index(void)
{
	for (uint32_t i = narcs = *narcsp < fromlimit ? *narcsp : fromlimit; i-- > 0;) {
		size_t t = to_index(data[i].self_pc), n = fromidx++;
		froms[n].here = &data[i];
		froms[n].link = tos[t];
		tos[t] = n;
	}
}

/* glibc's profil (sysdeps/posix/profil.c, as built into ld.so): the
   histogram, its first PC and its scale (entries per 65536 text halfwords) */
static volatile uint16_t *samples;
static size_t nsamples;
static uintptr_t pc_offset;
static unsigned pc_scale;

/* SIGPROF: one more sample where the PC was, if in range */
static void profil_counter(int sig, void *info, void *uc)
{
	size_t i = (arch_signal_pc(uc) - pc_offset) / 2;
	i = i / 65536 * pc_scale + i % 65536 * pc_scale / 65536;
	if (i < nsamples)
		samples[i]++;
}

/* glibc's s_scale for kcountsize bytes of counters over range bytes of text */
static unsigned profil_scale(size_t kcountsize, size_t range)
{
	if (kcountsize >= range)
		return 0x10000;
	size_t quot = range / kcountsize;
	if (quot >= 0x10000)
		return 1;
	if (quot >= 0x10000 / 256)
		return 0x10000 / quot;
	if (range > (size_t)-1 / 256)
		return 0x10000 * 256 / (range / (kcountsize / 256));
	return 0x10000 * 256 / (range * 256 / kcountsize);
}

/* start sampling into kcount (glibc ignores a failure: no samples then) */
static void profil_start(uint16_t *kcount, size_t kcountsize)
{
	samples = kcount;
	nsamples = kcountsize / sizeof *kcount;
	pc_offset = lowpc;
	pc_scale = profil_scale(kcountsize, textsize);
	if (sys_failed(arch_set_signal(SIGPROF, profil_counter)))
		return;
	long usec = 1000000 / aux_or(AT_CLKTCK, 100);	/* glibc's __profile_frequency */
	struct timeval t[2] = { { 0, usec }, { 0, usec } };	/* interval, first */
	sys_setitimer(ITIMER_PROF, t, 0);
}

/* glibc's _dl_start_profile for d: map the file, check or write its headers */
static void profile_open(struct dso *d)
{
	struct gmon_hdr g;
	struct hist_hdr h;
	size_t size = profile_headers(d, &g, &h), kcountsize = textsize / HISTFRACTION;
	size_t namelen = strlen(L.profile_output) + strlen(L.profile) + 10;
	char *file = scratch_need(namelen);
	rt_snprintf(file, namelen, "%s/%s.profile", L.profile_output, L.profile);
	int fresh;
	unsigned char *m = profile_map(file, size, &fresh);
	if (!m) {
		scratch_put(file);
		return;
	}
	unsigned char *hist = m + sizeof g;
	narcsp = (uint32_t *)(hist + 4 + sizeof h + kcountsize + 4);
	data = (struct arc *)(narcsp + 1);
	if (fresh) {
		memcpy(m, &g, sizeof g);
		*(uint32_t *)hist = GMON_TAG_TIME_HIST;
		memcpy(hist + 4, &h, sizeof h);
		narcsp[-1] = GMON_TAG_CG_ARC;
	} else if (memcmp(m, &g, sizeof g) || *(uint32_t *)hist != GMON_TAG_TIME_HIST ||
		   memcmp(hist + 4, &h, sizeof h) || narcsp[-1] != GMON_TAG_CG_ARC) {
		sys_munmap(m, size);
		rt_dprintf(2, "%s: file is no correct profile data file for `%s'\n", file,
			   L.profile);
		scratch_put(file);
		return;
	}
	scratch_put(file);
	size_t tossize = textsize / HASHFRACTION;
	tos = rt_calloc(1, tossize + fromlimit * sizeof *froms);
	if (!tos)
		dl_fatal("cannot start profiling", "out of memory");
	froms = (struct from *)((char *)tos + tossize);
	profile_index();
	profil_start((uint16_t *)(hist + 4 + sizeof h), kcountsize);
	running = 1;
}

/* after relocation (start-up, or a dlopen): the first object named by
   LD_PROFILE starts the profile, once; it stays loaded (glibc: NODELETE) */
void profile_start(void)
{
	if (!L.profile || running || L.profile_map)
		return;
	for (struct dso *d = L.head; d; d = d->next)
		if (!d->missing && d->relocated && d->kind != DSO_MAIN &&
		    (dso_has_name(d, L.profile) || (d->name && !strcmp(d->name, L.profile)))) {
			L.profile_map = d;
			d->nodelete = 1;
			glibc_publish_profile_map(d);
			profile_open(d);
			return;
		}
}

/* a new arc from -> self: appended to the file's table and to its list */
static volatile struct arc *arc_new(volatile uint16_t *topcindex, uintptr_t from,
				    uintptr_t self)
{
	/* arcs another process appended meanwhile join the lists first */
	while (narcs != *narcsp && narcs < fromlimit) {
		size_t t = to_index(data[narcs].self_pc);
		size_t n = __atomic_add_fetch(&fromidx, 1, __ATOMIC_RELAXED);
		froms[n].here = &data[narcs];
		froms[n].link = tos[t];
		tos[t] = n;
		__atomic_add_fetch(&narcs, 1, __ATOMIC_RELAXED);
	}
	if (*topcindex)
		return 0;	/* someone added to this list: search it again */
	uint32_t k = __atomic_fetch_add(narcsp, 1, __ATOMIC_RELAXED);
	if (k >= fromlimit)
		return 0;	/* the table is full: not counted (glibc) */
	size_t n = __atomic_add_fetch(&fromidx, 1, __ATOMIC_RELAXED);
	*topcindex = n;
	froms[n].here = &data[k];
	froms[n].link = 0;
	data[k].from_pc = from;
	data[k].self_pc = self;
	data[k].count = 0;
	__atomic_add_fetch(&narcs, 1, __ATOMIC_RELAXED);
	return &data[k];
}

/* glibc's _dl_mcount: count one call from `from` to `self` (absolute
   addresses; a caller outside the object counts as 0, a callee outside it
   not at all) */
void profile_mcount(uintptr_t from, uintptr_t self)
{
	if (!running)
		return;
	from -= lowpc;
	if (from >= textsize)
		from = 0;
	self -= lowpc;
	if (self >= textsize)
		return;
	for (int tries = 0; tries < 4; tries++) {
		volatile uint16_t *link = &tos[mcount_index(self)];
		while (*link && froms[*link].here->from_pc != from)
			link = &froms[*link].link;
		volatile struct arc *a = *link ? froms[*link].here : arc_new(link, from, self);
		if (a) {
			__atomic_add_fetch(&a->count, 1, __ATOMIC_RELAXED);
			return;
		}
		if (*narcsp >= fromlimit)
			return;
	}
}
