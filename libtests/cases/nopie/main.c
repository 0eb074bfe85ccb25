#include "lt.h"
extern int lib_counter;
extern char lib_table[];
extern long lib_big[];
void lib_bump(void);
int lib_get_counter(void);
int *lib_counter_addr(void);
char *lib_table_addr(void);
int lib_func(void);
void *lib_func_addr(void);
int lib_call(int (*f)(void));
static int seven(void) { return 7; }

int main(void)
{
    out("initial: counter=%d table=%s big=%ld,%ld,%ld\n", lib_counter, lib_table,
        lib_big[0], lib_big[2], lib_big[63]);
    lib_bump();
    out("after lib_bump: counter=%d table=%s big[10]=%ld\n", lib_counter, lib_table, lib_big[10]);
    lib_counter = 100;
    strcpy(lib_table, "from exe");
    out("lib sees: counter=%d table=%s\n", lib_get_counter(), lib_table_addr());
    CHECK(lib_counter_addr() == &lib_counter);
    CHECK(lib_table_addr() == lib_table);
    CHECK(lib_func_addr() == (void *)lib_func);
    out("lib_func()=%d lib_call(seven)=%d lib_call(lib_func)=%d\n", lib_func(), lib_call(seven),
        lib_call(lib_func));
    return 0;
}
