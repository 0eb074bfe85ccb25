#include "lt.h"
int main(void) { out("hello\n"); return 0; }
