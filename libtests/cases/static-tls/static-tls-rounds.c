/* Static TLS comes back (issue 6 item 4): N (default 100,000) dlopen/dlclose rounds of a
 * library with initial-exec TLS never exhaust the static TLS surplus (it is
 * about 1.6 KiB; the block is 80+ bytes), and every round finds a fresh
 * image (.tdata copied, .tbss zeroed) in this thread and in a thread that
 * was running all along, though the last round left both blocks dirty. */
#include "sti.h"

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 100000;
    pthread_t t;
    pthread_create(&t, 0, helper, 0);
    long bad = 0, bad_thread = 0, moved = 0, first_off = 0;
    for (long r = 0; r < rounds; r++) {
        struct sti s;
        if (!sti_open(&s, "libsti-a.so", LM_ID_BASE)) {
            out("round %ld: dlopen failed: %s\n", r, dlerror());
            return 1;
        }
        if (r == 0)
            first_off = s.tpoff();
        moved += s.tpoff() != first_off;
        bad += !s.check();
        s.dirty();
        if (r % 16 == 0)
            bad_thread += !in_helper(&s);
        dlclose(s.h);
    }
    stop_helper(t);
    out("%ld rounds: stale blocks %ld here, %ld in the thread\n", rounds, bad, bad_thread);
    SAME(moved == 0);
    return 0;
}
