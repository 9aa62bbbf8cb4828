# moochat-infra. Every target is a thin wrapper over `go run`, so the only
# set-up is Go and terraform on PATH (the README says how to get both).
ENV ?= dev
GO  ?= go
export CHECKPOINT_DISABLE := 1

# The provider mirror on this machine, if any (moochat also looks there itself).
MOOCHAT_PLUGIN_MIRROR ?= $(firstword $(wildcard /opt/tf-plugins /usr/share/terraform/plugins /usr/local/share/terraform/plugins))
export MOOCHAT_PLUGIN_MIRROR

.PHONY: setup gen build build-rego build-cost validate plan apply destroy output check test stale scan docs-check bench bench-plan bench-policy bench-schema bench-bindings policy-testdata diagrams schemas bindings

# The CLI is built once per target: `go run` would turn terraform's exit
# code 2 ("changes planned") into 1.
MOOCHAT := bin/moochat

# gen also refreshes the index of the blueprints' struct literals
# (internal/blueprintlits), which gen reads instead of parsing their Go files.
gen:
	$(GO) generate ./internal/blueprintlits
	$(GO) run ./gen

build:
	$(GO) build -o $(MOOCHAT) .

# build-rego builds the CLI with Rego policies (check/plan -policy): OPA
# is linked only into builds with the rego tag, since it is most of a cold
# build.
build-rego:
	$(GO) build -tags rego -o $(MOOCHAT) .

# build-cost measures a cold make setup and a cold go build ./... (empty
# Go build cache, modules already downloaded) against the same with
# -tags rego and against BASE (default: main before this branch), in
# temporary worktrees. Minutes; not part of make test.
build-cost:
	GO=$(GO) BASE=$(BASE) ./tools/build-cost.sh

# setup checks the tools, downloads the Go modules and builds the CLI.
setup:
	@command -v $(GO) >/dev/null || { echo "setup: go is not on PATH (Go 1.26: https://go.dev/dl/)"; exit 1; }
	@command -v terraform >/dev/null || { echo "setup: terraform is not on PATH (1.11: https://developer.hashicorp.com/terraform/install)"; exit 1; }
	@$(GO) version
	@terraform version | head -1
	$(GO) mod download
	$(GO) build -o $(MOOCHAT) .
	@if [ -n "$(MOOCHAT_PLUGIN_MIRROR)" ]; then echo "setup: providers come from the mirror $(MOOCHAT_PLUGIN_MIRROR)"; \
	else echo "setup: no provider mirror found: providers come from the registry"; fi
	@echo "setup: done. Next: make plan"

validate: build
	$(MOOCHAT) validate -env $(ENV)

# plan exits 2 when it planned changes: that is success here.
plan: build
	$(MOOCHAT) plan -env $(ENV); rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 2 ]

apply: build
	$(MOOCHAT) apply -env $(ENV)

destroy: build
	$(MOOCHAT) destroy -env $(ENV)

output: build
	$(MOOCHAT) output -env $(ENV)

# check judges a plan JSON file (default: the last plan of ENV).
PLAN ?= out/envs/$(ENV)/.moochat/plan.json
check: build
	$(MOOCHAT) check -plan $(PLAN) -waivers out/envs/$(ENV)/policy-waivers.json

# diagrams renders diagrams/platform.svg with Graphviz (installed with
# apt-get where it is missing and apt-get exists) and refreshes the
# README's Mermaid block.
diagrams:
	$(GO) run ./gen
	@if ! command -v dot >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
			$$SUDO apt-get install -y graphviz || { $$SUDO apt-get update && $$SUDO apt-get install -y graphviz; } || true; \
		else echo "diagrams: dot not installed and no apt-get: skipping diagrams/platform.svg (install graphviz to render it)"; fi; \
	fi
	$(GO) run ./gen/diagram/cmd/svg -in diagrams/platform.dot -out diagrams/platform.svg
	$(GO) run ./gen/diagram/cmd/embed -doc README.md -mermaid diagrams/platform.mmd

# stale fails when the committed generated files differ from what the
# generator makes now.
stale:
	$(GO) run ./gen
	@git add -N out diagrams 2>/dev/null || true
	@if ! git diff --quiet -- out diagrams; then \
		echo "out/ or diagrams/ is stale: run 'go run ./gen' and commit the result"; \
		git --no-pager diff --stat -- out diagrams; exit 1; fi

# The outside tools, tfsec v1.26.0 and terraform-docs v0.22.0, are Go tools
# pinned in modules of their own (tools/tfsec, tools/terraform-docs): their
# dependencies stay out of the library's go.mod, and the two together would
# clash (genproto's split modules). `go tool` builds each once per machine;
# the Go build cache keeps it.

# scan fails on any critical or high tfsec finding in out/. Blueprint
# waivers reach tfsec as the inline ignores rendered above their blocks.
scan:
	cd tools/tfsec && $(GO) tool tfsec --minimum-severity HIGH --no-colour --no-module-downloads --exclude-downloaded-modules ../../out

# docs-check fails when terraform-docs would rewrite a generated README.
docs-check:
	GO=$(GO) ./tools/docs-check.sh

# go test's own 10-minute limit per package is below make test's
# 15-minute budget; on a busy machine the blueprints package (plans and
# terraform test of both environments) can need more.
# The rego tag's code (OPA) is vetted and tested apart: ./... builds
# without it.
test:
	$(GO) vet ./...
	$(GO) vet -tags rego . ./gen/policy/rego
	$(GO) test -timeout 14m ./...
	$(GO) test -tags rego ./gen/policy/rego
	$(GO) test -tags rego -run 'TestCheck' .
	terraform fmt -check -recursive out
	$(MAKE) stale
	$(MAKE) scan
	$(MAKE) docs-check

# bench prints one table: every workload beside its baseline, measured in
# the same run as whole processes (moochat check, gen, rendering, moochat
# plan against terraform plan) and through the go test benchmarks. About
# 10 minutes; QUICK=1 runs each once on smaller inputs.
bench:
	$(GO) run ./internal/bench/cmd/bench $(if $(QUICK),-quick)

bench-plan:
	$(GO) test -run '^$$' -bench BenchmarkPlan -benchtime 1x ./gen/tfrun

# bench-policy compares the whole policy check with a tfjson.Plan decode on
# plans of 1k, 10k and 100k resource changes (generated in a temp dir).
bench-policy:
	$(GO) test ./gen/policy -run '^$$' -bench CheckVsDecode -benchtime 1x

# schemas refreshes gen/schema/snapshot from the installed AWS provider
# (terraform-exec, local mirror).
schemas:
	$(GO) run ./gen/schema/schemagen

# bindings regenerates the typed bindings in gen/bindings/aws for the types
# listed in gen/bindings/aws/types.txt.
bindings:
	$(GO) run ./gen/bindgen

# bench-bindings generates and cold-builds bindings for every AWS type in a
# temp dir (minutes; not part of make test).
bench-bindings:
	./gen/bindgen/bench.sh

# bench-schema: schema load and validation against terraform validate.
bench-schema:
	$(GO) test ./gen/schema -run '^$$' -bench . -benchmem

# policy-testdata regenerates the policy fixtures (gen/policy/testdata/plans/*.json)
# from the committed .tf beside them: terraform init, plan -refresh=false
# (offline, local provider mirror) and show -json, once per configuration.
policy-testdata:
	$(GO) test ./gen/policy -run '^Test(Plan|Input)Testdata$$' -update -count=1 -v
