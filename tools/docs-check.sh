#!/usr/bin/env bash
# docs-check.sh: runs terraform-docs v0.22.0 (pinned in tools/terraform-docs)
# over a copy of every module directory under out/ that has a README and
# fails when it would rewrite one. The renderer writes the READMEs itself;
# this checks it against the real tool.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
bin=$(cd tools/terraform-docs && "$GO" tool -n terraform-docs)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
n=0
while IFS= read -r readme; do
	dir=$(dirname "$readme")
	mkdir -p "$tmp/$dir"
	# What terraform-docs reads: the configuration, the lock file, the README.
	find "$dir" -maxdepth 1 -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '.terraform.lock.hcl' -o -name README.md \) -exec cp {} "$tmp/$dir/" \;
	if ! "$bin" markdown table --output-file README.md --output-mode inject "$tmp/$dir" >/dev/null; then
		echo "docs-check: terraform-docs failed on $dir" >&2
		status=1
	elif ! cmp -s "$readme" "$tmp/$readme"; then
		echo "docs-check: terraform-docs rewrites $readme:" >&2
		diff -u "$readme" "$tmp/$readme" | head -40 >&2 || true
		status=1
	fi
	n=$((n + 1))
done < <(find out -name README.md -not -path '*/.terraform/*' | sort)
if [ "$status" -eq 0 ]; then
	echo "docs-check: terraform-docs v0.22.0 rewrites none of $n READMEs"
fi
exit "$status"
