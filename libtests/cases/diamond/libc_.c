const char *who(void) { return "C"; }
const char *who2(void) { return "C"; }
int dup_data = 3;
int c_only = 33;
/* These references resolve through the global scope: exe, A, B, C, libc. */
const char *who_c(void) { return who(); }
const char *who2_c(void) { return who2(); }
int dup_data_c(void) { return dup_data; }
