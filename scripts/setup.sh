#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages ecoreport needs, only those missing.
#   scripts/setup.sh [desktop]
# Always: poppler-utils (pdftotext/pdftoppm, used by the PDF tests).
# With "desktop": gcc and the OpenGL/X11 headers Fyne needs to build the window.
set -euo pipefail
pkgs=(poppler-utils)
if [[ ${1:-} == desktop ]]; then
  pkgs+=(gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "安装系统软件包: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
