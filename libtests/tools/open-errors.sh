#!/bin/sh
# Issue 6 item 15: opening a FIFO never blocks (glibc's loader hangs on one:
# as the program, as a DT_NEEDED library and through dlopen), an empty program
# name says so, a long path is written whole on its one line, and an unreadable file
# gives glibc's dlerror text and the errno's text at start-up.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
ldso=$top/ld-custom.so
out=$top/build/libtests
[ -x "$out/et-open" ] || { echo "open-errors: build the corpus first (make tests)"; exit 1; }
tmp=$(mktemp -d /tmp/open-errors.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "open-errors: $*"; exit 1; }

# one_line TEXT CMD...: status 127 within the timeout, and stderr exactly one
# line "ld-custom.so: ..." that ends with a newline and contains TEXT
one_line() {
	text=$1; shift
	st=0; timeout 10 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || st=$?
	[ $st -ne 124 ] || fail "blocked: $*"
	[ $st -eq 127 ] || fail "status $st, not 127: $*"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && [ "$(tail -c 1 "$tmp/err" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "not one whole line on stderr: $*: $(head -c 300 "$tmp/err")"
	grep -q '^ld-custom.so: ' "$tmp/err" && grep -qF -- "$text" "$tmp/err" ||
		fail "stderr does not say '$text': $(head -c 300 "$tmp/err")"
}
# dl TEXT NAME: et-open NAME under our loader, both forms, prints TEXT
dl() {
	for form in "$ldso $out/et-open" "$out/et-open.interp"; do
		st=0; timeout 10 $form "$2" >"$tmp/out" 2>&1 || st=$?
		[ $st -eq 0 ] || fail "status $st: $form $2"
		[ "$(cat "$tmp/out")" = "$1" ] || fail "$form $2: '$(cat "$tmp/out")', not '$1'"
	done
}

mkfifo "$tmp/fifo" "$tmp/libet-needfifo.so"
one_line 'fifo: not a regular file (a FIFO)' "$ldso" "$tmp/fifo"
dl "$tmp/fifo: not a regular file (a FIFO)" "$tmp/fifo"
cp "$out/et-needfifo" "$out/et-needfifo.interp" "$tmp/"
one_line 'libet-needfifo.so: not a regular file (a FIFO)' "$ldso" "$tmp/et-needfifo"
one_line 'libet-needfifo.so: not a regular file (a FIFO)' "$tmp/et-needfifo.interp"
dl "/dev/zero: not a regular file (a character device)" /dev/zero
# a FIFO preload: reported and ignored (glibc ignores failed preloads)
st=0; timeout 10 env LD_PRELOAD="$tmp/fifo" "$ldso" "$out/et-open" /dev/null >"$tmp/out" 2>"$tmp/err" || st=$?
[ $st -eq 0 ] || fail "FIFO preload: status $st"
grep -qF "cannot be preloaded (not a regular file (a FIFO)): ignored." "$tmp/err" ||
	fail "FIFO preload: $(cat "$tmp/err")"

one_line "'': error while loading shared libraries: empty program name" "$ldso" ''

# a 3 KB path: the one line is written whole and ends as glibc's does
long=.$(printf '/a%.0s' $(seq 1500))/x
one_line 'cannot open shared object file: No such file or directory' "$ldso" "$long"
grep -qF "$long: cannot open shared object file: No such file or directory" "$tmp/err" ||
	fail "long line cut"

# EACCES: as an unprivileged user when we are root (root reads anything)
cp "$out/errtext.d/libet-ok.so" "$tmp/noperm.so"
chmod 000 "$tmp/noperm.so"
cp "$ldso" "$out/et-open" "$tmp/"
chmod 755 "$tmp"
as=""
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { echo "open-errors: setpriv missing"; exit 1; }
	as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
one_line "$tmp/noperm.so: cannot open shared object file: Permission denied" $as "$tmp/ld-custom.so" "$tmp/noperm.so"
want=$($as "$tmp/et-open" "$tmp/noperm.so")
[ "$want" = "$tmp/noperm.so: cannot open shared object file: Permission denied" ] ||
	fail "glibc says '$want'"
got=$($as "$tmp/ld-custom.so" "$tmp/et-open" "$tmp/noperm.so")
[ "$got" = "$want" ] || fail "EACCES through dlopen: '$got', glibc: '$want'"

echo "open-errors: FIFOs and devices refused without blocking, empty name, long path, EACCES"
