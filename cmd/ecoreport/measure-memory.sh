#!/bin/bash
# Resident memory of the desktop binary on the demo project, in a virtual X screen (1366×768):
# time to the window, after opening, after visiting every screen with Ctrl+2…9, Ctrl+1, and
# where the memory is (Go heap, C heap, files mapped). With --build it then opens 报告 (Ctrl+8),
# clicks 生成 and samples VmRSS every 100 ms until the package is written: the peak and after.
#   go build -tags no_emoji -o /tmp/ecoreport ./cmd/ecoreport && cmd/ecoreport/measure-memory.sh [--build] /tmp/ecoreport
# Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick). Software
# rendering under Xvfb: textures, Mesa and LLVM count too. HOME is a temporary folder, so the
# demo's package is written there and nothing of the user's is touched.
# Measured 2026-12-03 (2 shared cores; after opening / after every screen / peak of a build):
# whole Hei face as UI font 305 / 359 / 432 MB; GB2312 subset, GOGC 50: 205 / 215 / 265 MB;
# the same built with -tags no_emoji (no Fyne emoji face, 4.6 MB parsed per text style):
# 188 / 204 / 251 MB; with the PDF fonts cut per document (report/ttfsubset) and GOGC 30, as
# built now: 182 / 194–196 / 230–240 MB. About 55 MB of it is Mesa's LLVM (software rendering only).
set -u
build=0
if [[ ${1:-} == --build ]]; then build=1; shift; fi
bin=$(readlink -f "${1:?usage: measure-memory.sh [--build] BINARY}")
tmp=$(mktemp -d)
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache} # the system-font index Fyne keeps
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xp=$!
ap=
trap 'kill $ap $xp 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1
export DISPLAY=$display
t0=$(date +%s%N)
HOME=$tmp GODEBUG=gctrace=1 "$bin" --demo >/dev/null 2>"$tmp/stderr" & ap=$!
if xdotool search --sync --onlyvisible --pid $ap >/dev/null 2>&1; then
  echo "window shown after $((($(date +%s%N) - t0) / 1000000)) ms"
fi
rss() { awk '/^VmRSS/{printf "%.0f", $2/1024}' /proc/$ap/status; }
# cpu: the processor time the app used so far (user + system), in seconds.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' /proc/$ap/stat; }
hwm() { awk '/^VmHWM/{printf "%.0f", $2/1024}' /proc/$ap/status; }
# where: the resident memory by kind, in MB. The Go heap is the largest anonymous mapping
# (the arena); live is what the last collection kept.
where() {
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{
         if (name == "") {anon += $2; if ($2 > big) big = $2}
         else if (name == "[heap]") c += $2
         else if (name ~ /^\[/) other += $2
         else file += $2 }
       END {printf "Go arena %.0f, other anonymous %.0f, C heap %.0f, files %.0f, stacks etc. %.0f", big/1024, (anon-big)/1024, c/1024, file/1024, other/1024}' /proc/$ap/smaps
  grep '^gc ' "$tmp/stderr" | tail -1 | awk '{for (i = 1; i <= NF; i++) if ($i ~ /->.*->/) {split($i, h, "->"); printf "; Go heap live %s MB", h[3]}}'
  echo
}
sleep 8
echo "after opening: RSS $(rss) MB"
echo "  $(where)"
xdotool mousemove 600 300 click 1
for k in 2 3 4 5 6 7 8 9 1; do xdotool key "ctrl+$k"; sleep 3; done
echo "after every screen: RSS $(rss) MB (peak $(hwm) MB), processor time $(cpu) s"
echo "  $(where)"
if ((build)); then
  xdotool key ctrl+8
  sleep 3
  # 生成 is the first pixel of the primary green (#2E7D32) below the tab bar.
  import -window root "$tmp/reports.png"
  xy=$(convert "$tmp/reports.png" -crop 1366x600+0+140 +repage txt:- | grep -m1 -i '#2E7D32' | cut -d: -f1)
  if [[ -z $xy ]]; then echo "build: the 生成 button was not found" >&2; exit 1; fi
  x=$((${xy%,*} + 20)) y=$((${xy#*,} + 140 + 12))
  before=$(rss) peak=0 cpu0=$(cpu) gcs=$(grep -c '^gc ' "$tmp/stderr")
  xdotool mousemove $x $y click 1
  start=$(date +%s%N)
  while :; do
    r=$(rss); ((r > peak)) && peak=$r
    done_=$(find "$tmp" -name manifest.json -not -path '*/.*' 2>/dev/null | head -1)
    [[ -n $done_ ]] && break
    if (($(date +%s%N) - start > 300000000000)); then echo "build: no manifest.json after 300 s" >&2; break; fi
    sleep 0.1
  done
  echo "build: $((($(date +%s%N) - start) / 1000000)) ms, RSS $before MB before, peak $peak MB (sampled every 100 ms; VmHWM $(hwm) MB), processor time $(awk -v a="$(cpu)" -v b="$cpu0" 'BEGIN {printf "%.1f", a - b}') s"
  grep '^gc ' "$tmp/stderr" | tail -n +$((gcs + 1)) | awk '{for (i = 1; i <= NF; i++) if ($i ~ /->.*->/) {split($i, h, "->"); n++; if (h[2] + 0 > m) m = h[2] + 0}}
    END {printf "  %d collections during the build, Go heap at most %d MB at the end of one\n", n, m}' 
  sleep 3
  echo "after the build: RSS $(rss) MB"
  echo "  $(where)"
fi
