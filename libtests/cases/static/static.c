#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include "lt.h"
extern const ElfW(Ehdr) __ehdr_start;
extern void _start(void);
__thread int st_tls = 17;
__thread long st_tbss;
__thread int st_al __attribute__((aligned(64))) = 64;
static const char *tab[] = { "static", "table" };
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static void *thr(void *arg) { (void)arg; st_tbss = 5; return (void *)(long)(st_tls + st_al); }
int main(int argc, char **argv)
{
    out("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        out("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("LDT_VAR");
    out("LDT_VAR=%s\n", v ? v : "(unset)");
    const ElfW(Phdr) *phdr = (const void *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
    CHECK(getauxval(AT_PHDR) == (unsigned long)phdr);
    CHECK(getauxval(AT_ENTRY) == (unsigned long)&_start);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    out("AT_EXECFN=%s\n", execfn ? execfn : "(null)");
    out("tls=%d tbss=%ld aligned=%d tab=%s %s\n", st_tls, st_tbss, ALIGNED(&st_al, 64), tab[0], tab[1]);
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, thr, NULL);
    pthread_join(t, &r);
    out("thread result=%ld main tbss=%ld\n", (long)r, st_tbss);
    int a[] = { 3, 1, 2 };
    qsort(a, 3, sizeof a[0], cmp);
    char *m = malloc(100000);
    out("sorted %d %d %d malloc %s\n", a[0], a[1], a[2], m ? "ok" : "failed");
    free(m);
    return 4;
}
