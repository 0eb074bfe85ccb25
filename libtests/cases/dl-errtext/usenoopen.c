extern int et_noopen_val;
int et_use(void) { return et_noopen_val; }
