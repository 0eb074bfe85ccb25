#include "lt.h"
int sv_a(void), sv_b(void), sv_c(void);
extern int sv_data;
int main(void) { out("sv_a=%d sv_b=%d sv_c=%d sv_data=%d\n", sv_a(), sv_b(), sv_c(), sv_data); return 0; }
