#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include "lt.h"

extern const ElfW(Ehdr) __ehdr_start;
extern void _start(void);
extern char **environ;

int main(int argc, char **argv, char **envp)
{
    out("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        out("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("LDT_VAR");
    out("LDT_VAR=%s\n", v ? v : "(unset)");
    for (char **e = envp; *e; e++)
        out("env: %s\n", *e);
    CHECK(envp == environ);
    CHECK(envp == argv + argc + 1);

    const ElfW(Phdr) *phdr = (const void *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
    CHECK(getauxval(AT_PHDR) == (unsigned long)phdr);
    CHECK(getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
    CHECK(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)));
    CHECK(getauxval(AT_ENTRY) == (unsigned long)&_start);
    out("AT_PAGESZ=%lu sysconf=%ld\n", getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
    out("AT_UID=%lu uid=%lu AT_EUID=%lu AT_GID=%lu AT_EGID=%lu\n", getauxval(AT_UID),
        (unsigned long)getuid(), getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID));
    out("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    CHECK(getauxval(AT_RANDOM) != 0);
    CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
    CHECK(getauxval(AT_HWCAP) != 0);
    out("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    out("AT_EXECFN=%s\n", execfn ? execfn : "(null)");
    out("program_invocation_name=%s\n", program_invocation_name);
    out("program_invocation_short_name=%s\n", program_invocation_short_name);
    errno = 0;
    getauxval(0x7fff);
    out("getauxval(unknown) errno=%s\n", errno == ENOENT ? "ENOENT" : "other");
    /* The phdrs seen through AT_PHDR describe this very executable. */
    int has_load = 0, has_dyn = 0;
    for (unsigned i = 0; i < __ehdr_start.e_phnum; i++) {
        has_load |= phdr[i].p_type == PT_LOAD;
        has_dyn |= phdr[i].p_type == PT_DYNAMIC;
    }
    out("phdrs: load=%d dynamic=%d\n", has_load, has_dyn);
    return 0;
}
