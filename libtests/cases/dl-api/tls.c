/* libdltls.so: dynamic TLS */
__thread int dlt_tv = 99;
__thread char dlt_buf[256];
int *dlt_addr(void) { return &dlt_tv; }
