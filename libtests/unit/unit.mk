# Unit tests (Check) for the loader's pure functions, built hosted: the
# loader's own sources are compiled with the host gcc against glibc's headers
# and linked with libtests/unit/support.c in place of the rest of the loader.
#
#   make -f libtests/unit/unit.mk unit-tests       # build build/unit/*_test
#   make -f libtests/unit/unit.mk unit-tests-run   # build and run them all
#
# Included from the top-level Makefile it adds the same targets.  Paths are
# relative to the repository root; everything goes to build/unit/.

# included from another makefile: leave its default goal alone
UNIT_SAVED_GOAL := $(.DEFAULT_GOAL)
UNIT_STANDALONE := $(filter %unit.mk,$(firstword $(MAKEFILE_LIST)))

UNIT_DIR   := libtests/unit
UNIT_OUT   := build/unit
UNIT_FIX   := $(UNIT_OUT)/fixtures
UNIT_NAMES := elf dynamic hash version cache path print arch tls dso symindex
UNIT_BINS  := $(UNIT_NAMES:%=$(UNIT_OUT)/%_test)

# loader files under test (used as they are, never copied)
UNIT_LDSO_SRCS := ldso/elf.c ldso/hash.c ldso/version.c ldso/cache.c ldso/search.c \
                  ldso/symbol.c ldso/symindex.c ldso/tls_layout.c ldso/dso.c ldso/rt/print.c \
                  ldso/rt/syscall.c
UNIT_COMMON    := $(UNIT_LDSO_SRCS:%.c=$(UNIT_OUT)/obj/%.o) \
                  $(UNIT_OUT)/obj/$(UNIT_DIR)/support.o $(UNIT_OUT)/obj/$(UNIT_DIR)/testlib.o \
                  $(UNIT_OUT)/obj/$(UNIT_DIR)/oracle.o

UNIT_CC          ?= $(CC)
UNIT_CHECK_FLAGS := $(or $(CHECK_CFLAGS),$(shell pkg-config --cflags check 2>/dev/null))
UNIT_CHECK_LIBS  := $(or $(CHECK_LIBS),$(shell pkg-config --libs check 2>/dev/null),-lcheck)
UNIT_CFLAGS      := -std=gnu11 -O1 -g -Ibuild -Ildso -Iarch/x86_64 -I$(UNIT_DIR) -DUNIT_TEST \
                    -DUNIT_FIXTURES='"$(abspath $(UNIT_FIX))"' \
                    -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation -MMD -MP \
                    $(UNIT_CHECK_FLAGS)

# fixtures: small libraries with known versions, hash styles and tags
UNIT_FIXTURES := $(UNIT_FIX)/libvers-gnu.so $(UNIT_FIX)/libvers-sysv.so \
                 $(UNIT_FIX)/libvers-both.so $(UNIT_FIX)/libplain.so
UNIT_FIX_SRC  := $(UNIT_DIR)/fixtures/vers.c $(UNIT_DIR)/fixtures/vers.map
UNIT_FIX_FLAGS = -shared -fPIC -O1 -nostartfiles -Wl,--version-script=$(UNIT_DIR)/fixtures/vers.map \
                 -Wl,-soname,libvers.so.1

.PHONY: unit-tests unit-tests-run unit-tests-clean

unit-tests: $(UNIT_BINS) $(UNIT_FIXTURES)

unit-tests-run: unit-tests
	@rc=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t || rc=1; done; exit $$rc

unit-tests-clean:
	rm -rf $(UNIT_OUT)

$(UNIT_OUT)/.configured:
	@test -f build/glibc-layout.h || ./configure
	@mkdir -p $(@D) && touch $@

$(UNIT_OUT)/obj/%.o: %.c | $(UNIT_OUT)/.configured
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_OUT)/%_test: $(UNIT_OUT)/obj/$(UNIT_DIR)/%_test.o $(UNIT_COMMON) | $(UNIT_FIXTURES)
	$(UNIT_CC) -o $@ $^ $(UNIT_CHECK_LIBS) -ldl

$(UNIT_FIX)/libvers-gnu.so: $(UNIT_FIX_SRC)
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_FIX_FLAGS) -Wl,--hash-style=gnu -Wl,-z,now -Wl,-z,pack-relative-relocs \
	    -Wl,--enable-new-dtags -Wl,-rpath,'$$ORIGIN/run:$$LIB' -o $@ $<

$(UNIT_FIX)/libvers-sysv.so: $(UNIT_FIX_SRC)
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_FIX_FLAGS) -Wl,--hash-style=sysv -Wl,-z,nopack-relative-relocs \
	    -Wl,--disable-new-dtags -Wl,-rpath,/opt/rp -o $@ $<

$(UNIT_FIX)/libvers-both.so: $(UNIT_FIX_SRC)
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_FIX_FLAGS) -Wl,--hash-style=both -o $@ $<

$(UNIT_FIX)/libplain.so: $(UNIT_DIR)/fixtures/plain.c
	@mkdir -p $(@D)
	$(UNIT_CC) -shared -fPIC -O1 -nostartfiles -Wl,--hash-style=gnu -o $@ $<

.SECONDARY: $(UNIT_COMMON) $(UNIT_NAMES:%=$(UNIT_OUT)/obj/$(UNIT_DIR)/%_test.o)

-include $(wildcard $(UNIT_OUT)/obj/*.d $(UNIT_OUT)/obj/*/*.d $(UNIT_OUT)/obj/*/*/*.d $(UNIT_OUT)/obj/*/*/*/*.d)

ifeq ($(UNIT_STANDALONE),)
.DEFAULT_GOAL := $(UNIT_SAVED_GOAL)
endif
