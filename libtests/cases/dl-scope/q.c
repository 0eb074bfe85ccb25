int only_in_q(void) { return 7; }
