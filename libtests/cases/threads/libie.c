/* initial-exec TLS */
__thread int thr_ie __attribute__((tls_model("initial-exec"))) = 2000;
__thread long thr_ie_bss __attribute__((tls_model("initial-exec")));
int thr_ie_get(void) { return thr_ie; }
void thr_ie_set(int v) { thr_ie = v; thr_ie_bss += v; }
long thr_ie_bss_get(void) { return thr_ie_bss; }
