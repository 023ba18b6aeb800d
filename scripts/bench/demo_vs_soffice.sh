#!/bin/sh
# Times the demo package against LibreOffice starting up (issue #12 §3:
# the package should take less than LibreOffice's start-up alone,
# LibreOffice being the office's alternative for making the PDFs).
#
#   scripts/bench/demo_vs_soffice.sh [runs]
#
# Ours, each `runs` times (default 5), wall time and peak RSS from
# /usr/bin/time, medians compared:
#   build  `build --db demo.db --out DIR` on a demo project made
#          beforehand: process start, the project read and assessed,
#          eight PDFs and the manifest written (the package alone);
#   demo   `demo --out DIR`: the same plus creating the demo project.
# LibreOffice (skipped when soffice is not installed), with a profile made
# beforehand, as on a machine where it has been used:
#   init   `soffice --headless --terminate_after_init`: the process
#          starts and quits, nothing loaded for a document;
#   empty  `soffice --headless --convert-to pdf` of an empty text file:
#          start-up up to its first PDF.
# For the PDF library alone, see the peer benchmarks in
# report/pkg/peer_bench_test.go.
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-5}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/ecoreport-cli" ./cmd/ecoreport-cli
"$work/ecoreport-cli" init --db "$work/demo.db" --demo >/dev/null

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# timed NAME CMD...: runs CMD `runs` times under /usr/bin/time (the output
# folder removed before each run) and prints "NAME median-seconds peak-MB"
timed() {
	name=$1
	shift
	: >"$work/times"
	i=0
	while [ $i -lt "$runs" ]; do
		rm -rf "$work/out"
		/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1
		cat "$work/time" >>"$work/times"
		i=$((i + 1))
	done
	echo "$name $(cut -d' ' -f1 "$work/times" | median) $(($(cut -d' ' -f2 "$work/times" | median) / 1024))"
}

timed build "$work/ecoreport-cli" build --db "$work/demo.db" --out "$work/out" >"$work/ours"
pages=0
for f in "$work"/out/*.pdf; do
	n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	pages=$((pages + ${n:-0}))
done
timed demo "$work/ecoreport-cli" demo --out "$work/out" >>"$work/ours"
while read -r name s mb; do
	echo "ecoreport-cli $name: median $s s, peak RSS $mb MB"
done <"$work/ours"
echo "($(ls "$work"/out/*.pdf | wc -l) PDFs, $pages pages)"

if ! command -v soffice >/dev/null; then
	echo "soffice not installed: LibreOffice side skipped"
	exit 0
fi
lo="soffice -env:UserInstallation=file://$work/profile --headless"
$lo --terminate_after_init >/dev/null 2>&1 || true
: >"$work/empty.txt"
timed init $lo --terminate_after_init >"$work/lo"
timed empty $lo --convert-to pdf --outdir "$work/out" "$work/empty.txt" >>"$work/lo"
echo "soffice --headless --terminate_after_init: median $(awk '$1 == "init" {print $2}' "$work/lo") s"
echo "soffice --headless --convert-to pdf (empty file): median $(awk '$1 == "empty" {print $2}' "$work/lo") s"
awk -v b="$(awk '$1 == "build" {print $2}' "$work/ours")" -v i="$(awk '$1 == "init" {print $2}' "$work/lo")" \
	-v e="$(awk '$1 == "empty" {print $2}' "$work/lo")" \
	'BEGIN { printf "build / init: %.2f; build / empty: %.2f (goal: below 1)\n", b / i, b / e }'
