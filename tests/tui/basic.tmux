#!/bin/sh
# basic.tmux -- the explorer end to end in a real terminal (tmux):
# start, target keys and prompt, strategy, export, resize, quit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/tmux_lib.sh"

data="$TMPD/alerts.csv"
"$CAMTUNE" synth --seed 3 --stores 8 -n 4000 -o "$data" 2>/dev/null
is "$?" 0 "synthetic data written"

tmux_start "env XDG_STATE_HOME='$TMPD/state' TERM=xterm-256color LANG=C.UTF-8 '$CAMTUNE' tui -o '$TMPD/out.json' '$data'; echo \"exit=\$?\" > '$TMPD/exit'; sleep 30"
wait_for "FP saved" "the explorer starts and shows the status bar"
wait_for "strategy robust" "with the default strategy, robust"
wait_for "FP▼" "and the list sorted by FP"

keys +
wait_for "(11%)" "+ raises the target"
keys : && keys -l "target 20%" && keys Enter
wait_for "(20%)" ":target 20% through the readline prompt"
keys s
wait_for "strategy exact" "s switches strategy"
keys 4
wait_for "verdict:" "4 shows the fleet summary with the verdict"
keys 4
wait_for "FP▼" "4 again: back to the list"
keys e
wait_for "exported" "e exports"
wait_file "$TMPD/out.json"
contains "$TMPD/out.json" '"threshold"' "the export holds thresholds"
tm resize-window -t "$S" -x 50 -y 12
wait_for "terminal too small" "a small window shows the too-small screen"
tm resize-window -t "$S" -x 120 -y 40
wait_for "FP saved" "and the explorer comes back at full size"
keys : && keys -l "target 30%" && keys Enter
wait_for "(30%)" "a change after the export"
keys q
wait_for "Changes not exported" "q asks first"
keys y
wait_file "$TMPD/exit"
contains "$TMPD/exit" "exit=0" "y quits with status 0"
contains "$TMPD/state/camtune/history" "target 30%" "the prompt history is saved"
done_testing
