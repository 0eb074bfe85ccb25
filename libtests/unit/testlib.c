/* Helpers for the unit tests: file and tool-output readers that do not use
   the loader's code, so what they return can serve as expectations. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"

#define PG 4096UL

unsigned char *tl_slurp(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	unsigned char *buf = malloc(st.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, st.st_size - got);
		ck_assert_msg(r > 0, "read %s", path);
		got += r;
	}
	close(fd);
	buf[got] = 0;
	*size = got;
	return buf;
}

unsigned char *tl_guarded(size_t size)
{
	size_t body = (size + PG - 1) & ~(PG - 1);
	unsigned char *m = mmap(0, body + 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(m != MAP_FAILED);
	if (body)
		ck_assert_int_eq(mprotect(m + PG, body, PROT_READ | PROT_WRITE), 0);
	return m + PG + (body - size);
}

void tl_guard_free(unsigned char *p, size_t size)
{
	size_t body = (size + PG - 1) & ~(PG - 1);
	unsigned char *m = p - (body - size) - PG;
	munmap(m, body + 2 * PG);
}

struct dso *tl_map_dso(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof eh, 0) != sizeof eh || eh.e_phentsize != sizeof(Elf64_Phdr)) {
		close(fd);
		return 0;
	}
	Elf64_Phdr *ph = calloc(eh.e_phnum, sizeof *ph);
	if (pread(fd, ph, eh.e_phnum * sizeof *ph, eh.e_phoff) != (ssize_t)(eh.e_phnum * sizeof *ph)) {
		close(fd);
		return 0;
	}
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((ph[i].p_vaddr & ~(PG - 1)) < lo)
			lo = ph[i].p_vaddr & ~(PG - 1);
		if (((ph[i].p_vaddr + ph[i].p_memsz + PG - 1) & ~(PG - 1)) > hi)
			hi = (ph[i].p_vaddr + ph[i].p_memsz + PG - 1) & ~(PG - 1);
	}
	if (lo >= hi) {
		close(fd);
		return 0;
	}
	unsigned char *res = mmap(0, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		close(fd);
		return 0;
	}
	uintptr_t base = (uintptr_t)res - lo;
	uintptr_t phdr_addr = 0;
	Elf64_Dyn *dynamic = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type == PT_DYNAMIC)
			dynamic = (Elf64_Dyn *)(base + p->p_vaddr);
		if (p->p_type == PT_PHDR)
			phdr_addr = base + p->p_vaddr;
		if (p->p_type != PT_LOAD)
			continue;
		if (!phdr_addr && eh.e_phoff >= p->p_offset && eh.e_phoff < p->p_offset + p->p_filesz)
			phdr_addr = base + p->p_vaddr + (eh.e_phoff - p->p_offset);
		uintptr_t start = (base + p->p_vaddr) & ~(PG - 1);
		uintptr_t fend = base + p->p_vaddr + p->p_filesz;
		uintptr_t mend = base + p->p_vaddr + p->p_memsz;
		uintptr_t fend_pg = (fend + PG - 1) & ~(PG - 1), mend_pg = (mend + PG - 1) & ~(PG - 1);
		if (p->p_filesz) {
			void *m = mmap((void *)start, fend_pg - start, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_FIXED, fd, p->p_offset & ~(PG - 1));
			if (m == MAP_FAILED)
				goto fail;
			if (p->p_memsz > p->p_filesz)
				memset((void *)fend, 0, fend_pg - fend);
		}
		uintptr_t anon = p->p_filesz ? fend_pg : start;
		if (mend_pg > anon &&
		    mmap((void *)anon, mend_pg - anon, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			goto fail;
	}
	close(fd);
	free(ph);
	struct dso *d = calloc(1, sizeof *d);
	d->base = base;
	d->map_start = (uintptr_t)res;
	d->map_end = (uintptr_t)res + (hi - lo);
	d->map_len = hi - lo;
	d->phdr = (const Elf64_Phdr *)phdr_addr;
	d->phnum = eh.e_phnum;
	d->dynamic = dynamic;
	d->name = strdup(path);
	d->kind = DSO_LIB;
	return d;
fail:
	munmap(res, hi - lo);
	close(fd);
	free(ph);
	return 0;
}

void tl_unmap_dso(struct dso *d)
{
	if (!d)
		return;
	munmap((void *)d->map_start, d->map_len);
	free((void *)d->name);
	free(d->versions);
	free(d);
}

const void *tl_at(const struct tl_elf *e, uint64_t off, uint64_t len)
{
	if (off > e->size || len > e->size - off)
		return 0;
	return e->data + off;
}

const Elf64_Shdr *tl_section(const struct tl_elf *e, const char *name)
{
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->shstr && !strcmp(e->shstr + e->sh[i].sh_name, name))
			return &e->sh[i];
	return 0;
}

const Elf64_Shdr *tl_section_type(const struct tl_elf *e, uint32_t type)
{
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == type)
			return &e->sh[i];
	return 0;
}

int tl_elf_open(struct tl_elf *e, const char *path)
{
	memset(e, 0, sizeof *e);
	e->data = tl_slurp(path, &e->size);
	e->eh = (const Elf64_Ehdr *)e->data;
	if (e->size < sizeof *e->eh || e->eh->e_shentsize != sizeof(Elf64_Shdr))
		return -1;
	e->shnum = e->eh->e_shnum;
	e->sh = tl_at(e, e->eh->e_shoff, (uint64_t)e->shnum * sizeof(Elf64_Shdr));
	if (!e->sh)
		return -1;
	const Elf64_Shdr *ss = &e->sh[e->eh->e_shstrndx];
	e->shstr = tl_at(e, ss->sh_offset, ss->sh_size);
	const Elf64_Shdr *ds = tl_section_type(e, SHT_DYNSYM);
	if (ds) {
		e->dynsym = tl_at(e, ds->sh_offset, ds->sh_size);
		e->ndynsym = ds->sh_size / sizeof(Elf64_Sym);
		const Elf64_Shdr *st = &e->sh[ds->sh_link];
		e->dynstr = tl_at(e, st->sh_offset, st->sh_size);
		e->dynstr_size = st->sh_size;
	}
	const Elf64_Shdr *vs = tl_section_type(e, SHT_GNU_versym);
	if (vs)
		e->versym = tl_at(e, vs->sh_offset, vs->sh_size);
	return 0;
}

void tl_elf_close(struct tl_elf *e)
{
	free(e->by_name);
	free(e->data);
	memset(e, 0, sizeof *e);
}

unsigned tl_verdef_names(const struct tl_elf *e, const char **names, unsigned max)
{
	unsigned high = 0;
	for (unsigned i = 0; i < max; i++)
		names[i] = 0;
	const Elf64_Shdr *vs = tl_section_type(e, SHT_GNU_verdef);
	if (!vs)
		return 0;
	const Elf64_Shdr *str = &e->sh[vs->sh_link];
	uint64_t off = vs->sh_offset;
	for (unsigned n = 0; n < vs->sh_info; n++) {
		const Elf64_Verdef *vd = tl_at(e, off, sizeof *vd);
		if (!vd)
			break;
		const Elf64_Verdaux *aux = tl_at(e, off + vd->vd_aux, sizeof *aux);
		unsigned ndx = vd->vd_ndx & 0x7fff;
		if (aux && ndx < max && aux->vda_name < str->sh_size)
			names[ndx] = (const char *)e->data + str->sh_offset + aux->vda_name;
		if (ndx > high)
			high = ndx;
		if (!vd->vd_next)
			break;
		off += vd->vd_next;
	}
	return high;
}

char **tl_lines(const char *cmd, size_t *n)
{
	char *full;
	ck_assert(asprintf(&full, "LC_ALL=C %s 2>/dev/null", cmd) > 0);
	FILE *f = popen(full, "r");
	ck_assert_msg(f != 0, "popen %s", cmd);
	char **lines = 0;
	size_t cnt = 0, cap = 0;
	char *line = 0;
	size_t len = 0;
	ssize_t r;
	while ((r = getline(&line, &len, f)) >= 0) {
		if (r && line[r - 1] == '\n')
			line[r - 1] = 0;
		if (cnt == cap)
			lines = realloc(lines, (cap = cap ? 2 * cap : 256) * sizeof *lines);
		lines[cnt++] = strdup(line);
	}
	free(line);
	pclose(f);
	free(full);
	*n = cnt;
	return lines;
}

void tl_free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void copy_word(char *dst, size_t dlen, const char *src)
{
	size_t i = 0;
	while (src[i] && !isspace((unsigned char)src[i]) && i + 1 < dlen) {
		dst[i] = src[i];
		i++;
	}
	dst[i] = 0;
}

size_t tl_readelf_versions(const char *path, struct tl_ver *out, size_t max, int needs)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "readelf -V -W '%s'", path);
	size_t n, k = 0;
	char **lines = tl_lines(cmd, &n);
	int section = 0;	/* 1 = definitions, 2 = needs */
	char file[128] = "";
	for (size_t i = 0; i < n; i++) {
		const char *l = lines[i], *p;
		if (strstr(l, "Version definition section"))
			section = 1;
		else if (strstr(l, "Version needs section"))
			section = 2;
		else if (strstr(l, "Version symbols section"))
			section = 0;
		else if (section == 1 && !needs && (p = strstr(l, "Index: ")) && k < max) {
			memset(&out[k], 0, sizeof out[k]);
			out[k].index = strtoul(p + 7, 0, 10);
			const char *fl = strstr(l, "Flags: ");
			out[k].base = fl && strstr(fl, "BASE") && strstr(fl, "BASE") < p;
			out[k].weak = fl && strstr(fl, "WEAK") && strstr(fl, "WEAK") < p;
			if ((p = strstr(l, "Name: ")))
				copy_word(out[k].name, sizeof out[k].name, p + 6);
			k++;
		} else if (section == 2 && (p = strstr(l, "File: "))) {
			copy_word(file, sizeof file, p + 6);
		} else if (section == 2 && needs && (p = strstr(l, "Name: ")) && k < max) {
			memset(&out[k], 0, sizeof out[k]);
			copy_word(out[k].name, sizeof out[k].name, p + 6);
			const char *v = strstr(l, "Version: ");
			out[k].index = v ? strtoul(v + 9, 0, 10) : 0;
			const char *fl = strstr(l, "Flags: ");
			out[k].weak = fl && strstr(fl, "WEAK") && (!v || strstr(fl, "WEAK") < v);
			snprintf(out[k].file, sizeof out[k].file, "%s", file);
			k++;
		}
	}
	tl_free_lines(lines, n);
	return k;
}

int tl_readelf_dyn(const char *path, const char *tag, char *val, size_t vallen)
{
	/* one readelf run per object: the last path's output is kept */
	static char *cached_path;
	static char **lines;
	static size_t n;
	if (!cached_path || strcmp(cached_path, path)) {
		char cmd[512];
		if (cached_path)
			tl_free_lines(lines, n);
		free(cached_path);
		snprintf(cmd, sizeof cmd, "readelf -d -W '%s'", path);
		lines = tl_lines(cmd, &n);
		cached_path = strdup(path);
	}
	char want[64];
	snprintf(want, sizeof want, "(%s)", tag);
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(lines[i], want);
		if (!p)
			continue;
		p += strlen(want);
		while (*p == ' ')
			p++;
		const char *b = strchr(p, '['), *e = b ? strrchr(b, ']') : 0;
		if (b && e)
			snprintf(val, vallen, "%.*s", (int)(e - b - 1), b + 1);
		else
			snprintf(val, vallen, "%s", p);
		return 1;
	}
	return 0;
}

long tl_readelf_nsyms(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "readelf --dyn-syms -W '%s'", path);
	size_t n;
	long count = -1;
	char **lines = tl_lines(cmd, &n);
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(lines[i], "Symbol table '.dynsym' contains ");
		if (p)
			count = strtol(p + strlen("Symbol table '.dynsym' contains "), 0, 10);
	}
	tl_free_lines(lines, n);
	return count;
}

size_t tl_readelf_syms(const char *path, struct tl_rsym **out)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "readelf --dyn-syms -W '%s'", path);
	size_t n, k = 0;
	char **lines = tl_lines(cmd, &n);
	struct tl_rsym *v = calloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		struct tl_rsym s;
		char size[32], vis[32], name[512];
		memset(&s, 0, sizeof s);
		name[0] = 0;
		int f = sscanf(lines[i], " %lu: %lx %31s %15s %15s %31s %15s %511s",
			       &s.index, &s.value, size, s.type, s.bind, vis, s.ndx, name);
		if (f < 7)
			continue;
		s.size = strtoul(size, 0, 0);
		char *at = strchr(name, '@');
		if (at) {
			s.is_default = at[1] == '@';
			snprintf(s.version, sizeof s.version, "%s", at + 1 + s.is_default);
			*at = 0;
		}
		snprintf(s.name, sizeof s.name, "%s", name);
		v[k++] = s;
	}
	tl_free_lines(lines, n);
	*out = v;
	return k;
}

uint32_t ref_elf_hash(const unsigned char *name)
{
	/* System V ABI, "Hash Table" (figure 5-13) */
	uint32_t h = 0, g;
	while (*name) {
		h = (h << 4) + *name++;
		if ((g = h & 0xf0000000))
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

uint32_t ref_gnu_hash(const unsigned char *name)
{
	/* Bernstein's hash as used by DT_GNU_HASH: h = h * 33 + c, seed 5381 */
	uint32_t h = 5381;
	for (; *name; name++)
		h = (h << 5) + h + *name;
	return h;
}

uint64_t tl_rand(uint64_t *s)
{
	/* xorshift64* */
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int tl_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	if (!failed)
		putchar('\n');	/* Check ends the summary line only when it lists failures */
	srunner_free(sr);
	return failed ? 1 : 0;
}

int tl_sym_eligible(const Elf64_Sym *s)
{
	unsigned type = ELF64_ST_TYPE(s->st_info), bind = ELF64_ST_BIND(s->st_info);
	if (s->st_shndx == SHN_UNDEF)
		return 0;
	if (s->st_value == 0 && s->st_shndx != SHN_ABS && type != STT_TLS)
		return 0;
	if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC && type != STT_COMMON &&
	    type != STT_TLS && type != STT_GNU_IFUNC)
		return 0;
	return bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE;
}

static const struct tl_elf *sort_elf;
static int by_name_cmp(const void *a, const void *b)
{
	const Elf64_Sym *x = &sort_elf->dynsym[*(const size_t *)a], *y = &sort_elf->dynsym[*(const size_t *)b];
	int c = strcmp(sort_elf->dynstr + x->st_name, sort_elf->dynstr + y->st_name);
	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t tl_name_range(struct tl_elf *e, const char *name, size_t *first)
{
	if (!e->by_name) {
		e->by_name = malloc((e->ndynsym + 1) * sizeof *e->by_name);
		for (size_t i = 0; i < e->ndynsym; i++)
			e->by_name[i] = i;
		sort_elf = e;
		qsort(e->by_name, e->ndynsym, sizeof *e->by_name, by_name_cmp);
	}
	size_t lo = 0, hi = e->ndynsym;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(e->dynstr + e->dynsym[e->by_name[mid]].st_name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < e->ndynsym && !strcmp(e->dynstr + e->dynsym[e->by_name[end]].st_name, name))
		end++;
	*first = lo;
	return end - lo;
}

long tl_expect_unversioned(struct tl_elf *e, const char *name, int newest)
{
	long immediate = -1, versioned = -1;
	int nimmediate = 0, nversioned = 0;
	size_t first, n = tl_name_range(e, name, &first);
	for (size_t k = first; k < first + n; k++) {
		size_t i = e->by_name[k];
		const Elf64_Sym *s = &e->dynsym[i];
		if (i == 0 || !tl_sym_eligible(s))
			continue;
		if (!e->versym)
			return i;
		unsigned ndx = e->versym[i] & 0x7fff, hidden = e->versym[i] & 0x8000;
		if (ndx < (newest ? 2u : 3u)) {
			if (!nimmediate++)
				immediate = i;
		} else if (!hidden && !nversioned++)
			versioned = i;
	}
	if (nimmediate > 1)
		return -2;	/* several: depends on the hash chain order */
	if (nimmediate)
		return immediate;
	return nversioned == 1 ? versioned : -1;
}
