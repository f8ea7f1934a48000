#!/usr/bin/env bash
# The app in a real X window, as a moderator drives it: start threadmod on
# the bundled sample under Xvfb (no window manager), give the moderator's
# name the first start asks for, click the third comment in the list, press
# 2, quit with Ctrl+Q, then check that the journal holds the label "insult"
# for comment 2.1 by that moderator. Catches what the egui_kittest tests
# cannot: winit's events, focus without a window manager, the real loop.
#
#   scripts/real-window-test.sh              # the debug binary (cargo test builds it)
#   scripts/real-window-test.sh --release    # the release binary
#   scripts/real-window-test.sh PATH/TO/threadmod
#
# Needs Xvfb and xdotool (.ci/install-deps installs them) and Mesa's GL.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  --release) cargo build --release --locked --bin threadmod; binary=target/release/threadmod ;;
  "") cargo build --locked --bin threadmod; binary=target/debug/threadmod ;;
  *) binary=$1 ;;
esac
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "real-window test: $tool is missing (.ci/install-deps)"; exit 1; }
done

work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# -displayfd: Xvfb picks a free display and writes its number. -noreset:
# by default the server resets when its last client leaves, and a window
# opened during that reset fails to connect, so the probe below would race
# the app's start.
# A busy machine can take seconds to start it, and a start can fail on a
# display another server was just leaving, so wait up to 30 s and try three
# times before giving up.
start_xvfb() {
  : >"$work/display"
  Xvfb -displayfd 3 -noreset -screen 0 1400x900x24 3>"$work/display" >>"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 300); do
    [[ -s $work/display ]] && return 0
    kill -0 "$xvfb_pid" 2>/dev/null || { echo "real-window test: Xvfb exited:"; cat "$work/xvfb.log"; xvfb_pid=""; return 1; }
    sleep 0.1
  done
  echo "real-window test: Xvfb gave no display within 30 s"
  kill "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
  return 1
}
started=""
for _ in 1 2 3; do start_xvfb && { started=1; break; }; done
[[ -n $started ]] || { echo "real-window test: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"
# And wait until it answers.
answered=""
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && { answered=1; break; }; sleep 0.1; done
[[ -n $answered ]] || { echo "real-window test: Xvfb on $DISPLAY does not answer"; cat "$work/xvfb.log"; exit 1; }

# A home and data folder of its own: no settings or journals of the user.
mkdir -p "$work/home"
env -u WAYLAND_DISPLAY HOME="$work/home" XDG_DATA_HOME="$work/data" \
  "$binary" >"$work/app.log" 2>&1 &
app_pid=$!

# The title names the article once it is open.
window=""
for _ in $(seq 300); do
  window=$(xdotool search --name "^sample article" 2>/dev/null | head -1 || true)
  [[ -n $window ]] && break
  kill -0 "$app_pid" 2>/dev/null || { echo "real-window test: the app exited"; cat "$work/app.log" "$work/xvfb.log"; exit 1; }
  sleep 0.2
done
[[ -n $window ]] || { echo "real-window test: no threadmod window"; cat "$work/app.log"; exit 1; }
sleep 1 # the first frames: the list is laid out

xdotool windowfocus --sync "$window"
# A first start: threadmod asks for the moderator's name, with the keys in its field.
xdotool type --delay 30 "Ana Real"
xdotool key Return
sleep 0.5
# The third row of the list in the 1280×800 window: below the menu and the
# filter bar, rows 34 px apart from y = 71 (comment 1), so 2.1 is at 139.
xdotool mousemove --window "$window" 200 139 click 1
sleep 0.5
xdotool key 2
sleep 0.5
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$app_pid" 2>/dev/null; then
  echo "real-window test: Ctrl+Q did not close the window"
  exit 1
fi
app_pid=""

journal="$work/data/threadmod/sample-article.txt.threadmod.jsonl"
if grep -E '"comment":"2\.1",.*"label":"insult"' "$journal" 2>/dev/null | grep -q '"moderator":"Ana Real"'; then
  echo "real-window test: comment 2.1 labelled insult by Ana Real in the journal"
  echo "real-window: 1 passed, 0 failed"
else
  echo "real-window test: the journal has no insult label by Ana Real for comment 2.1:"
  cat "$journal" 2>/dev/null || echo "(no journal at $journal)"
  cat "$work/app.log"
  echo "real-window: 0 passed, 1 failed"
  exit 1
fi
