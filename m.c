#include <stdio.h>
const char *where(void);
int main(void){printf("from %s\n", where());return 0;}
