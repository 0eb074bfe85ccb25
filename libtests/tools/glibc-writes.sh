#!/bin/sh
# Issue 7 item 4: only ldso/glibc/ writes glibc's structures (scripts/check-glibc-writes
# passes on ldso/), and the check bites: each planted write below, alone in a core
# file, makes it fail; the same line under glibc/ and reads do not.
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check-glibc-writes
tmp=$(mktemp -d /tmp/glibc-writes.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "glibc-writes: $*"; exit 1; }

(cd "$top" && "$check" ldso) || fail "a core file writes glibc's structures (above)"

mkdir -p "$tmp/ldso/glibc"
while IFS= read -r line; do
	[ -n "$line" ] || continue
	printf '%s\n' "$line" >"$tmp/ldso/main.c"
	"$check" "$tmp/ldso" >/dev/null 2>&1 && fail "not caught: $line"
	rm "$tmp/ldso/main.c"
	printf '%s\n' "$line" >"$tmp/ldso/glibc/globals.c"
	"$check" "$tmp/ldso" >/dev/null 2>&1 || fail "caught under glibc/: $line"
done <<'BAD'
		GLRO->_dl_auxv = L.auxv;
	GL->_dl_load_adds++;
	++GL->_dl_load_adds;
	GL->_dl_ns[ns]._ns_loaded = first;
	struct rtld_global_ro *ro = GLRO;
	void *p = &GL->_dl_load_lock;
	_rtld_global_ro._dl_lazy = 0;
	__libc_stack_end = sp;
	_dl_argv = L.argv;
	_r_debug.r_state = RT_ADD;
	main->lm.l_entry = kf->entry;
	L.self->lm.l_name = (char *)L.self->name;
	lm->l_info[idx] = dyn;
	d->lm.l_tls_offset |= 1;
	LM_BIT_SET(d, L_LD_READONLY, 1);
	__atomic_store_n(&d->lm.l_tls_modid, 1, __ATOMIC_RELEASE);
	lm->l_scope[n + 1] = 0;
	__atomic_store_n(&lm->l_scope[n], s, __ATOMIC_RELEASE);
	__atomic_store_n(&lm->l_searchlist.r_nlist, k, __ATOMIC_RELEASE);
	root->lm.l_searchlist.r_list = (void *)group;
	ns_scope(ns)->r_nlist = k;
	s->r_list = (void *)g;
	lm->l_scope_max = max;
BAD

rm -f "$tmp/ldso/glibc/globals.c"
printf '%s\n' '	libc_fns.mutex_lock(GL->_dl_load_lock);' \
	'	if (GLRO->_dl_lazy == 0 && d->lm.l_entry != 0 && LM_BIT_GET(d, L_RELOCATED))' \
	'/* GLRO(dl_tls_get_addr_soft): read by libc */' \
	'	size_t n = __atomic_load_n(&own->r_nlist, __ATOMIC_ACQUIRE);' \
	'	if (lm->l_searchlist.r_list == (void *)&lm->l_real && lm->l_scope[n] == s)' \
	'	glibc_scope_elem_set(&root->lm.l_searchlist, group, n);' >"$tmp/ldso/main.c"
"$check" "$tmp/ldso" >/dev/null 2>&1 || fail "false alarm on reads"
exit 0
