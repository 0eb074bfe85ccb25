/* libtds-m*.so: a TLS variable reached through __tls_get_addr (global
 * dynamic); its own code never asks for static TLS. */
__thread int tds_var = 5;
int *tds_addr_gd(void) { return &tds_var; }
