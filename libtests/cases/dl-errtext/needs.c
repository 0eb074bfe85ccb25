extern int et_noopen_val;
int main(void) { return et_noopen_val == 7 ? 0 : 1; }
