/* libsch2: the helper's own dependency */
int h2_val(void) { return 2; }
int h2_late(void) { return 20; }
int dup_sym(void) { return 2000; }
