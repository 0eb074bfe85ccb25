int dup1(void) { return 501; }
int ldep_only(void) { return 502; }
