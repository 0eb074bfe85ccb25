#include "lt.h"
int gone_func(void);
int main(void) { out("gone_func=%d\n", gone_func()); return 0; }
