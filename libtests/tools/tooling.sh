#!/usr/bin/env bash
# tooling.sh TEST: the tooling people expect (issue 7, item 7).  Run from the
# repository root after `make ld-custom.so`.  TEST is one of
#   install      make install/uninstall into a DESTDIR under /tmp: the files, the
#                man page renders without warnings and documents every option
#                of --help, the installed loader runs /bin/true and a program
#                that names it as PT_INTERP
#   script-help  every script in scripts/ (and the libtests/tools scripts that
#                take arguments) answers --help on stdout with status 0 and
#                rejects a bogus option or a wrong argument count with its
#                usage on stderr and status 2
#   make-stamps  in a copy of the tree: a fresh `make check` runs install-deps,
#                then configure; a second one runs neither; configure reruns
#                when configure, scripts/glibc-layout.py or the host glibc's
#                build-id changes, install-deps when its script does
# Prints PASS/FAIL lines; exit 0 iff every check passes.
set -u

usage() {
    echo "Usage: bash libtests/tools/tooling.sh install|script-help|make-stamps"
    echo "Tests of make install, the scripts' --help, and make check's stamps."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    install|script-help|make-stamps) [ $# -eq 1 ] || { usage >&2; exit 2; } ;;
    *) echo "tooling: unknown test '${1:-}'" >&2; usage >&2; exit 2 ;;
esac

top=$(pwd)
[ -f "$top/Makefile" ] && [ -x "$top/ld-custom.so" ] ||
    { echo "FAIL tooling: run from the repository root after make ld-custom.so"; exit 1; }
# the parent make's jobserver and flags are not ours
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld-custom-tooling.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; bad=1; }
check() { # DESCRIPTION COMMAND...: PASS iff COMMAND succeeds
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# ---------------------------------------------------------------- install
test_install() {
    local dest=$tmp/dest prefix=/opt/ldc
    local lib=$dest$prefix/lib/ld-custom.so man=$dest$prefix/share/man/man8/ld-custom.so.8
    if ! make -s install DESTDIR="$dest" PREFIX=$prefix >"$tmp/log" 2>&1; then
        fail "make install DESTDIR=... PREFIX=$prefix"; cat "$tmp/log"; return
    fi
    pass "make install DESTDIR=... PREFIX=$prefix"
    check "loader installed as PREFIX/lib/ld-custom.so, executable, same bytes" \
        test -x "$lib" -a -f "$lib"
    cmp -s "$lib" ld-custom.so || fail "installed loader differs from ./ld-custom.so"
    check "man page installed as PREFIX/share/man/man8/ld-custom.so.8" test -f "$man"
    [ "$(stat -c %a "$man")" = 644 ] || fail "man page mode is $(stat -c %a "$man"), not 644"
    local extra
    extra=$(cd "$dest" && find . ! -type d | sort | tr '\n' ' ')
    [ "$extra" = "./opt/ldc/lib/ld-custom.so ./opt/ldc/share/man/man8/ld-custom.so.8 " ] ||
        fail "make install wrote other files: $extra"

    # the page renders without a warning, under man and groff
    MANWIDTH=80 man --warnings -l "$man" >"$tmp/man.txt" 2>"$tmp/man.err"
    check "man --warnings -l renders the page without warnings" \
        test $? -eq 0 -a ! -s "$tmp/man.err" -a -s "$tmp/man.txt"
    [ -s "$tmp/man.err" ] && head -5 "$tmp/man.err"
    groff -man -ww -z "$man" >"$tmp/groff.err" 2>&1
    check "groff -man -ww -z: no warnings" test $? -eq 0 -a ! -s "$tmp/groff.err"
    local s missing=
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT "EXIT STATUS" FILES "SEE ALSO"; do
        grep -q "^$s\$" "$tmp/man.txt" || missing="$missing [$s]"
    done
    grep -q 'ld\.so(8)' "$tmp/man.txt" || missing="$missing [ld.so(8)]"
    check "the page has every section and refers to ld.so(8)${missing:+: missing$missing}" \
        test -z "$missing"
    # every option the loader's --help names is documented (and the reverse)
    local o opts_help opts_man
    opts_help=$(./ld-custom.so --help | grep -o -- '^ *--[a-z0-9-]*' | tr -d ' ' | sort -u)
    opts_man=$(grep -o -- '^ \{7\}--[a-z0-9-]*' "$tmp/man.txt" | tr -d ' ' | sort -u)
    missing=
    for o in $opts_help; do
        grep -qx -- "$o" <<<"$opts_man" || missing="$missing $o"
    done
    check "the page documents every option of --help${missing:+ (missing:$missing)}" \
        test -n "$opts_help" -a -z "$missing"
    # and the variables read_environment() reads
    missing=
    for o in LD_LIBRARY_PATH LD_PRELOAD LD_BIND_NOW LD_BIND_NOT LD_TRACE_LOADED_OBJECTS \
             LD_WARN LD_VERBOSE LD_ORIGIN_PATH LD_DEBUG GLIBC_TUNABLES; do
        grep -q "^ \{7\}$o\$" "$tmp/man.txt" || missing="$missing $o"
    done
    check "the page documents the environment variables${missing:+ (missing:$missing)}" \
        test -z "$missing"

    # the installed loader runs programs, in the command form and as PT_INTERP
    "$lib" /bin/true
    check "installed loader runs /bin/true" test $? -eq 0
    check "installed loader runs echo" test "$("$lib" /bin/echo installed)" = installed
    printf '#include <stdio.h>\nint main(void) { puts("interp ok"); return 3; }\n' >"$tmp/p.c"
    if gcc -o "$tmp/p" "$tmp/p.c" -Wl,--dynamic-linker="$lib" 2>"$tmp/log"; then
        local out st=0
        out=$("$tmp/p") || st=$?
        check "a program with the installed loader as PT_INTERP runs" \
            test "$out" = "interp ok" -a $st -eq 3
    else
        fail "gcc --dynamic-linker=$lib"; cat "$tmp/log"
    fi

    # the default PREFIX is /usr/local
    make -s install DESTDIR="$tmp/dest2" >"$tmp/log" 2>&1
    check "default PREFIX is /usr/local" \
        test -x "$tmp/dest2/usr/local/lib/ld-custom.so" \
             -a -f "$tmp/dest2/usr/local/share/man/man8/ld-custom.so.8"

    make -s uninstall DESTDIR="$dest" PREFIX=$prefix >"$tmp/log" 2>&1
    check "make uninstall removes both files" \
        test $? -eq 0 -a ! -e "$lib" -a ! -e "$man"
}

# ---------------------------------------------------------------- script-help
# expect STATUS STREAM DESCRIPTION COMMAND...: the command exits with STATUS
# and prints its usage ("Usage:") on STREAM (stdout or stderr), nothing on the other
expect() {
    local want=$1 stream=$2 what=$3 st=0; shift 3
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || st=$?
    local on=$tmp/out off=$tmp/err
    [ "$stream" = stderr ] && on=$tmp/err off=$tmp/out
    if [ $st -eq "$want" ] && grep -q '^Usage:' "$on" && [ ! -s "$off" ]; then
        pass "$what"
    else
        fail "$what (status $st, wanted $want; usage on $stream)"
        sed 's/^/    out: /' "$tmp/out" | head -5
        sed 's/^/    err: /' "$tmp/err" | head -5
    fi
}

test_script_help() {
    local f n=0 cmd
    # every file in scripts/, so a new script without --help fails here
    for f in scripts/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        check "$f is executable" test -x "$f"
        expect 0 stdout "$f --help" "$f" --help
        expect 2 stderr "$f --no-such-option" "$f" --no-such-option
    done
    check "scripts/ has scripts ($n)" test $n -ge 7
    # wrong argument counts and arguments that are not options
    expect 2 stderr "scripts/bench with two loaders" scripts/bench a b
    expect 2 stderr "scripts/check-loader without FILE" scripts/check-loader
    expect 2 stderr "scripts/check-loader with two files" scripts/check-loader a b
    expect 2 stderr "scripts/difftest with one argument" scripts/difftest a
    expect 2 stderr "scripts/fuzz with a non-number" scripts/fuzz ten
    expect 2 stderr "scripts/fuzz with two arguments" scripts/fuzz 10 20
    expect 2 stderr "scripts/install-deps with an argument" scripts/install-deps x
    expect 2 stderr "scripts/run-tests with an argument" scripts/run-tests x
    expect 2 stderr "scripts/glibc-layout.py with an argument" scripts/glibc-layout.py x
    # the libtests/tools scripts that take arguments
    for f in build-dbg gdb-dlopen gdb-threads stack-budget valgrind-dlopen; do
        cmd=(bash "libtests/tools/$f.sh")
        expect 0 stdout "tools/$f.sh --help" "${cmd[@]}" --help
        expect 2 stderr "tools/$f.sh --no-such-option" "${cmd[@]}" --no-such-option
        expect 2 stderr "tools/$f.sh with three arguments" "${cmd[@]}" a b c
    done
    expect 2 stderr "tools/build-dbg.sh without DIR" bash libtests/tools/build-dbg.sh
    expect 2 stderr "tools/stack-budget.sh without LDSO" bash libtests/tools/stack-budget.sh
    expect 0 stdout "configure --help" sh ./configure --help
    expect 2 stderr "configure --no-such-option" sh ./configure --no-such-option
    expect 0 stdout "tools/tooling.sh --help" bash libtests/tools/tooling.sh --help
    expect 2 stderr "tools/tooling.sh with an unknown test" bash libtests/tools/tooling.sh x
}

# ---------------------------------------------------------------- make-stamps
# in a copy of the tree (never the real build/), with `make -n`: make still
# runs the recipes that remake its included makefile (build/config.mk) and
# their prerequisites, and prints the rest
mk() { # LOG ARGS...: make -n ARGS in the copy, output in LOG
    local log=$1; shift
    make -C "$tmp/src" -n "$@" >"$log" 2>&1
}
ran() { grep -q -- "$1" "$2"; }
not() { ! "$@"; }

test_make_stamps() {
    local src=$tmp/src
    mkdir -p "$src"
    tar -C "$top" --exclude=./build --exclude=./.git --exclude=./ld-custom.so -cf - . |
        tar -C "$src" -xf - || { fail "copy of the tree"; return; }

    mk "$tmp/1" check
    local li ci
    li=$(grep -n -m1 '^scripts/install-deps$' "$tmp/1" | cut -d: -f1)
    ci=$(grep -n -m1 '^\./configure$' "$tmp/1" | cut -d: -f1)
    check "fresh tree: make check runs install-deps, then configure" \
        test -n "$li" -a -n "$ci" -a "${li:-0}" -lt "${ci:-0}"
    check "fresh tree: configure wrote build/config.mk and build/glibc-layout.h" \
        test -s "$src/build/config.mk" -a -s "$src/build/glibc-layout.h"

    mk "$tmp/2" check
    check "second make check: no install-deps" not ran '^scripts/install-deps$' "$tmp/2"
    check "second make check: no configure" not ran '^\./configure$' "$tmp/2"
    mk "$tmp/2d" demo
    check "make demo after it: neither" \
        not ran '^\(scripts/install-deps\|\./configure\)$' "$tmp/2d"

    # the host glibc's build-id is an input of configure
    local real
    real=$(sed -n 's/^GLIBC_LIBC_BUILD_ID = //p' "$src/build/config.mk")
    sed -i 's/^GLIBC_LIBC_BUILD_ID = .*/GLIBC_LIBC_BUILD_ID = 0000/' "$src/build/config.mk"
    mk "$tmp/3" all
    check "another libc build-id: configure reruns" ran '^\./configure$' "$tmp/3"
    check "another libc build-id: make says why" ran "build-id changed" "$tmp/3"
    check "configure recorded the host's build-id again" \
        grep -q "^GLIBC_LIBC_BUILD_ID = $real\$" "$src/build/config.mk"
    mk "$tmp/4" all
    check "then no configure" not ran '^\./configure$' "$tmp/4"

    # configure and the DWARF extractor are inputs; the header keeps its time
    # when its content is the same, so nothing recompiles
    local before
    before=$(stat -c %y "$src/build/glibc-layout.h")
    sleep 0.05
    touch "$src/scripts/glibc-layout.py"
    mk "$tmp/5" all
    check "scripts/glibc-layout.py changed: configure reruns" ran '^\./configure$' "$tmp/5"
    check "same layouts: build/glibc-layout.h keeps its time" \
        test "$before" = "$(stat -c %y "$src/build/glibc-layout.h")"
    touch "$src/configure"
    mk "$tmp/6" all
    check "configure changed: configure reruns" ran '^\./configure$' "$tmp/6"
    mk "$tmp/7" all
    check "then no configure" not ran '^\./configure$' "$tmp/7"

    # install-deps reruns when its package list changes; a plain make never runs it
    touch "$src/scripts/install-deps"
    mk "$tmp/8" all
    check "plain make: no install-deps" not ran 'install-deps' "$tmp/8"
    mk "$tmp/9" check
    check "install-deps changed: make check reruns it" ran '^scripts/install-deps$' "$tmp/9"
    check "install-deps changed: no configure" not ran '^\./configure$' "$tmp/9"
}

case $1 in
    install) test_install ;;
    script-help) test_script_help ;;
    make-stamps) test_make_stamps ;;
esac
exit $bad
