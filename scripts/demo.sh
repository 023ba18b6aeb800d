#!/usr/bin/env bash
# The main job on the embedded demo project: evaluates every indicator and
# writes the full submission package (PDFs, manifest) to ./out/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CGO_ENABLED=0
go build -o bin/ecoreport-cli ./cmd/ecoreport-cli
./bin/ecoreport-cli check
./bin/ecoreport-cli demo --out out/demo
