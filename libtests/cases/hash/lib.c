/* 64 exported functions with assorted names plus data, so lookups walk
 * hash chains; the library also calls back into the executable. */
#define F(n) int hfun_##n(void) { return n; }
#define F8(a) F(a##0) F(a##1) F(a##2) F(a##3) F(a##4) F(a##5) F(a##6) F(a##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8)
int hash_data[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
int exe_callback(int);
int hash_callback(int x) { return exe_callback(x) * 2; }
