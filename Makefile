# ld-custom: a dynamic linker for x86_64 Linux that runs the host's glibc programs.
# `make demo` and `make check` set everything up from a fresh clone.

-include build/config.mk

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
LDSO_CFLAGS := -std=c11 -O2 -g -fPIC -ffreestanding -fno-stack-protector -fno-plt \
               -fvisibility=hidden -fno-strict-aliasing -nostdinc -isystem $(MUSL_INC) \
               -isystem $(GCC_INC) -Ibuild -Ildso -Iarch/$(ARCH) \
               -Wall -Wextra -Wno-unused-parameter -MMD -MP \
               -Werror=frame-larger-than=1024
LDSO_LDFLAGS := -shared -nostdlib -Wl,-e,_dl_start -Wl,-Bsymbolic -Wl,--no-undefined \
                -Wl,-z,pack-relative-relocs -Wl,-z,now -Wl,-z,relro -Wl,-z,noexecstack \
                -Wl,--hash-style=both -Wl,-soname,ld-linux-x86-64.so.2 \
                -Wl,--version-script=arch/$(ARCH)/ld.map

all: $(LOADER)

build/config.mk build/glibc-layout.h: configure scripts/glibc-layout.py
	./configure
	@touch build/config.mk build/glibc-layout.h

build/obj/%.o: %.c build/glibc-layout.h
	@mkdir -p $(dir $@)
	$(CC) $(LDSO_CFLAGS) -c $< -o $@

build/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(LDSO_CFLAGS) -c $< -o $@

$(LOADER): $(LDSO_OBJS) arch/$(ARCH)/ld.map scripts/check-loader
	$(CC) $(LDSO_LDFLAGS) -o $@.tmp $(LDSO_OBJS) -lgcc
	scripts/check-loader $@.tmp
	mv $@.tmp $@

-include $(LDSO_OBJS:.o=.d)

deps:
	@scripts/install-deps

demo: deps
	./configure
	$(MAKE) $(LOADER)
	@echo "== ./$(LOADER) --list /bin/ls"
	./$(LOADER) --list /bin/ls
	@echo "== ./$(LOADER) /bin/ls -l /"
	./$(LOADER) /bin/ls -l /

check: deps
	./configure
	$(MAKE) $(LOADER) tests
	scripts/run-tests

# the relocation corpus (built for this loader's absolute path) and unit tests
tests: $(LOADER)
	$(MAKE) -C libtests LDSO=$(abspath $(LOADER)) OUT=$(abspath build/libtests)
	@if [ -f libtests/unit/unit.mk ]; then $(MAKE) -f libtests/unit/unit.mk unit-tests; fi

bench: $(LOADER)
	scripts/bench ./$(LOADER)

clean:
	rm -rf build $(LOADER) $(LOADER).tmp

.PHONY: all deps demo check bench clean tests
