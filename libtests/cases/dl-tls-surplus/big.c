/* libdt-bigie.so: 8 KiB of initial-exec TLS, more than glibc's default
 * static TLS surplus (1664 bytes) can hold once libc's block is placed. */
__thread char bigie_buf[8192] __attribute__((tls_model("initial-exec"))) = { 7 };
int bigie_get(void) { return bigie_buf[0] + bigie_buf[8191]; }
