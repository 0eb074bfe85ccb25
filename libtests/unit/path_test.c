/* path_expand / dso_origin: dynamic string tokens as glibc 2.36 expands
   them (elf/dl-load.c _dl_dst_substitute, is_dst; elf/dl-object.c for an
   object's origin; sysdeps/unix/sysv/linux/dl-origin.c for the program's).
   Behaviour checked against the real ld.so with LD_DEBUG=libs on RUNPATHs
   such as "/a/$LIB:/b/${PLATFORM}:/c/$ORIGINX:/d/$LIBx:/e/$ORIGIN.x",
   which glibc searched as /a/lib/x86_64-linux-gnu, /b/x86_64, /c/$ORIGINX,
   /d/$LIBx and /e/<dir>.x. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"

static char platform[64];

/* glibc's $PLATFORM is GLRO(dl_platform); ld.so --list-diagnostics prints it */
static void find_platform(void)
{
	size_t n;
	char **lines = tl_lines(SYS_LDSO " --list-diagnostics", &n);
	platform[0] = 0;
	for (size_t i = 0; i < n; i++)
		if (sscanf(lines[i], "dl_platform=\"%63[^\"]\"", platform) == 1)
			break;
	tl_free_lines(lines, n);
	if (!platform[0]) {
		const char *p = (const char *)getauxval(AT_PLATFORM);
		snprintf(platform, sizeof platform, "%s", p ? p : "x86_64");
	}
}

static struct dso *lib_at(const char *name, int kind)
{
	struct dso *d = calloc(1, sizeof *d);
	d->name = name;
	d->kind = kind;
	return d;
}

static void reset(void)
{
	memset(&L, 0, sizeof L);
}

/* expand in (all of it) for d; NULL on failure */
static const char *X(const char *in, struct dso *d)
{
	static char out[4096];
	size_t n = path_expand(in, strlen(in), d, out, sizeof out);
	if (n == (size_t)-1)
		return 0;
	ck_assert_uint_eq(n, strlen(out));
	return out;
}

#define EXPANDS(in, d, want) do { \
	const char *got_ = X(in, d); \
	ck_assert_msg(got_ && !strcmp(got_, want), "expand \"%s\": got %s%s%s, want \"%s\"", in, \
		      got_ ? "\"" : "", got_ ? got_ : "failure", got_ ? "\"" : "", want); \
} while (0)
#define FAILS(in, d) do { \
	const char *got_ = X(in, d); \
	ck_assert_msg(!got_, "expand \"%s\": got \"%s\", want failure", in, got_); \
} while (0)

START_TEST(no_tokens)
{
	reset();
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	EXPANDS("", d, "");
	EXPANDS("/usr/lib/x86_64-linux-gnu", d, "/usr/lib/x86_64-linux-gnu");
	EXPANDS("relative/dir", d, "relative/dir");
	EXPANDS("/with:colon/{braces}", d, "/with:colon/{braces}");
	EXPANDS("/no/origin/needed", 0, "/no/origin/needed");
	/* only inlen bytes are read: the input need not be NUL-terminated */
	char out[64];
	ck_assert_uint_eq(path_expand("abcdef", 3, d, out, sizeof out), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_uint_eq(path_expand("/lib:$ORIGIN", 4, 0, out, sizeof out), 4);
	ck_assert_str_eq(out, "/lib");
	free(d);
}
END_TEST

START_TEST(origin)
{
	reset();
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	EXPANDS("$ORIGIN", d, "/opt/app/lib");
	EXPANDS("$ORIGIN/../plugins", d, "/opt/app/lib/../plugins");
	EXPANDS("${ORIGIN}/x", d, "/opt/app/lib/x");
	EXPANDS("${ORIGIN}x", d, "/opt/app/libx");
	EXPANDS("/e/$ORIGIN.x", d, "/e//opt/app/lib.x");	/* glibc: /e//tmp/dst.x */
	EXPANDS("$ORIGIN:$ORIGIN", d, "/opt/app/lib:/opt/app/lib");
	/* computed once and kept, as glibc's l_origin is */
	ck_assert_int_eq(d->origin_set, 1);
	ck_assert_ptr_nonnull(d->origin);
	ck_assert_str_eq(d->origin, "/opt/app/lib");
	ck_assert_ptr_eq(d->lm.l_origin, d->origin);	/* published for dlinfo */
	free(d);

	/* a file in / keeps the slash (elf/dl-object.c) */
	d = lib_at("/libroot.so", DSO_LIB);
	EXPANDS("$ORIGIN/x", d, "//x");
	free(d);

	/* no object to take it from */
	FAILS("$ORIGIN/x", 0);
	/* an origin that could not be determined */
	d = lib_at("/opt/libx.so", DSO_LIB);
	d->origin_set = 1;
	d->origin = 0;
	FAILS("$ORIGIN", d);
	d->origin = "/preset";
	EXPANDS("$ORIGIN/y", d, "/preset/y");
	free(d);
}
END_TEST

START_TEST(origin_relative)
{
	/* relative names are taken against the current directory, and not
	   normalised ("ld.so ./prog" gives "<cwd>/." in glibc) */
	reset();
	char cwd[PATH_MAX], want[PATH_MAX + 64];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	struct dso *d = lib_at("sub/dir/libx.so", DSO_LIB);
	snprintf(want, sizeof want, "%s/sub/dir/p", cwd);
	EXPANDS("$ORIGIN/p", d, want);
	free(d);
	d = lib_at("./libx.so", DSO_LIB);
	snprintf(want, sizeof want, "%s/./p", cwd);
	EXPANDS("$ORIGIN/p", d, want);
	free(d);
	d = lib_at("libx.so", DSO_LIB);
	snprintf(want, sizeof want, "%s/p", cwd);
	EXPANDS("$ORIGIN/p", d, want);
	free(d);
}
END_TEST

START_TEST(origin_program)
{
	/* started by the kernel: /proc/self/exe, whatever the object's name */
	reset();
	char exe[PATH_MAX], want[PATH_MAX + 8];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(n, 0);
	exe[n] = 0;
	*strrchr(exe, '/') = 0;
	snprintf(want, sizeof want, "%s/q", exe);
	struct dso *d = lib_at("/somewhere/else/prog", DSO_MAIN);
	EXPANDS("$ORIGIN/q", d, want);
	free(d);
	/* and LD_ORIGIN_PATH does not override a readable /proc/self/exe */
	L.origin_path = "/from/env";
	d = lib_at("prog", DSO_MAIN);
	EXPANDS("$ORIGIN/q", d, want);
	free(d);
	/* "ld.so /path/prog": the program's own path */
	reset();
	L.command = 1;
	d = lib_at("/usr/local/bin/prog", DSO_MAIN);
	EXPANDS("$ORIGIN/../lib", d, "/usr/local/bin/../lib");
	free(d);
}
END_TEST

START_TEST(lib_platform)
{
	reset();
	find_platform();
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	EXPANDS("$LIB", d, "lib/x86_64-linux-gnu");
	EXPANDS("/usr/$LIB/foo", d, "/usr/lib/x86_64-linux-gnu/foo");
	EXPANDS("/${LIB}y", d, "/lib/x86_64-linux-gnuy");
	EXPANDS("/x/$LIB", 0, "/x/lib/x86_64-linux-gnu");
	char want[128];
	snprintf(want, sizeof want, "/b/%s", platform);
	EXPANDS("/b/${PLATFORM}", d, want);
	EXPANDS("/b/$PLATFORM", d, want);
	snprintf(want, sizeof want, "/opt/app/lib/lib/x86_64-linux-gnu/%s/z", platform);
	EXPANDS("$ORIGIN/$LIB/$PLATFORM/z", d, want);
	free(d);
}
END_TEST

START_TEST(secure)
{
	/* set-user-ID programs: no $ORIGIN (glibc 2.36 still allows a leading
	   $ORIGIN that expands into a trusted directory; refusing it is the
	   stricter, specified choice); $LIB and $PLATFORM stay */
	reset();
	L.secure = 1;
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	FAILS("$ORIGIN", d);
	FAILS("$ORIGIN/../lib", d);
	FAILS("${ORIGIN}", d);
	FAILS("/x/$ORIGIN", d);
	EXPANDS("/usr/$LIB", d, "/usr/lib/x86_64-linux-gnu");
	ck_assert_ptr_nonnull(X("/p/$PLATFORM", d));
	free(d);
	reset();
}
END_TEST

START_TEST(unknown_tokens_are_text)
{
	/* glibc copies a '$' that does not start a known token and goes on
	   (_dl_dst_substitute: "No DST we recognize" -> *wp++ = '$'); its
	   search path keeps such elements literally (verified with LD_DEBUG) */
	reset();
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	EXPANDS("/c/$ORIGINX", d, "/c/$ORIGINX");
	EXPANDS("/d/$LIBx", d, "/d/$LIBx");
	EXPANDS("x$FOO", d, "x$FOO");
	EXPANDS("/t/${FOO}", d, "/t/${FOO}");
	EXPANDS("/t/${FOO", d, "/t/${FOO");
	EXPANDS("/t/${ORIGIN", d, "/t/${ORIGIN");
	EXPANDS("/t/$", d, "/t/$");
	EXPANDS("$$LIB", d, "$lib/x86_64-linux-gnu");
	free(d);
}
END_TEST

START_TEST(buffer_too_small)
{
	reset();
	struct dso *d = lib_at("/opt/app/lib/libx.so", DSO_LIB);
	static const struct { const char *in, *out; } t[] = {
		{ "abc", "abc" },
		{ "$LIB", "lib/x86_64-linux-gnu" },
		{ "/a/$LIB/b", "/a/lib/x86_64-linux-gnu/b" },
		{ "$ORIGIN", "/opt/app/lib" },
		{ "$ORIGIN/x", "/opt/app/lib/x" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t need = strlen(t[i].out) + 1;
		for (size_t outlen = 1; outlen <= need + 1; outlen++) {
			char buf[128];
			memset(buf, '#', sizeof buf);
			size_t r = path_expand(t[i].in, strlen(t[i].in), d, buf, outlen);
			if (outlen < need)
				ck_assert_msg(r == (size_t)-1, "\"%s\" into %zu bytes: %zu", t[i].in, outlen, r);
			else {
				ck_assert_uint_eq(r, need - 1);
				ck_assert_str_eq(buf, t[i].out);
			}
			for (size_t k = outlen; k < sizeof buf; k++)
				ck_assert_msg(buf[k] == '#', "\"%s\" into %zu bytes: byte %zu written", t[i].in,
					      outlen, k);
		}
	}
	free(d);
}
END_TEST

START_TEST(zero_length_buffer)
{
	/* nothing may be written into a zero-length buffer, not even a NUL */
	reset();
	char buf[4] = "###";
	ck_assert_uint_eq(path_expand("", 0, 0, buf, 0), (size_t)-1);
	ck_assert_int_eq(buf[0], '#');
	ck_assert_uint_eq(path_expand("x", 1, 0, buf, 0), (size_t)-1);
	ck_assert_int_eq(buf[0], '#');
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("path");
	TCase *t = tcase_create("expand");
	tcase_add_test(t, no_tokens);
	tcase_add_test(t, origin);
	tcase_add_test(t, origin_relative);
	tcase_add_test(t, origin_program);
	tcase_add_test(t, lib_platform);
	tcase_add_test(t, secure);
	tcase_add_test(t, unknown_tokens_are_text);
	tcase_add_test(t, buffer_too_small);
	tcase_add_test(t, zero_length_buffer);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
