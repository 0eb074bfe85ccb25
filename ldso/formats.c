/* The command form's program (`ld-custom.so [options] PROGRAM ARGS`): one
   table of the formats the loader runs, each a probe of the file's first bytes
   (an ELF probe also sees what mapping the file found) and a run.  A #! script
   is parsed as the kernel parses it (fs/binfmt_script.c) and its interpreter
   goes through the table again, argv as the kernel builds it, up to the
   kernel's nesting limit.  What no entry takes is named in the error. */
#include <errno.h>
#include <sys/stat.h>
#include "ldso.h"

#define HDR_BYTES 256	/* the kernel's BINPRM_BUF_SIZE: all of a #! line it reads */
#define SCRIPT_DEPTH 5	/* the kernel's exec_binprm: a sixth #! rewrite is ELOOP */

enum { ELF_UNKNOWN, ELF_NOT_OURS, ELF_DYNAMIC, ELF_STATIC_PIE, ELF_STATIC };

/* the file being resolved, and the command form's stack as it now is */
struct exe {
	uintptr_t *sp;
	int skip;		/* the file's index in argv */
	int depth;		/* #! rewrites so far */
	const char *argv0;	/* --argv0, for the program the user named */
	const char *top;	/* the program the user named */
	const char *path;	/* the file now: top, or an interpreter */
	const char *execfn;
	long fd;
	struct stat st;
	size_t n;		/* bytes read into hdr */
	unsigned char *hdr;	/* MAP_HEAD_READ bytes of scratch memory: one read of
				   the file serves the probes and map_object */
	int elf;		/* ELF_*: what elf_kind found */
	struct dso *prog;	/* the mapped ELF program */
	const char *interp;	/* its PT_INTERP */
};

struct format {
	const char *name;
	int (*probe)(struct exe *x);
	/* the program to link; 0 when x now names an interpreter to resolve */
	struct dso *(*run)(struct exe *x);
};

/* the #! lines of the scripts on the way: the interpreters and arguments are
   the program's argv strings for good */
static char script_lines[SCRIPT_DEPTH + 1][HDR_BYTES] COLD_BSS;

/* PT_INTERP's string, if it is a terminated string inside the object */
static const char *interp_of(const struct dso *d)
{
	for (unsigned k = 0; k < d->phnum; k++) {
		const Elf64_Phdr *p = &d->phdr[k];
		if (p->p_type != PT_INTERP)
			continue;
		const char *s = (const char *)(d->base + p->p_vaddr);
		if (!p->p_filesz || !dso_addr_ok(d, (uintptr_t)s, p->p_filesz) ||
		    s[p->p_filesz - 1])
			dl_fatal("error while loading shared libraries",
				 "%s: invalid PT_INTERP segment", L.progname);
		return s;
	}
	return 0;
}

/* What the object is decides how it runs (glibc's rtld): a dynamic section
   means linking, PT_INTERP or not, unless there is no PT_INTERP and no
   DT_NEEDED (static-pie): glibc 2.35+ execve()s those (BZ #28648), we enter
   them as the kernel would.  Without a dynamic section, ET_DYN is refused as
   glibc refuses it, and an ET_EXEC with PT_INTERP rather than entered unlinked. */
static int needs_linking(struct dso *d, int has_interp, unsigned type)
{
	if (!d->dynamic) {
		if (type == ET_DYN || has_interp)
			dl_fatal("error while loading shared libraries",
				 "%s: object file has no dynamic section", L.progname);
		return 0;
	}
	const char *why = dso_decode_dynamic(d);
	if (why)
		dl_fatal("error while loading shared libraries", "%s: %s", L.progname, why);
	if (has_interp)
		return 1;
	for (const Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++)
		if (dyn->d_tag == DT_NEEDED)
			return 1;
	return 0;
}

/* the entry point must be code of the program: a shared library, or a
   corrupt e_entry, is refused here instead of crashing at the jump */
static void check_entry(const struct dso *d)
{
	uintptr_t e = d->entry;
	for (unsigned k = 0; k < d->phnum; k++) {
		const Elf64_Phdr *p = &d->phdr[k];
		if (p->p_type == PT_LOAD && (p->p_flags & PF_X) && e >= d->base + p->p_vaddr &&
		    e - (d->base + p->p_vaddr) < p->p_memsz)
			return;
	}
	dl_fatal("cannot execute", "%s: not an executable (no entry point in its code)",
		 L.progname);
}

/* an ELF file this loader runs (the header passes glibc's checks) is mapped
   once, here, and sorted by what linking it needs; errors in it are fatal */
static int elf_kind(struct exe *x)
{
	if (x->elf)
		return x->elf;
	const Elf64_Ehdr *eh = (const void *)x->hdr;
	if (elf_check_header(eh, x->n < sizeof *eh ? x->n : (size_t)x->st.st_size, 1))
		return x->elf = ELF_NOT_OURS;
	struct map_error err;
	struct map_head head = { x->hdr, x->n };
	x->prog = map_object(x->fd, x->path, 1, &x->st, &head, &err);
	if (!x->prog)
		dl_fatal("error while loading shared libraries", "%s: %s", x->path, err.msg);
	lcache_note_file(x->prog, &x->st);
	if (L.debug & DEBUG_FILES)
		debug_mapped(x->prog, x->path, 0);
	x->interp = interp_of(x->prog);
	if (L.verify || L.trace || needs_linking(x->prog, x->interp != 0, eh->e_type))
		return x->elf = ELF_DYNAMIC;	/* ldd's checks are the dynamic run's */
	return x->elf = x->prog->dynamic ? ELF_STATIC_PIE : ELF_STATIC;
}

static int probe_dynamic(struct exe *x) { return elf_kind(x) == ELF_DYNAMIC; }
static int probe_static_pie(struct exe *x) { return elf_kind(x) == ELF_STATIC_PIE; }
static int probe_static(struct exe *x) { return elf_kind(x) == ELF_STATIC; }

/* linked by the pipeline; the name glibc gives it from here on (DSO_FILENAME)
   is --argv0's, and --argv0 is for the file the user named (the kernel drops
   a script's argv[0]) */
static struct dso *run_dynamic(struct exe *x)
{
	struct dso *main = x->prog;
	if (L.verify || L.trace)
		trace_check_main(main, x->interp != 0);	/* --verify exits there */
	sys_close(x->fd);
	main->kind = DSO_MAIN;
	if (x->argv0 && !x->depth)
		L.argv[x->skip] = (char *)(L.progname = x->argv0);
	/* AT_EXECFN: as the kernel gives it, the file exec'ed (a script's path) */
	x->execfn = x->depth ? x->top : L.argv[x->skip];
	/* the loader's own name, as glibc records it: the program's PT_INTERP */
	if (x->interp)
		L.self->name = x->interp;
	if (!L.trace)	/* tracing never enters the program */
		check_entry(main);
	return main;
}

/* needs no linking: entered as the kernel would (AT_EXECFN a script's path) */
static struct dso *run_static(struct exe *x)
{
	sys_close(x->fd);
	if (x->argv0 && !x->depth)
		L.argv[x->skip] = (char *)x->argv0;
	check_entry(x->prog);
	exec_static(x->prog, shift_args(x->sp, x->skip), x->depth ? x->top : 0);
}

static int spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The kernel's parse of a #! line (fs/binfmt_script.c load_script) in buf, a
   copy of the file's first HDR_BYTES bytes zero-padded as the kernel's is:
   returns the interpreter and in *arg the optional argument (the rest of the
   line, trailing blanks off); 0 where the kernel says ENOEXEC: no interpreter,
   or no newline and no end of the path inside the buffer (it may be cut). */
static const char *script_parse(char *buf, const char **arg)
{
	char *last = buf + HDR_BYTES - 1, *end = 0, *c;
	for (c = buf; c <= last && !end; c++)
		if (*c == '\n')
			end = c;
	if (!end) {
		for (c = buf + 2; c <= last && spacetab(*c); c++)
			;
		while (c <= last && *c && !spacetab(*c))
			c++;
		if (c > last)
			return 0;
		end = last;
	}
	while (spacetab(end[-1]))	/* buf[1] is '!': it stops there */
		end--;
	char *name = buf + 2;
	while (name <= end && spacetab(*name))
		name++;
	if (name >= end)
		return 0;
	char *sep = name;
	while (sep <= end && *sep && !spacetab(*sep))
		sep++;
	*arg = 0;
	if (sep <= end && *sep) {
		for (c = sep; c <= end && spacetab(*c); c++)
			;
		if (c <= end)
			*arg = c;
	}
	*end = 0;
	if (*arg)
		*sep = 0;
	return name;
}

static int probe_script(struct exe *x)
{
	/* ldd's --list and --verify see what glibc's do: not an ELF file */
	return !L.trace && !L.verify && x->n >= 2 && x->hdr[0] == '#' && x->hdr[1] == '!';
}

/* argv becomes [interpreter, argument if any, the script's path, its arguments] */
static struct dso *run_script(struct exe *x)
{
	char *buf = script_lines[x->depth];
	memset(buf, 0, HDR_BYTES);
	memcpy(buf, x->hdr, x->n < HDR_BYTES ? x->n : HDR_BYTES);
	const char *arg, *interp = script_parse(buf, &arg);
	if (!interp)
		dl_fatal("cannot execute", "%s: no interpreter in its #! line: Exec format error",
			 x->path);
	sys_close(x->fd);
	const char *add[2] = { interp, arg };
	int k = arg ? 2 : 1;
	/* at most 2 slots per level, below the stack in the room start.S left */
	_Static_assert(2 * (SCRIPT_DEPTH + 1) * sizeof(uintptr_t) <= ARCH_ARGS_HEADROOM,
		       "no room below the stack for the nested scripts' arguments");
	x->sp = insert_args(x->sp, x->skip, add, k);
	L.argc = (int)x->sp[0];
	L.argv = (char **)(x->sp + 1);
	x->depth++;
	return 0;
}

static const struct format formats[] = {
	{ "#! script", probe_script, run_script },
	{ "dynamic ELF", probe_dynamic, run_dynamic },
	{ "static-pie ELF", probe_static_pie, run_static },
	{ "static ELF", probe_static, run_static },
};

/* why an ELF file no entry takes cannot run, naming what it is; 0 if it is
   not one elf_describe can read */
static const char *foreign_elf(const struct exe *x, char *msg, size_t cap)
{
	char what[96];
	if (!elf_describe(x->hdr, x->n, what, sizeof what))
		return 0;
	const unsigned char *b = x->hdr;
	int msb = b[EI_DATA] == ELFDATA2MSB;
	unsigned type = msb ? b[16] << 8 | b[17] : b[16] | b[17] << 8;
	unsigned em = msb ? b[18] << 8 | b[19] : b[18] | b[19] << 8;
	const char *fmt = b[EI_CLASS] != ELFCLASS64 ? "wrong ELF class: %s: this loader runs %s"
		: msb ? "ELF file data encoding not little-endian: %s: this loader runs %s"
		: em != ARCH_EM ? "wrong machine: %s: this loader runs %s"
		: type == ET_REL ? "only ET_DYN and ET_EXEC can be loaded: %s: "
				   "link it into a program first"
		: type == ET_CORE ? "only ET_DYN and ET_EXEC can be loaded: %s: "
				    "a process image for a debugger, not a program" : 0;
	if (!fmt)
		return 0;
	rt_snprintf(msg, cap, fmt, what, ARCH_NAME);
	return msg;
}

/* no entry takes it: another machine's or class's ELF file, an object that is
   no program, or no ELF file at all (glibc's words for what glibc checks) */
static _Noreturn void refuse(struct exe *x)
{
	char msg[192];
	const char *why = foreign_elf(x, msg, sizeof msg);
	if (!why)
		why = elf_check_header((const void *)x->hdr,
				       x->n < sizeof(Elf64_Ehdr) ? x->n : (size_t)x->st.st_size, 1);
	if (!why)
		why = "not a program this loader runs";
	dl_fatal("error while loading shared libraries", "%s: %s", x->path, why);
}

/* a script's interpreter that cannot run: named under the program the user named */
static _Noreturn void bad_interpreter(const struct exe *x, const char *why, const char *more)
{
	L.progname = x->top;
	dl_fatal("cannot execute", "%s: bad interpreter: %s%s", x->path, why, more);
}

/* open the file argv[skip] names and read its first bytes; errors in it name
   it as the program, as they would if the kernel had run it.  An interpreter
   that cannot be opened, or one nested too deep, is a bad interpreter (the
   kernel's errno: ELOOP past its limit). */
static void exe_open(struct exe *x)
{
	const char *what;
	x->path = L.argv[x->skip];
	x->fd = map_open(x->path, &x->st, &what);
	if (x->depth && (what || x->fd < 0))
		bad_interpreter(x, what ? what : errno_text(x->fd), "");
	if (x->depth > SCRIPT_DEPTH)
		bad_interpreter(x, errno_text(-ELOOP), " (#! scripts nested too deep)");
	L.progname = x->path;
	if (what)
		dl_fatal("error while loading shared libraries", "%s: %s", x->path, what);
	if (x->fd < 0)
		dl_fatal("error while loading shared libraries",
			 "%s: cannot open shared object file: %s", x->path, errno_text(x->fd));
	long n = sys_pread(x->fd, x->hdr, MAP_HEAD_READ, 0);
	if (n < 0)
		dl_fatal("error while loading shared libraries", "%s: cannot read file data",
			 x->path);
	x->n = n;
	x->elf = ELF_UNKNOWN;
	x->prog = 0;
	x->interp = 0;
}

/* the command form: the program is the file argv[*skip] names, or a script's
   interpreter; one that needs no linking is entered from here (exec_static).
   *sp and *skip follow the argv a script's interpreter gets. */
struct dso *open_program(uintptr_t **sp, int *skip, const char *argv0, const char **execfn)
{
	struct exe x = { .sp = *sp, .skip = *skip, .argv0 = argv0, .top = L.argv[*skip],
			 .hdr = scratch_need(MAP_HEAD_READ) };
	L.progname = x.top;
	if (!*x.top) {
		L.progname = "''";	/* glibc's line would start with ": " */
		dl_fatal("error while loading shared libraries", "empty program name");
	}
	for (;;) {
		exe_open(&x);
		const struct format *f = 0;
		for (size_t i = 0; i < sizeof formats / sizeof formats[0] && !f; i++)
			if (formats[i].probe(&x))
				f = &formats[i];
		if (!f)
			refuse(&x);
		/* what a script led to (glibc runs no script: its lines are never changed) */
		if ((L.debug & DEBUG_FILES) && (x.depth || f->run == run_script))
			dl_debug("file=%s;  format: %s", x.path, f->name);
		struct dso *main = f->run(&x);
		if (main) {
			scratch_put(x.hdr);
			*sp = x.sp;
			*skip = x.skip;
			*execfn = x.execfn;
			return main;
		}
	}
}
