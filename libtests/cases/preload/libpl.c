const char *pl_func(void) { return "libpl"; }
const char *pl_other(void) { return "libpl-other"; }
const char *pl_indirect(void) { return pl_func(); }
