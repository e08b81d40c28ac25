# mcpc: the MCP AI-102 deployment compiler.
#   make            build/mcpc, build/libmcpc.a and build/libmcpc.so.VERSION
#   make test       every suite; the last line is "N passed, N failed"
#   make demo       check the bundled example spec
#   make asan       the test suite under AddressSanitizer + UBSan
#   make valgrind   the test suite under valgrind memcheck (slow: half an hour)
#   make fuzz       libFuzzer on the loader (FUZZ_SECONDS, default 60)
#   make bench      the performance table (docs/bench.md), then the front end
#                   against a bare libyaml loop, schema, versions and check
#   make install    PREFIX (/usr/local), LIBDIR and DESTDIR honoured
#   make uninstall  removes what make install put there
#   make deps       install the Debian -dev packages (as root) or say which
#   make conformance  the JSON Schema Test Suite (from ../shared/conformance)
#                   and version-match against node-semver and Python's packaging
#   make lint       cppcheck and clang-format --dry-run

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
DESTDIR ?=
# ldconfig refreshes the run-time linker's cache after make install; it runs
# only as root and without DESTDIR (a staged install is not this system's).
LDCONFIG ?= ldconfig
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
SAN ?=

PKGS := yaml-0.1 jansson libpcre2-8 libgit2 libxxhash
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

# Where this copy of mcpc's repository is published: reports link to it
# (SARIF's informationUri) and to each rule's page, DOCS_URL/rules/ID.md.
# A change takes effect on a clean build (make clean).
URL ?= https://git.example.com/platform/mcpc
DOCS_URL ?= $(URL)/blob/main/docs

WARN := -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wshadow
ALL_CFLAGS = $(WARN) -D_DEFAULT_SOURCE -Iinclude -Icompiler $(PKG_CFLAGS) $(CFLAGS) $(SAN)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lm -pthread

# The library's version is the header's MCPC_VERSION. The shared library is
# libmcpc.so.VERSION with the soname libmcpc.so.MAJOR: a program linked
# against it runs with any later release of the same major version.
VERSION := $(shell sed -n 's/^\#define MCPC_VERSION "\([0-9.]*\)"$$/\1/p' include/mcpc/mcpc.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME := libmcpc.so.$(SOMAJOR)
SHLIB := libmcpc.so.$(VERSION)

LIB_SRC := $(sort $(wildcard compiler/support/*.c compiler/front/*.c \
	compiler/check/*.c compiler/check/*/*.c compiler/emit/*.c compiler/git/*.c))
CLI_SRC := $(sort $(wildcard compiler/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
EMBEDDED := $(sort $(wildcard schema/*.json)) $(sort $(wildcard rules/compat/*.yaml)) \
	$(sort $(wildcard rules/packs/*.yaml)) $(sort $(wildcard rules/rbac/*.yaml)) \
	$(sort $(shell find charts -type f 2>/dev/null))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS := $(wildcard include/mcpc/*.h compiler/*/*.h compiler/*/*/*.h)

.PHONY: all test test-run demo demo-run asan valgrind deps deps-check clean install uninstall \
	fuzz-smoke fuzz bench lint conformance docs

all: deps-check $(BUILD)/mcpc $(BUILD)/libmcpc.a $(BUILD)/$(SHLIB) $(BUILD)/mcpc.1 \
	$(BUILD)/completions/mcpc.bash $(BUILD)/completions/_mcpc

# The man page and the completion scripts, made by the binary from its own
# command table and help texts.
$(BUILD)/mcpc.1: $(BUILD)/mcpc scripts/manpage.sh
	sh scripts/manpage.sh $(BUILD)/mcpc > $@.tmp && mv $@.tmp $@

$(BUILD)/completions/mcpc.bash: $(BUILD)/mcpc
	@mkdir -p $(dir $@)
	$(BUILD)/mcpc completion bash > $@.tmp && mv $@.tmp $@

$(BUILD)/completions/_mcpc: $(BUILD)/mcpc
	@mkdir -p $(dir $@)
	$(BUILD)/mcpc completion zsh > $@.tmp && mv $@.tmp $@

deps:
	@scripts/deps.sh

deps-check:
	@scripts/deps.sh --check --build

# The library's objects serve both the archive and the shared library:
# position-independent, every symbol hidden but the public API (MCP_EXPORT
# in include/mcpc/), and calls between the library's own functions bound
# at link time. The command-line objects are the program's alone.
$(LIB_OBJ): OBJ_CFLAGS = -fPIC -fvisibility=hidden -fno-semantic-interposition
$(BUILD)/obj/compiler/emit/rule_help.o: ALL_CFLAGS += \
	-DMCPC_URL='"$(URL)"' -DMCPC_DOCS_URL='"$(DOCS_URL)"'

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

# Schemas (and later rule packs) are compiled into the library.
$(BUILD)/embed: scripts/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gen/embedded.c: $(EMBEDDED) $(BUILD)/embed Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/embed $(EMBEDDED) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c compiler/check/embedded.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

$(BUILD)/libmcpc.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# The shared library, from the same objects. It names every library it
# needs (-z defs fails the link on a symbol none of them defines), so that
# a program linked against it needs only -lmcpc; the soname links are made
# beside it, as make install makes them.
$(BUILD)/$(SHLIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(ALL_LDFLAGS) -Wl,-soname,$(SONAME) -Wl,-z,defs \
		-Wl,--as-needed -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf $(SHLIB) $(BUILD)/$(SONAME)
	ln -sf $(SHLIB) $(BUILD)/libmcpc.so

# mcpc itself links the archive: no run-time symbol lookup at startup.
# It links its dependencies' archives too, where the system has every one
# (each found in the folder pkg-config gives for it; libmbedcrypto, for
# libgit2's SHA-256, in libgit2's): the shared libgit2 alone loads a dozen
# libraries (SSH, TLS, Kerberos, OpenSSL) for remotes mcpc never talks
# to, and mapping and relocating them cost more than the rest of a
# `lint --staged`. compiler/cli/nonet.c then stands in for the network
# libraries (built with MCPC_STATIC_GIT2). STATIC=0 links the shared
# libraries, as the test programs and libmcpc.so do (make clean after
# changing it).
static_a = $(shell d=$$(pkg-config --variable=libdir $(1) 2>/dev/null) && \
	[ -f "$$d/lib$(2).a" ] && echo "$$d/lib$(2).a")
STATIC_WANT := git2:libgit2 mbedcrypto:libgit2 pcre2-8:libpcre2-8 z:zlib \
	yaml:yaml-0.1 jansson:jansson xxhash:libxxhash
STATIC_LIBS := $(foreach w,$(STATIC_WANT),$(call static_a,$(word 2,$(subst :, ,$(w))),$(word 1,$(subst :, ,$(w)))))
STATIC ?= $(if $(word $(words $(STATIC_WANT)),$(STATIC_LIBS)),1,0)
ifeq ($(STATIC),1)
MCPC_LIBS = $(STATIC_LIBS) -lm -pthread
$(BUILD)/obj/compiler/cli/nonet.o: ALL_CFLAGS += -DMCPC_STATIC_GIT2
else
MCPC_LIBS = $(LIBS)
endif
$(BUILD)/mcpc: $(CLI_OBJ) $(BUILD)/libmcpc.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libmcpc.a $(MCPC_LIBS)

# Each fuzz target without libFuzzer, for the inputs under fixtures/fuzz/.
REPLAY_BIN := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/tests/replay_%,\
	$(sort $(wildcard tests/fuzz/fuzz_*.c)))
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libmcpc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(BUILD)/libmcpc.a $(LIBS) $(ALL_LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libmcpc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< \
		$(BUILD)/libmcpc.a $(CMOCKA_LIBS) $(LIBS) $(ALL_LDFLAGS)

# The suites. tests/run.sh runs each and prints the total as its last line.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: all $(UNIT_BIN) $(REPLAY_BIN) $(BUILD)/tests/jsts
	@BUILD=$(BUILD) sh tests/run.sh

# The JSON Schema Test Suite, read from ../shared/conformance at test time.
CONFORMANCE ?= ../shared/conformance
conformance: all $(BUILD)/tests/jsts
	@if [ -d "$(CONFORMANCE)/json-schema-test-suite" ]; then \
		$(BUILD)/tests/jsts $(CONFORMANCE) $(if $(V),-v); \
	else \
		echo "conformance: skipped: $(CONFORMANCE) not found"; \
	fi
	@BUILD=$(BUILD) sh tests/conformance/semver.sh
	@BUILD=$(BUILD) sh tests/conformance/pep440.sh
	@BUILD=$(BUILD) sh tests/conformance/helm.sh

$(BUILD)/tests/jsts: tests/conformance/jsts.c $(BUILD)/libmcpc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libmcpc.a $(LIBS) $(ALL_LDFLAGS)

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@echo '$$ build/mcpc check fixtures/demo/fraud-scoring.mcp.yaml'
	@$(BUILD)/mcpc check fixtures/demo/fraud-scoring.mcp.yaml && echo 'clean: no findings'
	@echo
	@echo '$$ build/mcpc check fixtures/demo/broken.mcp.yaml   # a spec with mistakes'
	@$(BUILD)/mcpc check fixtures/demo/broken.mcp.yaml; \
		echo "exit status $$? (2: the input is malformed)"
	@echo
	@echo '$$ build/mcpc build -e prod fixtures/demo/fraud-scoring.mcp.yaml'
	@$(BUILD)/mcpc build -e prod fixtures/demo/fraud-scoring.mcp.yaml
	@ls -l out/fraud-scoring/prod/
	@grep '^kind:' out/fraud-scoring/prod/manifests.yaml | sort | uniq -c

asan: deps
	@$(MAKE) --no-print-directory test-run BUILD=build-asan \
		CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# Every unit test and every mcpc the suites start under valgrind memcheck.
valgrind: all $(UNIT_BIN) $(REPLAY_BIN) $(BUILD)/tests/jsts
	@BUILD=$(BUILD) sh tests/valgrind.sh

FUZZ_SECONDS ?= 60
fuzz:
	@scripts/deps.sh --fuzz
	@$(MAKE) --no-print-directory build-fuzz/fuzz_load
	@mkdir -p build-fuzz/corpus
	build-fuzz/fuzz_load -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		-rss_limit_mb=2048 -timeout=10 -artifact_prefix=build-fuzz/ \
		build-fuzz/corpus fixtures/yaml fixtures/demo

# Every fuzz target for FUZZ_SMOKE_SECONDS each (CI's smoke), seeded from
# the fixtures and the bundled data; a crash, leak or timeout fails.
FUZZ_TARGETS := load schema version manifest quantity config
FUZZ_SMOKE_SECONDS ?= 30
fuzz-smoke:
	@scripts/deps.sh --fuzz
	@for t in $(FUZZ_TARGETS); do \
		$(MAKE) --no-print-directory build-fuzz/fuzz_$$t || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
		case $$t in \
		load) seeds="fixtures/yaml fixtures/demo" ;; \
		schema) seeds="tests/fuzz/seeds-schema" ;; \
		version) seeds="" ;; \
		manifest) seeds="fixtures/specs/valid/services" ;; \
		quantity) seeds="" ;; \
		config) seeds="rules/packs rules/compat rules/rbac" ;; \
		esac; \
		mkdir -p build-fuzz/smoke-$$t; \
		echo "fuzz_$$t: $(FUZZ_SMOKE_SECONDS) s"; \
		if build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SMOKE_SECONDS) \
			-max_len=16384 -rss_limit_mb=2048 -timeout=10 \
			-artifact_prefix=build-fuzz/ -print_final_stats=1 \
			build-fuzz/smoke-$$t $$seeds >build-fuzz/smoke-$$t.log 2>&1; \
		then grep '^stat::number_of_executed_units' build-fuzz/smoke-$$t.log; \
		else tail -n 40 build-fuzz/smoke-$$t.log; exit 1; fi; \
	done

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(HEADERS) $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	clang $(WARN) -D_DEFAULT_SOURCE -Iinclude -Icompiler $(PKG_CFLAGS) -O1 -g \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRC) \
		$(BUILD)/gen/embedded.c $(LIBS)

# docs/rules/: one page per rule, generated from the packs and mcpc's own
# rules (checked in; tests/cli.sh fails when a page is stale).
docs: all
	@mkdir -p docs/rules
	@rm -f docs/rules/*.md
	@for id in $$($(BUILD)/mcpc rules | cut -d' ' -f1); do \
		$(BUILD)/mcpc explain --format markdown $$id > docs/rules/$$id.md.tmp && \
		mv docs/rules/$$id.md.tmp docs/rules/$$id.md || exit 1; \
	done
	@{ echo '# Rules'; echo; echo 'Generated by `make docs` from the rule packs and mcpc'"'"'s own rules; see ../rules.md.'; \
	  echo; echo '| rule | severity | category | title |'; echo '| --- | --- | --- | --- |'; \
	  $(BUILD)/mcpc rules --format json | sed -n 's/^ *"\(id\|severity\|category\|title\)": "\(.*\)",\{0,1\}$$/\2/p' | \
	  paste - - - - | awk -F '\t' '{ printf "| [%s](%s.md) | %s | %s | %s |\n", $$1, $$1, $$2, $$3, $$4 }'; \
	} > docs/rules/README.md
	@echo "docs/rules: $$(ls docs/rules/*.md | wc -l) pages"
	@$(BUILD)/mcpc schema --doc ModelDeployment > docs/spec.md.tmp && \
		mv docs/spec.md.tmp docs/spec.md
	@echo "docs/spec.md: $$(grep -c '^| `' docs/spec.md) fields"
	@$(BUILD)/mcpc matrix > docs/compat-matrix.md.tmp && \
		mv docs/compat-matrix.md.tmp docs/compat-matrix.md
	@echo "docs/compat-matrix.md: $$(grep -c '^| [^-f]' docs/compat-matrix.md) lines"
	@cp schema/values.schema.json charts/mcp-ai102/values.schema.json.tmp && \
		mv charts/mcp-ai102/values.schema.json.tmp charts/mcp-ai102/values.schema.json
	@python3 scripts/chart-readme.py charts/mcp-ai102 > charts/mcp-ai102/README.md.tmp && \
		mv charts/mcp-ai102/README.md.tmp charts/mcp-ai102/README.md
	@echo "charts/mcp-ai102: values.schema.json, README.md ($$(grep -c '^| `' charts/mcp-ai102/README.md) parameters)"

# make bench: the performance table first (tests/bench/table.sh: BENCH_SPECS,
# BENCH_BIG=0, BENCH_BASE=REV, BENCH_RECORD=FILE), then the figures below it.
bench: all
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench_load \
		$(BUILD)/bench/bench_schema
	@BUILD=$(BUILD) sh tests/bench/table.sh
	@echo
	@BUILD=$(BUILD) sh tests/bench/run.sh
	@echo
	@BUILD=$(BUILD) sh tests/bench/schema.sh
	@echo
	@BUILD=$(BUILD) sh tests/bench/versions.sh
	@echo
	@BUILD=$(BUILD) sh tests/bench/check.sh

$(BUILD)/bench/bench_load: tests/bench/bench_load.c $(BUILD)/libmcpc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libmcpc.a $(LIBS) $(ALL_LDFLAGS)

$(BUILD)/bench/bench_schema: tests/bench/bench_schema.c $(BUILD)/libmcpc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libmcpc.a $(LIBS) $(ALL_LDFLAGS)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr -Iinclude -Icompiler compiler tests/unit
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) $(HEADERS)

# make install: the program, the library (the archive, the shared library
# and its links), the headers, mcpc.pc, the man page and the completions.
# ldconfig runs only as root and without DESTDIR (LDCONFIG= skips it).
PCLIBDIR = $(patsubst $(PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(PREFIX)/include/mcpc $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 755 $(BUILD)/mcpc $(DESTDIR)$(PREFIX)/bin/mcpc
	install -m 644 $(BUILD)/libmcpc.a $(DESTDIR)$(LIBDIR)/libmcpc.a
	install -m 755 $(BUILD)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libmcpc.so
	install -m 644 include/mcpc/*.h $(DESTDIR)$(PREFIX)/include/mcpc/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 644 $(BUILD)/mcpc.1 $(DESTDIR)$(PREFIX)/share/man/man1/mcpc.1
	install -m 644 $(BUILD)/completions/mcpc.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mcpc
	install -m 644 $(BUILD)/completions/_mcpc \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mcpc
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(PCLIBDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' -e 's|@REQUIRES@|$(PKGS)|g' \
		mcpc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/mcpc.pc.tmp
	mv $(DESTDIR)$(LIBDIR)/pkgconfig/mcpc.pc.tmp $(DESTDIR)$(LIBDIR)/pkgconfig/mcpc.pc
	@if [ -z "$(DESTDIR)" ] && [ -n "$(LDCONFIG)" ] && [ "$$(id -u)" = 0 ] && \
		command -v $(LDCONFIG) >/dev/null 2>&1; then \
		echo $(LDCONFIG); $(LDCONFIG); fi

# make uninstall: what make install wrote, and nothing else; the folders
# it made are left, but for include/mcpc when it is empty.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mcpc $(DESTDIR)$(LIBDIR)/libmcpc.a \
		$(DESTDIR)$(LIBDIR)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libmcpc.so $(DESTDIR)$(LIBDIR)/pkgconfig/mcpc.pc \
		$(DESTDIR)$(PREFIX)/share/man/man1/mcpc.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mcpc \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mcpc
	rm -f $(patsubst include/%,$(DESTDIR)$(PREFIX)/include/%,$(wildcard include/mcpc/*.h))
	rmdir $(DESTDIR)$(PREFIX)/include/mcpc 2>/dev/null || true
	@if [ -z "$(DESTDIR)" ] && [ -n "$(LDCONFIG)" ] && [ "$$(id -u)" = 0 ] && \
		command -v $(LDCONFIG) >/dev/null 2>&1; then \
		echo $(LDCONFIG); $(LDCONFIG); fi

clean:
	rm -rf build build-asan build-fuzz
