#ifndef UNIT_ORACLE_H
#define UNIT_ORACLE_H
/* glibc's dlsym (version == NULL) or dlvsym on lib, which is dlopen'ed
   (RTLD_LAZY) if this process has not loaded it yet.  ORACLE_FOUND sets
   *offset = address - l_addr of lib. */
enum { ORACLE_ERROR = -1, ORACLE_NONE = 0, ORACLE_FOUND = 1, ORACLE_ELSEWHERE = 2 };
int glibc_lookup(const char *lib, const char *name, const char *version, unsigned long *offset);
#endif
