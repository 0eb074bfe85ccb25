int svb_func(void) { return 7; }
int svb_data = 8;
