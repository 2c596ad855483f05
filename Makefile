# The Social Summit Tracker: every command installs what it needs first.
#   make run    build in release mode and serve on http://127.0.0.1:3000
#   make build  the release build alone (target/release/server + target/site)
#   make test   formatting, clippy, module layers, Rust tests, Playwright, HTML validity, fuzzing (SQLite and PostgreSQL) and the deploy/ stack (nginx as cache and balancer, two instances)
#   make bench  measures size, first view, throughput and Lighthouse into end2end/perf/report.md
# Tools come from the Cargo registry, npm, PyPI and Debian only (see shared/STACK.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
BINARYEN_BIN := $(CURDIR)/end2end/node_modules/.bin
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or the wasm won't load.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
export PATH := $(BINARYEN_BIN):$(HOME)/.cargo/bin:$(PATH)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: help run build test bench tools rust-tools node-tools system-tools mail-tools file-tools fonts browser lint unit unit-postgres e2e html fuzz deploy-test clean

help:
	@sed -n '2,6p' Makefile

run: build
	./target/release/server

# --split: every lazy island (`#[island(lazy)]`: the forms) is its own wasm chunk.
build: tools
	cargo leptos build --release --split
	@# Precompressed twins of the hashed assets, served as-is (no per-request brotli).
	rm -f target/site/pkg/*.br target/site/pkg/*.gz
	for f in target/site/pkg/*.js target/site/pkg/*.wasm target/site/pkg/*.css; do \
	  brotli -f -k -q 11 "$$f"; gzip -f -k -9 "$$f"; done
	@ls -l target/site/pkg

test: tools browser lint unit build e2e html fuzz unit-postgres deploy-test

bench: build browser
	@command -v wrk >/dev/null || $(call apt,wrk)
	bash end2end/perf/bench.sh

tools: rust-tools node-tools system-tools

rust-tools:
	@rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null || rustup target add wasm32-unknown-unknown
	@if [ "$$(cargo leptos --version 2>/dev/null | awk '{print $$2}')" != "$(CARGO_LEPTOS_VERSION)" ]; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 20 minutes on 2 cores)"; \
	  cargo install --locked cargo-leptos --version $(CARGO_LEPTOS_VERSION); fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi

# npm packages: wasm-opt (binaryen 132; Debian's builds a wasm that does not
# hydrate) and Playwright with axe-core.
node-tools: end2end/node_modules/.package-lock.json

end2end/node_modules/.package-lock.json: end2end/package-lock.json end2end/package.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

system-tools: fonts
	@command -v brotli >/dev/null || $(call apt,brotli)
	@command -v java >/dev/null || $(call apt,default-jre-headless)

browser:
	@command -v chromium >/dev/null || $(call apt,chromium)

# $(call apt,PACKAGE): installs a Debian package when running as root, else says what to do.
define apt
  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && $(APT_INSTALL) $(1); \
    else echo "please install the Debian package '$(1)' (sudo apt-get install $(1))" >&2; exit 1; fi; }
endef

lint:
	cargo fmt --all -- --check
	python3 end2end/tools/module-layers.py
	cargo clippy -p summit -p server --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

# The integration tests are one binary (server/tests/integration), run in
# parallel: each test has its own server and database. Their OpenID provider
# on loopback is npm's oidc-provider (end2end/node_modules, node-tools).
# The integration tests' SMTP server on loopback (aiosmtpd from PyPI, see
# server/tests/mail/) and the spreadsheets they make with openpyxl (PyPI,
# server/tests/sheets/), in a virtualenv outside the repository.
MAIL_VENV := /var/cache/summit-ci/venv-mail
export SUMMIT_TEST_PYTHON := $(MAIL_VENV)/bin/python

mail-tools: $(MAIL_VENV)/.installed

$(MAIL_VENV)/.installed: server/tests/mail/requirements.txt
	mkdir -p $(dir $(MAIL_VENV))
	python3 -m venv --clear $(MAIL_VENV)
	$(MAIL_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	cp $< $@

# Briefs' PDFs are set in Noto (server::brief): Latin, Cyrillic, Arabic, CJK.
fonts:
	@[ -e /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || $(call apt,fonts-noto-core)
	@[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || $(call apt,fonts-noto-cjk)

# What the spreadsheet and PDF tests convert and read with: LibreOffice
# (Calc, headless) and poppler's pdftotext and pdffonts, from Debian.
file-tools: fonts
	@command -v soffice >/dev/null || $(call apt,libreoffice-calc-nogui)
	@command -v pdftotext >/dev/null || $(call apt,poppler-utils)

unit: mail-tools node-tools file-tools
	cargo test -p summit -p server
	cargo test -p app --features ssr

# The integration suite again, and the API fuzzer (after `make build`), on
# PostgreSQL: Debian's server, started on a private port and throw-away data
# folder (.ci/postgres.sh) and stopped after.
unit-postgres: mail-tools node-tools file-tools
	@url=$$(bash .ci/postgres.sh start); trap 'bash .ci/postgres.sh stop' EXIT; \
	echo "integration tests on $$url"; \
	SUMMIT_TEST_POSTGRES="$$url" cargo test -p server --test integration; \
	psql "$$url" -qc 'CREATE DATABASE summit_fuzz'; \
	FUZZ_DATABASE_URL="$${url%/postgres}/summit_fuzz" bash end2end/fuzz/run.sh

# Against the release build: a free port and a throw-away database each run.
e2e: file-tools
	@port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	idp=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	db=$$(mktemp -d)/summit-e2e.db; \
	echo "e2e: release server on 127.0.0.1:$$port, OpenID provider on 127.0.0.1:$$idp, database $$db"; \
	cd end2end && CI=1 E2E_PORT=$$port E2E_IDP_PORT=$$idp E2E_DATABASE_URL="sqlite://$$db" npx playwright test; \
	rm -rf "$$(dirname "$$db")"

# Every page type in six languages through the Nu Html Checker (vnu-jar from
# npm, Debian's Java), against the release build.
html:
	bash end2end/html/run.sh

# The JSON API fuzzed from its OpenAPI document (schemathesis from PyPI, pinned in
# end2end/fuzz/requirements.txt, in a virtualenv outside the repository), against
# the release build like e2e: a free port and a throw-away database each run.
fuzz:
	bash end2end/fuzz/run.sh

# deploy/ as it runs (after make build): PostgreSQL, two instances, nginx (shared cache and balancer) on loopback.
deploy-test:
	bash deploy/test.sh

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results data
