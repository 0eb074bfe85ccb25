/* arch/x86_64/arch.h, the machine interface, against the machine and glibc
   running this test: the thread pointer and DTV glibc set up, where glibc put
   this program's static TLS block, glibc's TCB words, the names the system
   uses for its loader and multiarch directory, and the string primitives
   against byte loops. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fpu_control.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include "ldso.h"
#include "support.h"

static __thread long tls_var = 42;	/* module 1's static block: this executable's */

static void *tp_of_thread(void *arg)
{
	(void)arg;
	return (void *)arch_thread_pointer();
}

START_TEST(thread_pointer)
{
	/* glibc's pthread_self is THREAD_SELF, the struct pthread at the thread pointer */
	ck_assert_ptr_eq((void *)arch_thread_pointer(), (void *)pthread_self());
	pthread_t t;
	void *other;
	ck_assert_int_eq(pthread_create(&t, 0, tp_of_thread, 0), 0);
	ck_assert_int_eq(pthread_join(t, &other), 0);
	ck_assert_ptr_eq(other, (void *)t);
	ck_assert_ptr_ne(other, (void *)pthread_self());
	ck_assert_ptr_eq((void *)arch_pd_tp((uintptr_t)t), other);
}
END_TEST

START_TEST(tcb_words)
{
	/* the words arch_tcb_init writes, where glibc's own TCB has them */
	uintptr_t tp = arch_thread_pointer();
	ck_assert_uint_eq(*(uintptr_t *)(tp + TCB_TCB), tp);
	ck_assert_uint_eq(*(uintptr_t *)(tp + TCB_SELF), tp);
	ck_assert_ptr_eq(arch_thread_dtv(), *arch_tcb_dtv(tp));

	static unsigned char tcb[TCB_SIZEOF] __attribute__((aligned(64)));
	int dtv;
	arch_tcb_init((uintptr_t)tcb, &dtv);
	ck_assert_uint_eq(*(uintptr_t *)(tcb + TCB_TCB), (uintptr_t)tcb);
	ck_assert_uint_eq(*(uintptr_t *)(tcb + TCB_SELF), (uintptr_t)tcb);
	ck_assert_ptr_eq(*arch_tcb_dtv((uintptr_t)tcb), &dtv);
}
END_TEST

START_TEST(static_tls_block)
{
	/* glibc's DTV entry for this program and its link_map's l_tls_offset:
	   arch_tls_block must find the block where glibc placed it */
	struct link_map *main_map = dlopen(0, RTLD_NOW);
	ck_assert_ptr_nonnull(main_map);
	ck_assert_uint_eq(main_map->l_tls_modid, 1);
	ptrdiff_t off = main_map->l_tls_offset;
	ck_assert_int_gt(off, 0);
	uintptr_t tp = arch_thread_pointer();
	dtv_t *dtv = arch_thread_dtv();
	uintptr_t block = arch_tls_block(tp, off);
	ck_assert_uint_eq((uintptr_t)dtv[1].pointer.val, block);
	uintptr_t var = (uintptr_t)&tls_var;
	ck_assert_uint_ge(var, block);
	ck_assert_uint_lt(var, block + main_map->l_tls_blocksize);
	ck_assert_int_eq(tls_var, 42);
	/* a TPOFF value is what the code adds to the thread pointer */
	ck_assert_uint_eq(tp + arch_tls_tpoff(var - block, off), var);
	/* the static area ends with the TCB at the thread pointer */
	ck_assert_uint_eq(arch_tls_area_tp(0x10000, 0x3000), 0x13000 - PD_SIZEOF);
	dlclose(main_map);
}
END_TEST

START_TEST(names)
{
	/* this test runs under the system's loader: PT_INTERP is its path */
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	size_t phnum = getauxval(AT_PHNUM);
	uintptr_t bias = 0;
	const char *interp = 0;
	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = (uintptr_t)ph - ph[i].p_vaddr;
	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			interp = (const char *)(bias + ph[i].p_vaddr);
	ck_assert_ptr_nonnull(interp);
	ck_assert_str_eq(interp, ARCH_LDSO_PATH);
	const char *slash = strrchr(interp, '/');
	ck_assert_str_eq(slash + 1, ARCH_LDSO_SONAME);

	/* libc.so.6 lives in the multiarch directory */
	Dl_info info;
	ck_assert_int_ne(dladdr((void *)printf, &info), 0);
	ck_assert_ptr_nonnull(strstr(info.dli_fname, "/" ARCH_TRIPLET "/"));

	struct utsname u;
	ck_assert_int_eq(uname(&u), 0);
	ck_assert_str_eq(u.machine, ARCH_NAME);
	size_t n;
	unsigned char *ls = tl_slurp(SYS_LS, &n);
	ck_assert_uint_eq(((Elf64_Ehdr *)ls)->e_machine, ARCH_EM);
	free(ls);
	ck_assert_uint_eq(ARCH_FPU_DEFAULT, _FPU_DEFAULT);
}
END_TEST

START_TEST(string_primitives)
{
	unsigned char src[160], dst[176], want[176];
	for (size_t i = 0; i < sizeof src; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t a = 0; a < 8; a++)
		for (size_t n = 0; n <= 140; n++) {
			memset(dst, 0xee, sizeof dst);
			memset(want, 0xee, sizeof want);
			for (size_t i = 0; i < n; i++)
				want[a + i] = src[(a * 3) % 8 + i];
			arch_copy(dst + a, src + (a * 3) % 8, n);
			EXPECT(!memcmp(dst, want, sizeof dst), "arch_copy align %zu len %zu", a, n);
			for (size_t i = 0; i < n; i++)
				want[a + i] = 0xa5;
			arch_fill(dst + a, 0xa5, n);
			EXPECT(!memcmp(dst, want, sizeof dst), "arch_fill align %zu len %zu", a, n);
		}
}
END_TEST

START_TEST(cycles)
{
	uint64_t t0 = arch_cycles();
	volatile unsigned x = 0;
	for (unsigned i = 0; i < 100000; i++)
		x += i;
	ck_assert_uint_gt(arch_cycles(), t0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("arch");
	TCase *t = tcase_create("machine");
	tcase_add_test(t, thread_pointer);
	tcase_add_test(t, tcb_words);
	tcase_add_test(t, static_tls_block);
	tcase_add_test(t, names);
	tcase_add_test(t, string_primitives);
	tcase_add_test(t, cycles);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
