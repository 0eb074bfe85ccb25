#include "lt.h"
int has_func(void);
int main(void) { out("has_func=%d\n", has_func()); return 0; }
