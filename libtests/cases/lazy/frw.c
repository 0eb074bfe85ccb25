/* liblzw.so: dlopened fresh each round; its PLT slots into liblzr.so start
 * unresolved every time. */
long lzr_call(int i, long x);
long lzw_run(int t)
{
    long s = 0;
    for (int k = 0; k < 64; k++)
        s += lzr_call((k * 3 + t) % 64, k ^ t);
    return s;
}
