/* The probe cache (probe_cache.c): the arch's start-up probe results, kept
   per user and per boot.  The arch calls both, at start-up, never in secure
   mode.  Key and payload lengths are multiples of 8. */
#ifndef PROBE_CACHE_H
#define PROBE_CACHE_H

#include <stdint.h>
#include <stddef.h>
#include "rt/rt.h"

#define PROBE_CACHE_MAX	2048	/* the whole file: head, key and payload */

/* the payload stored with this key on this boot by this loader, copied to
   out (at most cap bytes): its length, or -1 (no file, or any mismatch) */
HIDDEN long probe_cache_load(const void *key, uint32_t keylen, void *out, size_t cap);

/* (re)write the file: written whole to a temporary, then renamed */
HIDDEN void probe_cache_store(const void *key, uint32_t keylen, const void *payload,
			      uint32_t paylen);

#endif
