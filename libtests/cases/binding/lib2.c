/* Leaf library: many small functions, so the PLT/GOT has many slots. */
#define F(n) int b2_f##n(int x) { return x * 3 + n; }
F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9)
F(10) F(11) F(12) F(13) F(14) F(15) F(16) F(17) F(18) F(19)
int b2_data = 1000;
