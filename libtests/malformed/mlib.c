/* The library the mutants are made of (soname libmut.so): TLS, a large
   read-only table, PLT and GLOB_DAT references into libc. */
#include <stdlib.h>
#include <string.h>

__thread int mut_tls = 5;
const char mut_table[40000] = { 1, 2, 3 };
size_t (*mut_len)(const char *) = strlen;	/* R_X86_64_64 */

int mut_fn(void)
{
	char *(*f)(const char *, int) = strrchr;	/* GLOB_DAT */
	volatile const char *t = mut_table;
	return 40 + t[1] + mut_tls - (int)mut_len("ab") + (f("abc", 'c') != 0) + abs(-1);
}
