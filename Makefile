# lockspin - see README.md.
#
#   make          build ./lockspin
#   make check    verify every spec, write results/
#   make test     unit (ASan+UBSan), golden and end-to-end tests
#   make models   regenerate the committed Promela in models/
#   make golden   accept new output: rewrite the front-end and trace goldens
#                 and models/ (extract/test/golden.sh); review git diff
#   make bench    runtime benchmarks (prints a table)
#   make install  PREFIX=/usr/local (and DESTDIR): the binary, lockspin.h,
#                 the harness sources `run` builds with, lockspin.1
#   make fuzz     libFuzzer on the parsers and the front end (FUZZ_SECONDS
#                 in all) and a long random-protocol run (FUZZ_COUNT seeds)
#
# check and test first install missing Debian packages when run as root, and
# otherwise print the exact apt-get command.

LLVM_CONFIG ?= llvm-config-19
PKGS := spin graphviz libgraphviz-dev libclang-19-dev llvm-19-dev gcc make \
	python3-jsonschema libxml2-utils chromium parallel clang-19 libclang-rt-19-dev groff-base tcc
WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -DLS_HARNESS_DIR='"$(PREFIX)/share/lockspin/harness"'
LLVM_INC = $(shell $(LLVM_CONFIG) --includedir 2>/dev/null)
LLVM_LIB = $(shell $(LLVM_CONFIG) --libdir 2>/dev/null)
CLANG_LIBS = -L$(LLVM_LIB) -lclang -Wl,-rpath,$(LLVM_LIB)
GV_LIBS := -lgvc -lcgraph -lcdt
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS := $(filter-out extract/main.c,$(wildcard extract/*.c))
OBJS := $(patsubst extract/%.c,build/obj/%.o,$(SRCS))
SAN_OBJS := $(patsubst extract/%.c,build/asan/%.o,$(SRCS))
HDRS := $(wildcard extract/*.h) harness/ls_kinds.h harness/ls_verdicts.h

SPECS := $(wildcard spec/basics/*.c) $(wildcard spec/selftest/*.c) $(wildcard spec/kernel/*.c) $(wildcard spec/*.c)

.PHONY: all check test golden models bench deps clean install fuzz fuzz-build
all: lockspin

deps:
	@missing=""; \
	for p in $(PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >build-deps.log 2>&1 \
	      || { cat build-deps.log; exit 1; }; rm -f build-deps.log; \
	  else \
	    echo "lockspin needs:$$missing"; \
	    echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build/obj/%.o: extract/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -I$(LLVM_INC) -c $< -o $@

build/asan/%.o: extract/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 -g $(SAN) -I$(LLVM_INC) -c $< -o $@

lockspin: build/obj/main.o $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(CLANG_LIBS) $(GV_LIBS) -lm

# The sanitized build is what the tests run end to end, too.
build/lockspin-asan: build/asan/main.o $(SAN_OBJS)
	$(CC) $(SAN) -o $@ $^ $(CLANG_LIBS) $(GV_LIBS) -lm

build/test/%: extract/test/%.c $(SAN_OBJS) extract/test/test.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 -g $(SAN) -Iextract -I$(LLVM_INC) -o $@ $< $(SAN_OBJS) $(CLANG_LIBS) $(GV_LIBS) -lm

UNIT_TESTS := $(patsubst extract/test/%.c,build/test/%,$(wildcard extract/test/*_test.c))

# Every counterexample is replayed on the real code 100 times and must be
# confirmed each time (SUMMARY.md says so per variant).
REPLAY_RUNS ?= 100

check: lockspin
	./lockspin check --reuse --replay-runs $(REPLAY_RUNS) --results results --work build/pan $(SPECS)

test: lockspin build/lockspin-asan $(UNIT_TESTS) fuzz-build
	@XDG_CACHE_HOME=$(CURDIR)/build/cache REPLAY_RUNS=$(REPLAY_RUNS) sh extract/test/run.sh

# libFuzzer builds: every object with coverage (fuzzer-no-link) and ASan+UBSan.
FUZZ_CC ?= clang-19
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJS := $(patsubst extract/%.c,build/fuzz/obj/%.o,$(SRCS))
FUZZ_RT := build/fuzz/obj/harness-runtime.o build/fuzz/obj/harness-validator.o
FUZZ_BINS := build/fuzz/fuzz_trail build/fuzz/fuzz_schedule build/fuzz/fuzz_frontend
FUZZ_SECONDS ?= 600
FUZZ_COUNT ?= 400
FUZZ_FIRST ?= 1000

build/fuzz/obj/%.o: extract/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -I$(LLVM_INC) -c $< -o $@

build/fuzz/obj/harness-%.o: harness/%.c harness/rt.h harness/lockspin.h | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 $(WARN) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -Iharness -c $< -o $@

build/fuzz/fuzz_schedule: extract/test/fuzz/fuzz_schedule.c harness/replay.c $(FUZZ_RT)
	$(FUZZ_CC) -std=c11 $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -Iharness -o $@ $< $(FUZZ_RT) -lpthread

build/fuzz/fuzz_frontend: extract/test/fuzz/fuzz_frontend.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -Iextract -I$(LLVM_INC) -Wl,--wrap=exit -Wl,--wrap=__sanitizer_cov_8bit_counters_init -o $@ $< $(FUZZ_OBJS) $(CLANG_LIBS) $(GV_LIBS) -lm

build/fuzz/fuzz_%: extract/test/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -Iextract -I$(LLVM_INC) -o $@ $< $(FUZZ_OBJS) $(CLANG_LIBS) $(GV_LIBS) -lm

fuzz-build: $(FUZZ_BINS)
.SECONDARY: $(FUZZ_OBJS) $(FUZZ_RT)

fuzz: lockspin fuzz-build
	@sh extract/test/fuzz/run.sh $$(( $(FUZZ_SECONDS) / 3 ))
	@python3 extract/test/selftest/protogen.py run $(FUZZ_FIRST) $(FUZZ_COUNT)

models: lockspin
	@sh extract/test/models.sh update

golden: lockspin build/lockspin-asan build/test/trace_test build/test/ir_parse_test
	@sh extract/test/golden.sh

bench: lockspin
	@sh harness/bench/run.sh

HARNESS_SRCS := harness/lockspin.h harness/lockspin-sidecar.h harness/ls_kinds.h harness/ls_verdicts.h harness/rt.h harness/runtime.c harness/validator.c harness/replay.c harness/main.c
install: lockspin
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/lockspin/harness \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 lockspin $(DESTDIR)$(PREFIX)/bin/lockspin
	install -m 644 harness/lockspin.h $(DESTDIR)$(PREFIX)/include/lockspin.h
	# lockspin.h reads its lock kinds from ls_kinds.h, beside it
	install -m 644 harness/ls_kinds.h $(DESTDIR)$(PREFIX)/include/ls_kinds.h
	install -m 644 harness/lockspin-sidecar.h $(DESTDIR)$(PREFIX)/include/lockspin-sidecar.h
	install -m 644 $(HARNESS_SRCS) $(DESTDIR)$(PREFIX)/share/lockspin/harness/
	# the lock-API headers (linux/, xen/, asm/): the front end and run add -I<harness>/include
	install -d $(DESTDIR)$(PREFIX)/share/lockspin/harness/include/linux \
		$(DESTDIR)$(PREFIX)/share/lockspin/harness/include/xen $(DESTDIR)$(PREFIX)/share/lockspin/harness/include/asm
	install -m 644 $(wildcard harness/include/linux/*.h) $(DESTDIR)$(PREFIX)/share/lockspin/harness/include/linux/
	install -m 644 $(wildcard harness/include/xen/*.h) $(DESTDIR)$(PREFIX)/share/lockspin/harness/include/xen/
	install -m 644 $(wildcard harness/include/asm/*.h) $(DESTDIR)$(PREFIX)/share/lockspin/harness/include/asm/
	install -m 644 doc/lockspin.1 $(DESTDIR)$(PREFIX)/share/man/man1/lockspin.1

clean:
	rm -rf build lockspin
