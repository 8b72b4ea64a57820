# One gate: `make check` (format, vet, tests with -race). `make test` is what
# CI runs; it brings its own private redis-server.
GO ?= go
PKGS := ./...
REDIS_PORT_FILE := .test-redis/port

.PHONY: all build test check fmt vet bench fuzz deps clean demo model model-check

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

# Rebuilds the embedded model of the trained detector from the shipped
# corpus (README, « Le détecteur appris »): the same files give the same
# bytes. Never add testdata/commune/blind4.jsonl,
# testdata/hatecheck/mhc_style_fr_check.jsonl, testdata/heldout/ or testdata/unseen/: they
# measure how the judge generalises (vigie train refuses them).
MODEL_DATA := $(sort $(wildcard testdata/train/*.jsonl)) \
	testdata/commune/commune.jsonl testdata/commune/blind.jsonl testdata/commune/blind2.jsonl \
	testdata/commune/blind3_tune.jsonl testdata/commune/blind3_check.jsonl \
	testdata/hatecheck/mhc_style_fr_tune.jsonl testdata/eval/mhc_fr_dev.jsonl
model:
	$(GO) run ./cmd/vigie train $(MODEL_DATA) --out moderation/ngram/default.model

# Leave-one-writer-out validation of the trained detector: for each writer
# of testdata/train/writer_X_NN.jsonl, a model trained on everything else
# judges that writer's comments (rules alone, model alone, combined).
model-check:
	$(GO) run ./cmd/vigie train $(MODEL_DATA) --cross-writers

clean:
	rm -rf bin .test-redis
