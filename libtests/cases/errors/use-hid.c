#include "lt.h"
extern int hid_var;
int hid_keep(void);
int main(void) { out("hid_var=%d hid_keep=%d\n", hid_var, hid_keep()); return 0; }
