/* glibc itself as an oracle: this test process runs under the system
   ld.so, so dlsym/dlvsym on an already loaded library give glibc's answer
   for an unversioned (RETURN_NEWEST) or versioned (hidden=1) lookup.
   Kept apart from ldso.h, whose struct link_map would clash with <link.h>. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include "oracle.h"

static void *handle(const char *lib, struct link_map **lm)
{
	void *h = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		h = dlopen(lib, RTLD_LAZY);
	if (h && dlinfo(h, RTLD_DI_LINKMAP, lm) != 0)
		return 0;
	return h;
}

int glibc_lookup(const char *lib, const char *name, const char *version, unsigned long *offset)
{
	struct link_map *lm;
	void *h = handle(lib, &lm);
	if (!h)
		return ORACLE_ERROR;
	dlerror();
	void *p = version ? dlvsym(h, name, version) : dlsym(h, name);
	if (!p)
		return dlerror() ? ORACLE_NONE : ORACLE_ERROR;
	Dl_info info;
	struct link_map *where = 0;
	if (!dladdr1(p, &info, (void **)&where, RTLD_DL_LINKMAP) || !where)
		return ORACLE_ELSEWHERE;	/* e.g. a TLS block */
	if (where != lm)
		return ORACLE_ELSEWHERE;
	*offset = (uintptr_t)p - lm->l_addr;
	return ORACLE_FOUND;
}
