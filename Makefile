# iommu-fault-abi: spec, canonical header, checker and conformance suites.
#
#   make            build build/iommu-fault-abi
#   make report     the main job: check the canonical headers of both specs on every ABI
#   make check      every test suite (installs what it needs on Debian)
#   make check-decoder DECODER='cmd args' [BYTE_ORDER=big]
#                   run a decoder against the record fixtures (default: the reference one)
#   make regen      regenerate conformance/generated/, fixtures/generated/ and the golden
#                   reports of conformance/cases/ (review the diff)
#   make html       the specs of spec/ as HTML with rule anchors and drawings, in build/html/
#   make bench      the checker against a plain compile loop; decode and queue against memcpy
#   make fuzz       libFuzzer on every fuzz target for FUZZ_SECONDS each (30)
#   make fuzz-long  every fuzz target for FUZZ_RUNS inputs each (10 million)
#   make install    PREFIX=/usr/local DESTDIR= (make uninstall with the same two)

PREFIX ?= /usr/local
DESTDIR ?=
LLVM_PREFIX ?= $(shell llvm-config-19 --prefix 2>/dev/null || echo /usr/lib/llvm-19)
PYTEST ?= /usr/bin/python3 -m pytest
# The cases on every core (python3-pytest-xdist); tests that build the same file
# share an xdist_group and run on one worker. PYTEST_PARALLEL= runs them in turn.
PYTEST_PARALLEL ?= -n auto --dist loadgroup

CC := gcc
CFLAGS ?= -O2 -g
WARN := -std=gnu11 -Wall -Wextra -Werror
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CLANG_CFLAGS := -I$(LLVM_PREFIX)/include
CLANG_LIBS := -L$(LLVM_PREFIX)/lib -lclang -Wl,-rpath,$(LLVM_PREFIX)/lib
CHECK_LIBS = $(shell pkg-config --libs check)

# The checker in its stages: measure -> model -> rules -> verdict -> formats, with
# the spec parser, the CLI and util; the fixture generator and the decoder
# harness beside it.
CHECKER := conformance/checker
SRC_DIRS := $(CHECKER) $(addprefix $(CHECKER)/,measure model rules verdict formats spec) \
	conformance/fixture-gen conformance/decoder-harness
SRC := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c))
HDR := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))
INC := $(addprefix -I,$(SRC_DIRS))
LIB_SRC := $(CHECKER)/spec/spec.c $(CHECKER)/rules/checks.c $(CHECKER)/util.c \
	$(CHECKER)/verdict/findings.c
FX_SRC := conformance/fixture-gen/fixture.c conformance/fixture-gen/fixture_gen.c
REF_SRC := conformance/ref/ifa_ref.c conformance/ref/ifa_format.c conformance/ref/ifa_transport.c
REF_HDR := $(wildcard conformance/ref/*.h) abi/include/linux/iommu_fault.h
REF_CFLAGS := -Iabi/include -Iconformance/ref
# The deliberately wrong decoders, by the defect number of ref_decoder.c.
WRONG_DECODERS := $(foreach n,1 2 3 4 5 6 7,build/wrong-decoder-$(n))
# The fuzz targets of conformance/fuzz/, and their replay binaries (make check).
FUZZ_TARGETS := decode response queue decoder_line spec fixture
FUZZ_REPLAY := $(addprefix build/fuzz-replay/,$(FUZZ_TARGETS))
# The page group implementation (section 9), and its deliberately wrong builds by the
# defect number of ifa_groups.c.
GROUPS_SRC := conformance/ref/ifa_groups.c
WRONG_GROUPS := $(foreach n,1 2 3 4 5 6 7 8 9 10 11,build/wrong-groups-$(n))
# The reference decoder built for ABIs unlike the host's and run under qemu-user:
# s390x (big endian), m68k (big endian, __u64 2-aligned), i386 (__u64 4-aligned).
CROSS_TRIPLES := s390x-linux-gnu m68k-linux-gnu i686-linux-gnu
CROSS_DECODERS := $(foreach t,$(CROSS_TRIPLES),build/cross/$(t)/ref-decoder)
DECODER ?= $(CURDIR)/build/ref-decoder
DATADIR_SHARE := $(PREFIX)/share/iommu-fault-abi
DEPS := sh conformance/tools/ensure-deps.sh

TOOL := build/iommu-fault-abi
SAN_TOOL := build/san/iommu-fault-abi
# What each mk/*.mk adds to the binaries the pytest harness runs.
HARNESS_DEPS :=

.PHONY: FORCE all report check regen bench fuzz fuzz-long install clean deps-build deps-test deps-header \
	check-generated check-host check-harness check-decoder uninstall

all: $(TOOL)

deps-build:
	@$(DEPS) build
deps-test:
	@$(DEPS) build header test
deps-header:
	@$(DEPS) build header

$(TOOL): $(SRC) $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(INC) $(CLANG_CFLAGS) -DIFA_DATADIR='"$(CURDIR)"' $(SRC) $(CLANG_LIBS) -o $@

$(SAN_TOOL): $(SRC) $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) $(CLANG_CFLAGS) -DIFA_DATADIR='"$(CURDIR)"' $(SRC) $(CLANG_LIBS) -o $@

# The installed checker has its data directory compiled in: rebuild when PREFIX changes.
build/installed/datadir: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR_SHARE)' | cmp -s - $@ || echo '$(DATADIR_SHARE)' > $@

build/installed/iommu-fault-abi: $(SRC) $(HDR) build/installed/datadir | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(INC) $(CLANG_CFLAGS) -DIFA_DATADIR='"$(DATADIR_SHARE)"' $(SRC) $(CLANG_LIBS) -o $@

report: $(TOOL) | deps-header
	$(TOOL) check
	$(TOOL) check --spec spec/iommufd-fault.md abi/include/linux/iommufd_fault.h

# --- tests -------------------------------------------------------------------

check: deps-test check-generated check-host check-harness
	@echo "make check: every suite passed"

# Generated files must be what the spec and fixture texts say now: `make regen` refreshes them.
check-generated: $(TOOL)
	@if $(TOOL) fixtures --check; then \
		echo "suite fixtures: 1 passed, 0 failed (fixtures/generated/ is current)"; \
	else \
		echo "suite fixtures: 0 passed, 1 failed"; exit 1; \
	fi
	@if /usr/bin/python3 conformance/tools/golden.py $(TOOL) --check; then \
		echo "suite golden: 1 passed, 0 failed (conformance/cases/*/*.report.* are current)"; \
	else \
		echo "suite golden: 0 passed, 1 failed: run make regen and review the diff"; exit 1; \
	fi
	@$(TOOL) spec-table > build/spec_table.h.new
	@if cmp -s build/spec_table.h.new conformance/generated/spec_table.h; then \
		echo "suite generated: 1 passed, 0 failed (conformance/generated/spec_table.h is current)"; \
	else \
		diff -u conformance/generated/spec_table.h build/spec_table.h.new | head -40; \
		echo "suite generated: 0 passed, 1 failed: conformance/generated/spec_table.h is stale; run make regen and review the diff"; \
		exit 1; \
	fi

build/%/check_host_layout: conformance/tests/check_host_layout.c conformance/tests/check_run.h conformance/generated/spec_table.h abi/include/linux/iommu_fault.h | deps-test
	@mkdir -p $(@D)
	$* $(WARN) -O1 -g $(SAN) -DIFA_CC='"$*"' -Iabi/include -Iconformance/generated $< $(CHECK_LIBS) -o $@

build/check_spec_parser: conformance/tests/check_spec_parser.c conformance/tests/check_run.h $(LIB_SRC) $(HDR) | deps-test
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) -DIFA_SPEC='"$(CURDIR)/spec/iommu-fault-abi.md"' \
		$< $(LIB_SRC) $(CHECK_LIBS) -o $@

# The judging stage alone, over hand-built models: no compiler, no process.
MODEL_SRC := $(CHECKER)/model/measure.c $(CHECKER)/rules/judge.c $(CHECKER)/rules/portability.c \
	$(CHECKER)/rules/hygiene.c $(CHECKER)/measure/abis.c $(CHECKER)/measure/pahole_engine.c
build/check_rules_model: conformance/tests/check_rules_model.c conformance/tests/check_run.h $(LIB_SRC) $(MODEL_SRC) $(HDR) | deps-test
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) -DIFA_ROOT='"$(CURDIR)"' \
		$< $(LIB_SRC) $(MODEL_SRC) $(CHECK_LIBS) -o $@

build/check_ref: conformance/tests/check_ref.c conformance/tests/check_run.h $(LIB_SRC) $(FX_SRC) $(REF_SRC) $(HDR) $(REF_HDR) | deps-test
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) $(REF_CFLAGS) -DIFA_ROOT='"$(CURDIR)"' \
		$< $(LIB_SRC) $(FX_SRC) $(REF_SRC) $(CHECK_LIBS) -o $@

# The same suite as built for use: the sanitizers leave out the vector clones of the queue.
build/optimized/check_ref: conformance/tests/check_ref.c conformance/tests/check_run.h $(LIB_SRC) $(FX_SRC) $(REF_SRC) $(HDR) $(REF_HDR) | deps-test
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 $(INC) $(REF_CFLAGS) -DIFA_ROOT='"$(CURDIR)"' \
		$< $(LIB_SRC) $(FX_SRC) $(REF_SRC) $(CHECK_LIBS) -o $@

build/ref-decoder: conformance/ref/ref_decoder.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(REF_CFLAGS) $< $(REF_SRC) -o $@

build/groups-fixtures: conformance/tests/groups_fixtures.c $(GROUPS_SRC) $(REF_SRC) $(LIB_SRC) $(REF_HDR) $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) $(REF_CFLAGS) $< $(GROUPS_SRC) $(REF_SRC) $(LIB_SRC) conformance/fixture-gen/fixture.c -o $@

build/wrong-groups-%: conformance/tests/groups_fixtures.c $(GROUPS_SRC) $(REF_SRC) $(LIB_SRC) $(REF_HDR) $(HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(INC) $(REF_CFLAGS) -DIFA_DEFECT=$* $< $(GROUPS_SRC) $(REF_SRC) $(LIB_SRC) conformance/fixture-gen/fixture.c -o $@

build/wrong-decoder-%: conformance/ref/ref_decoder.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(REF_CFLAGS) -DIFA_DEFECT=$* $< $(REF_SRC) -o $@

check-host: build/gcc/check_host_layout build/clang/check_host_layout build/check_spec_parser \
	    build/check_rules_model \
	    build/check_ref build/optimized/check_ref
	build/gcc/check_host_layout
	build/clang/check_host_layout
	build/check_spec_parser
	build/check_rules_model
	build/check_ref
	build/optimized/check_ref

build/cross/%/ref-decoder: conformance/ref/ref_decoder.c $(REF_SRC) $(REF_HDR) | deps-test
	@mkdir -p $(@D)
	$*-gcc $(WARN) -O2 -static $(REF_CFLAGS) $< $(REF_SRC) -o $@

# ThreadSanitizer knows release/acquire: it is the judge of IFA-QUE-8 and IFA-QUE-7.
build/queue-threads: conformance/tests/queue_threads.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g -fsanitize=thread $(REF_CFLAGS) $< $(REF_SRC) -pthread -o $@

# The same over a reference queue whose producer loads tail relaxed (IFA-QUE-7's defect).
build/queue-threads-relaxed-tail: conformance/tests/queue_threads.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g -fsanitize=thread -DIFA_TAIL_LOAD_ORDER=__ATOMIC_RELAXED $(REF_CFLAGS) \
		$< $(REF_SRC) -pthread -o $@

# Before check-harness: make expands a rule's prerequisites where it reads the rule.
include mk/iofd-model.mk mk/roles.mk

# The same over a reference queue whose consumer loads head relaxed (IFA-QUE-9's defect).
build/queue-threads-relaxed-head: conformance/tests/queue_threads.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g -fsanitize=thread -DIFA_HEAD_LOAD_ORDER=__ATOMIC_RELAXED $(REF_CFLAGS) \
		$< $(REF_SRC) -pthread -o $@

check-harness: $(SAN_TOOL) $(TOOL) build/ref-decoder $(WRONG_DECODERS) build/queue-threads \
	    build/queue-threads-relaxed-tail build/queue-threads-relaxed-head $(FUZZ_REPLAY) \
	    build/groups-fixtures $(WRONG_GROUPS) \
	    $(CROSS_DECODERS) $(HARNESS_DEPS)
	IFA_TOOL=$(CURDIR)/$(SAN_TOOL) $(PYTEST) -q $(PYTEST_PARALLEL) conformance/tests

check-decoder: $(TOOL) build/ref-decoder
	$(TOOL) check-decoder $(if $(BYTE_ORDER),--byte-order $(BYTE_ORDER)) $(DECODER)

# --- maintenance ---------------------------------------------------------------

# Every spec as one self-contained page: an anchor per rule ID, byte maps of its layout
# tables, the queue's ring (conformance/tools/spec_html.py, with cmark-gfm).
SPEC_HTML := $(patsubst spec/%.md,build/html/%.html,$(wildcard spec/*.md))

.PHONY: html deps-html
html: $(SPEC_HTML)
	@echo "make html: $(SPEC_HTML)"

deps-html:
	@$(DEPS) html

build/html/%.html: spec/%.md conformance/tools/spec_html.py conformance/tools/spec_html.css | deps-html
	@mkdir -p $(@D)
	/usr/bin/python3 conformance/tools/spec_html.py $< $@

regen: $(TOOL)
	$(TOOL) spec-table > conformance/generated/spec_table.h
	$(TOOL) fixtures
	/usr/bin/python3 conformance/tools/golden.py $(TOOL) --write
	/usr/bin/python3 conformance/tools/rule_checks.py $(TOOL) --write
	@git status --short -- conformance/generated fixtures/generated conformance/cases conformance/rule-checks.tsv 2>/dev/null || true

build/bench-ref: conformance/ref/bench_ref.c $(REF_SRC) $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 $(REF_CFLAGS) $< $(REF_SRC) -o $@

bench: $(TOOL) build/bench-ref | deps-header
	@sh conformance/tools/bench.sh $(TOOL)
	@build/bench-ref

# libFuzzer targets (conformance/fuzz/), each with a seed corpus made from the
# fixtures: record decode, response validation, the queue with forged indices,
# the decoder protocol's line parser, the spec and the fixture parsers.
# `make fuzz` runs each for FUZZ_SECONDS; `make fuzz-long` for FUZZ_RUNS inputs;
# FUZZ_ONLY="queue spec" runs only the targets it names, in its order.
FUZZ_SECONDS ?= 30
FUZZ_RUNS ?= 10000000
FUZZ_ONLY ?= $(FUZZ_TARGETS)
FUZZ_SRC_decode := $(REF_SRC)
FUZZ_SRC_response := $(REF_SRC)
FUZZ_SRC_queue := $(REF_SRC)
FUZZ_SRC_decoder_line := conformance/ref/ref_decoder.c $(REF_SRC)
FUZZ_SRC_spec := $(LIB_SRC)
FUZZ_SRC_fixture := $(LIB_SRC) conformance/fixture-gen/fixture.c
FUZZ_CFLAGS := $(WARN) -O1 -g $(INC) $(REF_CFLAGS) -Iconformance/fuzz \
	-DIFA_ROOT='"$(CURDIR)"' -DIFA_DECODER_NO_MAIN

# The libFuzzer binary (clang), and the same target as a replay binary (GCC,
# ASan and UBSan) that make check runs on the regression inputs.
define fuzz_target
build/fuzz/$(1): conformance/fuzz/fuzz_$(1).c conformance/fuzz/fuzz_input.h $$(FUZZ_SRC_$(1)) $$(HDR) $$(REF_HDR) | deps-test
	@mkdir -p $$(@D)
	clang $$(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$$< $$(FUZZ_SRC_$(1)) -o $$@
build/fuzz-replay/$(1): conformance/fuzz/fuzz_$(1).c conformance/fuzz/replay.c conformance/fuzz/fuzz_input.h $$(FUZZ_SRC_$(1)) $$(HDR) $$(REF_HDR) | deps-build
	@mkdir -p $$(@D)
	$$(CC) $$(FUZZ_CFLAGS) $$(SAN) $$< conformance/fuzz/replay.c $$(FUZZ_SRC_$(1)) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target,$(t))))
FUZZ_BINS := $(addprefix build/fuzz/,$(FUZZ_ONLY))

fuzz: $(FUZZ_BINS)
	@sh conformance/fuzz/run.sh time $(FUZZ_SECONDS) $(FUZZ_ONLY)

fuzz-long: $(FUZZ_BINS)
	@sh conformance/fuzz/run.sh runs $(FUZZ_RUNS) $(FUZZ_ONLY)

# The reference implementation as a library, for a VMM's own tests or decoder.
build/lib/%.o: conformance/ref/%.c $(REF_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 -fPIC $(REF_CFLAGS) -c $< -o $@

build/lib/libifa-ref.a: build/lib/ifa_ref.o build/lib/ifa_format.o build/lib/ifa_groups.o \
	    build/lib/ifa_transport.o
	rm -f $@
	ar rcs $@ $^

# One man page per command of main.c's command table, and the command's own.
MAN_PAGES := $(wildcard doc/man/*.1)
LIBDIR_INST := $(PREFIX)/lib
INCDIR_INST := $(PREFIX)/include/iommu-fault-abi
# Everything install puts down, relative to $(DESTDIR)$(PREFIX), for uninstall.
INSTALLED_FILES = bin/iommu-fault-abi lib/libifa-ref.a lib/pkgconfig/iommu-fault-abi.pc \
	include/iommu-fault-abi/ifa_ref.h include/iommu-fault-abi/ifa_format.h \
	include/iommu-fault-abi/ifa_groups.h include/iommu-fault-abi/ifa_transport.h \
	include/iommu-fault-abi/linux/iommu_fault.h share/doc/iommu-fault-abi/LICENSE \
	$(addprefix share/man/man1/,$(notdir $(MAN_PAGES)))

install: build/installed/iommu-fault-abi build/lib/libifa-ref.a
	install -D -m 755 build/installed/iommu-fault-abi $(DESTDIR)$(PREFIX)/bin/iommu-fault-abi
	install -D -m 644 spec/iommu-fault-abi.md $(DESTDIR)$(DATADIR_SHARE)/spec/iommu-fault-abi.md
	install -D -m 644 spec/uapi-portability.md $(DESTDIR)$(DATADIR_SHARE)/spec/uapi-portability.md
	install -D -m 644 spec/iommufd-fault.md $(DESTDIR)$(DATADIR_SHARE)/spec/iommufd-fault.md
	install -D -m 644 abi/include/linux/iommu_fault.h $(DESTDIR)$(DATADIR_SHARE)/abi/include/linux/iommu_fault.h
	install -D -m 644 abi/include/linux/iommufd_fault.h $(DESTDIR)$(DATADIR_SHARE)/abi/include/linux/iommufd_fault.h
	install -D -m 644 conformance/kernel-types/linux/types.h $(DESTDIR)$(DATADIR_SHARE)/conformance/kernel-types/linux/types.h
	install -m 644 -D -t $(DESTDIR)$(DATADIR_SHARE)/fixtures/ fixtures/*.txt
	for d in records records-be responses responses-be; do \
		install -m 644 -D -t $(DESTDIR)$(DATADIR_SHARE)/fixtures/generated/$$d fixtures/generated/$$d/*.bin || exit 1; \
	done
	install -D -m 644 build/lib/libifa-ref.a $(DESTDIR)$(LIBDIR_INST)/libifa-ref.a
	install -D -m 644 -t $(DESTDIR)$(INCDIR_INST) conformance/ref/ifa_ref.h conformance/ref/ifa_format.h \
		conformance/ref/ifa_groups.h conformance/ref/ifa_transport.h
	install -D -m 644 abi/include/linux/iommu_fault.h $(DESTDIR)$(INCDIR_INST)/linux/iommu_fault.h
	install -D -m 644 conformance/ref/iommu-fault-abi.pc $(DESTDIR)$(LIBDIR_INST)/pkgconfig/iommu-fault-abi.pc
	install -D -m 644 -t $(DESTDIR)$(PREFIX)/share/man/man1 $(MAN_PAGES)
	install -D -m 644 LICENSE $(DESTDIR)$(PREFIX)/share/doc/iommu-fault-abi/LICENSE
	install -D -m 644 -t $(DESTDIR)$(DATADIR_SHARE)/schema schema/*.schema.json

# Removes what install put down, and the directories of this package that are then empty.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED_FILES))
	rm -rf $(DESTDIR)$(DATADIR_SHARE)
	-rmdir $(DESTDIR)$(INCDIR_INST)/linux $(DESTDIR)$(INCDIR_INST) \
		$(DESTDIR)$(PREFIX)/share/doc/iommu-fault-abi 2>/dev/null

clean:
	rm -rf build
