/* libc smoke test: errno, stdio, malloc, qsort, printf("%f"), getenv. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
int main(void)
{
    setlocale(LC_ALL, "C");
    errno = 0;
    long l = strtol("999999999999999999999999", NULL, 10);
    printf("strtol overflow: %ld errno=%s\n", l, errno == ERANGE ? "ERANGE" : "?");
    int fd = open("/nonexistent/definitely/not/here", O_RDONLY);
    printf("open: fd=%d errno=%d (%s)\n", fd, errno, strerror(errno));
    printf("%%f: %f %.3f %e %g %a\n", 3.14159265, -2.5, 12345.678, 0.0001, 1.0);
    printf("sqrt(2)=%.10f\n", sqrt(2.0));
    double d[64];
    for (int i = 0; i < 64; i++)
        d[i] = (double)((i * 37) % 64) / 8.0;
    qsort(d, 64, sizeof d[0], cmp);
    printf("qsort: %g %g %g %g\n", d[0], d[1], d[32], d[63]);
    /* many allocations of assorted sizes */
    void *p[1000];
    size_t total = 0;
    for (int i = 0; i < 1000; i++) {
        size_t sz = (size_t)(i * 97 % 5000) + 1;
        p[i] = malloc(sz);
        memset(p[i], i & 0xff, sz);
        total += sz;
    }
    for (int i = 0; i < 1000; i += 2)
        free(p[i]);
    for (int i = 0; i < 1000; i += 2)
        p[i] = calloc(1, 64);
    int bad = 0;
    for (int i = 1; i < 1000; i += 2)
        bad += ((unsigned char *)p[i])[0] != (i & 0xff);
    for (int i = 0; i < 1000; i++)
        free(p[i]);
    void *big = malloc(64 << 20); /* mmap'ed chunk */
    printf("malloc: total=%zu bad=%d big=%s\n", total, bad, big ? "ok" : "failed");
    free(big);
    char *r = realloc(NULL, 10);
    strcpy(r, "realloc");
    r = realloc(r, 100000);
    printf("realloc: %s\n", r);
    free(r);
    const char *v = getenv("LDT_VAR");
    printf("getenv(LDT_VAR)=%s getenv(NOPE)=%s\n", v ? v : "(unset)", getenv("LDT_NOPE") ? "set" : "(unset)");
    setenv("LDT_NEW", "new-value", 1);
    printf("setenv: %s\n", getenv("LDT_NEW"));
    FILE *f = tmpfile();
    fprintf(f, "line one\nline two\n");
    rewind(f);
    char buf[64];
    int n = 0;
    while (fgets(buf, sizeof buf, f))
        n++;
    fclose(f);
    printf("tmpfile lines=%d\n", n);
    char s[64];
    snprintf(s, sizeof s, "%08.3f|%-5s|%+d|%x|%llu", 3.5, "ab", 5, 255, 18446744073709551615ULL);
    printf("snprintf: %s\n", s);
    fprintf(stderr, "this goes to stderr\n");
    /* a lot of buffered output: flushed at exit */
    for (int i = 0; i < 3000; i++)
        printf("buffered line %d\n", i);
    return 0;
}
