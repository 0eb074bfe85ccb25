/* The probe cache: what the machine's start-up probes of the processor
   returned, kept per user and per kernel boot, so that a later start reads
   one small file instead of probing again.  The arch decides when it pays
   (a probe that traps to a hypervisor costs more than this file's system
   calls) and what to keep: a key it computed live (what identifies the
   processor) and a payload (its table of results).  Here they are kept with
   the boot id and the loader's build-id, checked by size and checksum; any
   mismatch is a miss, and the arch probes live and stores again.  The file
   is named by the boot id and the loader: a home shared by several machines
   keeps one per machine, two builds used in turn (an installed one and a
   developer's) keep one each instead of rewriting one at every start, and
   a reboot's first store removes the older boots' files.
   Never in secure mode (the arch asks).  The threat model is in the README. */
#include <fcntl.h>
#include <errno.h>
#include "launch_cache.h"
#include "probe_cache.h"

#define PC_MAGIC	"ldcPC\0\0\1"	/* the last byte is the format's version */
#define PC_PREFIX	"probes-"
#define BOOT_LEN	36		/* /proc/sys/kernel/random/boot_id: a UUID */
#define NAME_LEN	(sizeof PC_PREFIX - 1 + BOOT_LEN + 17)	/* PREFIX BOOT -LOADER */

struct pc_head {
	char magic[8];
	uint64_t sum;		/* lc_checksum of the file past this field */
	uint64_t size;		/* the whole file */
	uint64_t loader;	/* the loader's build-id, hashed */
	char boot[40];		/* the boot id, NUL-padded */
	uint32_t keylen, paylen;	/* multiples of 8; key then payload follow */
};

static struct {
	int state;		/* 0 not tried, 1 ready, -1 unusable */
	int absent;		/* probe_cache_load found no file */
	uint64_t loader;
	char boot[40];
	char name[NAME_LEN + 1];
	union {
		struct pc_head h;
		unsigned char b[PROBE_CACHE_MAX];
	} f;			/* the file read, or being written */
} pc;

static int boot_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
}

/* the boot id and the loader's identity, once; 0 when there is no store */
static int pc_ready(void)
{
	if (pc.state)
		return pc.state > 0;
	pc.state = -1;
	if (!(pc.loader = lc_loader_id()))
		return 0;
	long fd = sys_openat(AT_FDCWD, "/proc/sys/kernel/random/boot_id", O_RDONLY, 0);
	if (fd < 0)
		return 0;
	long n = sys_pread(fd, pc.boot, BOOT_LEN + 1, 0);
	sys_close(fd);
	if (n < BOOT_LEN)
		return 0;
	pc.boot[BOOT_LEN] = 0;
	for (int i = 0; i < BOOT_LEN; i++)
		if (!boot_char(pc.boot[i]))
			return 0;
	rt_snprintf(pc.name, sizeof pc.name, "%s%s-%016lx", PC_PREFIX, pc.boot, pc.loader);
	pc.state = 1;
	return 1;
}

static size_t pc_size(uint32_t keylen, uint32_t paylen)
{
	return sizeof(struct pc_head) + (size_t)keylen + paylen;
}

/* NULL when the file in pc.f (len bytes) is whole and holds this key */
static const char *pc_check(size_t len, const void *key, uint32_t keylen, size_t cap)
{
	const struct pc_head *h = &pc.f.h;
	if (len < sizeof *h || memcmp(h->magic, PC_MAGIC, sizeof h->magic))
		return "not a probe cache file of this format";
	if (h->keylen > PROBE_CACHE_MAX || h->paylen > PROBE_CACHE_MAX ||
	    h->size != len || pc_size(h->keylen, h->paylen) != len || (h->keylen | h->paylen) & 7)
		return "truncated or sizes inconsistent";
	if (lc_checksum(pc.f.b + 16, len - 16) != h->sum)
		return "checksum mismatch";
	if (h->loader != pc.loader || memcmp(h->boot, pc.boot, sizeof h->boot))
		return "another loader's or another boot's";
	if (h->keylen != keylen || memcmp(pc.f.b + sizeof *h, key, keylen) || h->paylen > cap)
		return "another processor's";
	return 0;
}

long probe_cache_load(const void *key, uint32_t keylen, void *out, size_t cap)
{
	if (!pc_ready())
		return -1;
	char *path = lc_store_path(pc.name);
	if (!path)
		return -1;
	long fd;
	size_t len, got = 0;
	const char *why = lc_open_checked(AT_FDCWD, path, sizeof(struct pc_head),
					  PROBE_CACHE_MAX, &fd, &len);
	scratch_put(path);
	pc.absent = why && !strcmp(why, "missing");
	if (why)
		return -1;
	while (got < len) {
		long r = sys_pread(fd, pc.f.b + got, len - got, got);
		if (r <= 0)
			break;
		got += r;
	}
	sys_close(fd);
	if (got != len || pc_check(len, key, keylen, cap))
		return -1;
	memcpy(out, pc.f.b + sizeof pc.f.h + keylen, pc.f.h.paylen);
	return pc.f.h.paylen;
}

/* another boot's file (any loader's), or this boot's named before the
   loader was; never a writer's temporary (NAME.PID.tmp) */
static int stale_name(const char *n)
{
	size_t p = sizeof PC_PREFIX - 1, len = strlen(n);
	if (strncmp(n, PC_PREFIX, p) || (len != p + BOOT_LEN && len != NAME_LEN))
		return 0;
	return strncmp(n + p, pc.boot, BOOT_LEN) || len == p + BOOT_LEN;
}

/* a new boot's first store removes the files of the boots before it */
static void remove_stale(int dfd)
{
	char *buf = scratch_need(4096);
	long n;
	while ((n = sys_getdents64(dfd, buf, 4096)) > 0) {
		for (long at = 0; at + 19 < n;) {
			unsigned short reclen;
			memcpy(&reclen, buf + at + 16, 2);	/* struct linux_dirent64 */
			if (reclen < 20 || at + reclen > n)
				break;
			if (str_len_max(buf + at + 19, reclen - 19) < (size_t)reclen - 19 &&
			    stale_name(buf + at + 19))
				sys_unlinkat(dfd, buf + at + 19);
			at += reclen;
		}
	}
	scratch_put(buf);
}

void probe_cache_store(const void *key, uint32_t keylen, const void *payload, uint32_t paylen)
{
	if ((keylen | paylen) & 7 || pc_size(keylen, paylen) > PROBE_CACHE_MAX || !pc_ready())
		return;
	struct pc_head *h = &pc.f.h;
	memset(h, 0, sizeof *h);
	memcpy(h->magic, PC_MAGIC, sizeof h->magic);
	h->size = pc_size(keylen, paylen);
	h->loader = pc.loader;
	memcpy(h->boot, pc.boot, sizeof h->boot);
	h->keylen = keylen;
	h->paylen = paylen;
	memcpy(pc.f.b + sizeof *h, key, keylen);
	memcpy(pc.f.b + sizeof *h + keylen, payload, paylen);
	h->sum = lc_checksum(pc.f.b + 16, h->size - 16);
	char *dir = scratch_need(2 * PATH_MAX_LEN);
	long dfd = lc_open_store(dir, dir + PATH_MAX_LEN);
	if (dfd >= 0) {
		lc_write_file(dfd, pc.name, pc.f.b, h->size, !pc.absent);
		remove_stale(dfd);
		sys_close(dfd);
	}
	scratch_put(dir);
}
