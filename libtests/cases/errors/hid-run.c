/* hid_var only as hid_var@HID_2: a hidden, non-default version (index 3) */
int hid_var_v2 = 2;
__asm__(".symver hid_var_v2, hid_var@HID_2");
int hid_keep(void) { return 1; }
