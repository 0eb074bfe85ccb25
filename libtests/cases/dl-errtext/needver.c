int et_vfun(void);
int et_needver(void) { return et_vfun(); }
