const char *who(void) { return "B"; }
const char *who2(void) { return "B"; }
int dup_data = 2;
