/* Shared by the unit tests: hooks into support.c and helpers in testlib.c.
   Nothing here is loader code; the helpers read ELF files and tool output
   on their own so the tests have independent expectations. */
#ifndef UNIT_SUPPORT_H
#define UNIT_SUPPORT_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <elf.h>
#include <check.h>

struct dso;

/* Check records the location of every passing ck_assert (a write each);
   hot loops use these, which only call into Check on failure. */
#define EXPECT(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)
#define EXPECT_EQ(a, b) EXPECT((a) == (b), "%s:%d: %s == %s failed (%#llx vs %#llx)", __FILE__, \
			       __LINE__, #a, #b, (unsigned long long)(a), (unsigned long long)(b))
#define EXPECT_TRUE(c) EXPECT((c), "%s:%d: %s failed", __FILE__, __LINE__, #c)

/* support.c: dl_fatal longjmps here when set, else aborts */
extern jmp_buf *unit_fatal_jmp;
extern char unit_fatal_msg[2048];

/* paths of real system objects used as test input */
#define SYS_LIBC	"/lib/x86_64-linux-gnu/libc.so.6"
#define SYS_LIBM	"/lib/x86_64-linux-gnu/libm.so.6"
#define SYS_LDSO	"/lib64/ld-linux-x86-64.so.2"
#define SYS_LS		"/bin/ls"
#ifndef UNIT_FIXTURES
#define UNIT_FIXTURES	"build/unit/fixtures"
#endif

/* whole file in memory (malloc'ed, NUL after the end); aborts the test on error */
unsigned char *tl_slurp(const char *path, size_t *size);

/* Memory whose last usable byte is followed by a PROT_NONE page (and preceded
   by one), so any overread faults.  tl_guard_free releases it. */
unsigned char *tl_guarded(size_t size);
void tl_guard_free(unsigned char *p, size_t size);

/* Map every PT_LOAD of an ELF file into one reservation, like a loader would,
   and return a zeroed struct dso with base, map_*, phdr, phnum, dynamic and
   name filled in (nothing decoded).  NULL on failure. */
struct dso *tl_map_dso(const char *path);
void tl_unmap_dso(struct dso *d);

/* Independent view of an ELF file through its section headers. */
struct tl_elf {
	unsigned char *data;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	unsigned shnum;
	const char *shstr;
	/* .dynsym and friends (NULL when absent) */
	const Elf64_Sym *dynsym;
	size_t ndynsym;
	const char *dynstr;
	size_t dynstr_size;
	const uint16_t *versym;
	size_t *by_name;	/* symbol indices sorted by name (tl_name_range) */
};
int tl_elf_open(struct tl_elf *e, const char *path);
void tl_elf_close(struct tl_elf *e);
const Elf64_Shdr *tl_section(const struct tl_elf *e, const char *name);
const Elf64_Shdr *tl_section_type(const struct tl_elf *e, uint32_t type);
const void *tl_at(const struct tl_elf *e, uint64_t off, uint64_t len);

/* Version definitions/requirements as read by readelf -V (name, index, ...). */
struct tl_ver {
	unsigned index;		/* vd_ndx, or vna_other */
	int base;		/* VER_FLG_BASE */
	int weak;
	char name[128];
	char file[128];		/* verneed only */
};
size_t tl_readelf_versions(const char *path, struct tl_ver *out, size_t max, int needs);

/* version definition names by index, from SHT_GNU_verdef (testlib's own
   reader): names[ndx] (NULL where undefined); returns the highest index */
unsigned tl_verdef_names(const struct tl_elf *e, const char **names, unsigned max);

/* readelf -d: value of a tag line, e.g. "SONAME" -> "libm.so.6" (inside [...])
   or the number.  Returns 1 if the tag is present. */
int tl_readelf_dyn(const char *path, const char *tag, char *val, size_t vallen);
/* readelf --dyn-syms: the "contains N entries" count */
long tl_readelf_nsyms(const char *path);

/* one symbol of readelf --dyn-syms -W */
struct tl_rsym {
	unsigned long index, value, size;
	char type[16], bind[16], ndx[16];
	char name[256];		/* without the version */
	char version[64];	/* "" if none */
	int is_default;		/* "@@" */
};
size_t tl_readelf_syms(const char *path, struct tl_rsym **out);

/* glibc's check_match filter: could symbol s satisfy any lookup? */
int tl_sym_eligible(const Elf64_Sym *s);
/* indices of the .dynsym entries called name: by_name[*first .. *first+n) */
size_t tl_name_range(struct tl_elf *e, const char *name, size_t *first);
/* Index of the symbol glibc's rules (elf/dl-lookup.c check_match) pick in
   object e for an unversioned reference to name: index < 3 (< 2 with
   RETURN_NEWEST) wins at once, else the single non-hidden versioned one.
   -1: none, -2: several immediate candidates (order-dependent). */
long tl_expect_unversioned(struct tl_elf *e, const char *name, int newest);

/* lines of a shell command's output (malloc'ed; free with tl_free_lines) */
char **tl_lines(const char *cmd, size_t *n);
void tl_free_lines(char **lines, size_t n);

/* reference hash functions, written from the gABI / GNU descriptions */
uint32_t ref_elf_hash(const unsigned char *name);
uint32_t ref_gnu_hash(const unsigned char *name);

/* a tiny deterministic PRNG for fuzz loops */
uint64_t tl_rand(uint64_t *state);

/* run one suite; returns the process exit status */
int tl_run(Suite *s);

#endif
