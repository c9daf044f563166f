#!/bin/sh
# restore.tmux -- Ctrl-C and SIGTERM give the terminal back sane.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/tmux_lib.sh"

data="$TMPD/alerts.csv"
"$CAMTUNE" synth --seed 4 --stores 5 -n 2000 -o "$data" 2>/dev/null
is "$?" 0 "synthetic data written"

tmux_start "env TERM=xterm-256color XDG_STATE_HOME='$TMPD/state' '$CAMTUNE' tui '$data'; echo \"exit=\$?\" > '$TMPD/exit1'; stty -a > '$TMPD/stty1'; sleep 30"
wait_for "FP saved" "started"
keys C-c
wait_file "$TMPD/stty1"
contains "$TMPD/exit1" "exit=0" "Ctrl-C quits at once"
lacks "$TMPD/stty1" "-icanon" "canonical mode restored after Ctrl-C"
lacks "$TMPD/stty1" "-echo " "echo restored after Ctrl-C"
S=t2

tmux_start "env TERM=xterm-256color XDG_STATE_HOME='$TMPD/state' '$CAMTUNE' tui '$data' </dev/tty & p=\$!; echo \$p > '$TMPD/pid'; wait \$p; echo \"exit=\$?\" > '$TMPD/exit2'; stty -a > '$TMPD/stty2'; sleep 30"
wait_for "FP saved" "started again"
kill -TERM "$(cat "$TMPD/pid")"
wait_file "$TMPD/stty2"
contains "$TMPD/exit2" "exit=143" "SIGTERM ends it with 128+15"
lacks "$TMPD/stty2" "-icanon" "canonical mode restored after SIGTERM"
S=t3
tmux_start "env TERM=xterm-256color '$CAMTUNE' tui '$TMPD/no-such.csv' 2> '$TMPD/err3'; echo \"exit=\$?\" > '$TMPD/exit3'; stty -a > '$TMPD/stty3'; sleep 30"
wait_file "$TMPD/stty3"
contains "$TMPD/exit3" "exit=66" "a missing file: exit 66"
contains "$TMPD/err3" "no-such.csv" "the error names the file"
lacks "$TMPD/stty3" "-icanon" "and the terminal is left sane"
done_testing
