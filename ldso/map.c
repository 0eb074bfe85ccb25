/* Map an ELF file's PT_LOAD segments: one reservation for the whole span,
   then each segment over it, bss zeroed, holes made inaccessible. */
#include <fcntl.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "ldso.h"

#define HEAD_READ MAP_HEAD_READ	/* libc.so.6's 14 program headers end at 848 bytes,
				   past glibc's 832, which costs it a second read */

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE 0x8000
#endif
#ifndef MADV_WILLNEED
#define MADV_WILLNEED 3
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14 */
#define MADV_POPULATE_WRITE 23
#endif

/* LD_CUSTOM_LOAD: how each kind of segment comes in.  demand: mmap and
   fault; eager: populated at mmap (MAP_POPULATE; a private writable mapping
   is populated by copy-on-write, so relocation then writes without faults);
   prefetch: MADV_WILLNEED (read-ahead into the page cache, no mapping);
   copy (writable file pages only): read into anonymous memory, transparent
   huge pages (MADV_HUGEPAGE) where an aligned one fits: one fault per 2 MiB. */
enum seg_kind { SEG_TEXT, SEG_RODATA, SEG_DATA, SEG_BSS, SEG_KINDS };
enum load_how { LOAD_DEMAND, LOAD_EAGER, LOAD_PREFETCH, LOAD_COPY, LOAD_HOWS,
		LOAD_AUTO = LOAD_HOWS };
static const char *const kind_name[SEG_KINDS] = { "text", "rodata", "data", "bss" };
static const char *const how_name[LOAD_HOWS] = { "demand", "eager", "prefetch", "copy" };
/* the default, per kind, from scripts/bench's measurements (README): text,
   read-only data and bss on demand; writable file pages eager when a
   segment has at least AUTO_EAGER of them (relocations touch most of such a
   segment; a small one is mostly left alone and would only grow the RSS),
   copied when a huge page fits in them (libLLVM's 7.8 MB: 3 huge pages and
   ~400 small ones instead of 1917 copy-on-write pages; clangd's CPU -7%,
   its page faults -40%, the same RSS: the pages were all populated anyway).
   Populating only the span of relocation targets was measured and dropped:
   on clangd's, gdb's, cmake's and libpython's big segments that span is the
   whole file part, or all but a .data tail the program writes anyway. */
#define AUTO_EAGER (64 * 1024)
static unsigned char load_plan[SEG_KINDS] = { LOAD_DEMAND, LOAD_DEMAND, LOAD_AUTO,
					      LOAD_DEMAND };
static int load_plan_read;

static int word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

static int how_of(const char *s, size_t n)
{
	for (int h = 0; h < LOAD_HOWS; h++)
		if (word_is(s, n, how_name[h]))
			return h;
	return -1;
}

/* a word: demand (everything), eager (writable file pages: data and RELRO),
   prefetch (text); or a list KIND=HOW,... with the other kinds on demand.
   0, or -1 for anything else */
static int parse_plan(const char *v, unsigned char *plan)
{
	int h = how_of(v, strlen(v));
	memset(plan, LOAD_DEMAND, SEG_KINDS);
	if (h == LOAD_EAGER || h == LOAD_COPY)
		plan[SEG_DATA] = h;
	else if (h == LOAD_PREFETCH)
		plan[SEG_TEXT] = LOAD_PREFETCH;
	if (h >= 0)
		return 0;
	for (;;) {	/* an empty item ("", "a,,b", "a,") is invalid */
		const char *end = strchr(v, ',');
		size_t n = end ? (size_t)(end - v) : strlen(v);
		const char *eq = v;
		while (eq < v + n && *eq != '=')
			eq++;
		if (eq == v + n)
			return -1;
		int k = SEG_KINDS;
		for (int i = 0; i < SEG_KINDS && k == SEG_KINDS; i++)
			if (word_is(v, eq - v, kind_name[i]))
				k = i;
		if (k == SEG_KINDS || (h = how_of(eq + 1, v + n - eq - 1)) < 0 ||
		    (h == LOAD_COPY && k != SEG_DATA))
			return -1;
		plan[k] = h;
		if (!end)
			return 0;
		v = end + 1;
	}
}

/* read once; ignored in secure mode (it is a performance knob only, and a
   set-user-ID program's memory use is not the caller's to choose), and an
   invalid value is ignored whole, as glibc ignores an invalid tunable */
static const unsigned char *plan_get(void)
{
	if (load_plan_read)
		return load_plan;
	load_plan_read = 1;
	for (char **e = L.envp; L.load_env && e && *e && !L.secure; e++)
		if (!strncmp(*e, "LD_CUSTOM_LOAD=", 15)) {
			unsigned char plan[SEG_KINDS];
			if (!parse_plan(*e + 15, plan))
				memcpy(load_plan, plan, sizeof plan);
		}
	return load_plan;
}

static enum seg_kind seg_kind(const Elf64_Phdr *p)
{
	return p->p_flags & PF_X ? SEG_TEXT : p->p_flags & PF_W ? SEG_DATA : SEG_RODATA;
}

/* an aligned transparent huge page fits in [start, start + len) */
static int huge_fits(uintptr_t start, size_t len)
{
	return ALIGN_UP(start, ARCH_THP_SIZE) + ARCH_THP_SIZE <= start + len;
}

/* how len bytes at start of a segment of this kind come in */
static int plan_how_at(enum seg_kind k, uintptr_t start, size_t len)
{
	int how = plan_get()[k];
	if (how != LOAD_AUTO)
		return how;
	if (huge_fits(start, len))
		return LOAD_COPY;
	return len >= AUTO_EAGER ? LOAD_EAGER : LOAD_DEMAND;
}

/* after the mmap: read-ahead, or (the first segment, mapped with the whole
   reservation so MAP_POPULATE was no use) population; errors change nothing */
static void plan_advise(enum seg_kind k, int how, void *start, size_t len, int mapped_eager)
{
	if (how == LOAD_PREFETCH)
		sys_madvise(start, len, MADV_WILLNEED);
	else if (how == LOAD_EAGER && !mapped_eager)
		sys_madvise(start, len, k == SEG_DATA ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
}

static int seg_prot(uint32_t f)
{
	return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) |
	       (f & PF_X ? PROT_EXEC : 0);
}

/* readable: with protection keys an execute-only (PF_X) mapping cannot be read */
static int seg_readable(const Elf64_Phdr *p)
{
	return p->p_type == PT_LOAD && p->p_memsz && (p->p_flags & (PF_R | PF_W));
}

/* Fill in what the program headers say; shared by mapped and adopted objects.
   As many segments as the headers have (glibc has no cap): past 8, allocated. */
void dso_scan_phdrs(struct dso *d)
{
	unsigned n = 0;
	for (unsigned i = 0; i < d->phnum; i++)
		n += seg_readable(&d->phdr[i]);
	dso_free_segs(d);
	if (n > sizeof d->seg_mem / sizeof d->seg_mem[0] &&
	    !(d->seg = rt_calloc(n, sizeof *d->seg))) {
		d->seg = d->seg_mem;
		d->segs_known = 0;	/* no memory: checked against the whole span */
	} else {
		d->segs_known = 1;
	}
	d->stack_flags = PF_R | PF_W | PF_X;	/* glibc: no PT_GNU_STACK means executable */
	for (unsigned i = 0; i < d->phnum; i++) {
		const Elf64_Phdr *p = &d->phdr[i];
		switch (p->p_type) {
		case PT_LOAD:
			/* only what can be read counts: PROT_NONE and execute-only hold nothing */
			if (seg_readable(p) && d->segs_known) {
				d->seg[d->nsegs].start = d->base + p->p_vaddr;
				d->seg[d->nsegs].end = d->base + p->p_vaddr + p->p_memsz;
				d->seg[d->nsegs].writable = (p->p_flags & PF_W) != 0;
				d->nsegs++;
			}
			break;
		case PT_DYNAMIC:
			d->dynamic = (Elf64_Dyn *)(d->base + p->p_vaddr);
			d->dyn_readonly = !(p->p_flags & PF_W);
			break;
		case PT_TLS:
			if (!p->p_memsz)
				break;	/* glibc: nothing to do for an empty segment */
			d->tls_image = (const void *)(d->base + p->p_vaddr);
			d->tls_filesz = p->p_filesz;
			d->tls_memsz = p->p_memsz;
			d->tls_align = p->p_align ? p->p_align : 1;
			d->tls_firstbyte = p->p_vaddr & (d->tls_align - 1);
			break;
		case PT_GNU_RELRO:
			d->relro_start = ALIGN_DOWN(d->base + p->p_vaddr, L.pagesize);
			d->relro_end = ALIGN_DOWN(d->base + p->p_vaddr + p->p_memsz, L.pagesize);
			break;
		case PT_GNU_EH_FRAME:
			d->eh_frame = d->base + p->p_vaddr;
			break;
		case PT_GNU_STACK:
			d->stack_flags = p->p_flags;
			break;
		}
	}
}

/* an object already in memory: the adopted program, the vDSO, the loader */
struct dso *dso_new_from_memory(const char *name, uintptr_t base, const Elf64_Phdr *ph,
				unsigned phnum, int kind)
{
	struct dso *d = dso_new(name, kind);
	if (!d)
		dl_fatal("error while loading shared libraries", "out of memory");
	d->base = base;
	d->phdr = ph;
	d->phnum = phnum;
	uintptr_t lo = (uintptr_t)-1, hi = 0;
	for (unsigned i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			uintptr_t s = ALIGN_DOWN(base + ph[i].p_vaddr, L.pagesize);
			uintptr_t e = ALIGN_UP(base + ph[i].p_vaddr + ph[i].p_memsz, L.pagesize);
			if (s < lo) lo = s;
			if (e > hi) hi = e;
		}
	d->map_start = lo;
	d->map_end = hi;
	d->map_len = hi - lo;
	dso_scan_phdrs(d);
	return d;
}


/* Open a file to map. glibc reads whatever it opens and hangs on a FIFO:
   we never block (O_NONBLOCK) and take regular files only. Returns the fd,
   or a negative errno with *why 0, or -1 with *why saying what the file is. */
long map_open(const char *path, struct stat *st, const char **why)
{
	*why = 0;
	long fd = sys_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fd;
	long r = sys_fstat(fd, st);
	if (r < 0)
		*why = "cannot stat shared object";
	else if (S_ISDIR(st->st_mode))
		*why = "cannot read file data: Is a directory";	/* glibc's words */
	else if (S_ISFIFO(st->st_mode))
		*why = "not a regular file (a FIFO)";
	else if (S_ISCHR(st->st_mode))
		*why = "not a regular file (a character device)";
	else if (S_ISBLK(st->st_mode))
		*why = "not a regular file (a block device)";
	else if (!S_ISREG(st->st_mode))
		*why = "not a regular file";
	if (!*why)
		return fd;
	sys_close(fd);
	return -1;
}

/* 2: another ELF class, 1: another machine, 0: neither (usable or plain bad) */
int map_skip_kind(const Elf64_Ehdr *eh, size_t fsize)
{
	if (fsize < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return 0;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return 2;
	/* glibc checks the machine after the ident fields: only then is it a skip */
	const char *why = elf_check_header(eh, fsize, 1);
	return why && !strncmp(why, "wrong machine", 13);
}

/* the file's headers, checked: the program headers are in the first read or
   in scratch memory */
struct file_head {
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	size_t phsize;
};

/* the segments' placement: where the first byte went and where the link address 0 is */
struct placed {
	const Elf64_Phdr *first, *last;	/* the first and last PT_LOAD */
	unsigned char *m;
	uintptr_t base;
	size_t span;
};

/* the ELF header and the program headers, from pre (the caller's read) or
   read here; 0, or -1 with err set */
static int read_head(int fd, int is_main, size_t st_size, const struct map_head *pre,
		     struct file_head *h, struct map_error *err)
{
	/* scratch: 16-byte aligned (so is the caller's, formats.c's) */
	unsigned char *buf = pre ? (unsigned char *)pre->buf : scratch_get(HEAD_READ);
	const Elf64_Ehdr *eh = (const void *)buf;
	const char *why;
	long n = pre ? (long)pre->n : buf ? sys_pread(fd, buf, HEAD_READ, 0) : -ENOMEM;
	if (n < 0) {
		rt_snprintf(err->msg, sizeof err->msg, "cannot read file data: %s", errno_text(n));
		return -1;
	}
	size_t fsize = st_size;
	if ((size_t)n < fsize && (size_t)n < HEAD_READ)
		fsize = n;
	if ((why = elf_check_header(eh, fsize, is_main))) {
		/* glibc keeps searching past an object of the wrong class (2) or machine (1) */
		err->skip = map_skip_kind(eh, fsize);
		rt_snprintf(err->msg, sizeof err->msg, "%s", why);
		return -1;
	}
	/* the program headers come from the file, never from the mapping (which
	   may be execute-only); as many as the header says, like glibc */
	size_t phsize = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	Elf64_Phdr *ph;
	if (eh->e_phoff + phsize <= (size_t)n) {
		ph = (Elf64_Phdr *)(buf + eh->e_phoff);
	} else {
		/* past the first read: a second one, into scratch memory */
		ph = scratch_get(phsize);
		if (!ph || sys_pread(fd, ph, phsize, eh->e_phoff) != (long)phsize) {
			rt_snprintf(err->msg, sizeof err->msg, "cannot read program headers");
			return -1;
		}
	}
	why = elf_check_phdrs(ph, eh->e_phnum, fsize, L.pagesize);
	/* glibc reserves span + p_align: past the address space it fails to map */
	for (unsigned i = 0; !why && eh->e_type == ET_DYN && i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_align > (1ULL << 47))
			why = "failed to map segment from shared object";
	if (why) {
		rt_snprintf(err->msg, sizeof err->msg, "%s", why);
		return -1;
	}
	*h = (struct file_head){ eh, ph, phsize };
	return 0;
}

/* the reservation maps the first segment from the file; an ET_DYN asks for
   its link address as a hint, as glibc does. 0, or -1 with err set */
static int reserve(int fd, const struct file_head *h, struct placed *pl, struct map_error *err)
{
	const Elf64_Phdr *ph = h->ph;
	pl->first = pl->last = 0;
	for (unsigned i = 0; i < h->eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			if (!pl->first)
				pl->first = &ph[i];
			pl->last = &ph[i];
		}
	uintptr_t lo = ALIGN_DOWN(pl->first->p_vaddr, L.pagesize);
	uintptr_t hi = ALIGN_UP(pl->last->p_vaddr + pl->last->p_memsz, L.pagesize);
	int fixed = h->eh->e_type == ET_EXEC;
	pl->span = hi - lo;
	pl->m = sys_mmap((void *)lo, pl->span, seg_prot(pl->first->p_flags),
			 MAP_PRIVATE | (fixed ? MAP_FIXED_NOREPLACE : 0), fd,
			 ALIGN_DOWN(pl->first->p_offset, L.pagesize));
	if (mmap_failed(pl->m)) {
		rt_snprintf(err->msg, sizeof err->msg, (long)pl->m == -EEXIST
			    ? "cannot map segments: address range already in use"
			    : "cannot map segments: error %ld", -(long)pl->m);
		return -1;
	}
	pl->base = (uintptr_t)pl->m - lo;
	return 0;
}

/* copy: anonymous memory, huge pages asked for where they fit (one fault
   each), the file's bytes read in; a short read (the file shrank) fails like
   a mapping error.  0 or -1 */
static int copy_segment(int fd, const Elf64_Phdr *p, uintptr_t seg, size_t len)
{
	uint64_t off = ALIGN_DOWN(p->p_offset, L.pagesize);
	size_t need = p->p_offset + p->p_filesz - off, done = 0;
	void *r = sys_mmap((void *)seg, len, seg_prot(p->p_flags),
			   MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
	if (mmap_failed(r))
		return -1;
	if (huge_fits(seg, len))
		sys_madvise((void *)ALIGN_UP(seg, ARCH_THP_SIZE),
			    ALIGN_DOWN(seg + len, ARCH_THP_SIZE) - ALIGN_UP(seg, ARCH_THP_SIZE),
			    MADV_HUGEPAGE);
	while (done < need) {
		long n = sys_pread(fd, (char *)seg + done, len - done, off + done);
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

/* The reservation maps the file from the first segment's page on: a later
   segment whose pages sit at the same distance in the file as in memory
   (what linkers write) is already mapped there with the right bytes, and
   needs at most an mprotect (cheaper than replacing the mapping: here ~10 us
   an object for mmap x4, ~1/4 less with mprotect), or nothing where its
   protection is the first segment's.  Not where an earlier segment's pages
   reach into it (fresh is 0): those may hold that segment's copy. */
static int in_reservation(const struct placed *pl, const Elf64_Phdr *p, uintptr_t seg,
			  int fresh)
{
	uint64_t first_off = ALIGN_DOWN(pl->first->p_offset, L.pagesize);
	uint64_t off = ALIGN_DOWN(p->p_offset, L.pagesize);
	return fresh && off >= first_off && off - first_off == seg - (uintptr_t)pl->m;
}

/* one segment's file bytes: the reservation holds the first's; 0 or -1 */
static int map_file_part(int fd, const struct placed *pl, const Elf64_Phdr *p, uintptr_t seg,
			 size_t len, int fresh)
{
	int first = p == pl->first;
	int how = plan_how_at(seg_kind(p), seg, len);
	if (how == LOAD_COPY && !first)
		return copy_segment(fd, p, seg, len);
	if (how == LOAD_COPY)	/* the reservation's head stays mapped: populated instead */
		how = LOAD_EAGER;
	int flags = how == LOAD_EAGER && !first ? MAP_POPULATE : 0;
	int prot = seg_prot(p->p_flags);
	if (!first && !flags && in_reservation(pl, p, seg, fresh)) {
		if (prot != seg_prot(pl->first->p_flags) && sys_mprotect((void *)seg, len, prot))
			return -1;
		first = 1;	/* mapped: nothing more to map */
	}
	void *r = first ? pl->m : sys_mmap((void *)seg, len, prot, MAP_PRIVATE | MAP_FIXED | flags,
					   fd, ALIGN_DOWN(p->p_offset, L.pagesize));
	if (mmap_failed(r))
		return -1;
	plan_advise(seg_kind(p), how, (void *)seg, len, flags != 0);
	return 0;
}

/* every PT_LOAD after the first into the reservation, holes made inaccessible,
   bss zeroed; 0 or -1 */
static int map_segments(int fd, const struct placed *pl)
{
	uintptr_t base = pl->base, prev_end = (uintptr_t)pl->m;
	for (const Elf64_Phdr *p = pl->first; p <= pl->last; p++) {
		if (p->p_type != PT_LOAD)
			continue;
		uintptr_t seg = base + ALIGN_DOWN(p->p_vaddr, L.pagesize);
		uintptr_t file_end = base + p->p_vaddr + p->p_filesz;
		uintptr_t mem_end = base + p->p_vaddr + p->p_memsz;
		uintptr_t file_page_end = ALIGN_UP(file_end, L.pagesize);
		int prot = seg_prot(p->p_flags);

		if (seg > prev_end)	/* a hole between segments: nothing may live there */
			sys_mprotect((void *)prev_end, seg - prev_end, PROT_NONE);
		if (p->p_filesz &&
		    map_file_part(fd, pl, p, seg, file_page_end - seg, seg >= prev_end))
			return -1;
		if (p->p_memsz > p->p_filesz) {
			/* zero the tail of the last file page, then map anonymous pages */
			if (p->p_filesz && file_end < file_page_end && (p->p_flags & PF_W))
				memset((void *)file_end, 0, file_page_end - file_end);
			uintptr_t anon = p->p_filesz ? file_page_end : seg;
			if (mem_end > anon) {
				size_t len = ALIGN_UP(mem_end, L.pagesize) - anon;
				int how = plan_how_at(SEG_BSS, anon, len) == LOAD_EAGER ?
					  MAP_POPULATE : 0;
				void *r = sys_mmap((void *)anon, len, prot, MAP_PRIVATE |
						   MAP_FIXED | MAP_ANONYMOUS | how, -1, 0);
				if (mmap_failed(r))
					return -1;
			}
		}
		prev_end = ALIGN_UP(mem_end, L.pagesize);
	}
	return 0;
}

/* the object for a mapped file; 0 when out of memory */
static struct dso *mapped_dso(const struct file_head *h, const struct placed *pl,
			      const char *name, int kind, const struct stat *st)
{
	struct dso *d = dso_new(name, kind);
	if (!d)
		return 0;
	d->base = pl->base;
	d->map_start = (uintptr_t)pl->m;
	d->map_end = (uintptr_t)pl->m + pl->span;
	d->map_len = pl->span;
	d->dev = st->st_dev;
	d->ino = st->st_ino;
	/* the program headers in memory (l_phdr, AT_PHDR): where a readable
	   segment maps the validated ones from the file (PT_PHDR is not trusted) */
	d->phdr = 0;
	uint64_t phoff = h->eh->e_phoff;
	for (const Elf64_Phdr *p = pl->first; p <= pl->last; p++)
		if (seg_readable(p) && phoff >= p->p_offset &&
		    phoff + h->phsize <= p->p_offset + p->p_filesz)
			d->phdr = (const Elf64_Phdr *)(pl->base + p->p_vaddr + phoff - p->p_offset);
	if (!d->phdr) {
		Elf64_Phdr *copy = rt_alloc(h->phsize);	/* ph is scratch memory */
		if (!copy) {
			rt_free(d);
			return 0;
		}
		memcpy(copy, h->ph, h->phsize);
		d->phdr = copy;
		d->phdr_owned = 1;
	}
	d->phnum = h->eh->e_phnum;
	d->entry = pl->base + h->eh->e_entry;
	dso_scan_phdrs(d);
	return d;
}

static struct dso *map_file(int fd, const char *name, int is_main, const struct stat *st,
			    const struct map_head *pre, struct map_error *err)
{
	struct file_head h;
	struct placed pl;
	err->msg[0] = 0;
	err->skip = 0;
	if (read_head(fd, is_main, (size_t)st->st_size, pre, &h, err) ||
	    reserve(fd, &h, &pl, err))
		return 0;
	int kind = is_main ? DSO_MAIN : DSO_LIB;
	struct dso *d = map_segments(fd, &pl) ? 0 : mapped_dso(&h, &pl, name, kind, st);
	if (!d) {
		sys_munmap(pl.m, pl.span);
		rt_snprintf(err->msg, sizeof err->msg, "cannot map segments");
	}
	return d;
}

/* map_file's scratch memory goes back whichever way it returns */
struct dso *map_object(int fd, const char *name, int is_main, const struct stat *stp,
		       const struct map_head *head, struct map_error *err)
{
	struct scratch_mark m = scratch_mark();
	struct dso *d = map_file(fd, name, is_main, stp, head, err);
	scratch_release(m);
	return d;
}
