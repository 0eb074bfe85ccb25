/* libsv: plain default versions, two nodes, data included */
int sv_a(void) { return 1; }
int sv_b(void) { return 2; }
int sv_c(void) { return 3; }
int sv_data = 44;
int sv_hidden_helper(void) { return 5; } /* local: not exported */
