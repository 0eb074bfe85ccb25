/* Hand-off to glibc: refuse a libc.so.6 we were not built for, publish the
   link_map list where libc and debuggers look, find the libc functions the
   loader needs, and run __libc_early_init. */
#include <stddef.h>
#include "glibc/glibc.h"

static const unsigned char expected_build_id[] = { GLIBC_LIBC_BUILD_ID_BYTES };

static const unsigned char *build_id(const struct dso *d, size_t *len)
{
	for (unsigned i = 0; i < d->phnum; i++) {
		const Elf64_Phdr *p = &d->phdr[i];
		if (p->p_type != PT_NOTE)
			continue;
		uintptr_t n = d->base + p->p_vaddr, end = n + p->p_memsz;
		if (!dso_addr_ok(d, n, p->p_memsz))
			continue;
		while (n + 12 <= end) {
			const uint32_t *h = (const uint32_t *)n;
			uintptr_t name = n + 12, desc = name + ALIGN_UP(h[0], 4);
			uintptr_t next = desc + ALIGN_UP(h[1], 4);
			if (next > end || next <= n)
				break;
			if (h[2] == NT_GNU_BUILD_ID && h[0] == 4 &&
			    !memcmp((void *)name, "GNU", 4)) {
				*len = h[1];
				return (const unsigned char *)desc;
			}
			n = next;
		}
	}
	return 0;
}

static const void *libc_data(struct dso *libc, const char *name, size_t size)
{
	struct sym_query q;
	sym_query_init(&q, name, 0, 0);
	const Elf64_Sym *s = dso_find_symbol(libc, &q);
	if (!s || s->st_size < size || !dso_addr_ok(libc, libc->base + s->st_value, size))
		return 0;
	return (const void *)(libc->base + s->st_value);
}

/* libc's own layout descriptors (for libthread_db): {bits, count, offset} */
static int descriptor_is(struct dso *libc, const char *name, uint32_t offset)
{
	const uint32_t *v = libc_data(libc, name, 12);
	return v && v[2] == offset;
}

static const char *layout_mismatch(struct dso *libc)
{
	const uint32_t *sz = libc_data(libc, "_thread_db_sizeof_pthread", 4);
	const char *ver = libc_data(libc, "__nptl_version", 1);
	if (!sz || *sz != PD_SIZEOF)
		return "struct pthread size";
	if (!ver || strncmp(ver, GLIBC_VERSION_STRING, sizeof GLIBC_VERSION_STRING))
		return "glibc version";
	if (!descriptor_is(libc, "_thread_db_pthread_tid", PD_TID) ||
	    !descriptor_is(libc, "_thread_db_pthread_list", PD_LIST) ||
	    !descriptor_is(libc, "_thread_db_pthread_dtvp", TCB_DTV) ||
	    !descriptor_is(libc, "_thread_db_pthread_specific", PD_SPECIFIC) ||
	    !descriptor_is(libc, "_thread_db_pthread_report_events", PD_REPORT_EVENTS))
		return "struct pthread layout";
	if (!descriptor_is(libc, "_thread_db_rtld_global__dl_stack_used",
			   offsetof(struct rtld_global, _dl_stack_used)) ||
	    !descriptor_is(libc, "_thread_db_rtld_global__dl_stack_user",
			   offsetof(struct rtld_global, _dl_stack_user)) ||
	    !descriptor_is(libc, "_thread_db_rtld_global__dl_tls_dtv_slotinfo_list",
			   offsetof(struct rtld_global, _dl_tls_dtv_slotinfo_list)))
		return "struct rtld_global layout";
	if (!descriptor_is(libc, "_thread_db_link_map_l_tls_modid",
			   offsetof(struct link_map, l_tls_modid)) ||
	    !descriptor_is(libc, "_thread_db_link_map_l_tls_offset",
			   offsetof(struct link_map, l_tls_offset)))
		return "struct link_map layout";
	return 0;
}

static void hex(char *out, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n && i < 32; i++) {
		out[2 * i] = "0123456789abcdef"[b[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[b[i] & 15];
		out[2 * i + 2] = 0;
	}
}

/* Before any libc code runs: is this the libc.so.6 the loader was configured for? */
void glibc_check_libc(struct dso *libc)
{
	size_t len = 0;
	const unsigned char *id = build_id(libc, &len);
	if (id && len == sizeof expected_build_id && !memcmp(id, expected_build_id, len))
		return;
	char have[80] = "none";
	if (id)
		hex(have, id, len);
	const char *what = layout_mismatch(libc);
	const char *allow = 0;
	for (char **e = L.envp; *e; e++)
		if (!strncmp(*e, "LD_CUSTOM_ALLOW_LIBC_MISMATCH=", 30))
			allow = *e + 30;
	if (!what && allow && !strcmp(allow, "1") && !L.secure)
		return;
	dl_fatal("incompatible C library",
		 "%s (build-id %s) is not the glibc this loader was built for"
		 " (glibc %s, build-id %s)%s%s; "
		 "rebuild the loader against it: ./configure && make",
		 libc->name, have, GLIBC_VERSION_STRING, GLIBC_LIBC_BUILD_ID,
		 what ? ": differs in " : "", what ? what : "");
}

static void *libc_fn(const char *name, const version_t *version)
{
	struct sym_query q;
	struct sym_result r;
	sym_query_init(&q, name, version, 0);
	struct r_scope_elem *scope[2] = { &L.main->lm.l_searchlist, 0 };
	/* malloc and friends: whichever definition the program's scope binds to */
	if (!version && scope_find_symbol(scope, &q, 0, &r))
		return (void *)sym_address(r.dso, r.sym);
	const Elf64_Sym *s = L.libc ? dso_find_symbol(L.libc, &q) : 0;
	return s ? (void *)sym_address(L.libc, s) : 0;
}

/* glibc's __rtld_malloc_init_real: NAME@GLIBC_2.2.5 in the program's scope,
   bound from the program (LD_DEBUG shows it so) */
static void *malloc_fn(const char *name, const version_t *v)
{
	struct sym_query q;
	struct sym_result r;
	sym_query_init(&q, name, v, 0);
	if (!scope_find_symbol(L.main->lm.l_scope, &q, 0, &r))
		return libc_fn(name, 0);
	if (L.debug & DEBUG_BINDINGS)
		debug_binding_line(L.main, r, 0, name, v);
	return (void *)sym_address(r.dso, r.sym);
}

void glibc_after_relocation(void)
{
	/* each version name hashed once, not once a lookup */
	version_t v225 = { .name = (char *)"GLIBC_2.2.5", .hash = elf_sysv_hash("GLIBC_2.2.5") };
	version_t priv = { .name = (char *)"GLIBC_PRIVATE" };
	priv.hash = elf_sysv_hash(priv.name);
	libc_fns.calloc = malloc_fn("calloc", &v225);
	libc_fns.free = malloc_fn("free", &v225);
	libc_fns.malloc = malloc_fn("malloc", &v225);
	libc_fns.realloc = malloc_fn("realloc", &v225);
	/* from now on the loader's blocks come from there too (glibc: __rtld_malloc_init_real) */
	rt_alloc_use(libc_fns.malloc, libc_fns.calloc, libc_fns.realloc, libc_fns.free);
	if (!L.libc)
		return;
	libc_fns.errno_location = libc_fn("__errno_location", &v225);
	libc_fns.mutex_lock = libc_fn("pthread_mutex_lock", &v225);
	libc_fns.mutex_unlock = libc_fn("pthread_mutex_unlock", &v225);
	libc_fns.early_init = libc_fn("__libc_early_init", &priv);
	libc_fns.catch_error = libc_fn("_dl_catch_error", &priv);
	libc_fns.signal_error = libc_fn("_dl_signal_error", &priv);
	libc_fns.signal_exception = libc_fn("_dl_signal_exception", &priv);
	if (!libc_fns.early_init || !libc_fns.catch_error || !libc_fns.signal_error ||
	    !libc_fns.signal_exception ||
	    !libc_fns.malloc || !libc_fns.errno_location)
		dl_fatal("incompatible C library",
			 "%s lacks the GLIBC_PRIVATE interface the loader needs", L.libc->name);
}

void glibc_early_init(void)
{
	if (libc_fns.early_init)
		libc_fns.early_init(1);
	publish_debug_state(0, RT_CONSISTENT);
}

/* a libc loaded into another namespace initialises itself as a secondary one */
void glibc_early_init_secondary(struct dso *libc)
{
	version_t v = { .name = (char *)"GLIBC_PRIVATE", .hash = elf_sysv_hash("GLIBC_PRIVATE") };
	struct sym_query q;
	sym_query_init(&q, "__libc_early_init", &v, 0);
	const Elf64_Sym *s = dso_find_symbol(libc, &q);
	if (s)
		((void (*)(_Bool))sym_address(libc, s))(0);
}
