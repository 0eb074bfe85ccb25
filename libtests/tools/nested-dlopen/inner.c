#include <stdio.h>
__attribute__((constructor)) static void ci(void) { printf("inner ctor\n"); fflush(stdout); }
int inner_val(void) { return 5; }
