# One gate: `make check` (format, vet, tests with -race). `make test` is what
# CI runs; it brings its own private redis-server.
GO ?= go
PKGS := ./...
REDIS_PORT_FILE := .test-redis/port

.PHONY: all build test check fmt vet bench fuzz deps clean demo

all: build

build:
	$(GO) build -o bin/vigie ./cmd/vigie

# Installs what the tests need (redis-server) when missing, starts a private
# redis-server on a free port for the run, runs the tests, stops it.
test: deps
	@.ci/with-redis.sh $(GO) test -race -count=1 -timeout 30m $(PKGS)

check: fmt vet test

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

bench: deps
	@.ci/with-redis.sh $(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# Runs every fuzzer for FUZZTIME each (the seed corpora also run in `make test`).
FUZZTIME ?= 20s
FUZZERS := ./config:FuzzParse ./bot/ingest:FuzzParse ./bot/graph:FuzzParseUsage ./bot/graphemu:FuzzParseFields \
	./moderation:FuzzNormalize ./moderation:FuzzClassify ./moderation:FuzzPersonalScanners
fuzz:
	@for f in $(FUZZERS); do pkg=$${f%%:*}; name=$${f##*:}; \
		echo "== $$pkg $$name"; $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; done

deps:
	@.ci/deps.sh

demo:
	$(GO) run ./cmd/vigie demo

clean:
	rm -rf bin .test-redis
