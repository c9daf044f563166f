#!/bin/sh
# layers.sh -- the explorer's modules call each other in one direction
# only: which object of libcamtune_tui.a uses a function of which other
# (nm), sorted topologically; a cycle fails (tsort).  It also checks the
# two rules of app.h: the state's actions (app.o) call no view, no prompt
# and no curses drawing; only the loop (tui.o) opens the prompt.
. "$top_srcdir/tests/lib.sh"

lib="$top_builddir/libcamtune_tui.a"
if ! command -v nm >/dev/null 2>&1 || ! command -v tsort >/dev/null 2>&1; then
	echo "1..0 # SKIP nm or tsort missing"
	exit 0
fi
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
(cd "$TMPD" && ar x "$lib")
module() { m=${1#libcamtune_tui_a-}; echo "${m%.o}"; }
for o in "$TMPD"/*.o; do
	m=$(module "$(basename "$o")")
	nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print $3, m }'
done | sort >"$TMPD/defs"
for o in "$TMPD"/*.o; do
	m=$(module "$(basename "$o")")
	nm -u "$o" | awk -v m="$m" '{ print $2, m }'
done | sort >"$TMPD/uses"
# "user used" pairs between different modules
join "$TMPD/defs" "$TMPD/uses" | awk '$2 != $3 { print $3, $2 }' | sort -u >"$TMPD/edges"
n=$(wc -l <"$TMPD/edges")
ok "$([ "$n" -gt 10 ] && echo 0 || echo 1)" "the modules' calls were read ($n edges)"
tsort "$TMPD/edges" >"$TMPD/order" 2>"$TMPD/loops"
ok "$([ -s "$TMPD/loops" ] && echo 1 || echo 0)" "no cycle among the explorer's modules"
[ -s "$TMPD/loops" ] && diag "$(cat "$TMPD/loops")"
bad=$(awk '$1 == "app" && ($2 ~ /^view_/ || $2 == "prompt" || $2 == "screen" || $2 == "tui")' \
	"$TMPD/edges")
is "$bad" "" "the state's actions (app) call no view, prompt, screen or loop"
curses=$(nm -u "$TMPD/libcamtune_tui_a-app.o" | awk '{ print $2 }' |
	grep -E '^(w?refresh|doupdate|endwin|wgetch|clearok|def_prog_mode|reset_prog_mode|wmove|waddn?str|mvwaddn?str|wattrset|wattr_on)$' || true)
is "$curses" "" "app calls no curses function"
openers=$(awk '$2 == "prompt" { print $1 }' "$TMPD/edges" | grep -v '^screen$' | sort -u | tr '\n' ' ')
is "$openers" "tui " "only the loop (tui) uses the prompt; screen draws it"
done_testing
