/* link-time stand-in for libet-ok.so: the default et_vfun is ET_3 */
int et_vfun_1(void) { return 1; }
int et_vfun_3(void) { return 3; }
__asm__(".symver et_vfun_1, et_vfun@ET_1");
__asm__(".symver et_vfun_3, et_vfun@@ET_3");
