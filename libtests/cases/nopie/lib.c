#include "lt.h"
int lib_counter = 5;
char lib_table[16] = "initial";
long lib_big[64] = { 1, 2, 3, [63] = 64 };
void lib_bump(void) { lib_counter++; lib_table[0] = 'I'; lib_big[10] = 11; }
int lib_get_counter(void) { return lib_counter; }
int *lib_counter_addr(void) { return &lib_counter; }
char *lib_table_addr(void) { return lib_table; }
int lib_func(void) { return 99; }
void *lib_func_addr(void) { return (void *)lib_func; }
int lib_call(int (*f)(void)) { return f() * 2; }
