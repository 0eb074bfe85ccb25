/* libdts-N.so: dlopened and dlclosed in a loop; touches its TLS */
__thread long dts_v = 100;
__thread char dts_pad[3000];
long dts_touch(long x) { dts_pad[x % 3000] = (char)x; return dts_v++ + x - dts_pad[x % 3000] + (char)x; }
