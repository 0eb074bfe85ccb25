#!/usr/bin/env bash
# stack-budget.sh LDSO: the loader's share of a 16 KiB thread's stack (issue 6,
# item 3).  Runs the smallstack case (build/libtests, built by `make tests`)
# through LDSO with its stack report on and holds the measured depths below
# the thread function to 4 KiB: a dlopen by bare name with LD_BIND_NOW (libc's
# dlopen wrapper included), and one lazily bound PLT call (the trampoline's
# vector save area and the lookup).  glibc 2.36's loader measures about
# 5.1 KiB and 3.2 KiB on the same test (AVX-512 machine), so this is ours only.
set -u
usage() {
    echo "Usage: bash libtests/tools/stack-budget.sh LDSO"
    echo "Hold LDSO's share of a 16 KiB thread stack (dlopen, lazy PLT call) to 4 KiB,"
    echo "on build/libtests/smallstack (make tests).  Exit 0 iff within budget."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "stack-budget: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ $# -ne 1 ]; then
    usage >&2; exit 2
fi
ldso=$1
prog=build/libtests/smallstack
[ -x "$prog" ] || { echo "stack-budget: $prog is not built (make tests)"; exit 1; }
budget=4096
bad=0
check() {	# what value
    if [ -z "$2" ]; then
        echo "FAIL $1: no measurement"; bad=1
    elif [ "$2" -le $budget ]; then
        echo "PASS $1: $2 bytes (budget $budget)"
    else
        echo "FAIL $1: $2 bytes, over the budget of $budget"; bad=1
    fi
}
now=$(env LD_BIND_NOW=1 LDT_STACK_REPORT=1 "$ldso" "$prog" 2>&1 >/dev/null)
lazy=$(env LDT_STACK_REPORT=1 "$ldso" "$prog" 2>&1 >/dev/null)
check "dlopen by bare name" "$(sed -n 's/.*: dlopen \([0-9]*\) .*/\1/p' <<<"$now")"
check "failed dlopen (whole search)" "$(sed -n 's/.*missing: \([0-9]*\)).*/\1/p' <<<"$now")"
check "lazy PLT call" "$(sed -n 's/.*a lazy PLT call \([0-9]*\),.*/\1/p' <<<"$lazy")"
exit $bad
