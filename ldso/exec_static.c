/* Userland exec: a static or static-pie program, mapped by map_object, is
   entered with the stack the kernel would have built for it; and the command
   form's edits of the initial stack (the loader's arguments dropped, a #!
   script's interpreter put in). */
#include <sys/auxv.h>
#include "ldso.h"

/* AT_EXECFN: execfn, or the program's argv[0] */
void exec_static(struct dso *prog, uintptr_t *sp, const char *execfn)
{
	if (prog->entry == prog->base)
		dl_fatal("cannot execute", "%s: not an executable (no entry point)", L.progname);
	char **argv = (char **)(sp + 1);
	char **e = argv + sp[0] + 1;
	while (*e)
		e++;
	for (Elf64_auxv_t *a = (Elf64_auxv_t *)(e + 1); a->a_type != AT_NULL; a++) {
		switch (a->a_type) {
		case AT_PHDR: a->a_un.a_val = (uintptr_t)prog->phdr; break;
		case AT_PHNUM: a->a_un.a_val = prog->phnum; break;
		case AT_ENTRY: a->a_un.a_val = prog->entry; break;
		case AT_BASE: a->a_un.a_val = 0; break;	/* no interpreter */
		case AT_EXECFN: a->a_un.a_val = (uintptr_t)(execfn ? execfn : argv[0]); break;
		}
	}
	dl_jump(prog->entry, sp, 0);
}

/* Drop the loader's own arguments: the program sees itself as argv[0].
   The stack pointer must be 16-byte aligned at the entry: when sp + skip is
   not, argv, envp and auxv move down one slot. */
uintptr_t *shift_args(uintptr_t *sp, int skip)
{
	if (!skip)
		return sp;
	long argc = (long)sp[0] - skip;
	if ((uintptr_t)(sp + skip) & 15) {
		uintptr_t *p = sp + 1 + skip;
		uintptr_t *end = p;
		while (*end++)		/* argv */
			;
		while (*end++)		/* envp */
			;
		while (end[0] != AT_NULL)
			end += 2;
		end += 2;
		memmove(p - 1, p, (end - p) * sizeof *p);
		sp += skip - 1;
	} else
		sp += skip;
	sp[0] = argc;
	return sp;
}

/* Put n arguments before argv[at]: argc and argv[0..at-1] move down n slots,
   into the room _dl_start left below the stack (ARCH_ARGS_HEADROOM; the caller
   counts); envp and auxv stay.  sp is aligned again by shift_args. */
uintptr_t *insert_args(uintptr_t *sp, int at, const char *const *add, int n)
{
	uintptr_t *to = sp - n, argc = sp[0];
	memmove(to, sp, (at + 1) * sizeof *sp);
	to[0] = argc + n;
	for (int i = 0; i < n; i++)
		to[1 + at + i] = (uintptr_t)add[i];
	return to;
}
