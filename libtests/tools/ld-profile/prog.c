/* Calls libpf.so a known number of times: pf_top 7 times, pf_leaf 5 times
 * (so pf_mid 7, pf_leaf 5 + 7 + 21 = 33 calls in all), then pf_spin once for
 * 300 ms of CPU time. */
#include <stdio.h>
int pf_leaf(int), pf_mid(int), pf_top(int);
long pf_spin(long);
int main(void)
{
    int s = 0;
    for (int i = 0; i < 7; i++)
        s += pf_top(i);
    for (int i = 0; i < 5; i++)
        s += pf_leaf(i);
    printf("%d\n", s);
    pf_spin(300);
    return 0;
}
