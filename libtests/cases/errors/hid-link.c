int hid_var = 1;
int hid_keep(void) { return 1; }
