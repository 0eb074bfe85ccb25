/* liblzlate.so: calls late_fn(), which no object defines when this library
 * is dlopened with RTLD_LAZY; liblzlatedef.so provides it later (RTLD_GLOBAL) */
int late_fn(int);
int late_call(int x) { return late_fn(x) + 1; }
int late_ok(void) { return 3; }
