/* dbg-prog: dlopens libdbgplug.so (next to it), calls into it, dlcloses it,
 * and does it again; also exercises a thread.  Prints "dbg-prog: ok" on
 * success.  dlsym's name is a heap block's last bytes (valgrind-dlopen.sh). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *thread_main(void *arg)
{
    char *p = malloc(64);
    strcpy(p, arg);
    free(p);
    return NULL;
}

int main(int argc, char **argv)
{
    char path[4096];
    const char *slash = strrchr(argv[0], '/');
    snprintf(path, sizeof path, "%.*slibdbgplug.so", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    int total = 0;
    for (int round = 0; round < 2; round++) {
        void *h = dlopen(path, RTLD_NOW);
        if (!h) {
            printf("dbg-prog: dlopen failed: %s\n", dlerror());
            return 1;
        }
        /* the name in a heap block, at an odd address, ending at the block's
         * end: valgrind reports a loader that reads past its NUL */
        char *block = malloc(sizeof "dbg_plugin_entry" + 3);
        strcpy(block + 3, "dbg_plugin_entry");
        int (*entry)(int) = (int (*)(int))dlsym(h, block + 3);
        free(block);
        if (!entry) {
            printf("dbg-prog: dlsym failed\n");
            return 1;
        }
        total += entry(argc + round);
        if (dlclose(h) != 0) {
            printf("dbg-prog: dlclose failed\n");
            return 1;
        }
    }
    pthread_t t;
    pthread_create(&t, NULL, thread_main, "thread");
    pthread_join(t, NULL);
    printf("dbg-prog: %s (%d)\n", total == 12 ? "ok" : "WRONG", total);
    return total == 12 ? 0 : 1;
}
