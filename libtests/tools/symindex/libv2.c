/* libV.so as run: vsym@V1 and vsym@@V2; hid@V1 is a hidden (non-default) version */
int vsym_old(void) { return 411; }
__asm__(".symver vsym_old,vsym@V1");
int vsym_new(void) { return 412; }
__asm__(".symver vsym_new,vsym@@V2");
int hid_old(void) { return 413; }
__asm__(".symver hid_old,hid@V1");
int hid_new(void) { return 414; }
__asm__(".symver hid_new,hid@@V2");
