/* libFuzzer target: the input is an /etc/ld.so.cache.  Every answer must be
   NULL or a terminated string inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"

static const char *const names[] = { "libc.so.6", "libm.so.6", "libz.so.1", "a", "" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *p = ldcache_lookup(data, size, names[i]);
		if (p && (p < (const char *)data || p >= (const char *)data + size ||
			  !memchr(p, 0, (const char *)data + size - p)))
			abort();
	}
	return 0;
}
