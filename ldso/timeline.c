/* The start-up timeline: per object, when each phase ran (search and open,
   map, relocation by kind, RELRO, TLS, constructors), with the page faults
   (getrusage), the loader's system calls (rt_syscalls) and symbol lookups
   in it.  Spans are recorded into one mapping taken when the timeline is
   asked for (nothing is allocated per event); the file is written just
   before the program's entry (a program may leave by _exit: nothing of the
   loader runs at its end) and written again after each dlopen that loaded
   something (at exit if dlopens come faster than it is written).  One
   self-contained HTML page (inline SVG and a table), or text when the name
   ends in ".txt".  The file is created with O_EXCL; if the name exists,
   NAME.PID.EXT (or NAME.PID without an extension). */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include "ldso.h"
#include "timeline.h"
#include "glibc/glibc.h"

#define MAX_ROWS 2048
#define MAX_EVENTS 65536
#define MAX_EPOCHS 256
#define NONE 0xffffffffu
#define UL(x) ((unsigned long)(x))	/* what %lu prints */
#define MONOTONIC 1	/* CLOCK_MONOTONIC (<time.h> names it only under POSIX) */

struct event {
	uint64_t t0, t1, faults, syscalls, lookups;
	uint32_t row, next;		/* the row's next event */
	uint8_t phase;
};

/* one object; names copied, so a row outlives a dlclose */
struct row {
	const struct dso *d;
	char label[96], path[256];
	uint64_t ns[TL_PHASES], faults, syscalls, lookups, mapped, first;
	uint64_t relocs[3];		/* relative, symbolic, PLT entries */
	uint32_t ev_first, ev_last;
	uint8_t dlopened, counted;
};

/* a stretch of the axis drawn to its own scale; row: its first object */
struct epoch { uint64_t t0, t1; uint32_t row; };

struct arena {
	struct row rows[MAX_ROWS];
	struct event ev[MAX_EVENTS];
	uint32_t order[MAX_ROWS];
	uint8_t placed[MAX_ROWS];
	uint32_t epoch_x[MAX_EPOCHS], epoch_w[MAX_EPOCHS];	/* tenths of a pixel */
	struct epoch epochs[MAX_EPOCHS];
	char path[PATH_MAX_LEN];	/* absolute: the program may chdir */
	char out[8192];
};

HIDDEN int timeline_on;

static struct {
	struct arena *a;
	const char *want;
	int text, created, failed, pending;
	uint64_t write_end, write_cost;	/* the last write: when it ended, what it took */
	uint32_t nrows, nev, nepochs, epoch_ev, last_row, norder;
	uint64_t dropped, origin, own, entry;
	struct tl_mark search, map, start;
	int search_set, map_set;
	uint64_t dev, ino;
	long pid, fd;
	size_t outn;
} tl;

/* arrays, not pointers: no relocation of the loader for them */
static const char phase_name[TL_PHASES][13] = {
	"search+open", "map", "relative", "symbolic", "PLT", "RELRO", "TLS", "constructors",
	"set-up"
};
static const char phase_color[TL_PHASES][8] = {
	"#9e9e9e", "#4e79a7", "#59a14f", "#f28e2b", "#e15759", "#76b7b2", "#b07aa1", "#edc948",
	"#bab0ac"
};

/* ---- recording ---- */

static uint64_t clock_ns(void)
{
	struct timespec ts;
	int (*vdso)(clockid_t, struct timespec *) = GLRO->_dl_vdso_clock_gettime64;
	if (!vdso || vdso(MONOTONIC, &ts))
		sys_clock_gettime(MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* the counters now; the timeline's own system calls are left out */
static void capture(struct tl_mark *m)
{
	unsigned long before = rt_syscalls;
	struct rusage ru;
	m->syscalls = before - tl.own;
	m->lookups = L.stat_lookups;
	m->ns = clock_ns() - tl.origin;
	m->faults = sys_getrusage(RUSAGE_SELF, &ru) ? 0 : ru.ru_minflt + ru.ru_majflt;
	tl.own += rt_syscalls - before;
}

/* asked for by LD_CUSTOM_TIMELINE or --timeline (the later wins); never in
   secure mode, where the file would be written with the program's privileges */
void timeline_request(const char *file)
{
	if (L.secure || !file || !*file)
		return;
	if (!tl.a) {
		void *p = sys_mmap(0, sizeof *tl.a, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (mmap_failed(p))
			return;
		tl.a = p;
		tl.origin = clock_ns();
		capture(&tl.start);
	}
	size_t n = strlen(file);
	tl.want = file;
	tl.text = n >= 4 && !strcmp(file + n - 4, ".txt");
	timeline_on = 1;
}

static const char *base_name(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

static void copy_str(char *dst, size_t size, const char *s)
{
	size_t n = str_len_max(s ? s : "", size - 1);
	memcpy(dst, s ? s : "", n);
	dst[n] = 0;
}

/* the bytes its PT_LOAD segments span */
static uint64_t mapped_of(const struct dso *d)
{
	if (d->map_len)
		return d->map_len;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (unsigned i = 0; d->phdr && i < d->phnum; i++) {
		const Elf64_Phdr *p = &d->phdr[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (ALIGN_DOWN(p->p_vaddr, L.pagesize) < lo)
			lo = ALIGN_DOWN(p->p_vaddr, L.pagesize);
		if (ALIGN_UP(p->p_vaddr + p->p_memsz, L.pagesize) > hi)
			hi = ALIGN_UP(p->p_vaddr + p->p_memsz, L.pagesize);
	}
	return hi > lo ? hi - lo : 0;
}

static int row_is(const struct row *r, const struct dso *d)
{
	return r->d == d && !strncmp(r->path, d->name ? d->name : "", sizeof r->path - 1);
}

static struct row *row_find(const struct dso *d)
{
	if (tl.nrows && row_is(&tl.a->rows[tl.last_row], d))
		return &tl.a->rows[tl.last_row];
	for (uint32_t i = tl.nrows; i-- > 0;)
		if (row_is(&tl.a->rows[i], d))
			return &tl.a->rows[tl.last_row = i];
	return 0;
}

static struct row *row_of(const struct dso *d, uint64_t when)
{
	struct row *r = row_find(d);
	if (r || tl.nrows == MAX_ROWS)
		return r;
	tl.last_row = tl.nrows;
	r = &tl.a->rows[tl.nrows++];
	r->d = d;
	const char *label = d->kind != DSO_MAIN && d->soname ? d->soname : d->name;
	copy_str(r->label, sizeof r->label, label);
	copy_str(r->path, sizeof r->path, d->name);
	r->mapped = mapped_of(d);
	r->first = when;
	r->ev_first = r->ev_last = NONE;
	r->dlopened = tl.entry != 0;
	return r;
}

/* the entries of its tables, by kind (decode_dynamic checked their bounds) */
static void count_relocs(struct row *r, const struct dso *d)
{
	r->counted = 1;
	for (size_t i = 0; d->relr && i < d->relr_size / 8; i++)
		r->relocs[0] += d->relr[i] & 1 ? __builtin_popcountll(d->relr[i] >> 1) : 1;
	for (size_t i = 0; d->rela && i < d->rela_size / sizeof *d->rela; i++)
		r->relocs[ELF64_R_TYPE(d->rela[i].r_info) == REL_RELATIVE ? 0 : 1]++;
	if (d->jmprel)
		r->relocs[2] = d->jmprel_size / sizeof *d->jmprel;
}

/* a span joins the previous one when it is the same object's phase, right after it */
static void record(struct dso *d, int phase, const struct tl_mark *a, const struct tl_mark *b)
{
	struct row *r = row_of(d, a->ns);
	if (!r)
		return;
	if (phase >= TL_RELATIVE && phase <= TL_PLT && !r->counted)
		count_relocs(r, d);
	r->ns[phase] += b->ns - a->ns;
	r->faults += b->faults - a->faults;
	r->syscalls += b->syscalls - a->syscalls;
	r->lookups += b->lookups - a->lookups;
	struct event *e = tl.nev ? &tl.a->ev[tl.nev - 1] : 0;
	if (!(e && tl.nev > tl.epoch_ev && e->row == (uint32_t)(r - tl.a->rows) &&
	      e->phase == phase && e->t1 == a->ns)) {
		if (tl.nev == MAX_EVENTS) {
			tl.dropped++;
			return;
		}
		e = &tl.a->ev[tl.nev];
		*e = (struct event){ .t0 = a->ns, .row = r - tl.a->rows, .next = NONE,
				     .phase = phase };
		if (r->ev_last != NONE)
			tl.a->ev[r->ev_last].next = tl.nev;
		else
			r->ev_first = tl.nev;
		r->ev_last = tl.nev++;
	}
	e->t1 = b->ns;
	e->faults += b->faults - a->faults;
	e->syscalls += b->syscalls - a->syscalls;
	e->lookups += b->lookups - a->lookups;
}

void timeline_mark_(struct tl_mark *m)
{
	capture(m);
}

void timeline_lap_(struct tl_mark *m, struct dso *d, int phase)
{
	struct tl_mark now;
	capture(&now);
	if (d && !(phase == TL_RELRO && d->relro_end <= d->relro_start))
		record(d, phase, m, &now);
	*m = now;
}

void timeline_search_(void)
{
	capture(&tl.search);
	tl.search_set = 1;
	tl.map_set = 0;
}

void timeline_map_(void)
{
	capture(&tl.map);
	tl.map_set = 1;
}

/* a search that mapped a new object (not placed yet, unlike one found loaded):
   search and open up to the mapping, then the map */
void timeline_opened_(struct dso *d)
{
	struct tl_mark now;
	if (!d || d->listed)
		return;
	capture(&now);
	if (tl.search_set && tl.map_set)
		record(d, TL_SEARCH, &tl.search, &tl.map);
	if (tl.map_set)
		record(d, TL_MAP, &tl.map, &now);
	tl.search_set = tl.map_set = 0;
}

/* the loader's own work from the request to placement, on its row: in the
   command form the program's headers and mapping too */
void timeline_setup_(void)
{
	struct tl_mark now;
	capture(&now);
	record(L.self, TL_SETUP, &tl.start, &now);
}

/* ---- output: a buffer flushed to the file ---- */

static void flush(void)
{
	size_t done = 0;
	unsigned long before = rt_syscalls;
	while (done < tl.outn && tl.fd >= 0) {
		long w = sys_write(tl.fd, tl.a->out + done, tl.outn - done);
		if (w <= 0)
			break;
		done += w;
	}
	tl.own += rt_syscalls - before;
	tl.outn = 0;
}

static void put(const char *s, size_t n)
{
	while (n) {
		size_t room = sizeof tl.a->out - tl.outn;
		size_t k = n < room ? n : room;
		memcpy(tl.a->out + tl.outn, s, k);
		tl.outn += k, s += k, n -= k;
		if (tl.outn == sizeof tl.a->out)
			flush();
	}
}

static void putf(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = rt_vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	put(line, n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* text for HTML: element content and attribute values alike */
static void put_esc(const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" :
				*s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : 0;
		if (e)
			put(e, strlen(e));
		else
			put(s, 1);
	}
}

/* microseconds with one decimal */
static void put_us(uint64_t ns)
{
	putf("%lu.%lu", (unsigned long)(ns / 1000), (unsigned long)(ns / 100 % 10));
}

/* milliseconds with three decimals */
static void put_ms(uint64_t ns)
{
	putf("%lu.%03lu ms", (unsigned long)(ns / 1000000), (unsigned long)(ns / 1000 % 1000));
}

/* rows in load order (namespace 0's list), then those of objects gone or elsewhere */
static void order_rows(void)
{
	uint8_t *placed = tl.a->placed;
	memset(placed, 0, tl.nrows);
	tl.norder = 0;
	for (const struct dso *d = L.head; d; d = d->next) {
		struct row *r = row_find(d);
		if (r && !placed[r - tl.a->rows]) {
			placed[r - tl.a->rows] = 1;
			tl.a->order[tl.norder++] = r - tl.a->rows;
		}
	}
	for (uint32_t i = 0; i < tl.nrows; i++)
		if (!placed[i])
			tl.a->order[tl.norder++] = i;
}

static uint64_t row_total(const struct row *r)
{
	uint64_t t = 0;
	for (int p = 0; p < TL_PHASES; p++)
		t += r->ns[p];
	return t;
}

/* ---- the text form ---- */

static void put_padded(const char *s, size_t width)
{
	size_t n = strlen(s);
	put(s, n);
	for (; n < width; n++)
		put(" ", 1);
	put(" ", 1);
}

static void text_row(const struct row *r)
{
	put_padded(r->label, 28);
	put(r->dlopened ? "dlopen  " : "start   ", 8);
	for (int p = 0; p < TL_PHASES; p++)
		putf(" %11lu.%lu", UL(r->ns[p] / 1000), UL(r->ns[p] / 100 % 10));
	putf(" %7lu %6lu %6lu/%lu/%lu %6lu %9lu %s\n", UL(r->faults), UL(r->syscalls),
	     UL(r->relocs[0]), UL(r->relocs[1]), UL(r->relocs[2]), UL(r->lookups),
	     UL(r->mapped / 1024), r->path);
}

static void emit_text(void)
{
	putf("ld-custom.so start-up timeline: %s (pid %ld)\n", L.progname, tl.pid);
	putf("entry ");
	put_ms(tl.entry);
	putf(" after the request; %u objects; times in microseconds, faults from getrusage, "
	     "system calls the loader made\n\n", tl.nrows);
	put_padded("object", 28);
	putf("loaded  ");
	for (int p = 0; p < TL_PHASES; p++) {
		size_t n = strlen(phase_name[p]);
		for (; n < 14; n++)
			put(" ", 1);
		put(phase_name[p], strlen(phase_name[p]));
	}
	putf("  faults  calls rel/sym/PLT lookups mapped-KiB path\n");
	for (uint32_t i = 0; i < tl.norder; i++)
		text_row(&tl.a->rows[tl.a->order[i]]);
	putf("\nspans (start end us, object, phase, faults, system calls, lookups):\n");
	for (uint32_t i = 0; i < tl.nev; i++) {
		const struct event *e = &tl.a->ev[i];
		put_us(e->t0);
		put(" ", 1);
		put_us(e->t1);
		putf(" %s %s %lu %lu %lu\n", tl.a->rows[e->row].label, phase_name[e->phase],
		     UL(e->faults), UL(e->syscalls), UL(e->lookups));
	}
	if (tl.dropped)
		putf("(%lu spans not recorded: the table was full)\n", UL(tl.dropped));
}

/* ---- the HTML form: the axis is the start-up, then each dlopen, each to scale ---- */

#define LABEL_W 300	/* pixels, everything in tenths of pixels below */
#define PLOT_W 900
#define EPOCH_MIN_W 120
#define EPOCH_GAP 40
#define ROW_H 18
#define TOP 48

static void layout_epochs(void)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < tl.nepochs; i++)
		total += tl.a->epochs[i].t1 - tl.a->epochs[i].t0 + 1;
	uint32_t x = LABEL_W * 10;
	for (uint32_t i = 0; i < tl.nepochs; i++) {
		uint64_t d = tl.a->epochs[i].t1 - tl.a->epochs[i].t0 + 1;
		uint64_t w = PLOT_W * 10 * d / total;
		tl.a->epoch_w[i] = w < EPOCH_MIN_W * 10 ? EPOCH_MIN_W * 10 : (uint32_t)w;
		tl.a->epoch_x[i] = x;
		x += tl.a->epoch_w[i] + EPOCH_GAP * 10;
	}
}

/* tenths of a pixel */
static uint32_t x_of(uint64_t t)
{
	uint32_t i = 0;
	while (i + 1 < tl.nepochs && t >= tl.a->epochs[i + 1].t0)
		i++;
	const struct epoch *e = &tl.a->epochs[i];
	uint64_t off = t < e->t0 ? 0 : t > e->t1 ? e->t1 - e->t0 : t - e->t0;
	return tl.a->epoch_x[i] + (uint32_t)(tl.a->epoch_w[i] * off / (e->t1 - e->t0 + 1));
}

static void put_px(uint32_t tenths)
{
	putf("%u.%u", tenths / 10, tenths % 10);
}

static void html_head(void)
{
	putf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>start-up timeline: ");
	put_esc(L.progname);
	putf("</title>\n<style>\nbody{font:13px sans-serif;margin:16px}\n"
	     "svg text{font:11px sans-serif}\n.axis{stroke:#bbb}\n"
	     "table{border-collapse:collapse;margin-top:16px}\n"
	     "td,th{border:1px solid #ccc;padding:2px 6px}\ntd.n{text-align:right}\n"
	     "tr.total td{font-weight:bold}\n</style></head><body>\n");
	putf("<h1>Start-up timeline of <code>");
	put_esc(L.progname);
	putf("</code></h1>\n<p>pid %ld, written by ld-custom.so: the program's entry ", tl.pid);
	put_ms(tl.entry);
	putf(" after the loader read the request");
	putf(", %u objects. A row per object, a bar per phase (hover a bar for its numbers); "
	     "the axis shows the start-up and then each dlopen that loaded something, each "
	     "to its own scale. Page faults come from getrusage, system calls are those the "
	     "loader made; times include the timeline's own measuring.</p>\n", tl.nrows);
}

static void svg_axis(uint32_t height)
{
	for (uint32_t i = 0; i < tl.nepochs; i++) {
		const struct epoch *e = &tl.a->epochs[i];
		putf("<text x=\"");
		put_px(tl.a->epoch_x[i]);
		putf("\" y=\"14\">%s", i ? "dlopen " : "start-up");
		if (i)
			put_esc(tl.a->rows[e->row].label);
		putf("</text>\n");
		/* ticks at quarters; as many labels as the width has room for */
		uint32_t every = tl.a->epoch_w[i] >= 4000 ? 1 : tl.a->epoch_w[i] >= 2000 ? 2 : 4;
		for (uint32_t k = 0; k <= 4; k++) {
			uint32_t x = tl.a->epoch_x[i] + tl.a->epoch_w[i] * k / 4;
			putf("<line class=\"axis\" x1=\"");
			put_px(x);
			putf("\" x2=\"");
			put_px(x);
			putf("\" y1=\"%u\" y2=\"%u\"/>\n", TOP - 12, height);
			if (k % every || (k == 4 && every == 4))
				continue;
			putf("<text x=\"");
			put_px(x);
			putf("\" y=\"%u\" text-anchor=\"%s\">", TOP - 16, k ? "middle" : "start");
			put_ms(e->t0 + (e->t1 - e->t0) * k / 4);
			putf("</text>\n");
		}
	}
	putf("<line x1=\"");
	put_px(x_of(tl.entry));
	putf("\" x2=\"");
	put_px(x_of(tl.entry));
	putf("\" y1=\"20\" y2=\"%u\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>\n", height);
	putf("<text x=\"");
	put_px(x_of(tl.entry) + 30);
	putf("\" y=\"%u\">entry</text>\n", TOP - 4);
}

static void svg_bar(const struct event *e, uint32_t y)
{
	uint32_t x0 = x_of(e->t0), x1 = x_of(e->t1);
	putf("<rect class=\"bar %s\" x=\"", phase_name[e->phase]);
	put_px(x0);
	putf("\" y=\"%u\" width=\"", y + 3);
	put_px(x1 - x0 < 10 ? 10 : x1 - x0);
	putf("\" height=\"%u\" fill=\"%s\"><title>%s: ", ROW_H - 6, phase_color[e->phase],
	     phase_name[e->phase]);
	put_us(e->t1 - e->t0);
	putf(" us from ");
	put_ms(e->t0);
	putf(", %lu page faults, %lu system calls, %lu lookups</title></rect>\n",
	     (unsigned long)e->faults, (unsigned long)e->syscalls, (unsigned long)e->lookups);
}

static void svg_row(const struct row *r, uint32_t y, int stripe)
{
	if (stripe)
		putf("<rect x=\"0\" y=\"%u\" width=\"100%%\" height=\"%u\" fill=\"#000\" "
		     "fill-opacity=\"0.04\"/>\n", y, ROW_H);
	putf("<g class=\"row%s\" data-name=\"", r->dlopened ? " dlopen" : "");
	put_esc(r->label);
	putf("\" data-path=\"");
	put_esc(r->path);
	putf("\"><title>");
	put_esc(r->path);
	putf("</title>\n<text x=\"4\" y=\"%u\">", y + ROW_H - 5);
	put_esc(r->label);
	putf("%s</text>\n", r->dlopened ? " (dlopen)" : "");
	for (uint32_t k = r->ev_first; k != NONE; k = tl.a->ev[k].next)
		svg_bar(&tl.a->ev[k], y);
	putf("</g>\n");
}

static void svg_legend(uint32_t y)
{
	for (int p = 0; p < TL_PHASES; p++) {
		putf("<rect x=\"%u\" y=\"%u\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		     "<text x=\"%u\" y=\"%u\">%s</text>\n", LABEL_W + p * 100, y, phase_color[p],
		     LABEL_W + p * 100 + 16, y + 10, phase_name[p]);
	}
}

static void emit_svg(void)
{
	layout_epochs();
	uint32_t rows_end = TOP + tl.norder * ROW_H;
	uint32_t width = (tl.a->epoch_x[tl.nepochs - 1] + tl.a->epoch_w[tl.nepochs - 1]) / 10 + 80;
	putf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\">\n", width,
	     rows_end + 40);
	svg_axis(rows_end);
	for (uint32_t i = 0; i < tl.norder; i++)
		svg_row(&tl.a->rows[tl.a->order[i]], TOP + i * ROW_H, i & 1);
	svg_legend(rows_end + 16);
	putf("</svg>\n");
}

static void table_cells(const struct row *r)
{
	for (int p = 0; p < TL_PHASES; p++) {
		putf("<td class=\"n\">");
		put_us(r->ns[p]);
		putf("</td>");
	}
	putf("<td class=\"n\">");
	put_us(row_total(r));
	putf("</td><td class=\"n\">%lu</td><td class=\"n\">%lu</td><td class=\"n\">%lu / %lu / "
	     "%lu</td><td class=\"n\">%lu</td><td class=\"n\">%lu</td></tr>\n",
	     (unsigned long)r->faults, (unsigned long)r->syscalls, (unsigned long)r->relocs[0],
	     (unsigned long)r->relocs[1], (unsigned long)r->relocs[2], (unsigned long)r->lookups,
	     (unsigned long)r->mapped / 1024);
}

static void emit_table(void)
{
	putf("<table>\n<tr><th>object</th><th>path</th><th>loaded</th>");
	for (int p = 0; p < TL_PHASES; p++)
		putf("<th>%s (us)</th>", phase_name[p]);
	putf("<th>total (us)</th><th>page faults</th><th>system calls</th>"
	     "<th>relocations relative / symbolic / PLT</th><th>lookups</th>"
	     "<th>mapped (KiB)</th></tr>\n");
	struct row sum = { .label = "" };
	for (uint32_t i = 0; i < tl.norder; i++) {
		const struct row *r = &tl.a->rows[tl.a->order[i]];
		putf("<tr><td>");
		put_esc(r->label);
		putf("</td><td>");
		put_esc(r->path);
		putf("</td><td>%s", r->dlopened ? "dlopen at " : "start-up");
		if (r->dlopened)
			put_ms(r->first);
		putf("</td>");
		table_cells(r);
		for (int p = 0; p < TL_PHASES; p++)
			sum.ns[p] += r->ns[p];
		sum.faults += r->faults, sum.syscalls += r->syscalls, sum.lookups += r->lookups;
		sum.mapped += r->mapped;
		for (int k = 0; k < 3; k++)
			sum.relocs[k] += r->relocs[k];
	}
	putf("<tr class=\"total\"><td>all %u objects</td><td></td><td></td>", tl.nrows);
	table_cells(&sum);
	putf("</table>\n");
	if (tl.dropped)
		putf("<p>%lu spans not recorded: the table was full.</p>\n",
		     (unsigned long)tl.dropped);
}

static void emit_html(void)
{
	html_head();
	emit_svg();
	emit_table();
	putf("</body></html>\n");
}

/* ---- the file ---- */

/* NAME.PID.EXT for NAME.EXT, NAME.PID without an extension */
static void pid_name(char *out, size_t size, const char *want)
{
	const char *dot = strrchr(base_name(want), '.');
	if (!dot || dot == base_name(want))
		rt_snprintf(out, size, "%s.%ld", want, tl.pid);
	else
		rt_snprintf(out, size, "%.*s.%ld%s", (int)(dot - want), want, tl.pid, dot);
}

/* the absolute name of what was created, for writing it again after a chdir */
static void keep_path(const char *name)
{
	char *p = tl.a->path;
	if (name[0] == '/') {
		copy_str(p, PATH_MAX_LEN, name);
		return;
	}
	long n = sys_getcwd(p, PATH_MAX_LEN);
	if (n <= 0 || !p[0] || strlen(p) + 1 + strlen(name) >= PATH_MAX_LEN) {
		copy_str(p, PATH_MAX_LEN, name);
		return;
	}
	size_t k = strlen(p);
	p[k] = '/';
	copy_str(p + k + 1, PATH_MAX_LEN - k - 1, name);
}

/* never a file it did not create: O_EXCL, then the name with the pid */
static long create_file(void)
{
	char *alt = tl.a->out;	/* not in use yet */
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW;
	tl.pid = sys_getpid();
	const char *name = tl.want;
	long fd = sys_open_mode(name, flags, 0644);
	if (fd == -EEXIST) {
		pid_name(alt, PATH_MAX_LEN, tl.want);
		name = alt;
		fd = sys_open_mode(name, flags, 0644);
	}
	if (fd < 0) {
		rt_dprintf(2, "%s: timeline: cannot create %s: %s\n", LDSO_NAME, name,
			   errno_text(fd));
		return fd;
	}
	struct stat st;
	if (sys_fstat(fd, &st)) {
		sys_close(fd);
		return -1;
	}
	tl.dev = st.st_dev, tl.ino = st.st_ino;
	keep_path(name);
	tl.created = 1;
	return fd;
}

/* the file created before, if it still is that file (no symlink, same inode) */
static long reopen_file(void)
{
	long fd = sys_open(tl.a->path, O_WRONLY | O_NOFOLLOW);
	struct stat st;
	if (fd < 0)
		return fd;
	if (sys_fstat(fd, &st) || st.st_dev != tl.dev || st.st_ino != tl.ino ||
	    sys_ftruncate(fd, 0)) {
		sys_close(fd);
		return -1;
	}
	return fd;
}

static void write_file(void)
{
	unsigned long before = rt_syscalls;
	uint64_t t0 = clock_ns();
	tl.pending = 0;
	if (tl.failed || (tl.created && sys_getpid() != tl.pid))	/* a forked child */
		goto out;
	tl.fd = tl.created ? reopen_file() : create_file();
	if (tl.fd < 0) {
		tl.failed = 1;
		goto out;
	}
	order_rows();
	tl.outn = 0;
	if (tl.text)
		emit_text();
	else
		emit_html();
	flush();
	sys_close(tl.fd);
out:
	tl.own += rt_syscalls - before;
	tl.write_end = clock_ns();
	tl.write_cost = tl.write_end - t0;
	tl.write_end -= tl.origin;
}

/* just before the program's entry: the start-up is the first stretch of the axis */
void timeline_entry_(void)
{
	struct tl_mark now;
	capture(&now);
	tl.entry = now.ns;
	tl.a->epochs[0] = (struct epoch){ 0, now.ns, 0 };
	tl.nepochs = 1;
	tl.epoch_ev = tl.nev;
	write_file();
}

/* the end of a dlopen after the entry: what it loaded is a stretch of its own,
   joined to the last one when a dlopen ran inside another (a constructor's) */
void timeline_dlopened_(void)
{
	if (!tl.entry || tl.nev == tl.epoch_ev)
		return;
	uint64_t t0 = UINT64_MAX;
	uint32_t row = 0;
	for (uint32_t i = tl.epoch_ev; i < tl.nev; i++)
		if (tl.a->ev[i].t0 < t0)
			t0 = tl.a->ev[i].t0, row = tl.a->ev[i].row;
	struct tl_mark now;
	capture(&now);
	struct epoch *last = &tl.a->epochs[tl.nepochs - 1];
	if (t0 <= last->t1 || tl.nepochs == MAX_EPOCHS)
		last->t1 = now.ns;
	else
		tl.a->epochs[tl.nepochs++] = (struct epoch){ t0, now.ns, row };
	tl.epoch_ev = tl.nev;
	tl.pending = 1;
	/* a program that dlopens in a loop: writing may take a tenth of the time at most */
	if (now.ns - tl.write_end >= 10 * tl.write_cost)
		write_file();
}

/* at exit (_dl_fini): what the last dlopens added, if not written yet */
void timeline_exit_(void)
{
	if (tl.pending)
		write_file();
}
