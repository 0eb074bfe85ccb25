/* libdlv.so: vfun@V1 (compat) and vfun@@V2 (default) */
int vfun_1(void) { return 1; }
int vfun_2(void) { return 2; }
__asm__(".symver vfun_1, vfun@V1");
__asm__(".symver vfun_2, vfun@@V2");
int vonly(void) { return 7; }
