/* setlocale(LC_ALL, "C.UTF-8") (locale data files), strftime, multibyte */
#include "lt.h"
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

int main(void)
{
    const char *l = setlocale(LC_ALL, "C.UTF-8");
    out("setlocale: %s\n", l ? l : "(failed)");
    out("codeset: %s\n", nl_langinfo(CODESET));
    time_t t = 1600000000;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[128];
    strftime(buf, sizeof buf, "%A %d %B %Y %H:%M:%S %Z %j %U %c", &tm);
    out("strftime: %s\n", buf);
    const char *s = "\xc3\xa9t\xc3\xa9 \xe2\x82\xac";
    wchar_t w[16];
    size_t n = mbstowcs(w, s, 16);
    out("mbstowcs: %ld:", (long)n);
    for (size_t i = 0; i < n && i < 16; i++)
        out(" %04x", (unsigned)towupper(w[i]));
    out("\n");
    out("MB_CUR_MAX: %d\n", (int)MB_CUR_MAX);
    char d[32];
    snprintf(d, sizeof d, "%'.2f", 1234567.891);
    out("grouping: %s\n", d);
    l = setlocale(LC_ALL, "xx_NO.SUCH-LDT");
    out("bad locale: %s\n", l ? l : "(failed)");
    return 0;
}
