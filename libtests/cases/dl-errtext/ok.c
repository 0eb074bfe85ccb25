int et_vfun_1(void) { return 1; }
int et_vfun_2(void) { return 2; }
__asm__(".symver et_vfun_1, et_vfun@ET_1");
__asm__(".symver et_vfun_2, et_vfun@@ET_2");
