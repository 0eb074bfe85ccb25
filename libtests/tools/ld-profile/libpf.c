/* libpf.so: profiled with LD_PROFILE=libpf.so.  Its own calls go through its
 * PLT (no -Bsymbolic), so they are arcs inside the object: pf_top calls
 * pf_mid once and pf_leaf once, pf_mid calls pf_leaf three times. */
int pf_leaf(int x) { return x + 1; }
int pf_mid(int x) { int s = 0; for (int i = 0; i < 3; i++) s += pf_leaf(x + i); return s; }
int pf_top(int x) { return pf_mid(x) + pf_leaf(x); }
