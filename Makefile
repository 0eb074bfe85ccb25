# ld-custom: a dynamic linker for x86_64 Linux that runs the host's glibc programs.
# `make demo` and `make check` set everything up from a fresh clone.

# build/config.mk, written by ./configure (`make clean` alone neither reads nor remakes it)
ifneq ($(MAKECMDGOALS),clean)
-include build/config.mk
endif

ARCH    := x86_64
LOADER  := ld-custom.so
CC      ?= gcc

LDSO_SRCS := $(wildcard ldso/*.c ldso/rt/*.c ldso/glibc/*.c) \
             $(wildcard arch/$(ARCH)/*.c) $(wildcard arch/$(ARCH)/*.S)
LDSO_OBJS := $(patsubst %,build/obj/%.o,$(basename $(LDSO_SRCS)))

# Freestanding against musl's headers: no libc, no stack protector (there is no
# TCB before the loader builds one), hidden by default, -Bsymbolic so only
# RELATIVE/RELR relocations are left for self-relocation. No frame over 1 KiB:
# dlopen runs on any thread's stack (pthread_exit loads libgcc_s on its own).
# ld.lds keeps .eh_frame in a mapping of its own (peak RSS: see the file).
LDSO_CFLAGS := -std=c11 -O2 -g -fPIC -ffreestanding -fno-stack-protector -fno-plt \
               -fvisibility=hidden -fno-strict-aliasing -nostdinc -isystem $(MUSL_INC) \
               -isystem $(GCC_INC) -Ibuild -Ildso -Iarch/$(ARCH) \
               -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes -MMD -MP \
               -Werror=frame-larger-than=1024
LDSO_LDFLAGS := -shared -nostdlib -Wl,-e,_dl_start -Wl,-Bsymbolic -Wl,--no-undefined \
                -Wl,-z,pack-relative-relocs -Wl,-z,now -Wl,-z,relro -Wl,-z,noexecstack \
                -Wl,--hash-style=both -Wl,-soname,ld-linux-x86-64.so.2 \
                -Wl,--version-script=arch/$(ARCH)/ld.map -Wl,-T,arch/$(ARCH)/ld.lds

all: $(LOADER)

# configure reruns only when its inputs change: configure itself, the DWARF
# extractor, or the host glibc (the build-ids recorded in build/config.mk).
# It rewrites only files whose content changed, so objects recompile only when
# the layouts do; config.mk is touched to mark the run, and it writes the header
# in the same run.
HOST_GLIBC_IDS := $(shell readelf -n $(or $(GLIBC_LDSO),/lib64/ld-linux-x86-64.so.2) \
                    $(or $(GLIBC_LIBC),/lib/x86_64-linux-gnu/libc.so.6) 2>/dev/null | \
                    sed -n 's/^ *Build ID: *//p')
ifneq ($(strip $(HOST_GLIBC_IDS)),$(strip $(GLIBC_LDSO_BUILD_ID) $(GLIBC_LIBC_BUILD_ID)))
ifneq ($(GLIBC_LIBC_BUILD_ID),)
$(info host glibc's build-id changed: rerunning ./configure)
endif
build/config.mk: FORCE
endif

# `make check` and `make demo` install missing packages before configuring
ifneq ($(filter check demo,$(MAKECMDGOALS)),)
build/config.mk: | build/stamp/deps
endif

build/config.mk: configure scripts/glibc-layout.py scripts/x86-features.sh
	./configure
	@touch $@

build/glibc-layout.h build/x86-features.h: | build/config.mk
	./configure

build/obj/arch/$(ARCH)/cpu_features.o: build/x86-features.h

# the package check reruns when its list or the installed packages change
build/stamp/deps: scripts/install-deps $(wildcard /var/lib/dpkg/status)
	scripts/install-deps
	@mkdir -p $(@D) && touch $@

build/obj/%.o: %.c build/glibc-layout.h
	@mkdir -p $(dir $@)
	$(CC) $(LDSO_CFLAGS) -c $< -o $@

build/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(LDSO_CFLAGS) -c $< -o $@

$(LOADER): $(LDSO_OBJS) arch/$(ARCH)/ld.map arch/$(ARCH)/ld.lds scripts/check-loader
	$(CC) $(LDSO_LDFLAGS) -o $@.tmp $(LDSO_OBJS) -lgcc
	scripts/check-loader $@.tmp
	mv $@.tmp $@

-include $(LDSO_OBJS:.o=.d)

deps:
	@scripts/install-deps

demo: build/stamp/deps build/config.mk
	$(MAKE) $(LOADER)
	@echo "== ./$(LOADER) --list /bin/ls"
	./$(LOADER) --list /bin/ls
	@echo "== ./$(LOADER) /bin/ls -l /"
	./$(LOADER) /bin/ls -l /

check: build/stamp/deps build/config.mk
	$(MAKE) $(LOADER) tests
	scripts/run-tests

# the relocation corpus (built for this loader's absolute path) and unit tests
tests: $(LOADER)
	$(MAKE) -C libtests LDSO=$(abspath $(LOADER)) OUT=$(abspath build/libtests)
	@if [ -f libtests/unit/unit.mk ]; then $(MAKE) -f libtests/unit/unit.mk unit-tests; fi

# just the Check unit tests, built and run
unit: build/config.mk
	$(MAKE) -f libtests/unit/unit.mk unit-tests-run

# a short libFuzzer run of each target (scripts/fuzz SECONDS for longer)
FUZZ_SECONDS ?= 10
fuzz: build/config.mk
	scripts/fuzz $(FUZZ_SECONDS)

bench: $(LOADER)
	scripts/bench ./$(LOADER)

# make install [PREFIX=/usr/local] [DESTDIR=]: the loader goes to $(PREFIX)/lib, beside
# the libraries, not in a multiarch directory: it is named by path (PT_INTERP,
# --dynamic-linker, the command form), never searched for.
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
MANDIR  ?= $(PREFIX)/share/man
MANPAGE := docs/ld-custom.so.8

install: $(LOADER) $(MANPAGE)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(LOADER) $(DESTDIR)$(LIBDIR)/$(LOADER)
	install -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man8/ld-custom.so.8

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(LOADER) $(DESTDIR)$(MANDIR)/man8/ld-custom.so.8

clean:
	rm -rf build $(LOADER) $(LOADER).tmp

.PHONY: all deps demo check bench clean tests unit fuzz install uninstall FORCE
