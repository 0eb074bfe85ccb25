int lay_data = 5;
static int lay_arr[1000] = { 1 };
const char *lay_str = "layout";
int lay_func(void) { return lay_data + lay_arr[0]; }
int *lay_data_addr(void) { return &lay_data; }
