# shellcheck shell=bash
# Helpers for libtests/cases/*/build scripts (bash).  Sourced by the Makefile
# recipe with cwd = the case's source directory.  Everything is written below
# $OUT; nothing is written into the source tree.
#
#   exe NAME [gcc args...]      -> $OUT/NAME (system PT_INTERP) and
#                                  $OUT/NAME.interp (PT_INTERP = $LDSO)
#   cxxexe NAME [g++ args...]   -> same with g++
#   exe1 NAME [gcc args...]     -> only $OUT/NAME (static programs, link-time
#                                  stand-ins, ...)
#   lib PATH [gcc args...]      -> $OUT/PATH, -shared -fPIC, soname = basename
#   cxxlib PATH [g++ args...]
#   has_dyn FILE TAG / lacks_dyn FILE TAG / has_rel FILE TYPE / has_sym ...:
#                                  build-time assertions that the case really
#                                  exercises what it claims.
# By default executables and libraries get -Wl,-rpath,'$ORIGIN' (RUNPATH);
# set NORPATH=1 for one call to suppress that.
set -eu
# Host settings that would change what gets built.
unset LIBRARY_PATH CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH GCC_EXEC_PREFIX COMPILER_PATH LD_RUN_PATH || true
: "${OUT:?}" "${LDSO:?}" "${TOP:?}"
CC=${CC:-gcc}
CXX=${CXX:-g++}
CASE=${CASE:-$(basename "$PWD")}
COMMON_FLAGS=(-O2 -g0 -Wall -Wno-unused-function -Wno-unused-variable -I"$TOP/common")
ORIGIN_RPATH='-Wl,-rpath,$ORIGIN'

run() {
    if [ "${V:-0}" = 1 ]; then echo "    $*" >&2; fi
    "$@"
}

_rpath() { if [ -z "${NORPATH:-}" ]; then echo "$ORIGIN_RPATH"; fi; }

_lib() {
    local tool=$1 path=$2; shift 2
    mkdir -p "$(dirname "$OUT/$path")"
    # shellcheck disable=SC2046
    run $tool "${COMMON_FLAGS[@]}" -fPIC -shared -o "$OUT/$path" \
        -Wl,-soname,"${SONAME:-$(basename "$path")}" $(_rpath) "$@" -L"$OUT"
}
lib()    { _lib "$CC" "$@"; }
cxxlib() { _lib "$CXX" "$@"; }

_exe() {
    local tool=$1 name=$2; shift 2
    mkdir -p "$(dirname "$OUT/$name")"
    # shellcheck disable=SC2046
    run $tool "${COMMON_FLAGS[@]}" -o "$OUT/$name" $(_rpath) "$@" -L"$OUT"
    # shellcheck disable=SC2046
    run $tool "${COMMON_FLAGS[@]}" -o "$OUT/$name.interp" $(_rpath) "$@" -L"$OUT" \
        -Wl,--dynamic-linker="$LDSO"
}
exe()    { _exe "$CC" "$@"; }
cxxexe() { _exe "$CXX" "$@"; }
exe1() {
    local name=$1; shift
    mkdir -p "$(dirname "$OUT/$name")"
    # shellcheck disable=SC2046
    run "$CC" "${COMMON_FLAGS[@]}" -o "$OUT/$name" $(_rpath) "$@" -L"$OUT"
}

die() { echo "libtests/$CASE: $*" >&2; exit 1; }
has_dyn()   { readelf -dW "$OUT/$1" | grep -q -- "$2" || die "$1: no $2 in dynamic section"; }
lacks_dyn() { ! readelf -dW "$OUT/$1" | grep -q -- "$2" || die "$1: unexpected $2 in dynamic section"; }
has_rel()   { readelf -rW "$OUT/$1" | grep -q -- "$2" || die "$1: no $2 relocation"; }
lacks_rel() { ! readelf -rW "$OUT/$1" | grep -q -- "$2" || die "$1: unexpected $2 relocation"; }
has_phdr()  { readelf -lW "$OUT/$1" | grep -q -- "$2" || die "$1: no $2 program header"; }
lacks_phdr(){ ! readelf -lW "$OUT/$1" | grep -q -- "$2" || die "$1: unexpected $2 program header"; }
has_dynsym(){ readelf --dyn-syms -W "$OUT/$1" | grep -q -- "$2" || die "$1: no dynamic symbol matching $2"; }
has_ver()   { readelf -VW "$OUT/$1" | grep -q -- "$2" || die "$1: no version info matching $2"; }
