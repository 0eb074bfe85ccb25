/* .data ending in the middle of a page followed by .bss: the rest of that
 * page must read as zero even though the file has other bytes there. */
char bss_data[3001] = { 1, 2, 3, [3000] = 9 };
int bss_small[100];
char bss_big[3 << 20];
long bss_check(void)
{
    long s = 0;
    for (unsigned i = 0; i < sizeof bss_small / sizeof bss_small[0]; i++)
        s += bss_small[i] != 0;
    for (unsigned i = 0; i < sizeof bss_big; i++)
        s += bss_big[i] != 0;
    return s;
}
