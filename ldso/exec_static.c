/* Userland exec: a static or static-pie program, mapped by map_object, is
   entered with the stack the kernel would have built for it. */
#include <sys/auxv.h>
#include "ldso.h"

void exec_static(struct dso *prog, uintptr_t *sp)
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
		case AT_EXECFN: a->a_un.a_val = (uintptr_t)argv[0]; break;
		}
	}
	dl_jump(prog->entry, sp, 0);
}
