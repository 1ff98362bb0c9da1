# axon - build, test and demo.  Plain make; see README.md.
#
#   make            library (build/libaxon.a, build/libaxon.so) and the `axon` command
#   make demo       install what is missing, build, run the built-in model, draw its raster
#   make test       install what is missing, build, run every test
#   make check-asan the test suite under AddressSanitizer + UBSan
#   make bench      the benchmark models (bench/models) side by side with Brian2 (bench/run)
#   make bench-tools  the MPI measurement tools (build/bench/mpi_run, mpi_collectives)
#   make python     the Python package in build/python (PYTHONPATH=build/python /usr/bin/python3)
#   make install-python  `axon` into /usr/local/lib/python3.11/dist-packages, `pyNN.axon` next to Debian's PyNN

CC      ?= gcc
ARCH    ?= -march=native
OPT     ?= -O3
# -ffp-contract=off: no fused multiply-add behind our back, so vector and
# scalar code paths (and builds with other ARCH) round identically.
# -fno-trapping-math: axon never reads the floating-point exception flags,
# and without it GCC will not if-convert a conditional floating-point
# operation without masked instructions (AVX-512), so on AVX2 the neuron
# loops of the IF family stayed scalar; it changes no result.
# -fno-math-errno: axon never reads errno after a math function (only after
# I/O calls); without it every sqrt() keeps a check and a call for negative
# arguments, which stops a loop from vectorising (the noise current's
# Box-Muller); it changes no result.
CFLAGS  ?= $(OPT) $(ARCH)
BASEFLAGS = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -ffp-contract=off -fno-trapping-math -fno-math-errno -fopenmp -fPIC -Iinclude -Isrc
# FFTW for the spectra; its threads library only for fftw_make_planner_thread_safe
# (src/analysis/fftw_planner.c), so that analysis calls may plan from several threads.
FFTW_LIBS = -lfftw3_threads -lfftw3
# LAPACK for CMA-ES's eigendecomposition (src/fit/optimizer_cmaes.c).
# Open MPI (Debian's libopenmpi-dev), when installed: networks split over
# the ranks of mpirun (src/core/comm.c, the only file that includes mpi.h).
# Without it the build has one rank and says so (`axon version`).
MPI_CFLAGS := $(shell pkg-config --cflags ompi-c 2>/dev/null)
MPI_LIBS   := $(shell pkg-config --libs ompi-c 2>/dev/null)
ifneq ($(MPI_LIBS),)
BASEFLAGS += -DAX_MPI $(MPI_CFLAGS)
endif
# libgccjit (Debian's libgccjit-12-dev), when installed: equation models'
# integration and plasticity rules compiled while the model runs
# (src/equations/jit.c);
# without it the block interpreter runs them, with the same results.
JIT_LIBS := $(shell printf '\043include <libgccjit.h>\nint main(void){return gcc_jit_context_acquire()==0;}\n' | \
              $(CC) -x c - -lgccjit -o /dev/null 2>/dev/null && echo -lgccjit)
ifneq ($(JIT_LIBS),)
BASEFLAGS += -DAX_JIT
endif
LDLIBS  = -lm -lzip $(FFTW_LIBS) -llapack $(MPI_LIBS) $(JIT_LIBS)
BUILD   ?= build

LIB_SRC := $(sort $(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
DEPS    := $(LIB_OBJ:.o=.d)

.PHONY: all lib clean deps test demo check-asan bench bench-tools tests fuzz docs python install-python test-python examples FORCE

all: lib $(BUILD)/axon python examples

# The installer is a no-op when everything is there.
deps:
	@scripts/install-deps.sh

lib: $(BUILD)/libaxon.a $(BUILD)/libaxon.so

# Only what axon.h declares (AX_API) is exported from libaxon.so.
$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) -fvisibility=hidden $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libaxon.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libaxon.so: $(LIB_OBJ)
	$(CC) -shared -fopenmp $(CFLAGS) -o $@ $^ $(LDLIBS)

TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(BUILD)/tests/axon_tests
OOM_BIN := $(BUILD)/tests/axon_oom_tests

# Drivers the MPI tests run under mpirun (tests/mpi/NAME.c -> build/tests/mpi/NAME).
MPI_DRIVER_SRC := $(sort $(wildcard tests/mpi/*.c))
MPI_DRIVERS := $(MPI_DRIVER_SRC:tests/mpi/%.c=$(BUILD)/tests/mpi/%)

tests: $(TEST_BIN) $(OOM_BIN) $(MPI_DRIVERS)

$(BUILD)/tests/mpi/%: tests/mpi/%.c include/axon.h $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libaxon.a $(LDLIBS)

# Relink when a test file appears or disappears, not only when one changes.
$(BUILD)/tests/sources.list: FORCE
	@mkdir -p $(dir $@)
	@echo "$(TEST_SRC)" | cmp -s - $@ || echo "$(TEST_SRC)" > $@

# The tests read back the pictures of axon plot: PNGs with cairo, GIFs with
# giflib (CAIRO_* and GIF_LIBS are defined with the axon command, below).
$(TEST_BIN): $(TEST_SRC) $(wildcard tests/*.h) $(BUILD)/libaxon.a $(BUILD)/tests/sources.list
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) $(CAIRO_CFLAGS) -o $@ $(TEST_SRC) $(BUILD)/libaxon.a -lcriterion $(CAIRO_LIBS) $(GIF_LIBS) $(LDLIBS)

# Every test run (C, out-of-memory, Python) has its threads' waits at the
# barriers sleep instead of spin: the suites run two tests at a time, most
# on two threads, on two cores, and a spinning waiter then holds the core
# its partner needs - on a busy CI machine that made one 1 s test take
# over 60 s (measured: 0.8 s alone, 17.9 s beside two busy loops, 1.8 s
# passive).  docs/performance.md says the same to users.
TEST_ENV := OMP_WAIT_POLICY=passive

# The out-of-memory tests (tests/oom) are their own binary: linked with
# --wrap for every allocating function libaxon calls, so that they can make
# the N-th allocation fail (tests/oom/fail_alloc.c says why this way).
OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc,--wrap=posix_memalign \
            -Wl,--wrap=strdup,--wrap=strndup,--wrap=getline,--wrap=fopen,--wrap=free

$(OOM_BIN): $(wildcard tests/oom/*.c tests/oom/*.h) $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $(wildcard tests/oom/*.c) $(BUILD)/libaxon.a -lcriterion $(LDLIBS) $(OOM_WRAP)

# Criterion runs each test in its own process, several at a time; the
# command-line tests run the `axon` of the same build.  The C suite runs
# again with one OS thread running every part of multi-threaded networks
# and with the team chosen by timing (AXON_TEAM, sim/team.c): their
# comparisons across thread counts must hold for any team.
test: deps
	$(MAKE) lib tests $(BUILD)/axon examples
	$(TEST_ENV) AXON_BIN=$(BUILD)/axon $(TEST_BIN) --jobs 2
	$(TEST_ENV) AXON_TEAM=1 AXON_BIN=$(BUILD)/axon $(TEST_BIN) --jobs 2
	$(TEST_ENV) AXON_TEAM=auto AXON_BIN=$(BUILD)/axon $(TEST_BIN) --jobs 2
	$(TEST_ENV) AXON_LIB=$(BUILD)/libaxon.a $(OOM_BIN) --jobs 2
	$(MAKE) test-python

# The Python package (python/API.md): the C extension axon._axon over
# libaxon.a, for Debian's /usr/bin/python3 and python3-numpy only (the
# python3 first on PATH may be another build), and the PyNN backend.  The
# variables are evaluated only where used, so `make lib` needs no Python.
PY      := /usr/bin/python3
PY_INC   = $(shell $(PY) -c "import sysconfig; print(sysconfig.get_paths()['include'])")
PY_EXT   = $(shell $(PY) -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
NP_INC   = $(shell $(PY) -c "import numpy; print(numpy.get_include())")
PY_SRC  := $(sort $(wildcard python/src/*.c))
PY_FILES := $(wildcard python/axon/*.py)
PYNN_FILES := $(wildcard python/pyNN_axon/*.py)
PY_OUT  := $(BUILD)/python

python: $(BUILD)/libaxon.a
	@mkdir -p $(PY_OUT)/axon $(PY_OUT)/pyNN/axon
	$(MAKE) $(PY_OUT)/axon/_axon$(PY_EXT)
	@cp $(PY_FILES) $(PY_OUT)/axon/
	@if [ -n "$(PYNN_FILES)" ]; then cp $(PYNN_FILES) $(PY_OUT)/pyNN/axon/; fi

$(PY_OUT)/axon/_axon$(PY_EXT): $(PY_SRC) $(wildcard python/src/*.h) $(BUILD)/libaxon.a
	$(CC) $(BASEFLAGS) $(CFLAGS) -I$(PY_INC) -I$(NP_INC) -DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION \
	    -shared -o $@ $(PY_SRC) $(BUILD)/libaxon.a $(LDLIBS)

# pytest over tests/python with the package just built (tests/python/conftest.py
# also puts build/python/pyNN/axon where `import pyNN.axon` finds it).
test-python: python
	$(TEST_ENV) AXON_BUILD=$(BUILD) PYTHONPATH=$(PY_OUT) $(PY) -m pytest -q -p no:cacheprovider --basetemp=$(BUILD)/pytest tests/python

PY_SITE  = $(shell $(PY) -c "import site; print(site.getsitepackages()[0])")
PYNN_DIR = $(shell $(PY) -c "import os, pyNN; print(os.path.dirname(pyNN.__file__))")
install-python: deps python
	rm -rf $(PY_SITE)/axon && mkdir -p $(PY_SITE) && cp -r $(PY_OUT)/axon $(PY_SITE)/axon
	rm -rf $(PYNN_DIR)/axon && cp -r $(PY_OUT)/pyNN/axon $(PYNN_DIR)/axon

# docs/models.md comes from the model registry (a test checks it is current).
docs: $(BUILD)/axon
	$(BUILD)/axon models --markdown > docs/models.md

# The whole test suite built with AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer, in its own build folder.
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
# LeakSanitizer reports when a test's process exits, after Criterion has
# counted the test as passed: so the log is searched as well.  The Python
# tests run with the extension built the same way, inside Debian's
# (uninstrumented) python3: the sanitizer runtime is preloaded, and leak
# checking is off there (the interpreter keeps memory until exit on purpose).
check-asan: deps
	$(MAKE) BUILD=build-asan CFLAGS="$(ASAN_FLAGS) $(ARCH)" LDLIBS="-lm -lzip $(FFTW_LIBS) -llapack $(MPI_LIBS) $(JIT_LIBS) -fsanitize=address,undefined" \
	    lib tests build-asan/axon python examples
	@$(TEST_ENV) ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    UBSAN_OPTIONS=print_stacktrace=1 AXON_BIN=build-asan/axon \
	    sh -c 'build-asan/tests/axon_tests --jobs 2 && AXON_LIB=build-asan/libaxon.a build-asan/tests/axon_oom_tests --jobs 2' \
	    > build-asan/tests.log 2>&1 && \
	    $(TEST_ENV) ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 LD_PRELOAD=$$($(CC) -print-file-name=libasan.so) \
	    AXON_BUILD=build-asan PYTHONPATH=build-asan/python $(PY) -m pytest -q -p no:cacheprovider \
	    --basetemp=build-asan/pytest tests/python >> build-asan/tests.log 2>&1; status=$$?; \
	    cat build-asan/tests.log; \
	    if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" build-asan/tests.log; then \
	        echo "check-asan: sanitizer reports above" >&2; exit 1; fi; \
	    exit $$status

CLI_SRC := $(sort $(wildcard cli/*.c))
CAIRO_CFLAGS = $(shell pkg-config --cflags cairo 2>/dev/null)
CAIRO_LIBS = $(shell pkg-config --libs cairo 2>/dev/null || echo -lcairo)
# giflib (Debian libgif-dev) writes the animations of axon plot --gif; it has no pkg-config file
GIF_LIBS = -lgif

$(BUILD)/axon: $(CLI_SRC) $(wildcard cli/*.h) $(BUILD)/libaxon.a
	$(CC) $(BASEFLAGS) $(CFLAGS) $(CAIRO_CFLAGS) -o $@ $(CLI_SRC) $(BUILD)/libaxon.a $(CAIRO_LIBS) $(GIF_LIBS) $(LDLIBS)

# The C drivers of examples (examples/c/NAME.c -> build/examples/NAME), over libaxon.a.
EXAMPLE_SRC := $(sort $(wildcard examples/c/*.c))
EXAMPLE_BIN := $(EXAMPLE_SRC:examples/c/%.c=$(BUILD)/examples/%)
examples: $(EXAMPLE_BIN)
$(BUILD)/examples/%: examples/c/%.c include/axon.h $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libaxon.a $(LDLIBS)

# bench/run runs bench/models/*.toml with build/axon next to the Brian2 peers
# (it installs Brian2 itself if missing).
bench: deps $(BUILD)/axon
	bench/run

# bench/run's equation models section (bench/equations_section.py): what a
# changed equation costs before the first step
$(BUILD)/bench/equation_prepare: bench/tools/equation_prepare.c include/axon.h $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libaxon.a $(LDLIBS)

# bench/run's statistics runs of plastic models: the run of `axon run` plus
# the final weights (linked like the other tools: libaxon.a needs its libraries)
$(BUILD)/plastic_weights: bench/tools/plastic_weights.c include/axon.h $(BUILD)/libaxon.a
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libaxon.a $(LDLIBS)

# The MPI measurements (bench/NOTES.md, "MPI"): bench/tools/mpi_*.c -> build/bench/mpi_*
# (mpi_run links libaxon.a and wraps its MPI collectives with pmpi_timers.c; both need Open MPI).
BENCH_MPI := $(BUILD)/bench/mpi_run $(BUILD)/bench/mpi_collectives
bench-tools: $(if $(MPI_LIBS),$(BENCH_MPI),)
$(BUILD)/bench/mpi_run: bench/tools/mpi_run.c bench/tools/pmpi_timers.c bench/tools/pmpi_timers.h include/axon.h \
                       $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ bench/tools/mpi_run.c bench/tools/pmpi_timers.c $(BUILD)/libaxon.a $(LDLIBS)
$(BUILD)/bench/mpi_%: bench/tools/mpi_%.c include/axon.h $(BUILD)/libaxon.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libaxon.a $(LDLIBS)

# libFuzzer on the TOML parser (clang from Debian), seeded with the
# conformance cases; runs FUZZ_SECONDS and fails on any crash or leak.
FUZZ_SECONDS ?= 120
FUZZ_SRC := src/io/toml.c src/io/toml_scalar.c
fuzz:
	@scripts/install-deps.sh --fuzz
	@mkdir -p build/fuzz/corpus
	clang -g -O1 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o build/fuzz/fuzz_toml fuzz/fuzz_toml.c $(FUZZ_SRC)
	build/fuzz/fuzz_toml -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -print_final_stats=1 \
	    build/fuzz/corpus tests/toml-test/valid tests/toml-test/invalid > build/fuzz/toml.log 2>&1; \
	    s=$$?; tail -25 build/fuzz/toml.log; exit $$s
	@mkdir -p build/fuzz/csv_corpus   # the readers of text tables and recordings (fuzz/fuzz_csv.c)
	clang -g -O1 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o build/fuzz/fuzz_csv fuzz/fuzz_csv.c src/io/table.c cli/recordings.c
	build/fuzz/fuzz_csv -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -print_final_stats=1 \
	    build/fuzz/csv_corpus > build/fuzz/csv.log 2>&1; s=$$?; tail -25 build/fuzz/csv.log; exit $$s

# libFuzzer on the whole loader (fuzz/fuzz_load.c): model files through
# validation, the build and one step, with the library compiled in; seeded
# with the examples, the benchmark models and the model files the tests use
# (fuzz/test_models.py).  Also FUZZ_SECONDS; fails on any crash, leak or hang.
FUZZ_LOAD := build/fuzz/fuzz_load
fuzz: fuzz-load
.PHONY: fuzz-load
fuzz-load:
	@scripts/install-deps.sh --fuzz
	@mkdir -p build/fuzz/load-corpus
	/usr/bin/python3 fuzz/test_models.py build/fuzz/load-seeds
	clang -g -O1 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -fopenmp -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -Wl,--wrap=fopen -o $(FUZZ_LOAD) fuzz/fuzz_load.c $(LIB_SRC) -lm -lzip $(FFTW_LIBS) -llapack
	$(FUZZ_LOAD) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=60 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/load- \
	    build/fuzz/load-corpus build/fuzz/load-seeds examples bench/models > build/fuzz/load.log 2>&1; \
	    status=$$?; tail -25 build/fuzz/load.log; exit $$status

demo: deps
	$(MAKE) $(BUILD)/axon
	$(BUILD)/axon demo

clean:
	rm -rf build build-asan

-include $(DEPS)
