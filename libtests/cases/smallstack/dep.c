/* a dependency of the plugin: loaded by the same dlopen */
#include <string.h>

int ss_dep_len(const char *s)
{
    return (int)strlen(s);
}
