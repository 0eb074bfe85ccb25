/* Static TLS blocks of dlclose'd libraries come back (issue 6 item 4):
 *   frag N   open a, open b, close a, close b: a's block lies under b's when
 *            it is freed.  glibc 2.36's dl_close lowers dl_tls_static_used
 *            only when the freed chunk is on top, so it leaks a's block every
 *            round and fails near round 13; we reuse any freed block, so N
 *            rounds must work.  Run by libtests/tools/static-tls-reuse.sh
 *            under ld-custom.so only.
 *   mopen N  dlmopen(LM_ID_NEWLM) + dlclose: each namespace's libc.so.6 takes
 *            static TLS too (differential: glibc gets through 1,000 here).
 *   window N dlmopen(LM_ID_NEWLM) with 4 namespaces alive, the oldest closed
 *            first: glibc fails at round 7 (the freed blocks are not on top);
 *            ld-custom.so only, like frag.
 * Every round checks that the blocks hold a fresh image, here and in a thread
 * that runs all along.  Prints one line; exit status 0 iff all rounds worked. */
#include "sti.h"

static long bad, bad_thread;

static int open_checked(struct sti *s, const char *name, Lmid_t ns, long r)
{
    if (!sti_open(s, name, ns)) {
        out("round %ld: %s failed: %s\n", r, name, dlerror());
        return 0;
    }
    bad += !s->check();
    s->dirty();
    if (r % 8 == 0)
        bad_thread += !in_helper(s);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    long rounds = atol(argv[2]);
    int frag = !strcmp(argv[1], "frag"), window = !strcmp(argv[1], "window");
    struct sti alive[4] = { { 0 } };
    pthread_t t;
    pthread_create(&t, 0, helper, 0);
    for (long r = 0; r < rounds; r++) {
        struct sti a, b;
        if (frag) {
            if (!open_checked(&a, "libsti-a.so", LM_ID_BASE, r) ||
                !open_checked(&b, "libsti-b.so", LM_ID_BASE, r))
                return 1;
            dlclose(a.h);
            dlclose(b.h);
        } else if (window) {
            struct sti *w = &alive[r % 4];
            if (w->h)
                dlclose(w->h);
            if (!open_checked(w, "libsti-a.so", LM_ID_NEWLM, r))
                return 1;
        } else {
            if (!open_checked(&a, "libsti-a.so", LM_ID_NEWLM, r))
                return 1;
            dlclose(a.h);
        }
    }
    stop_helper(t);
    out("%s: %ld rounds, stale blocks %ld here, %ld in the thread\n", argv[1], rounds, bad,
        bad_thread);
    return bad || bad_thread;
}
