#include "lt.h"
int verr_func(void);
int main(void) { out("verr_func=%d\n", verr_func()); return 0; }
