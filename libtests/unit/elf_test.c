/* elf_check_header / elf_check_phdrs: ELF gABI + x86-64 psABI rules on
   headers built here, and the real system objects (which must pass). */
#include <string.h>
#include <stdlib.h>
#include "ldso.h"
#include "support.h"

#define FILE_SIZE 0x5000UL
#define PAGE 4096UL

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[8];
};

/* A well-formed ET_DYN: two PT_LOADs (text at 0, data one page up with the
   usual vaddr/offset skew), PT_DYNAMIC inside the data, PT_GNU_STACK. */
static void good(struct image *im)
{
	memset(im, 0, sizeof *im);
	Elf64_Ehdr *eh = &im->eh;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 4;
	Elf64_Phdr *p = im->ph;
	p[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0, .p_vaddr = 0,
			     .p_filesz = 0x2345, .p_memsz = 0x2345, .p_align = 0x1000 };
	p[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x2e10,
			     .p_vaddr = 0x3e10, .p_filesz = 0x1000, .p_memsz = 0x3000, .p_align = 0x1000 };
	p[2] = (Elf64_Phdr){ .p_type = PT_DYNAMIC, .p_flags = PF_R | PF_W, .p_offset = 0x2e20,
			     .p_vaddr = 0x3e20, .p_filesz = 0x200, .p_memsz = 0x200, .p_align = 8 };
	p[3] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W, .p_align = 16 };
}

#define HDR_OK(im, sz, ex)	ck_assert_ptr_null(elf_check_header(&(im).eh, (sz), (ex)))
#define HDR_BAD(im, sz, ex)	ck_assert_ptr_nonnull(elf_check_header(&(im).eh, (sz), (ex)))
#define PH_OK(im)		ck_assert_ptr_null(elf_check_phdrs((im).ph, (im).eh.e_phnum, FILE_SIZE, PAGE))
#define PH_BAD(im)		ck_assert_ptr_nonnull(elf_check_phdrs((im).ph, (im).eh.e_phnum, FILE_SIZE, PAGE))

START_TEST(header_valid)
{
	struct image im;
	good(&im);
	HDR_OK(im, FILE_SIZE, 0);
	HDR_OK(im, FILE_SIZE, 1);
	/* the program headers exactly at the end of the file are still inside */
	HDR_OK(im, sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr), 1);
	/* ELFOSABI_GNU (Linux) is what objects with IFUNC/unique symbols carry */
	im.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
	HDR_OK(im, FILE_SIZE, 0);
}
END_TEST

START_TEST(header_type)
{
	struct image im;
	good(&im);
	im.eh.e_type = ET_EXEC;
	HDR_OK(im, FILE_SIZE, 1);	/* a program */
	HDR_BAD(im, FILE_SIZE, 0);	/* but not as a library */
	/* glibc's words, which dlerror users see */
	ck_assert_str_eq(elf_check_header(&im.eh, FILE_SIZE, 0), "cannot dynamically load executable");
	im.eh.e_type = ET_REL;
	HDR_BAD(im, FILE_SIZE, 1);
	ck_assert_str_eq(elf_check_header(&im.eh, FILE_SIZE, 0), "only ET_DYN and ET_EXEC can be loaded");
	im.eh.e_type = ET_CORE;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_type = ET_NONE;
	HDR_BAD(im, FILE_SIZE, 1);
}
END_TEST

START_TEST(header_bad_magic)
{
	for (int i = 0; i < SELFMAG; i++) {
		struct image im;
		good(&im);
		im.eh.e_ident[i] ^= 0x20;
		HDR_BAD(im, FILE_SIZE, 1);
	}
	struct image im;
	memset(&im, 0, sizeof im);
	HDR_BAD(im, FILE_SIZE, 1);
	memcpy(&im, "#!/bin/sh\n", 10);
	HDR_BAD(im, FILE_SIZE, 1);
}
END_TEST

START_TEST(header_truncated)
{
	struct image im;
	good(&im);
	for (size_t sz = 0; sz < sizeof(Elf64_Ehdr); sz++)
		HDR_BAD(im, sz, 1);
	/* header complete but the program headers cut */
	for (size_t sz = sizeof(Elf64_Ehdr); sz < sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Phdr); sz++)
		HDR_BAD(im, sz, 1);
}
END_TEST

START_TEST(header_truncated_no_overread)
{
	/* a 4-byte file: only the bytes that exist may be read */
	unsigned char *p = tl_guarded(4);
	memcpy(p, ELFMAG, 4);
	ck_assert_ptr_nonnull(elf_check_header((const Elf64_Ehdr *)p, 4, 1));
	tl_guard_free(p, 4);
	/* 0 bytes: the pointer may point right at unmapped memory */
	p = tl_guarded(0);
	ck_assert_ptr_nonnull(elf_check_header((const Elf64_Ehdr *)p, 0, 1));
	tl_guard_free(p, 0);
}
END_TEST

/* elf_describe: class, byte order, machine and kind of any ELF header, for errors */
START_TEST(describe_names)
{
	char out[96];
	struct image im;
	good(&im);
	const unsigned char *b = (const unsigned char *)&im;
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 x86_64 shared object");
	im.ph[3].p_type = PT_INTERP;	/* an ET_DYN with PT_INTERP: a PIE */
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 x86_64 PIE executable");
	/* a PT_INTERP past the bytes given is not seen */
	ck_assert_str_eq(elf_describe(b, sizeof im.eh + 3 * sizeof im.ph[0], out, sizeof out),
			 "ELFCLASS64 x86_64 shared object");
	im.eh.e_type = ET_CORE;
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 x86_64 core file (ET_CORE)");
	im.eh.e_type = ET_REL, im.eh.e_machine = EM_AARCH64;
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 aarch64 relocatable object (ET_REL)");
	im.eh.e_machine = 0x7777;
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 machine 30583 relocatable object (ET_REL)");
	/* ELFCLASS32: e_type and e_machine sit where ELF64 has them */
	im.eh.e_ident[EI_CLASS] = ELFCLASS32, im.eh.e_type = ET_EXEC, im.eh.e_machine = EM_386;
	ck_assert_str_eq(elf_describe(b, 20, out, sizeof out), "ELFCLASS32 i386 executable");
	im.eh.e_machine = EM_X86_64;
	ck_assert_str_eq(elf_describe(b, 20, out, sizeof out), "ELFCLASS32 x86_64 (x32) executable");
	/* big-endian: the fields are read in its order */
	im.eh.e_ident[EI_CLASS] = ELFCLASS64, im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	im.eh.e_type = ET_EXEC << 8, im.eh.e_machine = EM_PPC64 << 8;
	ck_assert_str_eq(elf_describe(b, sizeof im, out, sizeof out),
			 "ELFCLASS64 big-endian ppc64 executable");
	/* not an ELF header it can read: too short, bad magic, class or byte order */
	ck_assert_ptr_null(elf_describe(b, 19, out, sizeof out));
	im.eh.e_ident[EI_DATA] = 3;
	ck_assert_ptr_null(elf_describe(b, sizeof im, out, sizeof out));
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB, im.eh.e_ident[EI_CLASS] = 0;
	ck_assert_ptr_null(elf_describe(b, sizeof im, out, sizeof out));
	ck_assert_ptr_null(elf_describe((const unsigned char *)"#!/bin/sh\n" "0123456789", 20,
					out, sizeof out));
}
END_TEST

/* every prefix of a header with program headers is read within its bytes */
START_TEST(describe_no_overread)
{
	char out[96];
	struct image im;
	good(&im);
	im.ph[3].p_type = PT_INTERP;
	for (size_t n = 0; n <= sizeof im; n++) {
		unsigned char *p = tl_guarded(n);
		memcpy(p, &im, n);
		const char *d = elf_describe(p, n, out, sizeof out);
		ck_assert(n < 20 ? !d : d != 0);
		tl_guard_free(p, n);
	}
	/* program headers said to be far away, or wrapping around */
	im.eh.e_phoff = ~0ULL - 8;
	ck_assert_str_eq(elf_describe((const unsigned char *)&im, sizeof im, out, sizeof out),
			 "ELFCLASS64 x86_64 shared object");
}
END_TEST

START_TEST(header_class_data_version)
{
	static const unsigned char classes[] = { ELFCLASSNONE, ELFCLASS32, 3, 0xff };
	for (size_t i = 0; i < sizeof classes; i++) {
		struct image im;
		good(&im);
		im.eh.e_ident[EI_CLASS] = classes[i];
		HDR_BAD(im, FILE_SIZE, 1);
	}
	static const unsigned char datas[] = { ELFDATANONE, ELFDATA2MSB, 3 };
	for (size_t i = 0; i < sizeof datas; i++) {
		struct image im;
		good(&im);
		im.eh.e_ident[EI_DATA] = datas[i];
		HDR_BAD(im, FILE_SIZE, 1);
	}
	struct image im;
	good(&im);
	im.eh.e_ident[EI_VERSION] = EV_NONE;
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_version = 2;
	HDR_BAD(im, FILE_SIZE, 1);
}
END_TEST

START_TEST(header_ident_glibc)
{
	/* glibc 2.36 (elf/dl-load.c open_verify) also refuses: an OS ABI other
	   than SYSV/GNU, a nonzero ABI version for SYSV, a GNU ABI version at or
	   above LIBC_ABI_MAX (4 in 2.36), and nonzero e_ident padding.
	   Verified by dlopen of patched copies of a fixture: "ELF file OS ABI
	   invalid", "ELF file ABI version invalid", "nonzero padding in e_ident". */
	struct image im;
	good(&im);
	im.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
	im.eh.e_ident[EI_ABIVERSION] = 3;
	HDR_OK(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_ident[EI_OSABI] = ELFOSABI_FREEBSD;
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_ident[EI_OSABI] = 0xff;
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_ident[EI_ABIVERSION] = 1;	/* SYSV */
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
	im.eh.e_ident[EI_ABIVERSION] = 0xff;
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_ident[EI_PAD + 3] = 1;
	HDR_BAD(im, FILE_SIZE, 1);
}
END_TEST

START_TEST(header_machine)
{
	static const unsigned m[] = { EM_NONE, EM_386, EM_AARCH64, EM_RISCV, EM_IA_64, EM_X86_64 + 1 };
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		struct image im;
		good(&im);
		im.eh.e_machine = m[i];
		HDR_BAD(im, FILE_SIZE, 1);
	}
}
END_TEST

START_TEST(header_phentsize_phnum)
{
	static const unsigned sizes[] = { 0, 32, 55, 57, 64 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct image im;
		good(&im);
		im.eh.e_phentsize = sizes[i];
		HDR_BAD(im, FILE_SIZE, 1);
	}
	struct image im;
	good(&im);
	im.eh.e_phnum = 0;
	HDR_BAD(im, FILE_SIZE, 1);
	good(&im);
	im.eh.e_phnum = PN_XNUM;	/* extended numbering: not for loadable objects */
	HDR_BAD(im, 0x10000000, 1);
}
END_TEST

START_TEST(header_phoff)
{
	struct image im;
	good(&im);
	im.eh.e_phoff = FILE_SIZE;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_phoff = FILE_SIZE + 1;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_phoff = FILE_SIZE - 4 * sizeof(Elf64_Phdr) + 1;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_phoff = FILE_SIZE - 4 * sizeof(Elf64_Phdr);
	HDR_OK(im, FILE_SIZE, 1);
	/* offsets that wrap around when the table size is added */
	im.eh.e_phoff = UINT64_MAX - 8;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_phoff = UINT64_MAX - 4 * sizeof(Elf64_Phdr) + 1;
	HDR_BAD(im, FILE_SIZE, 1);
	im.eh.e_phoff = 1ULL << 63;
	HDR_BAD(im, FILE_SIZE, 1);
}
END_TEST

START_TEST(phdrs_valid)
{
	struct image im;
	good(&im);
	PH_OK(im);
	/* alignments 0 and 1 mean "no constraint" (gABI); big powers of two are fine */
	im.ph[0].p_align = 0;
	PH_OK(im);
	im.ph[0].p_align = 1;
	PH_OK(im);
	im.ph[0].p_align = 0x200000;
	PH_OK(im);
	/* touching segments, the second starting exactly where the first ends */
	good(&im);
	im.ph[1].p_vaddr = 0x2e10;
	im.ph[1].p_offset = 0x2e10;
	im.ph[0].p_memsz = im.ph[0].p_filesz = 0x2e10;
	PH_OK(im);
	/* a segment whose file part ends exactly at EOF */
	good(&im);
	im.ph[1].p_filesz = FILE_SIZE - im.ph[1].p_offset;
	PH_OK(im);
	/* other page sizes: 16 KiB needs congruence modulo 16 KiB */
	good(&im);
	ck_assert_ptr_nonnull(elf_check_phdrs(im.ph, 4, FILE_SIZE, 16384));
	im.ph[1].p_vaddr = 0x4000 + 0x2e10;	/* 0x6e10 - 0x2e10 = 0x4000 */
	ck_assert_ptr_null(elf_check_phdrs(im.ph, 4, FILE_SIZE, 16384));
}
END_TEST

START_TEST(phdrs_no_load)
{
	struct image im;
	good(&im);
	ck_assert_ptr_nonnull(elf_check_phdrs(im.ph, 0, FILE_SIZE, PAGE));
	im.ph[0].p_type = PT_NOTE;
	im.ph[1].p_type = PT_NULL;
	PH_BAD(im);
}
END_TEST

START_TEST(phdrs_filesz_memsz)
{
	struct image im;
	good(&im);
	im.ph[1].p_memsz = im.ph[1].p_filesz - 1;
	PH_BAD(im);
	good(&im);
	im.ph[2].p_memsz = im.ph[2].p_filesz - 1;	/* PT_DYNAMIC too */
	PH_BAD(im);
}
END_TEST

START_TEST(phdrs_beyond_eof)
{
	struct image im;
	good(&im);
	im.ph[1].p_filesz = FILE_SIZE - im.ph[1].p_offset + 1;
	im.ph[1].p_memsz = 0x10000;
	PH_BAD(im);
	good(&im);
	im.ph[1].p_offset = FILE_SIZE + 0x1e10;	/* congruent, starts past EOF */
	im.ph[1].p_vaddr = 0x10000 + 0xe10;
	PH_BAD(im);
	/* offset + filesz wraps */
	good(&im);
	im.ph[1].p_offset = UINT64_MAX - 0x1ef;
	im.ph[1].p_vaddr = 0x3e10;
	im.ph[1].p_filesz = 0x1000;
	PH_BAD(im);
	good(&im);
	im.ph[1].p_filesz = UINT64_MAX - 0x100;
	im.ph[1].p_memsz = UINT64_MAX;
	PH_BAD(im);
	/* PT_DYNAMIC outside the file */
	good(&im);
	im.ph[2].p_offset = FILE_SIZE - 0x100;
	PH_BAD(im);
	/* PT_INTERP outside the file */
	good(&im);
	im.ph[3] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = FILE_SIZE - 4, .p_filesz = 28,
				 .p_memsz = 28, .p_align = 1 };
	PH_BAD(im);
}
END_TEST

START_TEST(phdrs_alignment)
{
	static const uint64_t bad[] = { 3, 6, 0x1800, 0x3000, 0x1001, UINT64_MAX };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct image im;
		good(&im);
		im.ph[1].p_align = bad[i];
		PH_BAD(im);
	}
	/* PT_TLS alignment must be a power of two as well */
	struct image im;
	good(&im);
	im.ph[3] = (Elf64_Phdr){ .p_type = PT_TLS, .p_offset = 0x2e10, .p_vaddr = 0x3e10,
				 .p_filesz = 8, .p_memsz = 16, .p_align = 24 };
	PH_BAD(im);
	im.ph[3].p_align = 32;
	PH_OK(im);
}
END_TEST

START_TEST(phdrs_congruence)
{
	struct image im;
	good(&im);
	im.ph[1].p_offset = 0x2e18;	/* vaddr 0x3e10: differs by 0xff8, not a page multiple */
	PH_BAD(im);
	good(&im);
	im.ph[0].p_vaddr = 0x800;	/* text at a half-page offset from file offset 0 */
	PH_BAD(im);
	good(&im);
	im.ph[1].p_vaddr = 0x3e10 + 0x10;
	PH_BAD(im);
}
END_TEST

START_TEST(phdrs_order)
{
	struct image im;
	good(&im);
	/* second starts before the first ends (0x1e10 < 0x2345) */
	im.ph[1].p_vaddr = 0x1e10;
	im.ph[1].p_offset = 0x2e10;
	PH_BAD(im);
	/* descending */
	good(&im);
	Elf64_Phdr t = im.ph[0];
	im.ph[0] = im.ph[1];
	im.ph[1] = t;
	PH_BAD(im);
	/* identical */
	good(&im);
	im.ph[1] = im.ph[0];
	PH_BAD(im);
	/* a third one overlapping the first but not the second */
	good(&im);
	im.ph[3] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0, .p_vaddr = 0x1000,
				 .p_filesz = 0x10, .p_memsz = 0x10, .p_align = 0x1000 };
	PH_BAD(im);
}
END_TEST

START_TEST(phdrs_address_space)
{
	struct image im;
	good(&im);
	im.ph[1].p_vaddr = UINT64_MAX - 0xfff + 0xe10 - 0x1000;
	im.ph[1].p_offset = 0x2e10;
	PH_BAD(im);
	good(&im);
	im.ph[1].p_memsz = UINT64_MAX - 0x3e10 + 2;	/* vaddr + memsz wraps */
	PH_BAD(im);
}
END_TEST

static void check_real(const char *path, int allow_exec)
{
	size_t size;
	unsigned char *f = tl_slurp(path, &size);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
	const char *e = elf_check_header(eh, size, allow_exec);
	ck_assert_msg(!e, "%s: %s", path, e);
	e = elf_check_phdrs((const Elf64_Phdr *)(f + eh->e_phoff), eh->e_phnum, size, PAGE);
	ck_assert_msg(!e, "%s: %s", path, e);
	/* every strict prefix that cuts the program headers is refused */
	size_t need = eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr);
	ck_assert_ptr_nonnull(elf_check_header(eh, need - 1, allow_exec));
	free(f);
}

START_TEST(real_objects)
{
	check_real(SYS_LS, 1);
	check_real(SYS_LIBC, 0);
	check_real(SYS_LIBC, 1);
	check_real(SYS_LIBM, 0);
	check_real(SYS_LDSO, 0);
	/* /bin/ls is a program, not a library */
	size_t size;
	unsigned char *f = tl_slurp(SYS_LS, &size);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
	if (eh->e_type == ET_EXEC)
		ck_assert_ptr_nonnull(elf_check_header(eh, size, 0));
	free(f);
}
END_TEST

START_TEST(real_objects_truncated)
{
	/* libc cut right after the text segment's end: the later PT_LOADs lie beyond EOF */
	size_t size;
	unsigned char *f = tl_slurp(SYS_LIBC, &size);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(f + eh->e_phoff);
	uint64_t last_load_end = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset + ph[i].p_filesz > last_load_end)
			last_load_end = ph[i].p_offset + ph[i].p_filesz;
	ck_assert_ptr_null(elf_check_phdrs(ph, eh->e_phnum, last_load_end, PAGE));
	ck_assert_ptr_nonnull(elf_check_phdrs(ph, eh->e_phnum, last_load_end - 1, PAGE));
	free(f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("elf");
	TCase *h = tcase_create("header");
	tcase_add_test(h, header_valid);
	tcase_add_test(h, header_type);
	tcase_add_test(h, header_bad_magic);
	tcase_add_test(h, header_truncated);
	tcase_add_test(h, header_truncated_no_overread);
	tcase_add_test(h, header_class_data_version);
	tcase_add_test(h, describe_names);
	tcase_add_test(h, describe_no_overread);
	tcase_add_test(h, header_machine);
	tcase_add_test(h, header_ident_glibc);
	tcase_add_test(h, header_phentsize_phnum);
	tcase_add_test(h, header_phoff);
	suite_add_tcase(s, h);
	TCase *p = tcase_create("phdrs");
	tcase_add_test(p, phdrs_valid);
	tcase_add_test(p, phdrs_no_load);
	tcase_add_test(p, phdrs_filesz_memsz);
	tcase_add_test(p, phdrs_beyond_eof);
	tcase_add_test(p, phdrs_alignment);
	tcase_add_test(p, phdrs_congruence);
	tcase_add_test(p, phdrs_order);
	tcase_add_test(p, phdrs_address_space);
	suite_add_tcase(s, p);
	TCase *r = tcase_create("real");
	tcase_add_test(r, real_objects);
	tcase_add_test(r, real_objects_truncated);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
