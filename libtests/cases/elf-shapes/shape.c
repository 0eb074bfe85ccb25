/* A library of the shapes glibc loads that linkers rarely make; the build
   patches copies of it (9+ PT_LOAD, 129+ program headers, GOT/PLT addends).
   TLS, a 40 KB read-only table (room to split), PLT and GLOB_DAT references. */
#include <stdlib.h>
#include <string.h>

__thread int shape_tls = 5;
const char shape_table[40000] = { 1, 2, 3 };

int shape_fn(const char *s)
{
	size_t (*len)(const char *) = strlen;		/* R_X86_64_GLOB_DAT */
	volatile const char *t = shape_table;
	return (int)len(s) + t[2] + shape_tls + abs(-4);	/* abs: JUMP_SLOT */
}
