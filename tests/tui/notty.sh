#!/bin/sh
# notty.sh -- without a terminal the explorer refuses with a hint (exit 64);
# --list-actions and --help need no terminal.
. "$top_srcdir/tests/lib.sh"

run "$CAMTUNE" tui "$DATA/none.csv" </dev/null
is "$status" 64 "no terminal: exit 64"
contains "$err" "needs a terminal" "says why"
contains "$err" "camtune optimize" "and suggests a subcommand"
run "$CAMTUNE" "$DATA/none.csv" </dev/null
is "$status" 64 "camtune FILE without a terminal: exit 64 too"
run "$CAMTUNE" tui --list-actions </dev/null
is "$status" 0 "--list-actions: exit 0"
contains "$out" "$(printf 'target\tt\tT\t')" "lists the target command with its key"
contains "$out" "export" "and export"
run "$CAMTUNE" tui --help </dev/null
is "$status" 0 "--help: exit 0"
contains "$out" "--ascii" "--help names --ascii"
run "$CAMTUNE" tui --bogus </dev/null
is "$status" 64 "an unknown option: exit 64"
run "$CAMTUNE" tui --strategy best x.csv </dev/null
is "$status" 64 "a bad strategy: exit 64"
done_testing
