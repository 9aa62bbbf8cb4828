#!/usr/bin/env bash
# build-cost measures what a new user's first build costs: a cold
# `make setup` (it builds bin/moochat) and a cold `go build ./...`, each
# with an empty Go build cache and the modules already downloaded, for
#
#   HEAD           the commit checked out (uncommitted changes are not
#                  measured), as make setup builds it (no rego tag);
#   -tags rego     the same commit with OPA linked in (make build-rego);
#   base           BASE, by default the commit before the rego build tag
#                  came in.
#
# Each is checked out in a temporary worktree, so edits made while it runs
# do not reach the measurement.
#
# It prints wall and CPU seconds (user+sys, steadier on a shared machine),
# the load average before and after, and the packages linked into
# bin/moochat. It is a measurement, not a test: run it with `make
# build-cost` on a quiet machine. Usage: tools/build-cost.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
MAKE=${MAKE:-make}

base=${1:-${BASE:-}}
if [ -z "$base" ]; then
	# The parent of the commit that added the rego tag's stub; before that
	# commit exists (uncommitted work), where this branch left main.
	added=$(git log --diff-filter=A --format=%H -1 -- cmd_norego.go)
	if [ -n "$added" ]; then base=$added^; else base=$(git merge-base HEAD main); fi
fi
base=$(git rev-parse --short "$base")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
head=$(git rev-parse --short HEAD)
cleanup() {
	git worktree remove --force "$tmp/head" >/dev/null 2>&1 || true
	git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --quiet --detach "$tmp/head" HEAD
git worktree add --quiet --detach "$tmp/base" "$base"

# Downloads happen here, untimed; the timed runs may not reach the network.
for tree in "$tmp/head" "$tmp/base"; do (cd "$tree" && "$GO" mod download); done
export GOPROXY=off

flags=${GOFLAGS:-}
results=()

# measure NAME DIR TAGS CMD...: runs CMD in DIR with an empty GOCACHE and
# records its wall and CPU seconds.
measure() {
	local name=$1 dir=$2 tags=$3
	shift 3
	local cache log t
	cache=$(mktemp -d "$tmp/cache.XXXXXX")
	log="$tmp/$(echo "$name" | tr -c 'a-z0-9' '-').log"
	local goflags=$flags
	[ -z "$tags" ] || goflags="$goflags -tags=$tags"
	TIMEFORMAT='%R %U %S'
	if ! t=$( { time (cd "$dir" && GOCACHE=$cache GOFLAGS=$goflags "$@" >"$log" 2>&1); } 2>&1 ); then
		echo "build-cost: $name failed:" >&2
		cat "$log" >&2
		exit 1
	fi
	read -r wall user sys <<<"$t"
	results+=("$(printf '%-34s %8.1f %8.1f' "$name" "$wall" "$(awk "BEGIN{print $user + $sys}")")")
	rm -rf "$cache"
}

# packages DIR TAGS: the packages linked into bin/moochat (all, not in
# the standard library, and OPA's).
packages() {
	local dir=$1 tags=$2 list
	list=$(cd "$dir" && GOFLAGS="$flags${tags:+ -tags=$tags}" "$GO" list -deps -f '{{if .Standard}}std {{end}}{{.ImportPath}}' .)
	printf '%5d %7d %5d' "$(wc -l <<<"$list")" "$(grep -vc '^std ' <<<"$list")" \
		"$(grep -c '^github.com/open-policy-agent/' <<<"$list" || true)"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure "make setup, HEAD $head" "$tmp/head" "" "$MAKE" setup MOOCHAT="$tmp/moochat"
measure "make setup, -tags rego" "$tmp/head" rego "$MAKE" setup MOOCHAT="$tmp/moochat-rego"
measure "make setup, base $base" "$tmp/base" "" "$MAKE" setup MOOCHAT="$tmp/moochat-base"
measure "go build ./..., HEAD $head" "$tmp/head" "" "$GO" build ./...
measure "go build ./..., -tags rego" "$tmp/head" rego "$GO" build ./...
measure "go build ./..., base $base" "$tmp/base" "" "$GO" build ./...
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "cold builds: empty GOCACHE, modules downloaded; $(nproc) CPUs"
echo "load average before: $load_before; after: $load_after"
printf '%-34s %8s %8s\n' "" "wall s" "CPU s"
printf '%s\n' "${results[@]}"
echo
echo "packages linked into bin/moochat:  all  non-std  OPA"
printf '%-34s %s\n' "HEAD $head" "$(packages "$tmp/head" "")"
printf '%-34s %s\n' "-tags rego" "$(packages "$tmp/head" rego)"
printf '%-34s %s\n' "base $base" "$(packages "$tmp/base" "")"
printf 'bin/moochat size, MB: HEAD %s, -tags rego %s, base %s\n' \
	"$(du -m "$tmp/moochat" | cut -f1)" "$(du -m "$tmp/moochat-rego" | cut -f1)" "$(du -m "$tmp/moochat-base" | cut -f1)"
