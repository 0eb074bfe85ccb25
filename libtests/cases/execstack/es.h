/* Shared by the execstack programs: a GCC nested function whose address
 * escapes needs a trampoline on the stack, so the stack must be executable;
 * and the permissions of the mapping that holds a given stack address. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "lt.h"

/* "rwxp" or "rw-p": the /proc/self/maps line that contains p */
static const char *perms_of(const void *p, char buf[8])
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    strcpy(buf, "?");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perm[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) == 3 &&
            (unsigned long)p >= lo && (unsigned long)p < hi) {
            strcpy(buf, perm);
            break;
        }
    }
    if (f)
        fclose(f);
    return buf;
}

static void show_stack(const char *who)
{
    char b[8];
    int local = 0;
    out("%s: stack %s\n", who, perms_of(&local, b));
}

/* run fn in a new thread (its stack comes from pthread_create) */
static void *in_thread(void *(*fn)(void *))
{
    pthread_t t;
    void *r = 0;
    if (pthread_create(&t, 0, fn, 0) == 0)
        pthread_join(t, &r);
    return r;
}
