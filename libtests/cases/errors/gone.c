int gone_func(void) { return 1; }
