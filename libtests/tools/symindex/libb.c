int dup1(void) { return 201; }
int weakfirst(void) { return 202; }
int dup_late(void) { return 203; }
int dup_after(void) { return 204; }
int b_calls(void) { return dup1() * 1000 + weakfirst(); }
