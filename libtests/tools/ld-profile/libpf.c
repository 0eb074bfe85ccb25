/* libpf.so: profiled with LD_PROFILE=libpf.so.  Its own calls go through its
 * PLT (no -Bsymbolic), so they are arcs inside the object: pf_top calls
 * pf_mid once and pf_leaf once, pf_mid calls pf_leaf three times. */
int pf_leaf(int x) { return x + 1; }
int pf_mid(int x) { int s = 0; for (int i = 0; i < 3; i++) s += pf_leaf(x + i); return s; }
int pf_top(int x) { return pf_mid(x) + pf_leaf(x); }
/* pf_spin: about ms milliseconds of the process's CPU time, nearly all in
 * its own loop, so the PC samples (SIGPROF) fall in its text.  Its calls to
 * clock() leave the object: not arcs. */
#include <time.h>
long pf_spin(long ms)
{
	volatile long x = 0;
	while (clock() < ms * (CLOCKS_PER_SEC / 1000))
		for (long i = 0; i < 200000; i++)
			x += i;
	return x;
}
