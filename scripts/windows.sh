#!/usr/bin/env bash
# Cross-builds the Windows desktop program (the office's computers) on Debian.
#   bash scripts/windows.sh [OUT.exe]        default bin/ecoreport.exe
# Installs the MinGW-w64 compiler if missing, then builds a 64-bit Windows GUI
# program (no console window) with cgo. The first build takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bin/ecoreport.exe}
cc=x86_64-w64-mingw32-gcc
if ! command -v "$cc" >/dev/null; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "安装 Windows 交叉编译器 gcc-mingw-w64-x86-64" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
fi
mkdir -p "$(dirname "$out")"
echo "构建 $out(首次约需几分钟)" >&2
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$cc" \
  go build -tags no_emoji -ldflags "-H=windowsgui" -o "$out" ./cmd/ecoreport
if command -v file >/dev/null; then
  info=$(file -b "$out")
  echo "$out: $info" >&2
  case $info in
    *PE32+*"(GUI)"*x86-64*) ;;
    *) echo "错误: $out 不是 64 位 Windows 图形界面程序" >&2; exit 1 ;;
  esac
fi
ls -l "$out" >&2
