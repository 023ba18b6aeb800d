#!/bin/sh
# Times the whole demo package against LibreOffice merely starting up
# (issue #12 §3: the package should take less than LibreOffice's start-up
# alone, the office's alternative for making the PDFs).
#
#   scripts/bench/demo_vs_soffice.sh [runs]
#
# Ours: the CLI `demo --out DIR` (process start, the demo project created
# in memory and assessed, eight PDFs and the manifest written), `runs`
# times (default 5), with wall time and peak RSS from /usr/bin/time.
# LibreOffice: `soffice --headless --terminate_after_init` with a profile
# made beforehand (skipped when soffice is not installed). The medians
# are compared. For the PDF library alone, see the peer benchmarks in
# report/pkg/peer_bench_test.go.
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-5}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/ecoreport-cli" ./cmd/ecoreport-cli

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# timed CMD...: runs CMD under /usr/bin/time, prints "wall-seconds peak-KB"
timed() {
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1
	cat "$work/time"
}

i=0
while [ $i -lt "$runs" ]; do
	rm -rf "$work/out"
	timed "$work/ecoreport-cli" demo --out "$work/out" >>"$work/ours"
	i=$((i + 1))
done
ours=$(cut -d' ' -f1 "$work/ours" | median)
rss=$(cut -d' ' -f2 "$work/ours" | median)
pages=0
for f in "$work"/out/*.pdf; do
	n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	pages=$((pages + ${n:-0}))
done
echo "ecoreport-cli demo: median ${ours} s, peak RSS $((rss / 1024)) MB, $(ls "$work"/out/*.pdf | wc -l) PDFs, $pages pages"

if ! command -v soffice >/dev/null; then
	echo "soffice not installed: LibreOffice side skipped"
	exit 0
fi
# One start creates the profile; the timed starts reuse it, as on a
# machine where LibreOffice has been used before.
soffice -env:UserInstallation=file://"$work/profile" --headless --terminate_after_init >/dev/null 2>&1 || true
i=0
while [ $i -lt "$runs" ]; do
	timed soffice -env:UserInstallation=file://"$work/profile" --headless --terminate_after_init >>"$work/lo"
	i=$((i + 1))
done
lo=$(cut -d' ' -f1 "$work/lo" | median)
echo "soffice --headless --terminate_after_init: median ${lo} s"
awk -v a="$ours" -v b="$lo" 'BEGIN { printf "ratio: %.2f (goal: below 1)\n", a / b }'
