#!/bin/bash
# Resident memory of the desktop binary on the demo project, in a virtual X screen (1366×768):
# after opening, and after visiting every screen with Ctrl+2…9, Ctrl+1.
#   go build -o /tmp/ecoreport ./cmd/ecoreport && cmd/ecoreport/measure-memory.sh /tmp/ecoreport
# Needs Xvfb and xdotool (apt-get install xvfb xdotool). Software rendering: textures count too.
set -u
bin=${1:?usage: measure-memory.sh BINARY}
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xp=$!
sleep 1
DISPLAY=$display "$bin" --demo >/dev/null 2>&1 & ap=$!
sleep 10
echo "after opening: $(grep VmRSS /proc/$ap/status)"
DISPLAY=$display timeout 5 xdotool mousemove 600 300 click 1
for k in 2 3 4 5 6 7 8 9 1; do DISPLAY=$display timeout 5 xdotool key "ctrl+$k"; sleep 3; done
echo "after every screen: $(grep VmRSS /proc/$ap/status)"
kill $ap; wait $ap 2>/dev/null
kill $xp; wait $xp 2>/dev/null
