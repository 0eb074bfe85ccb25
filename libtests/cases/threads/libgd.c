/* global-dynamic TLS (default model for -fPIC) */
__thread int thr_gd = 1000;
__thread int thr_gd_arr[16] = { 1, 2, 3 };
int thr_gd_get(void) { return thr_gd; }
void thr_gd_set(int v) { thr_gd = v; thr_gd_arr[v % 16] += v; }
int thr_gd_sum(void) { int s = 0; for (int i = 0; i < 16; i++) s += thr_gd_arr[i]; return s; }
