/* An audit module that prints every callback with its arguments in a stable
 * form: objects by name ("<main>", "<ldso>", base names), cookies by the number la_objopen gave them, never addresses.
 * Built as libaudA.so and libaudB.so (TAG) to chain two modules.  AUDIT_MODE
 * (env) picks behaviours: v0 (la_version returns 0), v3 (asks for version 3),
 * rename (la_objsearch maps libau-alias.so to libau2.so), veto (hides
 * libau3.so), redirect (la_symbind64 binds au_orig to this module's
 * au_replacement), quiet (no line per call), regs
 * (la_pltenter sets au_add's first argument to 40, la_pltexit adds 1000 to
 * au_ret's result), noplt (la_symbind64 asks for no la_pltenter/exit). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TAG
#define TAG "A"
#endif

static char names[64][128];
static unsigned nnames;
static char cwd[512];

static int mode(const char *m)
{
	const char *e = getenv("AUDIT_MODE");
	return e && strstr(e, m) != NULL;
}

static const char *show(const char *path)
{
	size_t n = strlen(cwd);
	if (!path || !*path)
		return "<main>";
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	if (!strcmp(b, "ld-linux-x86-64.so.2") || !strcmp(b, "ld-custom.so"))
		return "<ldso>";
	(void)n;	/* the directory differs between forms ($ORIGIN of "./prog") */
	return b;
}

/* a cookie: ours after la_objopen, else the link_map glibc starts it with */
static const char *cook(uintptr_t *c)
{
	if (*c < nnames)
		return names[*c];
	return show(((struct link_map *)*c)->l_name);
}

unsigned int la_version(unsigned int v)
{
	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = 0;
	dprintf(1, "[%s] la_version %u\n", TAG, v);
	if (mode("v0"))
		return 0;
	if (mode("v3"))
		return 3;
	return LAV_CURRENT;
}

void la_activity(uintptr_t *cookie, unsigned int flag)
{
	dprintf(1, "[%s] la_activity %s %s\n", TAG, cook(cookie),
		flag == LA_ACT_ADD ? "ADD" : flag == LA_ACT_DELETE ? "DELETE" :
		flag == LA_ACT_CONSISTENT ? "CONSISTENT" : "?");
}

char *la_objsearch(const char *name, uintptr_t *cookie, unsigned int flag)
{
	static const struct { unsigned f; const char *n; } fl[] = {
		{ LA_SER_ORIG, "ORIG" }, { LA_SER_LIBPATH, "LIBPATH" },
		{ LA_SER_RUNPATH, "RUNPATH" }, { LA_SER_CONFIG, "CONFIG" },
		{ LA_SER_DEFAULT, "DEFAULT" }, { LA_SER_SECURE, "SECURE" } };
	const char *f = "?";
	for (unsigned i = 0; i < sizeof fl / sizeof fl[0]; i++)
		if (flag == fl[i].f)
			f = fl[i].n;
	/* candidates that do not exist differ with the search directories
	   (glibc-hwcaps subdirectories): only names and files that are there */
	if (flag == LA_SER_ORIG || access(name, F_OK) == 0)
		dprintf(1, "[%s] la_objsearch %s %s from %s\n", TAG, show(name), f,
			cook(cookie));
	if (flag == LA_SER_ORIG && mode("rename") && !strcmp(name, "libau-alias.so"))
		return (char *)"libau2.so";
	if (flag == LA_SER_ORIG && mode("veto") && !strcmp(name, "libau3.so"))
		return NULL;
	return (char *)name;
}

unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	const char *n = show(map->l_name);
	unsigned id = nnames < 64 ? nnames++ : 63;
	snprintf(names[id], sizeof names[id], "%s", n);
	dprintf(1, "[%s] la_objopen %s ns=%ld cookie=%s\n", TAG, n, (long)lmid, cook(cookie));
	*cookie = id;
	if (!*map->l_name || strstr(n, "libau"))
		return LA_FLG_BINDTO | LA_FLG_BINDFROM;
	return 0;
}

unsigned int la_objclose(uintptr_t *cookie)
{
	dprintf(1, "[%s] la_objclose %s\n", TAG, cook(cookie));
	return 0;
}

void la_preinit(uintptr_t *cookie)
{
	dprintf(1, "[%s] la_preinit %s\n", TAG, cook(cookie));
}

/* what au_orig is bound to in redirect mode (a function of this module) */
static int au_replacement(void)
{
	return 3;
}

static const char *symflags(unsigned f)
{
	static char b[64];
	snprintf(b, sizeof b, "%s%s%s%s", f & LA_SYMB_NOPLTENTER ? "|NOPLTENTER" : "",
		 f & LA_SYMB_NOPLTEXIT ? "|NOPLTEXIT" : "", f & LA_SYMB_DLSYM ? "|DLSYM" : "",
		 f & LA_SYMB_ALTVALUE ? "|ALTVALUE" : "");
	return b[0] ? b + 1 : "0";
}

uintptr_t la_symbind64(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
		       uintptr_t *defcook, unsigned int *flags, const char *symname)
{
	if (strncmp(symname, "au", 2))
		return sym->st_value;
	if (!mode("quiet"))	/* threads may race to the first binding */
		dprintf(1, "[%s] la_symbind64 %s %s -> %s flags=%s\n", TAG, symname,
			cook(refcook), cook(defcook), symflags(*flags));
	if (mode("noplt"))
		*flags |= LA_SYMB_NOPLTENTER | LA_SYMB_NOPLTEXIT;
	if (mode("redirect") && !strcmp(symname, "au_orig"))
		return (uintptr_t)au_replacement;
	return sym->st_value;
}

Elf64_Addr la_x86_64_gnu_pltenter(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				  uintptr_t *defcook, La_x86_64_regs *regs,
				  unsigned int *flags, const char *symname, long int *framesizep)
{
	if (strncmp(symname, "au", 2))
		return sym->st_value;
	if (mode("quiet"))
		goto act;
	/* only the arguments the callee has: other registers hold leftovers */
	int two = !strcmp(symname, "au_add") || !strcmp(symname, "au_stack");
	int one = two || !strcmp(symname, "au_ret");
	char stack[64] = "";
	if (!strcmp(symname, "au_stack")) {	/* the three arguments on the stack */
		long *sp = (long *)regs->lr_rsp;
		snprintf(stack, sizeof stack, " stack=%ld,%ld,%ld", sp[1], sp[2], sp[3]);
	}
	dprintf(1, "[%s] la_pltenter %s %s -> %s rdi=%ld rsi=%ld%s flags=%s\n", TAG, symname,
		cook(refcook), cook(defcook), one ? (long)regs->lr_rdi : 0L,
		two ? (long)regs->lr_rsi : 0L, stack, symflags(*flags));
act:
	if (mode("regs") && !strcmp(symname, "au_add"))
		regs->lr_rdi = 40;
	if (!strcmp(symname, "au_ret") || !strcmp(symname, "au_stack") ||
	    !strcmp(symname, "au_fp") || !strcmp(symname, "au_ld"))
		*framesizep = 64;	/* la_pltexit wanted; 64 bytes of stack arguments */
	return sym->st_value;
}

unsigned int la_x86_64_gnu_pltexit(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				   uintptr_t *defcook, const La_x86_64_regs *inregs,
				   La_x86_64_retval *outregs, const char *symname)
{
	double x = 0;
	if (mode("quiet"))
		goto act;
	if (!strcmp(symname, "au_fp"))	/* a double comes back in xmm0 */
		memcpy(&x, &outregs->lrv_xmm0, sizeof x);
	if (!strcmp(symname, "au_ld"))	/* a long double comes back in st0 */
		x = (double)outregs->lrv_st0;
	dprintf(1, "[%s] la_pltexit %s %s -> %s rdi=%ld rax=%ld float=%g\n", TAG, symname,
		cook(refcook), cook(defcook), x != 0 ? 0L : (long)inregs->lr_rdi,
		x != 0 ? 0L : (long)outregs->lrv_rax, x);
	if (mode("regs") && !strcmp(symname, "au_ld"))
		outregs->lrv_st0 += 100;
act:
	if (mode("regs") && !strcmp(symname, "au_ret"))
		outregs->lrv_rax += 1000;
	return 0;
}
