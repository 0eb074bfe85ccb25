/* the old build of libsvc: only foo@@SVC_1 */
int foo(void) { return 1; }
int svc_data = 10;
