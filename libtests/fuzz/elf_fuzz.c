/* libFuzzer target: the input is an ELF file.  It goes through the loader's
   own code the way a library on disk does: its description for errors, header
   and program-header checks, map_object on a memfd holding the bytes,
   dynamic-section decoding, version tables, symbol lookups and the version check. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"

static const char *const names[] = { "printf", "malloc", "memcpy", "_init", "", "x" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	jmp_buf jb;
	struct map_error err;
	struct stat st;
	struct dso *volatile d = 0;

	L.pagesize = 4096;
	char what[96];	/* the naming of a file no loader runs reads only the bytes there are */
	(void)elf_describe(data, size, what, sizeof what);
	if (fd < 0)
		fd = memfd_create("elf_fuzz", MFD_CLOEXEC);
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size || fstat(fd, &st))
		return 0;
	unit_fatal_jmp = &jb;
	if (setjmp(jb))
		goto out;
	d = map_object(fd, "fuzz.so", 1, &st, 0, &err);
	if (!d)
		goto out;
	if (dso_decode_dynamic(d) || dso_build_versions(d))
		goto out;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct sym_query q;
		version_t v = { .name = (char *)"GLIBC_2.2.5", .hash = elf_sysv_hash("GLIBC_2.2.5") };
		sym_query_init(&q, names[i], 0, LOOKUP_RETURN_NEWEST);
		const Elf64_Sym *s = dso_find_symbol(d, &q);
		if (s)
			(void)sym_address(d, s);
		sym_query_init(&q, names[i], &v, 0);
		(void)dso_find_symbol(d, &q);
	}
	char msg[256];
	(void)dso_check_versions(d, msg, sizeof msg);
out:
	unit_fatal_jmp = 0;
	if (d) {
		munmap((void *)d->map_start, d->map_len);
		if (d->phdr_owned)
			free((void *)d->phdr);
		dso_free_segs(d);
		free(d->versions);
		free(d);
	}
	return 0;
}
