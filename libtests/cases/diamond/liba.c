const char *who(void) { return "A"; }
const char *who_c(void);
const char *a_via_c(void) { return who_c(); }
