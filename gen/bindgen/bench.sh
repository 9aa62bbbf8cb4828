#!/usr/bin/env bash
# bench.sh measures the build cost of bindings for EVERY resource and data
# source of the AWS provider (make bench-bindings; not part of make test):
#   1. go run ./gen/bindgen -all into a temporary module (wall time, with
#      the generator already compiled, so it is the generation that counts);
#   2. go build of that package from an empty GOCACHE (wall time, peak RSS
#      of the largest process and peak RSS summed over the build's process
#      tree, sampled every 100 ms).
# Nothing is written to the repository; the temporary module points at this
# one through a replace directive.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mod=github.com/runntimeterror/moo-chat-infrastructure

cd "$root"
go build -o "$tmp/bindgen" ./gen/bindgen
mkdir -p "$tmp/m/aws"
cat > "$tmp/m/go.mod" <<MOD
module benchall

go 1.26.0

require $mod v0.0.0

replace $mod => $root
MOD
cp go.sum "$tmp/m/go.sum"
# The main module's requirements, so the build needs no network.
sed -n '/^require (/,/^)/p' go.mod | grep -v '^require (\|^)' | sed 's/ \/\/ indirect//' | while read -r path ver; do
  printf 'require %s %s\n' "$path" "$ver" >> "$tmp/m/go.mod"
done

/usr/bin/time -f '%e %U %S %M' -o "$tmp/gentime" "$tmp/bindgen" -all -v -out "$tmp/m/aws" -import benchall/aws
read -r wall user sys rss < "$tmp/gentime"
files=$(ls "$tmp/m/aws" | wc -l)
bytes=$(cat "$tmp/m/aws"/*.go | wc -c)
lines=$(cat "$tmp/m/aws"/*.go | wc -l)
printf 'generate: %s s wall (%s s user + %s s sys CPU), peak %d MB; %d files, %d lines, %.1f MB\n' \
  "$wall" "$user" "$sys" "$((rss / 1024))" "$files" "$lines" "$(echo "$bytes / 1048576" | bc -l)"

# Sum the RSS of the build's process tree while it runs.
peakfile="$tmp/peak"
echo 0 > "$peakfile"
sample() {
  local top=$1 peak=0
  while kill -0 "$top" 2>/dev/null; do
    sum=$(ps -eo pid=,ppid=,rss= | awk -v top="$top" '
      { parent[$1]=$2; rss[$1]=$3 }
      END { for (p in rss) { q=p; while (q != "" && q != 0 && q != 1) { if (q == top) { s += rss[p]; break } q=parent[q] } } print s+0 }')
    if [ "$sum" -gt "$peak" ]; then peak=$sum; echo "$peak" > "$peakfile"; fi
    sleep 0.1
  done
}
cd "$tmp/m"
export GOCACHE="$tmp/gocache" GOFLAGS=-mod=mod
start=$(date +%s.%N)
/usr/bin/time -v -o "$tmp/time" go build ./aws &
pid=$!
sample "$pid" &
spid=$!
wait "$pid"
wait "$spid" || true
end=$(date +%s.%N)
maxrss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$tmp/time")
cpu=$(awk -F: '/User time|System time/ {s += $2} END {print s}' "$tmp/time")
printf 'cold build: %.1f s wall (%s s CPU), largest process %.0f MB, process tree peak %.0f MB\n' \
  "$(echo "$end - $start" | bc)" "$cpu" "$(echo "$maxrss / 1024" | bc -l)" "$(echo "$(cat "$peakfile") / 1024" | bc -l)"
