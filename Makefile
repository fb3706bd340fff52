# ser - sound emotion recognition toolkit. See README.md.
#
#   make            libser (static + shared) and the ser binary in build/
#   make test       cmocka unit tests + CLI tests (needs no Python or Node)
#   make check-asan the same suite under ASan + UBSan (in build-asan/)
#   make bench      benchmarks against the peers (installs them; not in CI)
#   make demo       predict + plot a few real sounds
#   make install    PREFIX=/usr/local

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
SHARED  ?= $(abspath ../shared)
PKGS    := sndfile samplerate kissfft-float libcjson openblas gsl zlib xgboost

CFLAGS  ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra -Werror -fPIC -D_DEFAULT_SOURCE \
           -Iinclude $(shell pkg-config --cflags $(PKGS)) $(SAN)
override LDFLAGS += $(SAN)
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm
# where `make install` puts the default model; compiled into ser
MODELDIR ?= $(PREFIX)/share/ser/models

LIB_SRC  := $(sort $(wildcard src/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test check-asan bench demo install clean
all: $(BUILD)/libser.a $(BUILD)/libser.so $(BUILD)/ser

# V=1 shows the full command lines
Q := $(if $(V),,@)
$(BUILD)/obj/%.o: src/%.c $(wildcard include/ser/*.h src/*.h) | $(BUILD)/obj/cli
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/cli/%.o: src/cli/%.c $(wildcard src/cli/*.h) $(wildcard include/ser/*.h) | $(BUILD)/obj/cli
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -DSER_MODELDIR='"$(MODELDIR)"' -c $< -o $@
$(BUILD)/obj/cli $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/libser.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/libser.so: $(LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/ser: $(CLI_OBJ) $(BUILD)/libser.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libser.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libser.a | $(BUILD)/tests
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -Itests/unit -o $@ $< \
	  $(BUILD)/libser.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

test: all $(TESTS)
	@BUILD=$(BUILD) SHARED=$(SHARED) sh tests/run.sh

check-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" test

bench: all
	sh bench/run.sh

demo: all
	sh scripts/demo.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include/ser $(DESTDIR)$(MODELDIR)
	install -m 755 $(BUILD)/ser $(DESTDIR)$(PREFIX)/bin/ser
	install -m 644 $(BUILD)/libser.a $(BUILD)/libser.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/ser/*.h $(DESTDIR)$(PREFIX)/include/ser/
	if ls models/*.ser >/dev/null 2>&1; then install -m 644 models/*.ser $(DESTDIR)$(MODELDIR)/; fi

clean:
	rm -rf build build-asan

# The MLP's optimizer loops take a sqrtf per weight per step; without errno
# (its argument is never negative there) gcc vectorizes them.
$(BUILD)/obj/mlp_train.o: override CFLAGS += -fno-math-errno
