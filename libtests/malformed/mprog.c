/* The program the mutants are made of: TLS, a large read-only table (room to
   split segments), a call into libc through the PLT, a GLOB_DAT reference. */
#include <stdio.h>
#include <string.h>

__thread int tls_var = 7;
const char table[40000] = { 1, 2, 3 };

int main(int argc, char **argv)
{
	volatile const char *t = table;
	const char *(*f)(const char *, int) = strchr;	/* GLOB_DAT on strchr */
	printf("mprog %d %d %s\n", tls_var + t[1], argc, f("xyz", 'y'));
	return 0;
}
