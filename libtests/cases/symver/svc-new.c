/* the new build: foo@SVC_1 (compat, non-default) and foo@@SVC_2 */
int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1, foo@SVC_1");
__asm__(".symver foo_v2, foo@@SVC_2");
int svc_data = 10;
/* the library itself binds to its default version */
int foo_from_lib(void);
