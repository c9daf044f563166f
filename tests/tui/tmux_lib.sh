# tmux_lib.sh -- drive the explorer through tmux (sourced after lib.sh).
#   tmux_start CMD...   run CMD in a detached 120x40 session $S on a private server
#   wait_for TEXT       poll the pane until TEXT shows (fails after ~10 s)
#   screen              the pane's text
#   keys KEY...         tmux send-keys
# A private socket (-L) keeps the user's own tmux server out of it.
#
# These tests run under automake's plain driver (extension .tmux): exit 0
# passes, 77 skips, anything else fails.  TMUX_BIN comes from configure;
# set but empty (configure found no tmux, or `make check TMUX_PROG=`) skips.
if [ -z "${TMUX_BIN-tmux}" ]; then
	echo "SKIP: tmux not found by configure (TMUX_BIN is empty)"
	exit 77
fi
: "${TMUX_BIN:=tmux}"
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
	echo "SKIP: '$TMUX_BIN' is not an executable"
	exit 77
fi
# run inside tmux, the session's own $TMUX would make ours nested
unset TMUX
SOCK="camtune-test-$$"
tm() { "$TMUX_BIN" -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
unset TMUX
S=t # the session the helpers talk to
tmux_start() {
	tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 "$*"
}
screen() { tm capture-pane -p -t "$S" 2>/dev/null; }
keys() { tm send-keys -t "$S" "$@"; }
wait_for() { # wait_for TEXT DESCRIPTION
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -qF -- "$1"; then ok 0 "$2"; return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	ok 1 "$2"
	diag "'$1' did not show; the screen:"
	screen | sed 's/^/#   /'
	return 1
}
wait_file() { # wait_file PATH: until it exists (~10 s)
	i=0
	while [ $i -lt 100 ] && [ ! -s "$1" ]; do sleep 0.1; i=$((i + 1)); done
}
