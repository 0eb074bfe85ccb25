/* et-open NAME...: dlopen each name, print its dlerror() verbatim (for
 * libtests/tools/open-errors.sh: FIFOs, devices, unreadable files). */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        void *h = dlopen(argv[i], RTLD_NOW);
        printf("%s\n", h ? "opened" : dlerror());
    }
    return 0;
}
