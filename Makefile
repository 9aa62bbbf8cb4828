# moochat-infra: every target is a thin wrapper over `go run`, so the only
# set-up is Go and terraform on PATH (the README says how to get both).
ENV ?= dev
GO  ?= go
export CHECKPOINT_DISABLE := 1

.PHONY: gen validate plan apply destroy output check test bench diagrams schemas bindings stale

gen:
	$(GO) run ./gen

validate:
	$(GO) run . validate -env $(ENV)

plan:
	$(GO) run . plan -env $(ENV)

apply:
	$(GO) run . apply -env $(ENV)

destroy:
	$(GO) run . destroy -env $(ENV)

output:
	$(GO) run . output -env $(ENV)

# stale fails when the committed generated files differ from what the
# generator makes now.
stale:
	$(GO) run ./gen
	@git add -N out diagrams 2>/dev/null || true
	@if ! git diff --quiet -- out diagrams; then \
		echo "out/ or diagrams/ is stale: run 'go run ./gen' and commit the result"; \
		git --no-pager diff --stat -- out diagrams; exit 1; fi

test:
	$(GO) vet ./...
	$(GO) test ./...
	terraform fmt -check -recursive out
	$(MAKE) stale

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
