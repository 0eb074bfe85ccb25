/* Print the parts of _rtld_global_ro (GLRO) that libc.so.6 consumes, and the
 * libc interfaces that expose them, one "name value" per line.
 *
 * Used for a differential test: run once under glibc's ld.so and once under
 * ld-custom; the outputs must be identical.  Run both under the same CPU
 * pinning (e.g. `taskset -c 0`): CPUID leaf 1 EBX[31:24], stored raw in
 * cpu_features, is the APIC ID of the CPU the loader ran on.
 *
 * A plain dynamically linked program: _rtld_global_ro@GLIBC_PRIVATE is
 * imported from ld-linux-x86-64.so.2 (named on the link command line) and
 * read through the GOT, so the loader's own object is read, never a copy.
 * Build: see libtests/abi/README. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "glibc-layout.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

extern const unsigned char _rtld_global_ro[];
static const unsigned char *glro(void)
{
  const unsigned char *p;
  __asm__("movq _rtld_global_ro@GOTPCREL(%%rip), %0" : "=r"(p));
  return p;
}

static unsigned long long rd(unsigned off, unsigned size)
{
  const unsigned char *p = glro() + off;
  if (size == 2) { uint16_t v; memcpy(&v, p, 2); return v; }
  if (size == 4) { uint32_t v; memcpy(&v, p, 4); return v; }
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

int main(void)
{
  const unsigned char *cf = glro() + RGRO_CPU_FEATURES;

  /* cpu_features, 16 bytes per line */
  for (unsigned off = 0; off < CPUF_SIZEOF; off += 16) {
    printf("cpu_features+0x%03x ", off);
    for (unsigned i = off; i < off + 16 && i < CPUF_SIZEOF; i++)
      printf("%02x", cf[i]);
    putchar('\n');
  }

  printf("dl_hwcap 0x%llx\n", rd(RGRO_HWCAP, 8));
  printf("dl_hwcap2 0x%llx\n", rd(RGRO_HWCAP2, 8));
  const char *platform;
  memcpy(&platform, glro() + RGRO_PLATFORM, sizeof platform);
  printf("dl_platform %s\n", platform ? platform : "(null)");
  printf("dl_pagesize %llu\n", rd(RGRO_PAGESIZE, 8));
  printf("dl_minsigstacksize %llu\n", rd(RGRO_MINSIGSTACKSIZE, 8));
  printf("dl_clktck %llu\n", rd(RGRO_CLKTCK, 4));
  printf("dl_fpu_control 0x%llx\n", rd(RGRO_FPU_CONTROL, 2));
  printf("dl_tls_static_size %llu\n", rd(RGRO_TLS_STATIC_SIZE, 8));
  printf("dl_tls_static_align %llu\n", rd(RGRO_TLS_STATIC_ALIGN, 8));

  printf("getauxval(AT_HWCAP) 0x%lx\n", getauxval(AT_HWCAP));
  printf("getauxval(AT_HWCAP2) 0x%lx\n", getauxval(AT_HWCAP2));
  printf("getauxval(AT_MINSIGSTKSZ) %lu\n", getauxval(AT_MINSIGSTKSZ));

  static const struct { const char *name; int sc; } sc[] = {
    { "_SC_LEVEL1_ICACHE_SIZE", _SC_LEVEL1_ICACHE_SIZE },
    { "_SC_LEVEL1_ICACHE_ASSOC", _SC_LEVEL1_ICACHE_ASSOC },
    { "_SC_LEVEL1_ICACHE_LINESIZE", _SC_LEVEL1_ICACHE_LINESIZE },
    { "_SC_LEVEL1_DCACHE_SIZE", _SC_LEVEL1_DCACHE_SIZE },
    { "_SC_LEVEL1_DCACHE_ASSOC", _SC_LEVEL1_DCACHE_ASSOC },
    { "_SC_LEVEL1_DCACHE_LINESIZE", _SC_LEVEL1_DCACHE_LINESIZE },
    { "_SC_LEVEL2_CACHE_SIZE", _SC_LEVEL2_CACHE_SIZE },
    { "_SC_LEVEL2_CACHE_ASSOC", _SC_LEVEL2_CACHE_ASSOC },
    { "_SC_LEVEL2_CACHE_LINESIZE", _SC_LEVEL2_CACHE_LINESIZE },
    { "_SC_LEVEL3_CACHE_SIZE", _SC_LEVEL3_CACHE_SIZE },
    { "_SC_LEVEL3_CACHE_ASSOC", _SC_LEVEL3_CACHE_ASSOC },
    { "_SC_LEVEL3_CACHE_LINESIZE", _SC_LEVEL3_CACHE_LINESIZE },
    { "_SC_LEVEL4_CACHE_SIZE", _SC_LEVEL4_CACHE_SIZE },
    { "_SC_LEVEL4_CACHE_ASSOC", _SC_LEVEL4_CACHE_ASSOC },
    { "_SC_LEVEL4_CACHE_LINESIZE", _SC_LEVEL4_CACHE_LINESIZE },
    { "_SC_MINSIGSTKSZ", _SC_MINSIGSTKSZ },
    { "_SC_SIGSTKSZ", _SC_SIGSTKSZ },
    { "_SC_CLK_TCK", _SC_CLK_TCK },
    { "_SC_PAGESIZE", _SC_PAGESIZE },
  };
  for (unsigned i = 0; i < sizeof sc / sizeof sc[0]; i++)
    printf("sysconf(%s) %ld\n", sc[i].name, sysconf(sc[i].sc));
  return 0;
}
