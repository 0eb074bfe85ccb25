/* libmo.so: uses stdio through whichever libc its namespace has */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int counter;
int mo_next(void) { return ++counter; }
int *mo_counter_addr(void) { return &counter; }
void *mo_stdout(void) { return stdout; }
void *mo_malloc_fn(void) { return (void *)malloc; }
void mo_say(const char *what)
{
    char *copy = strdup(what);   /* this namespace's malloc */
    printf("mo_say: %s (env LDT_VAR=%s)\n", copy, getenv("LDT_VAR") ? getenv("LDT_VAR") : "(unset)");
    fflush(stdout);
    free(copy);
}
static int count_cb(struct dl_phdr_info *i, size_t sz, void *d)
{
    (void)sz;
    const char *s = strrchr(i->dlpi_name, '/');
    s = s ? s + 1 : i->dlpi_name;
    if (strcmp(s, "libmo.so") == 0)
        ++*(int *)d;
    return 0;
}
/* how many libmo.so does dl_iterate_phdr show to code in this namespace */
int mo_visible(void)
{
    int n = 0;
    dl_iterate_phdr(count_cb, &n);
    return n;
}
static void __attribute__((constructor)) c(void) { printf("libmo ctor\n"); fflush(stdout); }
static void __attribute__((destructor)) d(void) { printf("libmo dtor (counter %d)\n", counter); fflush(stdout); }
