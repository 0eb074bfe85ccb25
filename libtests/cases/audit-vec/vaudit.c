/* An audit module for libvec.so's calls (built -mavx, or -mavx512f with
 * VEC512): la_pltenter prints the vector argument registers from
 * La_x86_64_regs.lr_vector (ymm or zmm view), la_pltexit the result from
 * La_x86_64_retval.lrv_vector0.  With VEC_MODE=change it also writes upper
 * lanes: the second argument's lane 7 (lane 15 of a __m512) and the result's
 * lane 6 (lane 14), which the program then sees; with VEC_MODE=xmm it writes
 * lane 0 through the 16-byte views lr_xmm[0] and lrv_xmm0 instead (glibc then
 * passes that xmm register with its upper lanes zeroed); with VEC_MODE=enter
 * it changes the argument as "change" does but asks for no la_pltexit (the
 * trampoline jumps to the function).  Each callback calls
 * printf, whose AVX code leaves the upper halves of the registers zeroed: the
 * trampoline must restore them itself. */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int change, xmm, enter;

unsigned int la_version(unsigned int v)
{
	const char *m = getenv("VEC_MODE");
	change = m && !strcmp(m, "change");
	xmm = m && !strcmp(m, "xmm");
	enter = m && !strcmp(m, "enter");
	return LAV_CURRENT;
}

unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	const char *b = strrchr(map->l_name, '/');
	b = b ? b + 1 : map->l_name;
	/* calls from the program, to libvec.so */
	return !*map->l_name ? LA_FLG_BINDFROM : !strcmp(b, "libvec.so") ? LA_FLG_BINDTO : 0;
}

/* how many vector arguments, and how wide (8 or 16 floats); 0: not ours */
static int shape(const char *name, int *lanes, int *first)
{
	*first = 0;
	*lanes = strncmp(name, "vec512_", 7) ? 8 : 16;
	if (!strcmp(name, "vec_scale"))
		return *first = 1, 2;	/* xmm0 is the double */
	if (strstr(name, "_sum8"))
		return 8;
	if (strstr(name, "_add"))
		return 2;
	return 0;
}

static void lanes(const char *what, const La_x86_64_vector *v, int n)
{
	float f[16];
	memcpy(f, v, n * sizeof(float));
	printf("  %s:", what);
	for (int i = 0; i < n; i++)
		printf(" %g", f[i]);
	printf("\n");
	fflush(stdout);
}

Elf64_Addr la_x86_64_gnu_pltenter(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				  uintptr_t *defcook, La_x86_64_regs *regs, unsigned int *flags,
				  const char *symname, long *framesize)
{
	int n, first, w = 8;
	if (!(n = shape(symname, &w, &first)))
		return sym->st_value;
	printf("pltenter %s\n", symname);
	char what[16];
	for (int i = first; i < n; i++) {
		snprintf(what, sizeof what, "arg%d", i);
		lanes(what, &regs->lr_vector[i], w);
	}
	if (change || enter) {
		float *f = (float *)&regs->lr_vector[n - 1];	/* the last vector argument */
		f[w - 1] = 1000;
	}
	if (xmm && !first)
		regs->lr_xmm[0][0] = 500;
	if (!enter)
		*framesize = 64;	/* ask for la_pltexit */
	return sym->st_value;
}

unsigned int la_x86_64_gnu_pltexit(Elf64_Sym *sym, unsigned int ndx, uintptr_t *refcook,
				   uintptr_t *defcook, const La_x86_64_regs *inregs,
				   La_x86_64_retval *outregs, const char *symname)
{
	int first, w;
	if (!shape(symname, &w, &first))
		return 0;
	printf("pltexit %s\n", symname);
	lanes("ret", &outregs->lrv_vector0, w);
	if (change) {
		float *f = (float *)&outregs->lrv_vector0;
		f[w - 2] = -1;
	}
	if (xmm)
		outregs->lrv_xmm0[0] = 7;
	return 0;
}
