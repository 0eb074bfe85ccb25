/* libdt-ie.so: initial-exec TLS in a dlopened library (small: glibc's static
 * TLS surplus has room for it). */
__thread long ie_init __attribute__((tls_model("initial-exec"))) = 4242;
__thread int ie_small[4] __attribute__((tls_model("initial-exec"))) = { 1, 2, 3, 4 };
long ie_get(void) { return ie_init + ie_small[0] + ie_small[3]; }
void ie_set(long v) { ie_init = v; ie_small[0] = 0; ie_small[3] = 0; }
void *ie_addr(void) { return &ie_init; }
