#include "lt.h"
extern int lib_data;
extern const char *lib_strs[];
extern const char *const lib_msg;
extern int (*lib_fptrs[])(int);
extern int *lib_data_ptr;
int lib_add(int, int);
int (*lib_get_add(void))(int, int);
int *lib_data_addr(void);
int lib_call(int (*cb)(int), int v);

static int triple(int x) { return 3 * x; }
static const char *local_tab[] = { "one", "two", "three" };
static int (*local_fp)(int) = triple;
int exe_global = 5;
int *exe_ptr = &exe_global;

int main(void)
{
    out("lib_add(2,3)=%d\n", lib_add(2, 3));
    out("lib_data=%d\n", lib_data);
    lib_data++;
    out("lib_data via lib ptr=%d\n", *lib_data_ptr);
    out("lib_strs=%s,%s,%s\n", lib_strs[0], lib_strs[1], lib_strs[2]);
    out("lib_msg=%s\n", lib_msg);
    out("lib_fptrs: %d %d\n", lib_fptrs[0](7), lib_fptrs[1](7));
    CHECK(lib_get_add() == lib_add);
    CHECK(lib_data_addr() == &lib_data);
    CHECK(lib_data_ptr == &lib_data);
    out("lib_call(triple,4)=%d\n", lib_call(triple, 4));
    out("local_tab=%s,%s,%s local_fp(5)=%d\n", local_tab[0], local_tab[1], local_tab[2], local_fp(5));
    CHECK(*exe_ptr == 5);
    return 3;
}
