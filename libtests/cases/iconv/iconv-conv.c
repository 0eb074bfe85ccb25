/* iconv: libc loads gconv modules (EUC-JP.so, UTF-16.so, ISO8859-15.so,
 * IBM037.so) with its internal dlopen; several converters at once, and
 * closing and opening again. */
#include "lt.h"
#include <errno.h>
#include <iconv.h>

static const char text[] = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 abc";
static const char latin[] = "caf\xc3\xa9 \xe2\x82\xac 5";

static void conv(const char *to, const char *from, const char *in, size_t inlen)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) {
        out("%s -> %s: iconv_open failed (errno %d)\n", from, to, errno);
        return;
    }
    char buf[256], *ip = (char *)in, *op = buf;
    size_t il = inlen, ol = sizeof buf;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    out("%s -> %s: rc=%ld left=%zu:", from, to, (long)r, il);
    for (char *p = buf; p < op; p++)
        out(" %02x", (unsigned char)*p);
    out("\n");
    iconv_close(cd);
}

int main(void)
{
    for (int round = 0; round < 2; round++) {
        conv("EUC-JP", "UTF-8", text, strlen(text));
        conv("UTF-16", "UTF-8", text, strlen(text));
        conv("UTF-16LE", "EUC-JP", "\xc6\xfc\xcb\xdc", 4);
        conv("ISO-8859-15", "UTF-8", latin, strlen(latin));
        conv("IBM037", "UTF-8", "Hello", 5);
        conv("ASCII", "UTF-8", text, strlen(text));
    }
    /* several open at once */
    iconv_t a = iconv_open("EUC-JP", "UTF-8"), b = iconv_open("UTF-8", "EUC-JP");
    if (a != (iconv_t)-1 && b != (iconv_t)-1) {
        char mid[64], back[64], *ip = (char *)text, *op = mid;
        size_t il = strlen(text), ol = sizeof mid;
        iconv(a, &ip, &il, &op, &ol);
        size_t ml = (size_t)(op - mid);
        ip = mid, op = back, ol = sizeof back;
        iconv(b, &ip, &ml, &op, &ol);
        out("round trip: %s\n", (size_t)(op - back) == strlen(text) && memcmp(back, text, strlen(text)) == 0 ? "same" : "DIFFERENT");
    }
    if (a != (iconv_t)-1)
        iconv_close(a);
    if (b != (iconv_t)-1)
        iconv_close(b);
    conv("NO-SUCH-CHARSET-LDT", "UTF-8", "x", 1);
    return 0;
}
