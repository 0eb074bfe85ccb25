#include <stdlib.h>
#include "lt.h"
extern char **environ;
int main(int argc, char **argv, char **envp)
{
    out("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        out("argv[%d]=\"%s\"\n", i, argv[i]);
    CHECK(argv[argc] == NULL);
    CHECK(envp == environ);
    CHECK(envp == argv + argc + 1);
    int n = 0;
    while (envp[n])
        n++;
    out("envc=%d\n", n);
    const char *v = getenv("LDT_VAR");
    out("LDT_VAR=%s\n", v ? v : "(unset)");
    return argc % 100;
}
