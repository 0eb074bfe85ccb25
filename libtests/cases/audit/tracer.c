/* A latrace-style tracer: every call the program and its libau* libraries
 * make through their PLT, entry with its arguments and exit with its return
 * value, indented by nesting depth (per thread).  Like latrace it knows the
 * argument types from a prototype table; a pointer prints as "ptr" (addresses
 * differ from run to run), a function it has no prototype for as "(...)". */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <string.h>

static __thread int depth;

struct proto { const char *name, *args; char ret; };	/* i int, l long, d double,
							   s string, p pointer */
static const struct proto protos[] = {
	{ "au_add", "ii", 'i' }, { "au_ret", "i", 'i' }, { "au_orig", "", 'i' },
	{ "au_stack", "lllllllll", 'l' }, { "au_fp", "dd", 'd' }, { "au2_fn", "", 'i' },
	{ "write", "ipl", 'l' }, { "vsnprintf", "plsp", 'i' }, { "dlopen", "si", 'p' },
	{ "dlsym", "ps", 'p' }, { "dlclose", "p", 'i' },
};

static const struct proto *proto(const char *name)
{
	for (unsigned i = 0; i < sizeof protos / sizeof protos[0]; i++)
		if (!strcmp(protos[i].name, name))
			return &protos[i];
	return NULL;
}

static const char *names[64];
static unsigned nnames;

static const char *base(const char *p)
{
	const char *b = strrchr(p, '/');
	b = b ? b + 1 : p;
	if (!strcmp(b, "ld-linux-x86-64.so.2") || !strcmp(b, "ld-custom.so"))
		return "<ldso>";
	return *p ? b : "<main>";
}

unsigned int la_version(unsigned int v)
{
	return LAV_CURRENT;
}

unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	const char *n = base(map->l_name);
	unsigned id = nnames < 64 ? nnames++ : 63;
	names[id] = n;
	*cookie = id;
	return LA_FLG_BINDTO | (!*map->l_name || !strncmp(n, "libau", 5) ? LA_FLG_BINDFROM : 0);
}

static void arg(char *buf, size_t len, char kind, uint64_t v, double d)
{
	if (kind == 'i')
		snprintf(buf, len, "%d", (int)v);
	else if (kind == 'l')
		snprintf(buf, len, "%ld", (long)v);
	else if (kind == 'd')
		snprintf(buf, len, "%g", d);
	else if (kind == 's')
		snprintf(buf, len, "\"%.20s\"", v ? (const char *)v : "");
	else
		snprintf(buf, len, "%s", v ? "ptr" : "NULL");
}

Elf64_Addr la_x86_64_gnu_pltenter(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				  uintptr_t *defcook, La_x86_64_regs *regs,
				  unsigned int *flags, const char *symname, long int *framesizep)
{
	const struct proto *p = proto(symname);
	char line[512];
	int n = snprintf(line, sizeof line, "%*s%s -> %s: %s(", depth * 2, "",
			 names[*refcook], names[*defcook], symname);
	uint64_t ints[] = { regs->lr_rdi, regs->lr_rsi, regs->lr_rdx, regs->lr_rcx,
			    regs->lr_r8, regs->lr_r9 };
	const uint64_t *stack = (const uint64_t *)regs->lr_rsp + 1;
	unsigned gp = 0, fp = 0, st = 0;
	for (const char *a = p ? p->args : "."; *a; a++) {
		char v[64];
		double d = 0;
		if (*a == '.')
			snprintf(v, sizeof v, "...");
		else if (*a == 'd')
			memcpy(&d, &regs->lr_xmm[fp++], sizeof d), arg(v, sizeof v, 'd', 0, d);
		else
			arg(v, sizeof v, *a, gp < 6 ? ints[gp++] : stack[st++], 0);
		n += snprintf(line + n, sizeof line - n, "%s%s", a == (p ? p->args : ".") ? "" : ", ",
			      v);
	}
	dprintf(1, "%s)\n", line);
	depth++;
	*framesizep = 64;
	return sym->st_value;
}

unsigned int la_x86_64_gnu_pltexit(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				   uintptr_t *defcook, const La_x86_64_regs *inregs,
				   La_x86_64_retval *outregs, const char *symname)
{
	const struct proto *p = proto(symname);
	char v[64];
	double d;
	memcpy(&d, &outregs->lrv_xmm0, sizeof d);
	depth--;
	if (!p)
		snprintf(v, sizeof v, "%s", outregs->lrv_rax < 0x10000 ? "small" : "big");
	else
		arg(v, sizeof v, p->ret, outregs->lrv_rax, d);
	dprintf(1, "%*s%s = %s\n", depth * 2, "", symname, v);
	return 0;
}
