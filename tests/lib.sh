# lib.sh -- TAP helpers for the shell tests (sourced).
#
#   . "$top_srcdir/tests/lib.sh"
#   run "$CAMTUNE" optimize FILE      -> $status, $out (stdout file), $err (stderr file)
#   is "$status" 0 "exit code"
#   contains "$err" "missing column" "message"
#   done_testing
set -u
: "${top_srcdir:=.}"
top_srcdir=$(cd "$top_srcdir" && pwd)
: "${CAMTUNE:=./camtune}"
T_N=0
T_FAILED=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/camtune-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
out="$TMPD/stdout"
err="$TMPD/stderr"
status=0
DATA="$top_srcdir/tests/data"

ok() { # ok COND-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		diag "got:  $1" "want: $2"
	fi
}
contains() { # contains FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok 0 "$3"; else
		ok 1 "$3"
		diag "'$2' not found in:"
		head -c 2000 "$1" | sed 's/^/#   /'
	fi
}
lacks() { # lacks FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then
		ok 1 "$3"
		diag "'$2' unexpectedly found"
	else ok 0 "$3"; fi
}
same_file() { # same_file GOT EXPECTED DESCRIPTION
	# after an intended change, CAMTUNE_UPDATE_GOLDEN=1 writes the goldens
	# again (review them with git diff)
	case "$2" in
	*/tests/golden/*) [ "${CAMTUNE_UPDATE_GOLDEN:-}" = 1 ] && cp "$1" "$2" ;;
	esac
	if cmp -s "$1" "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		diff -u "$2" "$1" | head -40 | sed 's/^/#   /'
	fi
}
run() { # run CMD ARGS... (stdin from /dev/null unless redirected by caller)
	"$@" >"$out" 2>"$err"
	status=$?
}
# An address-space limit for a command: `sh -c "$ULIMIT_V 300000; exec ..."`.
# AddressSanitizer reserves terabytes of shadow memory at start, so in a
# sanitizer build the limit is left out (the check under test then meets
# the machine's memory instead).
if nm "$CAMTUNE" 2>/dev/null | grep -q '__asan_init'; then ULIMIT_V=:; else ULIMIT_V='ulimit -v'; fi
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
