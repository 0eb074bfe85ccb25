/* 10,000 dlopen/dlclose cycles of the same library (and 1,000 of one with
 * dynamic TLS used by this thread) leave resident memory, address space and
 * file descriptors flat.
 *
 * Bounds: every cycle maps the library (4 PT_LOADs, >= 16 KiB of address
 * space, at least one written .data/.got page = 4 KiB resident) and
 * allocates its link_map (> 1 KiB).  Leaking the mapping would add >= 40 MiB
 * of RSS and 160 MiB of address space over 10,000 cycles; leaking only the
 * link_map would add >= 10 MiB.  So "< 2 MiB RSS growth" and "< 8 MiB address
 * space growth" catch any per-cycle leak of a page or a link_map while
 * leaving room for malloc's arena growth and fragmentation. */
#include "dlt.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>

/* The libraries are copied to a memory file system first: mapping files from
 * some (network, sandboxed) build directories costs milliseconds per cycle,
 * which is not what this test is about. */
static char dir[PATH_MAX];
static char small[PATH_MAX + 32], tls[PATH_MAX + 32];
static int copy(const char *from, const char *to)
{
    char buf[65536];
    int in = open(from, O_RDONLY), o = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    ssize_t n;
    int ok = in >= 0 && o >= 0;
    while (ok && (n = read(in, buf, sizeof buf)) > 0)
        ok = write(o, buf, (size_t)n) == n;
    if (in >= 0)
        close(in);
    if (o >= 0)
        close(o);
    return ok;
}
static void setup(void)
{
    const char *bases[] = { "/dev/shm", getenv("TMPDIR"), "/tmp" };
    for (unsigned i = 0; i < sizeof bases / sizeof *bases; i++) {
        if (!bases[i])
            continue;
        snprintf(dir, sizeof dir, "%s/dl-close-rss.XXXXXX", bases[i]);
        if (mkdtemp(dir)) {
            snprintf(small, sizeof small, "%s/libcosmall.so", dir);
            snprintf(tls, sizeof tls, "%s/libcotls.so", dir);
            if (copy("libcosmall.so", small) && copy("libcotls.so", tls))
                return;
            unlink(small);
            unlink(tls);
            rmdir(dir);
        }
    }
    /* no writable memory file system: use them where they are */
    snprintf(small, sizeof small, "./libcosmall.so");
    snprintf(tls, sizeof tls, "./libcotls.so");
    dir[0] = 0;
}
static void cleanup(void)
{
    if (dir[0]) {
        unlink(small);
        unlink(tls);
        rmdir(dir);
    }
}

static long status_kb(const char *key)
{
    char buf[4096];
    FILE *f = fopen("/proc/self/status", "r");
    long v = -1;
    size_t kl = strlen(key);
    if (!f)
        return -1;
    while (fgets(buf, sizeof buf, f))
        if (strncmp(buf, key, kl) == 0 && buf[kl] == ':')
            v = strtol(buf + kl + 1, NULL, 10);
    fclose(f);
    return v;
}
static int nfds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}
static int cycle(const char *lib, const char *sym, int i)
{
    void *h = dlopen(lib, RTLD_NOW);
    if (!h)
        return -1;
    int (*f)(int) = (int (*)(int))dlsym(h, sym);
    int r = f ? f(i) : -1;
    if (dlclose(h) != 0)
        return -1;
    return r;
}

int main(void)
{
    int bad = 0;
    setup();
    for (int i = 0; i < 100; i++) /* warm-up: malloc arenas, caches */
        bad += cycle(small, "cosmall_fn", i) < 0;
    for (int i = 0; i < 100; i++)
        bad += cycle(tls, "cotls_fn", i) < 0;
    long rss0 = status_kb("VmRSS"), vm0 = status_kb("VmSize");
    int fd0 = nfds();
    for (int i = 0; i < 10000; i++)
        bad += cycle(small, "cosmall_fn", i) < 0;
    for (int i = 0; i < 1000; i++)
        bad += cycle(tls, "cotls_fn", i) < 0;
    long rss1 = status_kb("VmRSS"), vm1 = status_kb("VmSize");
    int fd1 = nfds();
    out("failed cycles: %d\n", bad);
    out("rss: %s\n", rss0 > 0 && rss1 - rss0 < 2048 ? "flat" : "GROWS");
    out("address space: %s\n", vm0 > 0 && vm1 - vm0 < 8192 ? "flat" : "GROWS");
    out("file descriptors: %s\n", fd0 == fd1 ? "same" : "DIFFERENT");
    out("still loaded: %s %s\n", dlt_loaded("libcosmall.so") ? "yes" : "no",
        dlt_loaded("libcotls.so") ? "yes" : "no");
    cleanup();
    if (getenv("CO_VERBOSE"))
        fprintf(stderr, "rss %ld -> %ld kB, vm %ld -> %ld kB\n", rss0, rss1, vm0, vm1);
    return 0;
}
