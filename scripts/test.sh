#!/usr/bin/env bash
# Every test, then a build of every command (the desktop app with cgo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh desktop
go vet ./...
# Everything but the desktop command builds and tests without cgo.
CGO_ENABLED=0 go test -count=1 $(go list ./... | grep -v '/cmd/ecoreport$')
CGO_ENABLED=0 go build -o bin/ecoreport-cli ./cmd/ecoreport-cli
if [[ -d cmd/ecoreport ]]; then
  CGO_ENABLED=1 go build -o bin/ecoreport ./cmd/ecoreport
fi
echo "全部测试通过,命令已构建到 bin/"
