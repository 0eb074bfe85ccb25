/* The start-up timeline (timeline.c): LD_CUSTOM_TIMELINE=FILE, --timeline FILE.
   Each hook is one line and, while the timeline is off, one branch on timeline_on. */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdint.h>

struct dso;

/* the phases a bar can show, in the order they run for one object */
enum { TL_SEARCH, TL_MAP, TL_RELATIVE, TL_SYMBOLIC, TL_PLT, TL_RELRO, TL_TLS, TL_INIT,
       TL_SETUP,	/* the loader's own, before placement: options, the CPU, glibc's data */
       TL_PHASES };

/* a point in time with the counters at it */
struct tl_mark { uint64_t ns, lookups, faults, syscalls; };

extern HIDDEN int timeline_on;
HIDDEN void timeline_request(const char *file);
HIDDEN void timeline_mark_(struct tl_mark *m);
HIDDEN void timeline_lap_(struct tl_mark *m, struct dso *d, int phase);
HIDDEN void timeline_search_(void);
HIDDEN void timeline_map_(void);
HIDDEN void timeline_opened_(struct dso *d);
HIDDEN void timeline_setup_(void);
HIDDEN void timeline_entry_(void);
HIDDEN void timeline_dlopened_(void);
HIDDEN void timeline_exit_(void);

/* a span: TIMELINE_MARK(m) where it starts; TIMELINE_LAP(m, d, phase) ends
   it as d's phase and starts the next one there */
#define TIMELINE_MARK(m) struct tl_mark m; if (timeline_on) timeline_mark_(&m)
#define TIMELINE_LAP(m, d, ph) do { if (timeline_on) timeline_lap_(&m, d, ph); } while (0)
/* one statement as d's phase (d is read after it ran) */
#define TIMELINE_SPAN(stmt, d, ph) do { TIMELINE_MARK(m_); stmt; TIMELINE_LAP(m_, d, ph); } \
	while (0)
/* load.c: a search starts, its file is mapped, it ends (with a new object or not) */
#define TIMELINE_SEARCH() do { if (timeline_on) timeline_search_(); } while (0)
#define TIMELINE_MAP() do { if (timeline_on) timeline_map_(); } while (0)
#define TIMELINE_OPENED(d) do { if (timeline_on) timeline_opened_(d); } while (0)
/* the loader's set-up ends (it began at the request) */
#define TIMELINE_SETUP() do { if (timeline_on) timeline_setup_(); } while (0)
/* the file is written before the program's entry and after each dlopen */
#define TIMELINE_ENTRY() do { if (timeline_on) timeline_entry_(); } while (0)
#define TIMELINE_DLOPENED() do { if (timeline_on) timeline_dlopened_(); } while (0)
#define TIMELINE_EXIT() do { if (timeline_on) timeline_exit_(); } while (0)

#endif
