# Thin front door over CMake/CTest. See README.md.
#   make        build into build/ (the program is build/xiaoan)
#   make demo   install what is missing, build, create the demo county, serve it
#   make check  install what is missing, build with sanitizers, run every test
#   make bench  run the benchmarks

BUILD       ?= build
CHECK_BUILD ?= build-check
DEMO_DB     ?= demo/xiaoan.db
DEMO_PASS   ?= xiaoan-demo
LISTEN      ?= 127.0.0.1:8080
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build web demo check bench clean format

all: build

deps:
	@tools/install-deps.sh

# The web UI (web/ -> web/dist) when its npm packages are installed.
web:
	@if [ -f package.json ] && [ -d node_modules ]; then npm run --silent build; fi

build: web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXA_SANITIZE=OFF >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@mkdir -p $(dir $(DEMO_DB))
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/xiaoan demo --db $(DEMO_DB) --password $(DEMO_PASS)
	$(BUILD)/xiaoan serve --db $(DEMO_DB) --listen $(LISTEN)

check:
	@tools/install-deps.sh --check
	@$(MAKE) --no-print-directory build  # the optimised build must compile too (make demo uses it)
	cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DXA_SANITIZE=ON >/dev/null
	cmake --build $(CHECK_BUILD) -j $(JOBS)
	cd $(CHECK_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: deps build
	@bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(CHECK_BUILD)
