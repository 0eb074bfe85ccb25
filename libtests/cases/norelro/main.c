#include "lt.h"
extern int *nr_ptr;
extern const char *const nr_strs[];
int nr_get(void);
static const char *const tab[] = { "x", "y" };
int main(void)
{
    out("%d %d %s %s %s %s%s\n", *nr_ptr, nr_get(), nr_strs[0], nr_strs[1], nr_strs[2], tab[0], tab[1]);
    return 0;
}
