/* What a loaded object is, and the stages that act on it. */
#ifndef LDSO_H
#define LDSO_H

#include <stddef.h>
#include <stdint.h>
#include <elf.h>
#include "glibc-layout.h"
#include "rt/rt.h"
#include "arch.h"

#define LDSO_NAME "ld-custom.so"

/* One version index of an object: what versym entries point at (glibc's
   struct r_found_version, so l_versions can hand the same array to libc). */
typedef struct r_found_version version_t;

struct dso_seg { uintptr_t start, end; uint8_t writable; };

/* One loaded object.  [owned] marks what dso_free (dso.c) releases with it;
   [file] is decoded from the object's own bytes and points into its mapping
   unless marked owned; [state] changes as the stages run. */
struct dso {
	struct link_map lm;		/* glibc's view; first, so handles convert in O(1).
					   [owned] l_libname (list and names),
					   l_scope (unless l_scope_mem), l_searchlist.r_list
					   (unless &l_real) */

	/* where it is (placement) */
	uintptr_t base;			/* load bias: runtime address = base + p_vaddr */
	uintptr_t map_start, map_end;	/* the whole reservation */
	size_t map_len;			/* [owned] the mapping, when not 0 */
	struct dso_seg *seg;		/* [owned] unless seg_mem: what is mapped readable */
	struct dso_seg seg_mem[8];
	unsigned nsegs;
	uint8_t segs_known;		/* seg[] filled from the program headers */
	const Elf64_Phdr *phdr;		/* [owned] when phdr_owned, else in the mapping */
	unsigned phnum;
	unsigned char phdr_owned;	/* phdr is a copy (glibc's l_phdr_allocated) */
	unsigned char dyn_readonly;	/* d_ptrs stay unrebased (glibc's l_ld_readonly) */
	Elf64_Dyn *dynamic;
	uintptr_t entry;		/* [file] e_entry, rebased (glibc's l_entry) */
	uint64_t dev, ino;
	uint64_t fsize;			/* the file's size and times (launch cache key) */
	int64_t mtime_ns, ctime_ns;
	uint32_t lc_pos;		/* [state] launch cache: 1 + start-up position; 0 none */

	/* what it says: [file], decoded once (dynamic section, program headers),
	   absolute addresses */
	const char *name;		/* [owned] for mapped objects: the path it was opened by;
					   the program's, loader's, vDSO's and a missing one's are
					   not (never freed) */
	const char *soname;
	const Elf64_Sym *syms;
	const char *strings;
	size_t strings_size;
	size_t nsyms;			/* 0 when no hash table tells */
	const uint32_t *sysv_hash;
	uint32_t gnu_nbuckets, gnu_symbias, gnu_bloom_mask, gnu_shift;
	const uint64_t *gnu_bloom;
	const uint32_t *gnu_buckets, *gnu_chain;	/* gnu_chain indexed by symbol index */
	const uint16_t *versym;
	const Elf64_Verdef *verdef;
	const Elf64_Verneed *verneed;
	size_t verdefnum, verneednum;
	version_t *versions;		/* [owned] indexed by version index (built, not read) */
	size_t nversions;
	const Elf64_Rela *rela;
	size_t rela_size;
	size_t relacount;		/* DT_RELACOUNT: rela's first entries are RELATIVE */
	const uint64_t *relr;
	size_t relr_size;
	const Elf64_Rela *jmprel;
	uint64_t *pltgot;
	size_t jmprel_size;
	uintptr_t init, fini;
	const uintptr_t *init_array, *fini_array, *preinit_array;
	size_t init_count, fini_count, preinit_count;
	const char *rpath, *runpath;	/* raw strings, expanded on use */
	uint32_t flags, flags_1;
	int textrel;
	const void *tls_image;		/* PT_TLS */
	size_t tls_filesz, tls_memsz, tls_align, tls_firstbyte;
	uintptr_t relro_start, relro_end;
	uintptr_t eh_frame;		/* PT_GNU_EH_FRAME, for _dl_find_object */
	uint32_t stack_flags;		/* PT_GNU_STACK p_flags, PF_R|PF_W|PF_X if absent */

	/* TLS module: [state], assigned by tls.c */
	size_t tls_modid, tls_gen;
	ptrdiff_t tls_offset;		/* block at TP - tls_offset; 0 = no static block */
	unsigned char tls_dynamic;	/* its TLS went dynamic first: never static now */

	/* memory that goes with the object: [owned] the array and every entry */
	void **allocs;			/* dso_note_alloc: TLS descriptors and the like */
	size_t nallocs;
	uintptr_t *profile_plt;		/* LD_PROFILE: each PLT slot's target (in allocs) */

	/* who needs it */
	struct dso **deps;		/* [owned] array, DT_NEEDED order (the objects are not) */
	size_t ndeps;
	struct dso **filtees;		/* [owned] array: DT_FILTER/DT_AUXILIARY objects found,
					   in deps too; they come before it in search lists */
	size_t nfiltees;
	struct dso **reldeps;		/* [owned] array: bound at run time (dlsym, lazy PLT) */
	size_t nreldeps;
	struct dso *next, *prev;	/* load-order list (dso_append, dso_unlink) */
	struct dso *loaded_by;
	/* how the search found it (load.c), for --tree: FOUND_*, 1 + its hwcaps
	   subdirectory's index (hwcaps_subdirs) or 0, and whose RPATH/RUNPATH
	   (read only by tree.c at start-up, before any object can be freed) */
	unsigned char found_by, found_sub;
	const struct dso *found_in;
	long ns;			/* [state] its namespace (dlmopen); 0 is the base one */
	char *origin;			/* [owned] $ORIGIN; NULL when it cannot be known */
	unsigned char origin_set;	/* origin computed (dso_origin) */

	/* [state], by the stage that sets it */
	unsigned char kind;		/* DSO_MAIN, DSO_LIB, DSO_LDSO, DSO_VDSO */
	unsigned char listed, deps_done, missing, preloaded;	/* place (PRELOAD_*) */
	unsigned char relocated, lazy;				/* link */
	unsigned char init_called, fini_called;			/* init, _dl_fini, dlclose */
	unsigned char dlopened, in_global, nodelete;		/* dlopen */
	unsigned char need_tls_init;				/* tls.c */
	unsigned char unused;		/* dlclose: goes in this close */
	unsigned opencount;		/* dlopen handles open on it (glibc's l_direct_opencount) */
	/* auditing (audit.c): [owned] per-module cookies and bind flags, from the first
	   callback; [owned] per-PLT-slot binding records when auditing binds its slots */
	struct audit_state *audit;
	struct audit_plt *audit_plt;
	unsigned char auditing;		/* an audit module (glibc's l_auditing) */
	unsigned char audit_any_plt;	/* some la_objopen asked for bindings (l_audit_any_plt) */
	unsigned visit;			/* last walk that reached it (dso_walk_begin) */
};

enum { DSO_MAIN, DSO_LIB, DSO_LDSO, DSO_VDSO };
/* the search rule that found an object (0: none, e.g. the program) */
enum { FOUND_PATH = 1, FOUND_RPATH, FOUND_LIBPATH, FOUND_RUNPATH, FOUND_CACHE, FOUND_DEFAULT };
/* what preloaded it (struct dso's preloaded; 0: not a preload) */
enum { PRELOAD_ENV = 1, PRELOAD_ARG, PRELOAD_CONF };

static inline struct dso *dso_of(struct link_map *lm) { return (struct dso *)lm; }

/* lm bitfields live in raw bytes: set/read them through the generated offsets */
#define LM_BIT_SET(d, F, v) \
	(((uint8_t *)&(d)->lm)[LINK_MAP_##F##_BYTE] = (uint8_t)( \
	 (((uint8_t *)&(d)->lm)[LINK_MAP_##F##_BYTE] & \
	  ~(((1u << LINK_MAP_##F##_WIDTH) - 1) << LINK_MAP_##F##_SHIFT)) | \
	 (((unsigned)(v) & ((1u << LINK_MAP_##F##_WIDTH) - 1)) << LINK_MAP_##F##_SHIFT)))
#define LM_BIT_GET(d, F) \
	((((uint8_t *)&(d)->lm)[LINK_MAP_##F##_BYTE] >> LINK_MAP_##F##_SHIFT) & \
	 ((1u << LINK_MAP_##F##_WIDTH) - 1))

#define AUX_COUNT 64	/* every AT_ type the loader reads is below this */

/* global loader state */
struct loader {
	struct dso *head, *tail;	/* load order list (namespace 0) */
	struct dso *main, *self, *vdso, *libc;
	size_t count;
	struct dso **global;		/* global scope: main's BFS closure */
	size_t nglobal;
	const char *progname;		/* for messages */
	char **argv, **envp;
	int argc;
	Elf64_auxv_t *auxv;
	uint64_t aux[AUX_COUNT];	/* the auxiliary vector by AT_ type, read once */
	uint64_t aux_have;		/* bit t: the kernel gave AT_ type t */
	size_t pagesize;
	int secure;
	int command;			/* started as ./ld-custom.so PROGRAM */
	int bind_now, bind_not;
	int dynamic_weak;		/* LD_DYNAMIC_WEAK: a later strong definition wins */
	const char *profile;		/* LD_PROFILE: the object profiled (profile.c) */
	const char *profile_output;	/* LD_PROFILE_OUTPUT, or glibc's default directory */
	struct dso *profile_map;	/* the object LD_PROFILE named, once loaded */
	int inhibit_cache;
	const char *library_path;	/* LD_LIBRARY_PATH or --library-path */
	const char *preload;		/* LD_PRELOAD */
	const char *preload_arg;	/* --preload: loaded after LD_PRELOAD's */
	const char *inhibit_rpath;
	const char *hwcaps_prepend, *hwcaps_mask;	/* --glibc-hwcaps-prepend/-mask */
	const char *platform;		/* $PLATFORM: GLRO(dl_platform) once the CPU is known */
	const char *origin_path;	/* LD_ORIGIN_PATH */
	/* TRACE_ENV (LD_TRACE_LOADED_OBJECTS) or TRACE_LIST (--list) */
	int trace;
	int trace_main;			/* LD_TRACE_LOADED_OBJECTS=2: the program is listed too */
	/* glibc's dl_lazy while tracing: 1, 0 (bind now), -1 (--list) */
	int trace_lazy;
	int verify;			/* --verify: any failure exits 1, silently */
	const char *why;		/* --why LIB: TRACE_TREE prints LIB's chains */
	int warn;			/* LD_WARN */
	int verbose;			/* LD_VERBOSE */
	size_t tls_max_modid;		/* the highest module id in use */
	size_t tls_generation;		/* bumped by every dlopen/dlclose that changes TLS */
	uint32_t stack_flags;		/* PT_GNU_STACK flags new threads' stacks get */
	size_t tls_static_used, tls_static_size, tls_static_align, tls_static_surplus;
	unsigned debug;			/* LD_DEBUG: DEBUG_* bits */
	int debug_any;			/* LD_DEBUG named a category (LD_DEBUG_OUTPUT applies) */
	uint64_t stat_relocs, stat_relative, stat_cache_hits, stat_lookups, stat_bloom_rejects;
	uint64_t stat_start_cycles, stat_reloc_cycles, stat_load_cycles;
	uint64_t stat_lcache_hits;	/* bindings the launch cache gave */
	uint64_t stat_probes, stat_probes_cached;	/* arch CPU probes: run, from the cache */
	uint64_t stat_lcache_checked, stat_lcache_differ;	/* LD_DEBUG=bindings: compared */
	int lcache_mode;		/* LD_CUSTOM_CACHE: LCACHE_* */
	int load_env;			/* LD_CUSTOM_LOAD is set (map.c reads it) */
	int lookahead_mode;		/* LD_CUSTOM_LOOKAHEAD: LOOKAHEAD_* (link.c) */
	int lookahead;			/* this link_group's: AHEAD_WITH, _WITHOUT, _TRYING */
	int explain;			/* LD_CUSTOM_EXPLAIN=1: dlerror's errors explained too */
	int lcache;			/* start-up linking goes through the launch cache */
	uint64_t stat_index_lookups;	/* scope elements searched through symindex.c */
	uint64_t stat_walk_visits;	/* objects the walk passed: symindex.c's budget */
	unsigned naudit;		/* audit modules in use: the guard of every audit hook */
	unsigned audit_nreq;		/* LD_AUDIT, --audit, DT_AUDIT, DT_DEPAUDIT strings */
	const char *audit_req[16];	/* glibc's limit on them */
	size_t audit_surplus_ns;	/* static TLS room for that many more namespaces */
};
extern HIDDEN struct loader L;

/* an environment variable's value, or NULL (launch_cache.c) */
HIDDEN const char *env_get(const char *name);

/* an auxv entry as the kernel gave it at start-up, or dflt where it gave none */
static inline uint64_t aux_or(unsigned type, uint64_t dflt)
{
	return type < AUX_COUNT && (L.aux_have >> type & 1) ? L.aux[type] : dflt;
}

/* main.c: start-up, entered from boot.c once the loader is relocated */
HIDDEN _Noreturn void dl_main(uintptr_t *sp, uintptr_t self_base);

/* error.c: fatal at start-up; inside dlopen, unwinds to the dl_catch */
struct dl_catch { long jb[ARCH_JB_WORDS]; uintptr_t owner; int dlopen; };
extern HIDDEN struct dl_catch *dl_catch_top;
extern HIDDEN char dl_catch_msg[1024];	/* the caught error, read under the dl lock */
HIDDEN int dl_setjmp(long *jb) __attribute__((returns_twice));
_Noreturn HIDDEN void dl_longjmp(long *jb, int v);

HIDDEN int dl_catching(void);
HIDDEN int dl_in_dlopen(void);
_Noreturn HIDDEN void dl_fatal(const char *what, const char *fmt, ...);
_Noreturn HIDDEN void dl_fatal_status(int status, const char *what, const char *fmt, ...);
/* debug.c: LD_DEBUG, glibc's categories (its DL_DEBUG_* bits, published to
   libc, which prints "initialize program" itself), printed as glibc prints them */
#define DEBUG_LIBS		(1 << 0)
#define DEBUG_IMPCALLS		(1 << 1)	/* calling init/fini, transferring control */
#define DEBUG_BINDINGS		(1 << 2)
#define DEBUG_SYMBOLS		(1 << 3)
#define DEBUG_VERSIONS		(1 << 4)
#define DEBUG_RELOC		(1 << 5)
#define DEBUG_FILES		(1 << 6)
#define DEBUG_STATISTICS	(1 << 7)
#define DEBUG_UNUSED		(1 << 8)
#define DEBUG_SCOPES		(1 << 9)
#define DEBUG_HELP		(1 << 10)
HIDDEN void dl_debug(const char *fmt, ...);
HIDDEN void dl_debug_printf(const char *fmt, ...);
HIDDEN void debug_parse(const char *spec);
HIDDEN void debug_open_output(const char *name);
HIDDEN void debug_statistics(void);
HIDDEN void debug_final_statistics(void);
HIDDEN void debug_show_scope(struct dso *d, int from);
HIDDEN void debug_startup_scopes(void);
HIDDEN struct dso **debug_new_global(struct dso **group, size_t n, size_t *nnew);
HIDDEN void debug_global_added(struct dso **added, size_t n);
HIDDEN void debug_opening(const struct dso *root);
HIDDEN struct dso **debug_nodelete_set(void);
HIDDEN void debug_activated(long ns, struct dso **set);
HIDDEN void debug_mapped(const struct dso *d, const char *name, long ns);
HIDDEN void debug_show_auxv(void);
HIDDEN void debug_lookup_in(const char *name, const struct dso *d);
HIDDEN unsigned debug_quiet_begin(void);
HIDDEN void debug_dependency(struct dso *user, struct dso *def);
HIDDEN void debug_quiet_end(unsigned saved);
struct sym_result;
HIDDEN void debug_binding_line(const struct dso *from, struct sym_result r, const Elf64_Sym *ref,
			       const char *name, const version_t *v);
extern HIDDEN int debug_dlopen_load;
/* diagnostics.c: --list-diagnostics */
_Noreturn HIDDEN void print_diagnostics(void);	/* place_open's load: "dynamically loaded by" */

/* elf.c: untrusted-input checks and dynamic-section decoding (pure) */
/* what an ELF header of any class, byte order or machine says the file is, for errors */
HIDDEN const char *elf_describe(const unsigned char *b, size_t n, char *out, size_t cap);
HIDDEN const char *elf_check_header(const Elf64_Ehdr *eh, size_t file_size,
				    int want_type_dyn_or_exec);
HIDDEN const char *elf_check_phdrs(const Elf64_Phdr *ph, unsigned phnum, size_t file_size,
				   size_t pagesize);
HIDDEN const char *dso_decode_dynamic(struct dso *d);
/* [addr, addr+len) lies inside one mapped segment (holes between segments
   are PROT_NONE); objects built without segments are checked against the span */
static inline int dso_addr_ok(const struct dso *d, uintptr_t addr, size_t len)
{
	if (!d->segs_known)
		return addr >= d->map_start && addr <= d->map_end && len <= d->map_end - addr;
	for (unsigned i = 0; i < d->nsegs; i++)
		if (addr >= d->seg[i].start && addr <= d->seg[i].end && len <= d->seg[i].end - addr)
			return 1;
	return 0;
}

/* the same for a relocation's target: a writable segment (any, with TEXTREL) */
static inline int dso_write_ok(const struct dso *d, uintptr_t addr, size_t len)
{
	for (unsigned i = d->nsegs; i-- > 0;)	/* the writable segment comes last */
		if (addr >= d->seg[i].start && addr <= d->seg[i].end && len <= d->seg[i].end - addr)
			return d->seg[i].writable || d->textrel;
	return !d->segs_known && addr >= d->map_start && addr <= d->map_end &&
	       len <= d->map_end - addr;
}

/* hash.c (pure) */
HIDDEN uint32_t elf_sysv_hash(const char *name);
HIDDEN uint32_t elf_gnu_hash(const char *name);
HIDDEN uint32_t elf_gnu_hash_mapped(const char *name);
struct sym_query {
	const char *name;
	uint32_t gnu_hash;
	uint32_t sysv_hash;		/* computed lazily: sysv_hash_set */
	int sysv_hash_set;
	const version_t *version;	/* NULL: unversioned reference */
	int flags;			/* LOOKUP_* */
	int mapped;			/* name and version name in mapped string tables */
};
#define LOOKUP_NO_EXEC		1	/* copy relocation: skip the executable */
#define LOOKUP_PLT		2	/* JUMP_SLOT: an undefined PLT symbol is no definition */
#define LOOKUP_RETURN_NEWEST	4	/* dlsym: unversioned picks the default version */
HIDDEN const Elf64_Sym *dso_find_symbol(struct dso *d, struct sym_query *q);
/* GNU hash Bloom filter: 0 means q's name is certainly not defined in d */
static inline int dso_bloom_may_have(const struct dso *d, uint32_t h)
{
	if (!d->gnu_buckets)
		return 1;
	uint64_t word = d->gnu_bloom[(h / 64) & d->gnu_bloom_mask];
	uint64_t mask = (1ULL << (h % 64)) | (1ULL << ((h >> d->gnu_shift) % 64));
	return (word & mask) == mask;
}
HIDDEN void sym_query_init(struct sym_query *q, const char *name, const version_t *v, int flags);
/* a relocation's query: its name and version name are in the object's mapped string
   table; the name's GNU hash given (inline: every relocation's lookup) */
static inline void sym_query_init_hashed(struct sym_query *q, const char *name, uint32_t gnu_hash,
					 const version_t *v, int flags)
{
	*q = (struct sym_query){ .name = name, .gnu_hash = gnu_hash, .version = v, .flags = flags,
				 .mapped = 1 };
}

/* a hint to the cache: the line at p is read soon (no fault, no effect otherwise) */
static inline void prefetch_line(const void *p)
{
	__builtin_prefetch(p, 0, 3);
}

/* reloc.c's lookahead: a coming lookup whose chain of dependent loads is
   prefetched a stage per pass over a batch (symbol.c's scope_ahead) */
enum { AHEAD_DONE, AHEAD_HASH, AHEAD_INDEX, AHEAD_ENTRY, AHEAD_BUCKET, AHEAD_CHAIN, AHEAD_DEF };
struct ahead {
	const Elf64_Rela *rel;
	const void *at;		/* the stage's input: a name, index entries or an object */
	uint32_t hash, pos;	/* pos: an index bucket, its entries or a symbol index */
	uint8_t level;		/* AHEAD_*: the next stage */
	uint8_t hashed;		/* hash is the reference's name's (the lookup may use it) */
	uint16_t flags;		/* LOOKUP_* */
};
HIDDEN void scope_ahead(const struct dso *d, struct ahead *a, size_t n);

/* version.c */
HIDDEN const char *dso_build_versions(struct dso *d);
/* the version a reference (symbol index idx) asks for; 0: none, or index 0/1 */
static inline const version_t *dso_ref_version(const struct dso *d, uint32_t idx)
{
	if (!d->versym)
		return 0;
	unsigned ndx = d->versym[idx] & 0x7fff;
	return ndx < d->nversions && d->versions[ndx].hash ? &d->versions[ndx] : 0;
}
HIDDEN int dso_check_versions(struct dso *d, char *err, size_t errlen);

/* symbol.c: lookup over scopes */
struct sym_result { struct dso *dso; const Elf64_Sym *sym; };
HIDDEN int scope_find_symbol(struct r_scope_elem **scope, struct sym_query *q,
			     struct dso *skip_until, struct sym_result *res);
/* a definition's address (inline: every symbolic relocation asks) */
static inline uintptr_t sym_address(const struct dso *d, const Elf64_Sym *s)
{
	if (s->st_shndx == SHN_ABS || ELF64_ST_TYPE(s->st_info) == STT_TLS)
		return s->st_value;
	return d->base + s->st_value;
}
HIDDEN void unique_forget(struct dso *d);

/* symindex.c: per search list, hash -> the objects that may define it */
struct symindex_view;
struct symindex_hits {
	const void *e, *end;		/* entries: position << 16 | tag, 8 | 8 bits if narrow */
	uint32_t tag;
	int narrow;			/* 16-bit entries (at most 256 objects) */
	struct dso *const *objs;	/* position -> object */
	unsigned nobj;			/* positions from nobj on are walked */
};
extern HIDDEN int symindex_trace;
extern HIDDEN unsigned symindex_live;	/* 0: no list is indexed */
HIDDEN int symindex_usable(void);
HIDDEN void symindex_prepare(struct dso **order, size_t n);
HIDDEN void symindex_progress(void);
HIDDEN void symindex_tick(void);
HIDDEN void symindex_done(void);
HIDDEN void symindex_linked(void);
extern HIDDEN uint64_t symindex_trigger;
HIDDEN void symindex_elem_changed(const struct r_scope_elem *e);
HIDDEN void symindex_forget(const struct r_scope_elem *e);
HIDDEN int symindex_pending(void);
HIDDEN void symindex_reclaim(void);

/* scope.c: scopes shared between dlopen groups, safe for concurrent readers */
HIDDEN void gscope_enter(void);
HIDDEN void gscope_leave(void);
HIDDEN void scope_retire(void *p);
HIDDEN void scope_reclaim(int force);
HIDDEN int scope_reserve(struct dso *d);
HIDDEN void scope_add(struct dso *d, struct r_scope_elem *s);
HIDDEN void scope_drop_unused(struct dso *d, const struct r_scope_elem *global);
HIDDEN void scope_open_loaded(struct dso *root);
HIDDEN void scope_join_group(struct dso *root, struct dso **group, size_t n);
HIDDEN struct r_scope_elem *ns_scope(long ns);
HIDDEN long ns_claim(void);
HIDDEN int ns_in_use(long ns);
HIDDEN void ns_set_used(unsigned used);
HIDDEN void scope_global_add(long ns, struct dso **list, size_t n);
HIDDEN void scope_global_remove(struct dso *d);
HIDDEN void dl_lock(void);
HIDDEN void dl_unlock(void);
HIDDEN int binding_kept(struct dso *user, struct dso *def);

/* cache.c: /etc/ld.so.cache (pure parse + lookup) */
struct ldcache_caps {		/* what this system makes of an entry's hwcap field */
	uint64_t hwcap;		/* its legacy hwcap bits (masked by LD_HWCAP_MASK) */
	uint64_t platform;	/* its legacy platform bit, ~0 when it has none */
	int (*isa_ok)(unsigned level);		/* a glibc-hwcaps entry's ISA level */
	uint32_t (*priority)(const char *name);	/* its subdirectory: 0 unusable, 1 best */
};
HIDDEN const char *ldcache_lookup_caps(const void *cache, size_t size, const char *name,
				       const struct ldcache_caps *caps);
HIDDEN const char *ldcache_find_caps(const char *name, const struct ldcache_caps *caps);
HIDDEN const char *ldcache_lookup(const void *cache, size_t size, const char *name);
HIDDEN int ldcache_libcmp(const char *a, const char *b);
HIDDEN const char *ldcache_find(const char *name);
HIDDEN void ldcache_release(void);
HIDDEN void ldcache_each(int (*fn)(const char *path, void *arg), void *arg, size_t max);

/* hwcaps.c: the subdirectories each search directory is tried with */
struct hwcap_sub { const char *str; size_t len; };	/* "" or ending in '/' */
HIDDEN const struct hwcap_sub *hwcaps_subdirs(size_t *n);
HIDDEN const struct ldcache_caps *hwcaps_cache_caps(void);
HIDDEN void hwcaps_print_help(void);

/* search.c */
HIDDEN size_t path_expand(const char *in, size_t inlen, const struct dso *origin_of,
			  char *out, size_t outlen);
HIDDEN const char *dso_origin(const struct dso *d);

/* dso.c: an object's life */
HIDDEN struct dso *dso_new(const char *name, int kind);
HIDDEN struct dso *dso_new_missing(const char *name);
HIDDEN int dso_has_name(const struct dso *d, const char *name);
HIDDEN void dso_append(struct dso *d);
HIDDEN void dso_unlink(struct dso *d);
HIDDEN void dso_move_before(struct dso *d, struct dso *pos);
HIDDEN struct dso *dso_containing(uintptr_t addr);
HIDDEN unsigned dso_walk_begin(void);
HIDDEN struct dso **dso_closure(struct dso **roots, size_t nroots, size_t *n);
HIDDEN void dso_add_reldep(struct dso *user, struct dso *def);
HIDDEN void dso_note_alloc(struct dso *d, void *p);
HIDDEN void dso_free_segs(struct dso *d);
HIDDEN void dso_free(struct dso *d);

/* map.c */
struct map_error { char msg[256]; int skip; };
struct stat;
#define MAP_HEAD_READ 1024	/* map.c's first read: the ELF header and program headers */
/* head: the file's first bytes, already read from offset 0 (n of them, at most
   MAP_HEAD_READ; fewer only at the end of the file), or 0 to read them here */
struct map_head { const unsigned char *buf; size_t n; };
HIDDEN struct dso *map_object(int fd, const char *name, int is_main, const struct stat *st,
			      const struct map_head *head, struct map_error *err);
HIDDEN void dso_scan_phdrs(struct dso *d);
HIDDEN struct dso *dso_new_from_memory(const char *name, uintptr_t base, const Elf64_Phdr *ph,
				       unsigned phnum, int kind);
HIDDEN long map_open(const char *path, struct stat *st, const char **why);
HIDDEN int map_skip_kind(const Elf64_Ehdr *eh, size_t fsize);

/* load.c: finding one object (the search order) */
#define ERR_MAX 1536		/* load_library's message, in scratch memory (rt/alloc.c) */
#define PATH_MAX_LEN 4096	/* a path buffer, in scratch memory too */
HIDDEN void *scratch_need(size_t n);	/* error.c: out of memory is fatal */
HIDDEN struct dso *load_library(const char *name, struct dso *needed_by, long ns, char *err,
				size_t errlen);
HIDDEN struct dso *load_find_loaded(const char *name, struct dso *from, long ns);
HIDDEN struct dso *load_library_try(const char *name, struct dso *needed_by, long ns, int secure,
				    char *err, size_t errlen);
/* a failed search again, for explain.c: each candidate refused, and why */
typedef void explain_note_fn(const char *path, const char *why, int rule,
			     const struct dso *rule_of);
HIDDEN void load_explain(const char *name, struct dso *needed_by, long ns, explain_note_fn *note);

/* explain.c: the lines after an error that say why (error path only).  The
   explain_* calls note what failed just before the error is raised (they only
   store: no call edge into explain.c, which calls the search); error.c calls
   explain_print after the first line (a dlopen's or dlsym's only under
   LD_CUSTOM_EXPLAIN=1, on stderr: dlerror's text stays glibc's). */
enum { EX_NONE, EX_MISSING, EX_VERSION, EX_UNDEFINED };
struct explain_note {
	int kind;
	const char *name;		/* the library, the version or the symbol */
	struct dso *a, *b;		/* needer and provider, or the referencing object */
	const version_t *v;
	struct r_scope_elem **scope;	/* where the symbol was looked up */
	long ns;
	int dlopen;			/* the library is dlopen's, not a DT_NEEDED */
};
extern HIDDEN struct explain_note explain_pending;
extern HIDDEN int explain_busy;
/* via_dlerror: the error's text (who: msg) goes to dlerror */
extern HIDDEN void (*const explain_print)(int via_dlerror, const char *who, const char *msg);
static inline void explain_missing(const char *name, struct dso *by, long ns, int dlopen)
{
	explain_pending = (struct explain_note){ EX_MISSING, name, by, 0, 0, 0, ns, dlopen };
}
static inline void explain_version(struct dso *needer, struct dso *provider, const char *vname)
{
	explain_pending = (struct explain_note){ EX_VERSION, vname, needer, provider, 0, 0, 0, 0 };
}
static inline void explain_undefined(struct dso *d, const char *name, const version_t *v,
				     struct r_scope_elem **scope)
{
	explain_pending = (struct explain_note){ EX_UNDEFINED, name, d, 0, v, scope, 0, 0 };
}
/* an error caught for another reason than dlopen (a preload's): not explained */
static inline void explain_drop(void)
{
	if (!explain_busy)
		explain_pending.kind = EX_NONE;
}

/* preload.c: LD_PRELOAD, --preload, /etc/ld.so.preload */
HIDDEN void load_preloads(struct dso *main);

/* reloc.c: relocation entries (link.c drives them) */
struct reloc_cached {			/* a binding the per-pass cache holds */
	uintptr_t dso;			/* the definer | CACHE_NOT_PLT | CACHE_IFUNC */
	const Elf64_Sym *sym;
	uintptr_t value;		/* sym_address(dso, sym) */
};
struct reloc_pass {
	struct dso *d;
	uint16_t *slot;			/* by symbol index: 0, or 1 + its binding's place in res */
	const uint64_t *twice;		/* bit by symbol index: more than one entry looks it up;
					   only those are cached (NULL: every one; link.c) */
	struct reloc_cached *res;	/* the bindings, dense; slot NULL: no cache */
	uint32_t nres, maxres;
	struct deferred { uint64_t *where; uintptr_t resolver; int64_t addend; } *ifuncs;
	size_t nifuncs, maxifuncs;
	uint64_t wlo;			/* r_offset - wlo < wlen: inside the writable window */
	size_t wlen;			/* (reloc_window); 0: every target checked in full */
	size_t nother;			/* entries other than RELATIVE seen (statistics) */
	struct sym_result last;		/* LD_DEBUG: glibc's one-entry lookup cache */
	uint32_t last_idx;
	int last_class, last_set;
	uint32_t hint_idx, hint_hash;	/* the lookahead's hash of symbol hint_idx's name */
	int hints_stale;		/* an IFUNC resolver ran: the batch's hashes unused */
};
HIDDEN struct sym_result reloc_lookup(struct dso *d, uint32_t idx, int flags);
HIDDEN void reloc_window(struct reloc_pass *p);
HIDDEN size_t reloc_relative_prefix(struct reloc_pass *p);
HIDDEN void reloc_trial_start(void);
HIDDEN void reloc_table(struct reloc_pass *p, const Elf64_Rela *rel, size_t size, int plt);
HIDDEN void defer_ifunc(struct reloc_pass *p, uint64_t *where, uintptr_t resolver, int64_t addend);
HIDDEN const char *obj_name(const struct dso *d);
/* launch_cache.c: start-up's bindings recorded and replayed (README, threat model) */
enum { LCACHE_AUTO, LCACHE_OFF, LCACHE_ON, LCACHE_REBUILD };
enum { LOOKAHEAD_AUTO, LOOKAHEAD_ON, LOOKAHEAD_OFF, LOOKAHEAD_TRACE };
enum { AHEAD_WITHOUT, AHEAD_WITH, AHEAD_TRYING };
struct stat;
HIDDEN void lcache_note_file(struct dso *d, const struct stat *st);
HIDDEN void lcache_start(void);
HIDDEN void lcache_finish(void);
HIDDEN int lcache_take(struct dso *d, uint32_t idx, int flags, struct sym_result *r);
HIDDEN void lcache_note(struct dso *d, uint32_t idx, int flags, struct sym_result r);
_Noreturn HIDDEN void lcache_command(int argc, char **argv);
HIDDEN void debug_binding(const struct dso *d, struct sym_result r, const Elf64_Sym *ref,
			  const char *name, const version_t *v);
/* plt.c: lazy binding; dl_fixup is entered from the arch's PLT trampoline */
HIDDEN uintptr_t dl_fixup(struct link_map *lm, size_t index);
/* profile.c: LD_PROFILE; plt.c's profile_fixup is entered from the arch's profiling
   trampoline */
HIDDEN void profile_start(void);
HIDDEN void profile_mcount(uintptr_t from, uintptr_t self);
HIDDEN uintptr_t profile_fixup(struct link_map *lm, size_t index, uintptr_t retaddr);
HIDDEN void plt_setup_lazy(struct dso *d, struct reloc_pass *p);

/* place.c: the placement stage */
HIDDEN void place_list(struct dso *d);
HIDDEN void place_closure(struct dso *start);
HIDDEN void place_global_scope(struct dso *main);
HIDDEN void place_check_versions(struct dso *start);
HIDDEN void place_exec_stacks(struct dso *start);
HIDDEN struct dso *place_open(const char *file, struct dso *from, long ns);
HIDDEN int place_dlopened(struct dso *start, size_t gen);

/* link.c: the link stage */
HIDDEN void link_scope(struct dso *d, struct r_scope_elem *global, struct r_scope_elem *group,
		       int deepbind, int lazy);
HIDDEN void link_group(struct dso **order, size_t n);
HIDDEN void link_startup_scopes(void);
HIDDEN struct dso **link_dlopen(struct dso *root, struct dso *first, struct r_scope_elem *global,
				int deepbind, int lazy, struct dso **order, size_t norder,
				size_t *n);

/* glibc/thread.c: an object whose stack_flags have PF_X needs executable stacks */
HIDDEN void make_stacks_executable(void);

/* tls_layout.c: the static TLS block (pure) */
struct tls_module { size_t size, align, firstbyte_offset, offset; };
struct tls_static { size_t used, size, align, surplus; };
/* free parts as distances below the thread pointer: {lo, hi} frees lo+1 .. hi;
   sorted, disjoint and coalesced, so any block given back can be handed out again */
#define TLS_GAPS 64
struct tls_freelist { struct tls_gap { size_t lo, hi; } gap[TLS_GAPS]; size_t n, limit; };
HIDDEN void tls_layout(struct tls_module *m, size_t n, size_t surplus, size_t tcb_size,
		       struct tls_static *out, struct tls_freelist *fl);
HIDDEN size_t tls_fl_alloc(struct tls_freelist *fl, size_t size, size_t align,
			   size_t firstbyte_offset);
HIDDEN void tls_fl_free(struct tls_freelist *fl, size_t off, size_t size);
HIDDEN size_t tls_fl_used(const struct tls_freelist *fl);

/* tls.c */
HIDDEN void tls_assign_static(void);
HIDDEN void *tls_setup_initial_thread(void);
HIDDEN void tls_copy_images(void *tp);
HIDDEN void tls_register_module(struct dso *d, size_t gen);
HIDDEN void tls_release_module(struct dso *d, size_t gen);
HIDDEN int tls_try_static(struct dso *d);
HIDDEN int tls_forced_dynamic(const struct dso *d);
HIDDEN void tls_init_static_everywhere(struct dso *d);
HIDDEN void tls_set_generation(size_t gen);
void *__tls_get_addr(void *ti);

/* init.c */
HIDDEN struct dso **init_order(struct dso **roots, size_t nroots, size_t *n);
HIDDEN struct dso **init_order_startup(size_t *n);
HIDDEN struct dso **init_order_group(struct dso *root, size_t *n);
HIDDEN void run_preinit(struct dso *main);
HIDDEN void run_constructors(struct dso **order, size_t n);
HIDDEN void dso_run_fini(struct dso *d);
HIDDEN struct dso **fini_order(long ns, size_t *n);
HIDDEN void fini_order_free(struct dso **order);
void _dl_fini(void);

/* glibc/ */
HIDDEN void glibc_init_globals(void);
HIDDEN void glibc_check_libc(struct dso *libc);
/* glibc/publish.c: the publish stage */
HIDDEN unsigned publish_maps(void);
HIDDEN void publish_startup(void);
HIDDEN void publish_debugger_start(void);
HIDDEN void publish_debug_state(long ns, int state);
HIDDEN void glibc_after_relocation(void);
HIDDEN void glibc_early_init(void);
HIDDEN void glibc_early_init_secondary(struct dso *libc);
HIDDEN void glibc_init_thread(void *tp);
/* glibc/link_map.c: each object's link_map, published from struct dso */
#define DL_NNS 16			/* glibc's namespaces (dlmopen) */
HIDDEN void glibc_publish_namespaces(unsigned counts[DL_NNS]);
HIDDEN void glibc_publish_dso(struct dso *d);
HIDDEN void dso_add_name(struct dso *d, const char *name);
HIDDEN void glibc_publish_loader(struct dso *d);
HIDDEN void glibc_publish_self_path(const char *argv0);
HIDDEN void glibc_publish_profile_map(struct dso *d);
HIDDEN void glibc_publish_relocated(struct dso *d);
HIDDEN void glibc_publish_init_called(struct dso *d);
HIDDEN void glibc_publish_opencount(struct dso *d);
HIDDEN void glibc_publish_origin(struct dso *d);
HIDDEN void glibc_publish_loaded(struct dso *d);
HIDDEN void glibc_publish_load_add(void);
HIDDEN void glibc_publish_audit(struct dso *d);
/* glibc/tls.c: the slotinfo list (module id -> object) and TLS facts published */
HIDDEN void glibc_tls_slots_init(void);
HIDDEN size_t glibc_tls_slot_add(struct dso *d, size_t gen);
HIDDEN void glibc_tls_slot_release(struct dso *d, size_t gen);
HIDDEN struct dso *glibc_tls_slot(size_t modid, size_t *gen);
HIDDEN void glibc_publish_tls_static(void);
HIDDEN void glibc_publish_tls_module(struct dso *d);
HIDDEN void glibc_publish_tls_offset(struct dso *d);
HIDDEN void glibc_publish_tls_used(void);
HIDDEN void glibc_publish_tls_max(void);
HIDDEN void glibc_publish_tls_generation(void);
HIDDEN void glibc_publish_initial_dtv(void *dtv);
HIDDEN void glibc_publish_stack_flags(void);
HIDDEN void glibc_publish_args(uintptr_t *sp);
HIDDEN void glibc_publish_vdso(struct dso *d);
/* glibc/scope.c: every store into the scope arrays lookups walk */
HIDDEN void glibc_scope_init(struct dso *d, struct r_scope_elem *const *elems, size_t n);
HIDDEN struct r_scope_elem **glibc_scope_replace(struct dso *d, struct r_scope_elem **s,
						 size_t max);
HIDDEN void glibc_scope_append(struct dso *d, size_t n, struct r_scope_elem *s);
HIDDEN void glibc_scope_elem_set(struct r_scope_elem *e, struct dso **list, size_t n);
HIDDEN void glibc_scope_elem_shrink(struct r_scope_elem *e, size_t n);
HIDDEN void stack_lists_lock(void);	/* GL(dl_stack_cache_lock) */
HIDDEN void stack_lists_unlock(void);
HIDDEN void glibc_each_thread(void (*fn)(unsigned char *pd, void *arg), void *arg);
HIDDEN void tunables_init(char **envp);
HIDDEN void tunables_print(void);
HIDDEN long tunable_get_num(int id);
HIDDEN const char *tunable_get_str(int id);
HIDDEN int tunable_is_set(int id);

/* trace.c: ldd (--verify, --list, LD_TRACE_LOADED_OBJECTS) */
#define TRACE_ENV	1
#define TRACE_LIST	2
#define TRACE_TREE	3	/* --tree, --why (tree.c) */
HIDDEN void trace_check_main(struct dso *main, int has_interp);
_Noreturn HIDDEN void trace_run(char **list_args);
/* tree.c: --tree, --why LIB (LD_CUSTOM_TREE, LD_CUSTOM_WHY): exits */
_Noreturn HIDDEN void tree_run(void);
HIDDEN void copy_size_check(const Elf64_Sym *ref, const Elf64_Sym *def, const char *name);

/* audit.c: the rtld-audit interface (rtld-audit(7)), glibc 2.36's semantics; every
   hook outside it runs only when L.naudit */
#define LA_SER_ORIG	0x01
#define LA_SER_LIBPATH	0x02
#define LA_SER_RUNPATH	0x04
#define LA_SER_CONFIG	0x08
#define LA_SER_DEFAULT	0x40
#define LA_ACT_CONSISTENT 0
#define LA_ACT_ADD	1
#define LA_ACT_DELETE	2
struct audit_plt {		/* glibc's struct reloc_result */
	uintptr_t addr;
	struct dso *bound;
	uint32_t boundndx, enterexit, flags, init;
};
HIDDEN void audit_request(const char *list);
HIDDEN void audit_request_dynamic(struct dso *main);
HIDDEN const char *audit_next_name(unsigned *idx, const char **tail, char *buf, size_t len);
HIDDEN int audit_add(struct dso *root, const char *name);
HIDDEN void audit_startup_done(struct dso *main);
HIDDEN const char *audit_objsearch(const char *name, struct dso *loader, unsigned code);
HIDDEN void audit_listed(struct dso *d);
HIDDEN void audit_activity(long ns, int action);
HIDDEN void audit_objclose(struct dso *d);
HIDDEN void audit_proxy_close(long ns);
HIDDEN int audit_ns(long ns);
HIDDEN void audit_preinit(struct dso *main);
HIDDEN int audit_plt_setup(struct dso *d);
HIDDEN int audit_plt_profiles(const struct dso *d);
HIDDEN uintptr_t audit_symbind(struct dso *d, struct audit_plt *rr, struct sym_result def,
			       uintptr_t value);
HIDDEN uintptr_t audit_pltenter(struct dso *d, struct audit_plt *rr, uintptr_t value,
				void *regs, long *framesize);
HIDDEN void audit_symbind_alt(struct dso *d, const Elf64_Sym *ref, void **value,
			      struct dso *result);
HIDDEN uintptr_t dl_profile_fixup(struct link_map *lm, size_t index, uintptr_t retaddr,
				  void *regs, long *framesize);
HIDDEN void dl_profile_exit(struct link_map *lm, size_t index, const void *inregs,
			    void *outregs);
/* dlfcn.c: an audit module opened at start-up in a namespace of its own */
HIDDEN void dl_load_audit(const char *name);

/* exec_static.c: the initial stack and entering a program that needs no linking */
_Noreturn HIDDEN void exec_static(struct dso *prog, uintptr_t *sp, const char *execfn);
HIDDEN uintptr_t *shift_args(uintptr_t *sp, int skip);
HIDDEN uintptr_t *insert_args(uintptr_t *sp, int at, const char *const *add, int n);

/* formats.c: the command form's program, by the table of formats it can run */
HIDDEN struct dso *open_program(uintptr_t **sp, int *skip, const char *argv0,
				const char **execfn);

/* the entry trampoline */
_Noreturn HIDDEN void dl_jump(uintptr_t entry, void *sp, void (*fini)(void));

#endif
