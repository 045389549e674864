#!/usr/bin/env bash
# Regenerates docs/examples/usps-run: the report of a short ddc run on the shipped USPS (4 epochs on the
# first 2,400 images, in one JVM; with its PCA and t-SNE maps and provenance), and a screenshot of it when
# headless Chromium is installed.
# Usage: submit/make-example-run-report.sh [WORK_DIR]   (needs `mvn -q -B -DskipTests package` first)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d)}"
uco="$home/submit/uco-spark"
[[ -d "$work/prepared/usps" ]] || "$uco" prepare --dataset usps --raw "$home/data/raw" --out "$work/prepared" \
  --set 'spark.master=local[2]'
rm -rf "$work/run"
"$uco" train --experiment ddc_usps --local --run-dir "$work/run" --set "data.path=$work/prepared/usps" \
  --set data.limit=2400 --set epochs=4 --set eval_interval=1 --set 'spark.master=local[2]'
t0=$(date +%s)
"$uco" report "$work/run" --set 'spark.master=local[2]'
echo "report: $(( $(date +%s) - t0 )) s in all; t-SNE: $(grep -o 'computed in [0-9.]* s' "$work/run/report/index.html")"
out="$home/docs/examples/usps-run"
rm -rf "$out" && mkdir -p "$out"
cp "$work/run/report/"*.html "$work/run/report/"*.png "$out/"
if command -v chromium >/dev/null; then
  chromium --headless --no-sandbox --hide-scrollbars --screenshot="$out/screenshot.png" --window-size=1300,5450 \
    "file://$out/index.html" 2>/dev/null || echo "screenshot failed (chromium)" >&2
fi
echo "example report: $out/index.html"
