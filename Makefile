# keycard — the two commands are `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Settings of the server that Playwright starts (see end2end/playwright.config.ts).
E2E_PORT ?= 3107

.PHONY: run dev test test-rust test-faults test-e2e site site-test bench tools tools-test tools-bench clean

## Build in release mode and serve on http://127.0.0.1:3000 (SQLite in ./data/).
run: tools
	cargo leptos build --release
	.ci/precompress.sh target/site
	LEPTOS_SITE_ROOT=target/site ./target/release/keycard

## Live rebuild and browser reload.
dev: tools
	cargo leptos watch

## Every test: unit, integration (SQLite and PostgreSQL), faults, Playwright in Chromium.
test: tools-test test-rust test-faults site-test test-e2e

# The test builds type-erase components, as cargo-leptos does for the release
# site (`always-erase-components`): the test server must render the markup the
# release browser bundle hydrates, and one setting lets the tests and that
# server share one build.
TEST_RUSTFLAGS := --cfg erase_components

## Unit and integration tests, with a throwaway PostgreSQL for the storage
## tests, a loopback SMTP server (end2end/mail/sink.mjs) for the mail tests
## and Prometheus' Python client (.tools/py) to parse /metrics. The tests
## mostly wait (timers, sockets, the database), so 8 run at once on any
## machine: on 2 cores that halves the run (138 s to about 65 s).
test-rust:
	RUSTFLAGS="$(TEST_RUSTFLAGS)" KEYCARD_TEST_REQUIRE_SMTP=1 KEYCARD_TEST_PYTHON=$(CURDIR)/.tools/py/bin/python \
	  .ci/with-postgres.sh cargo test --features ssr --locked --lib --test api -- --test-threads=8
	# The benchmarks are not run here, but they must keep compiling: built in
	# the test profile, on the dependencies just built (a `cargo check` would
	# go through all of them once more).
	RUSTFLAGS="$(TEST_RUSTFLAGS)" cargo test --features ssr --locked --benches --no-run

## Fault tests (process killed, database stopped): their own cluster, one at a time.
test-faults:
	RUSTFLAGS="$(TEST_RUSTFLAGS)" .ci/with-postgres.sh cargo test --features ssr --locked --test faults -- --test-threads=1

## Build the site (server + WASM) once; the end-to-end suite runs against it.
site:
	cargo leptos build --release
	.ci/precompress.sh target/site

## The site the browser tests run against: the release browser bundle,
## built as `make site` builds it, and the server in the dev profile, which
## the integration tests have built already (its slow crates, the password
## hashing and the signatures, are optimised even there: see Cargo.toml).
## cargo-leptos writes the bundle's hashes beside the release binary it did
## not build; the server reads them beside itself.
site-test:
	cargo leptos build --release --frontend-only
	.ci/precompress.sh target/site
	RUSTFLAGS="$(TEST_RUSTFLAGS)" cargo build --features ssr --locked --bin keycard
	cp target/release/hash.txt target/debug/hash.txt

# The server the browser tests start: `make test` builds the dev one
# (site-test); after `make site`, E2E_SERVER=target/release/keycard.
E2E_SERVER ?= target/debug/keycard

# The server's log is kept: a page render the watchdog had to restart fails
# the run even though the retry hid it from the browser.
test-e2e:
	mkdir -p target
	end2end/dbsc/make-ca.sh
	set -o pipefail; cd end2end && E2E_PORT=$(E2E_PORT) E2E_SERVER=$(abspath $(E2E_SERVER)) npx playwright test 2>&1 | tee ../target/e2e.log
	@if grep -q "page render stalled" target/e2e.log; then \
	  echo "a page render stalled during the end-to-end run (see target/e2e.log)"; exit 1; fi
	cd end2end && node mail/check-logs.mjs .mail ../target/e2e.log

## Benchmarks: criterion micro-benchmarks, then the wrk load run against the
## release binary on SQLite and PostgreSQL; prints a table, writes BENCHMARKS.md.
## Benchmarks build in their own target folder so that they do not undo the
## site build's artifacts (cargo-leptos builds with other settings).
BENCH_TARGET := $(CURDIR)/target/bench
bench: tools-bench site
	rm -rf $(BENCH_TARGET)/criterion
	.ci/with-postgres.sh env CARGO_TARGET_DIR=$(BENCH_TARGET) \
	  cargo bench --features ssr --locked --bench hot_paths -- --warm-up-time 1 --measurement-time 4
	.ci/with-postgres.sh env CARGO_TARGET_DIR=$(BENCH_TARGET) cargo bench --features ssr --locked --bench load

tools:
	.ci/install-tools.sh build

tools-test:
	.ci/install-tools.sh test

tools-bench:
	.ci/install-tools.sh bench

clean:
	cargo clean
	rm -rf .tools end2end/node_modules end2end/.data
