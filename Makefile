# ser - sound emotion recognition toolkit. See README.md.
#
#   make            libser (static + shared) and the ser binary in build/
#   make test       cmocka unit tests + CLI tests (needs no Python or Node)
#   make check-asan the same suite under ASan + UBSan (in build-asan/)
#   make bench      benchmarks against the peers (installs them; not in CI)
#   make fuzz       AFL++ on every parser of untrusted input, FUZZ_SECONDS
#                   (default 60) each, in build-fuzz/; fails on a crash or
#                   hang (not part of all/test; `make test` replays the
#                   seeds and tests/fuzz/*/regress/ with the normal compiler)
#   make demo       predict + plot a few real sounds
#   make install    PREFIX=/usr/local (DESTDIR= to stage); make uninstall
#   make man        regenerate man/ from the commands' --help (commit it)

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
SHARED  ?= $(abspath ../shared)
PKGS    := sndfile soxr kissfft-float libcjson openblas gsl zlib sqlite3 xgboost

CFLAGS  ?= -O2 -g
# WERROR=1 (CI sets it in .ci/run) turns warnings into errors; a user's
# newer compiler with new warnings should still build a release.
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
           $(if $(filter 1,$(WERROR)),-Werror)
# -MMD -MP: each object's header dependencies, written beside it (.d);
# -ffile-prefix-map: no build directory in debug info or __FILE__, so two
# checkouts build the same bytes.
override CFLAGS += -std=c11 $(WARN) -fPIC -D_DEFAULT_SOURCE -MMD -MP \
           -ffile-prefix-map=$(CURDIR)=. \
           -Iinclude $(shell pkg-config --cflags $(PKGS)) $(SAN)
override LDFLAGS += $(SAN)
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm
# where `make install` puts the default model; compiled into ser
MODELDIR ?= $(PREFIX)/share/ser/models
LIBDIR   ?= $(PREFIX)/lib
INCDIR   ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
PCDIR    ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

# libser.so.MAJOR is the soname; the file is libser.so.MAJOR.MINOR.PATCH
VERSION := $(shell sed -n 's/^\#define SER_VERSION "\(.*\)"/\1/p' include/ser/version.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME  := libser.so.$(SOMAJOR)
SOFILE  := libser.so.$(VERSION)

LIB_SRC  := $(sort $(wildcard src/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# one harness per parser of untrusted input (tests/fuzz/README.md); built
# with $(CC) they replay files (make test), with afl-cc they fuzz
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

.PHONY: all test check-asan bench demo install uninstall man clean fuzz
all: $(BUILD)/libser.a $(BUILD)/libser.so $(BUILD)/ser

# V=1 shows the full command lines
Q := $(if $(V),,@)
# libser exports only what include/ser/ marks SER_API (export.h)
$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj/cli
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -fvisibility=hidden -c $< -o $@
$(BUILD)/obj/cli/%.o: src/cli/%.c | $(BUILD)/obj/cli
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -DSER_MODELDIR='"$(MODELDIR)"' -c $< -o $@
$(BUILD)/obj/cli $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

$(BUILD)/libser.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/$(SOFILE): $(LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/libser.so: $(BUILD)/$(SOFILE)
	$(Q)ln -sf $(SOFILE) $(BUILD)/$(SONAME) && ln -sf $(SOFILE) $@

$(BUILD)/ser: $(CLI_OBJ) $(BUILD)/libser.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libser.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libser.a | $(BUILD)/tests
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -Itests/unit -Isrc -o $@ $< \
	  $(BUILD)/libser.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.h $(BUILD)/libser.a | $(BUILD)/fuzz
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libser.a $(LDFLAGS) $(LDLIBS)

test: all $(TESTS) $(FUZZ_BIN)
	@BUILD=$(BUILD) SHARED=$(SHARED) MODELDIR='$(MODELDIR)' SAN='$(SAN)' \
	  CC='$(CC)' sh tests/run.sh

check-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" test

# libser and the harnesses instrumented by afl-cc in build-fuzz/, then
# afl-fuzz on each in turn; findings are left in build-fuzz/out/
fuzz:
	$(MAKE) BUILD=build-fuzz CC=afl-cc $(patsubst tests/fuzz/%.c,build-fuzz/fuzz/%,$(FUZZ_SRC))
	BUILD=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" \
	  sh tests/fuzz/run.sh

bench: all
	sh bench/run.sh

demo: all
	sh scripts/demo.sh

# man/ is generated by scripts/gen-man.sh and committed; test_man.sh fails
# when it no longer matches --help.
man: $(BUILD)/ser
	rm -f man/*.1
	MODELDIR='$(MODELDIR)' sh scripts/gen-man.sh $(BUILD)/ser man

# ser.pc is written for this PREFIX: `pkg-config --cflags --libs ser`
# links the shared library, `--static` adds what libser.a needs (its
# pkg-config dependencies, then libcsv, which has no .pc). The man pages
# say /usr/local/share/ser/models where ser predict looks for its default
# model; the installed MODELDIR is written in.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PCDIR) \
	  $(DESTDIR)$(INCDIR)/ser $(DESTDIR)$(MODELDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BUILD)/ser $(DESTDIR)$(PREFIX)/bin/ser
	install -m 644 $(BUILD)/libser.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/$(SOFILE) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/libser.so
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	  -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	  -e 's|@INCDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCDIR))|' \
	  -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' \
	  ser.pc.in >$(DESTDIR)$(PCDIR)/ser.pc
	install -m 644 include/ser.h $(DESTDIR)$(INCDIR)/
	install -m 644 include/ser/*.h $(DESTDIR)$(INCDIR)/ser/
	for f in man/*.1; do \
	  sed 's|/usr/local/share/ser/models|$(MODELDIR)|g' $$f \
	    >$(DESTDIR)$(MANDIR)/man1/$${f##*/} || exit 1; \
	  chmod 644 $(DESTDIR)$(MANDIR)/man1/$${f##*/}; \
	done
	install -m 644 completions/ser.bash $(DESTDIR)$(BASHCOMPDIR)/ser
	if ls models/*.ser >/dev/null 2>&1; then install -m 644 models/*.ser $(DESTDIR)$(MODELDIR)/; fi

# removes what install put there, and the directories it made if empty
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ser $(DESTDIR)$(LIBDIR)/libser.a \
	  $(DESTDIR)$(LIBDIR)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libser.so $(DESTDIR)$(PCDIR)/ser.pc \
	  $(DESTDIR)$(INCDIR)/ser.h $(DESTDIR)$(BASHCOMPDIR)/ser
	rm -f $(addprefix $(DESTDIR)$(INCDIR)/ser/,$(notdir $(wildcard include/ser/*.h)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MODELDIR)/,$(notdir $(wildcard models/*.ser)))
	rmdir $(DESTDIR)$(INCDIR)/ser $(DESTDIR)$(MODELDIR) \
	  $(DESTDIR)$(PREFIX)/share/ser 2>/dev/null || true

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d)

# The MLP's optimizer loops take a sqrtf per weight per step; without errno
# (its argument is never negative there) gcc vectorizes them.
$(BUILD)/obj/mlp_train.o: override CFLAGS += -fno-math-errno
# The per-frame features: the same for the spectrum's square roots, and
# -O3 so the element-wise loops vectorize (no sum is reordered and no
# multiply-add fused: the bits stay those of the scalar code).
$(BUILD)/obj/features_meyda.o: override CFLAGS += -O3 -fno-math-errno
