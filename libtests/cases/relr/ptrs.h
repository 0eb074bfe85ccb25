/* Pointer-heavy data producing long runs of relative relocations (RELR
 * bitmaps), runs with holes, and one unaligned pointer (which stays a RELA
 * relocation).  PFX distinguishes the exe's copy from the library's. */
#define P8(a, b) &a[b], &a[b + 1], &a[b + 2], &a[b + 3], &a[b + 4], &a[b + 5], &a[b + 6], &a[b + 7]
#define P64(a, b) P8(a, b), P8(a, b + 8), P8(a, b + 16), P8(a, b + 24), P8(a, b + 32), \
                  P8(a, b + 40), P8(a, b + 48), P8(a, b + 56)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define N(x) CAT(PFX, x)

static int N(arr)[200] = { [0] = 1, [1] = 2, [63] = 64, [64] = 65, [199] = 200 };
/* 200 consecutive pointers: more than one bitmap word's worth. */
int *N(ptrs)[200] = { P64(N(arr), 0), P64(N(arr), 64), P64(N(arr), 128), P8(N(arr), 192) };
/* Pointers separated by non-pointer data: bitmaps with holes. */
struct N(holey) { int *p; long pad[3]; const char *s; long pad2[70]; };
struct N(holey) N(holes)[4] = {
    { &N(arr)[0], { 1, 2, 3 }, "h0", { 0 } }, { &N(arr)[1], { 0 }, "h1", { 0 } },
    { &N(arr)[63], { 0 }, "h2", { 0 } }, { &N(arr)[199], { 0 }, "h3", { 0 } },
};
/* An unaligned pointer cannot be expressed in RELR. */
struct __attribute__((packed)) N(unal) { char c; int *p; };
struct N(unal) N(unaligned) = { 'u', &N(arr)[64] };
static int N(fn)(int x) { return x + 1000; }
int (*N(fnp))(int) = N(fn);

static long N(check)(void)
{
    long s = 0;
    for (int i = 0; i < 200; i++) {
        if (N(ptrs)[i] != &N(arr)[i])
            return -1 - i;
        s += *N(ptrs)[i];
    }
    for (int i = 0; i < 4; i++)
        s += *N(holes)[i].p * 1000 + N(holes)[i].s[1];
    s += *N(unaligned).p * 100000 + N(fnp)(1);
    return s;
}
