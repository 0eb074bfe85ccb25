#include "lt.h"
const char *skip_name(void);
int main(void) { out("skip_name=%s\n", skip_name()); return 0; }
