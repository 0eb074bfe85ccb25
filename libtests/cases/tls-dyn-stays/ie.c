/* libtds-ie*.so: initial-exec access to libtds-m*.so's variable, so loading
 * it needs that module's TLS in the static block. */
extern __thread int tds_var __attribute__((tls_model("initial-exec")));
int *tds_addr_ie(void) { return &tds_var; }
