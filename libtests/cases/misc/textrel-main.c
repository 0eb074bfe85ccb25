#include "lt.h"
int textrel_get(void);
int main(void) { out("textrel_get()=%d\n", textrel_get()); return 0; }
