/* link-time version: has everything */
int vanishing_var = 1;
int vanishing_func(void) { return 2; }
int keep_func(void) { return 3; }
