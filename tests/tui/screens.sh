#!/bin/sh
# screens.sh -- whole-screen golden tests of every view at 80x24 and
# 120x40, through the binary: `camtune tui --script S --dump-screen OUT`
# under a watchdog.  Any change of layout fails (the diff is shown); after
# an intended change, `CAMTUNE_UPDATE_GOLDEN=1 make check TESTS=tests/tui/screens.sh`
# writes the goldens again (review them with git diff).  The key figures
# on the screens are checked against the batch CLI (`camtune optimize`).
#
# Replay a failing screen from a shell:
#   camtune synth --seed 7 --stores 6 --cameras-per-store 2 -n 3000 -o fleet.csv
#   printf '4\n' > s; camtune tui --script s --dump-screen - --size 80x24 fleet.csv
. "$top_srcdir/tests/lib.sh"

golden="$top_srcdir/tests/golden/tui"
export LC_ALL=C.UTF-8 NO_COLOR=1 TZ=UTC
unset COLUMNS LINES
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 7 --stores 6 --cameras-per-store 2 -n 3000 -o fleet.csv >/dev/null 2>&1
ok $? "the fleet is generated"

watchdog() { # watchdog SECONDS CMD...: run CMD, killed after SECONDS
	if command -v timeout >/dev/null 2>&1; then
		timeout "$@"
	else
		shift
		"$@"
	fi
}

# view name, then the script's lines (\n-separated, for printf)
screens='list|
curve|jj\n1
frontier|2
quality|3
fleet|4
help|?
backtest|5
camera|jj\n<Enter>
stores|6
cursor|2\n10<Right>
camera-lock|j\n<Enter>\njj\n<Enter>
stores-open|:stores\njj\n<Enter>'

while IFS='|' read -r view keys; do
	for size in 80x24 120x40; do
		printf "$keys\n" >"script-$view"
		watchdog 30 "$CAMTUNE" tui --script "script-$view" --dump-screen "$view-$size.txt" \
			--size "$size" fleet.csv >"out-$view" 2>"err-$view"
		status=$?
		want="$golden/$view-$size.txt"
		if [ "${CAMTUNE_UPDATE_GOLDEN:-}" = 1 ] && [ "$status" -eq 0 ]; then
			cp "$view-$size.txt" "$want"
		fi
		if [ "$status" -ne 0 ]; then
			ok 1 "$view at $size: exit 0 within 30 s"
			diag "exit $status" "$(cat "err-$view")"
		elif diff -u "$want" "$view-$size.txt" >"diff-$view"; then
			ok 0 "$view at $size: the screen is the golden one"
		else
			ok 1 "$view at $size: the screen is the golden one"
			diag "$(cat "diff-$view")"
		fi
		rows=$(wc -l <"$view-$size.txt")
		is "$rows" "${size#*x}" "$view at $size: one line per row"
		wide=0
		while IFS= read -r line; do
			[ "$(printf '%s' "$line" | wc -m)" -gt "${size%x*}" ] && wide=$((wide + 1))
		done <"$view-$size.txt"
		is "$wide" 0 "$view at $size: no line wider than the screen"
	done
done <<EOF
$screens
EOF

# A small target without % is a count: the explorer says so, as the CLI
# does; the status line gives P(target holds) at 80 columns too.
printf ':target 20\n' >script-count
watchdog 30 "$CAMTUNE" tui --script script-count --dump-screen count.txt --size 80x24 fleet.csv \
	>/dev/null 2>&1
contains count.txt "target 20 is a count of FP (0.6% of baseline); type 20% for a percentage" \
	":target 20 warns that 20 is a count"
status_line=$(sed -n 23p list-80x24.txt)
case $status_line in
*"FP saved "*" met | TP lost "*" in history, "*" expected"*"P("*"%"*) ok 0 "80x24: FP saved, met, TP lost (history, expected) and P(target holds)" ;;
*) ok 1 "80x24: FP saved, met, TP lost (history, expected) and P(target holds)"; diag "$status_line" ;;
esac

# The numbers on the list's status line are the batch CLI's.
"$CAMTUNE" optimize --json fleet.csv >opt.json 2>/dev/null
fp=$(sed -n 's/.*"fp_saved":[[:space:]]*\([0-9]*\).*/\1/p' opt.json | head -1)
tp=$(sed -n 's/.*"tp_lost":[[:space:]]*\([0-9]*\).*/\1/p' opt.json | head -1)
for size in 80x24 120x40; do
	status_line=$(sed -n "$((${size#*x} - 1))p" "list-$size.txt")
	case $status_line in
	*"FP saved $fp "*"TP lost $tp"*) ok 0 "list at $size: FP saved $fp, TP lost $tp as camtune optimize" ;;
	*) ok 1 "list at $size: FP saved $fp, TP lost $tp as camtune optimize"
	   diag "status line: $status_line" ;;
	esac
done
# The frontier cursor's read-out is the batch CLI's frontier: 10 steps of
# 1 % from the 10 % target, at FP saved 20 % of baseline.
base=$(sed -n 's/.*"baseline_fp":[[:space:]]*\([0-9]*\).*/\1/p' opt.json | head -1)
for s in exact hull uniform; do
	k=$("$CAMTUNE" frontier -q -s "$s" fleet.csv |
		awk -v x="$base" 'NR > 2 && $2 >= x * 0.2 - 1e-9 { print $1; exit }')
	contains cursor-120x40.txt "$s $k" "frontier cursor: $s loses $k thefts at 20 % as camtune frontier -s $s"
done
done_testing
