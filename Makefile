# moochat-infra. Every target is a thin wrapper over `go run`, so the only
# set-up is Go and terraform on PATH (the README says how to get both).
ENV ?= dev
GO  ?= go
export CHECKPOINT_DISABLE := 1

# The provider mirror on this machine, if any (moochat also looks there itself).
MOOCHAT_PLUGIN_MIRROR ?= $(firstword $(wildcard /opt/tf-plugins /usr/share/terraform/plugins /usr/local/share/terraform/plugins))
export MOOCHAT_PLUGIN_MIRROR

.PHONY: gen validate plan apply destroy output check test stale bench bench-plan diagrams schemas bindings

gen:
	$(GO) run ./gen

validate:
	$(GO) run . validate -env $(ENV)

# plan exits 2 when it planned changes: that is success here.
plan:
	$(GO) run . plan -env $(ENV); rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 2 ]

apply:
	$(GO) run . apply -env $(ENV)

destroy:
	$(GO) run . destroy -env $(ENV)

output:
	$(GO) run . output -env $(ENV)

# check judges a plan JSON file: make check PLAN=out/envs/dev/.moochat/plan.json
check:
	$(GO) run . check -plan $(PLAN)

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

bench-plan:
	$(GO) test -run '^$$' -bench BenchmarkPlan -benchtime 1x ./gen/tfrun
