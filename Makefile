# The habits of this repository, one target each. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run test bench lint fmt ui screenshot package package-test setup-app setup-test

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: setup-app ## install what is missing, build the UI and start the app (demo data when no connection is configured)
	bash scripts/run.sh

test: setup-test ## the whole suite: fmt, clippy, Rust tests (real keyring, real stub), UI tests (Chromium), app e2e (WebKitWebDriver)
	bash scripts/test.sh

bench: ## the benchmarks (criterion and the end-to-end comparisons); figures land in target/criterion and target/bench
	bash scripts/setup.sh bench
	bash scripts/bench.sh

lint: ## the checks only: rustfmt, clippy, and Biome (format and lint) for the UI
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	npm --prefix ui run --silent lint

fmt: ## format the Rust code
	cargo fmt --all

package: setup-app ## the release app and its .deb and .rpm (with bdesk), in target/release/bundle/
	bash scripts/package.sh

package-test: setup-test ## install the .deb built by make package, start it in the real window, remove it (root or sudo)
	bash scripts/package-test.sh

screenshot: setup-test ## screenshots of the real window under Xvfb, into docs/screenshot.png and docs/charts.png
	bash scripts/window-shot.sh
	BDESK_SHOT_VIEW=charts bash scripts/window-shot.sh docs/charts.png

setup-app:
	bash scripts/setup.sh app

setup-test:
	bash scripts/setup.sh test
