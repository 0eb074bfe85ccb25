/* Calls into a patched library, and (addends) through its own patched
   GLOB_DAT and JUMP_SLOT relocations; prints what glibc's loader prints. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include "lt.h"

int shape_fn(const char *s);

static int count(struct dl_phdr_info *info, size_t size, void *data)
{
	if (!strstr(info->dlpi_name, "libshape"))
		return 0;
	int loads = 0;
	for (int i = 0; i < info->dlpi_phnum; i++)
		loads += info->dlpi_phdr[i].p_type == PT_LOAD;
	out("%s: %d program headers, %d PT_LOAD\n", strrchr(info->dlpi_name, '/') + 1,
	    info->dlpi_phnum, loads);
	return 0;
}

int main(int argc, char **argv)
{
	char *(*chr)(const char *, int) = strchr;	/* GLOB_DAT in the program */
	out("shape_fn %d %s\n", shape_fn("hello"), chr("abc", 'b'));
	dl_iterate_phdr(count, 0);
	if (argc > 1) {	/* the same object through dlopen */
		void *h = dlopen(argv[1], RTLD_NOW);
		int (*f)(const char *) = h ? (int (*)(const char *))dlsym(h, "shape_fn") : 0;
		out("dlopen %s: %d\n", argv[1], f ? f("hi") : -1);
	}
	return 0;
}
