/* run-time version: the vanishing_* symbols are gone */
int keep_func(void) { return 3; }
