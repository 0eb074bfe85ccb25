int verr_func(void) { return 1; }
