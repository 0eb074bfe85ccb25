static int values[] = { 3, 4, 5 };
static int *vp = &values[2];
int nolibc_lib_value(void) { return *vp + 1; }
