#!/bin/sh
# man.sh -- camtune(1) renders without a warning and keeps in step with the
# code: the key and command table equals the explorer's action table, and
# every subcommand, option, exit code and environment variable is in it.
. "$top_srcdir/tests/lib.sh"
PAGE="$top_srcdir/man/camtune.1"

[ -r "$PAGE" ] || skip_all "no man page"

# Rendering, with every warning enabled.
if [ -n "${GROFF_BIN:-}" ]; then
	"$GROFF_BIN" -man -Tutf8 -ww -z "$PAGE" >"$out" 2>"$err"
	status=$?
	is "$status" 0 "groff renders the page"
	is "$(cat "$err")" "" "groff -ww: no warning"
elif command -v man >/dev/null 2>&1; then
	man --warnings -l "$PAGE" >"$out" 2>"$err"
	is "$?" 0 "man renders the page"
	is "$(cat "$err")" "" "man --warnings: no warning"
else
	echo "ok 1 # SKIP neither groff nor man"
	T_N=1
fi

# The installed page names the configured prefix's files, not /usr/local.
BUILT_PAGE="${top_builddir:-.}/camtune.1"
if [ -f "$BUILT_PAGE" ]; then
	lacks "$BUILT_PAGE" "@pkgdatadir@" "the built page has its paths filled in"
	pkg=$(sed -n 's/^\.I \(\/.*\)\/curves\.sql$/\1/p' "$BUILT_PAGE")
	[ -n "$pkg" ] && [ "$pkg" != "@pkgdatadir@" ]; ok $? "the built page's FILES name $pkg"
	grep -q '/usr/local' "$PAGE"; ok $((!$?)) "the page's source names no /usr/local"
fi

# The key table is the action table.
run "$CAMTUNE" tui --list-actions
is "$status" 0 "camtune tui --list-actions"
[ -s "$out" ]; ok $? "... lists actions"
sh "$top_srcdir/man/keys.sh" <"$out" >"$TMPD/want"
sed -n '/^\.\\" BEGIN KEYS/,/^\.\\" END KEYS/p' "$PAGE" >"$TMPD/got"
if cmp -s "$TMPD/got" "$TMPD/want"; then ok 0 "key table matches the action table"; else
	ok 1 "key table matches the action table"
	diag "regenerate it: camtune tui --list-actions | sh man/keys.sh --update man/camtune.1"
	diff -u "$TMPD/want" "$TMPD/got" | head -30 | sed 's/^/#   /'
fi
n_actions=$(grep -vc '^legend' "$out" | tr -d ' ')
is "$(grep -c '^\\fB.*:' "$TMPD/got" | tr -d ' ')" "$n_actions" "one entry per action"

# Every subcommand of `camtune --help` has its section.
run "$CAMTUNE" --help
cmds=$(sed -n '/^Commands:/,/^$/p' "$out" | awk 'NF >= 2 && $1 != "Commands:" { print $1 }')
[ -n "$cmds" ]; ok $? "camtune --help lists commands"
for c in $cmds; do
	grep -q "^\.SS \"camtune $c" "$PAGE"; ok $? "section for 'camtune $c'"
done

# Every option of every --help, short and long, is in the page.
for c in $cmds; do
	"$CAMTUNE" "$c" --help >"$TMPD/help" 2>/dev/null
	for o in $(grep -o -- '--[a-z][a-z-]*' "$TMPD/help" | sort -u) \
	         $(grep -o -- '^  -[A-Za-z]' "$TMPD/help" | sed 's/^ *//' | sort -u); do
		pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		if grep -q -- "$pat" "$PAGE"; then ok 0 "$c: $o documented"; else
			ok 1 "$c: $o documented"
		fi
	done
done

# Exit codes of `camtune --help`, in EXIT STATUS.
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$PAGE" >"$TMPD/exit"
for code in $(sed -n '/^Exit status:/,/^See/p' "$out" | grep -o '[0-9][0-9]*' | sort -un); do
	grep -q "^\.B $code\$" "$TMPD/exit"; ok $? "exit code $code documented"
done

# Every environment variable the code reads (but HOME) is documented.
sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$PAGE" >"$TMPD/env"
for v in $(cat "$top_srcdir"/src/*/*.c | grep -o 'getenv("[A-Z_]*")' | sed 's/getenv("//; s/")//' \
	| sort -u) $(cat "$top_srcdir"/src/*/*.c | grep -o 'env_int("[A-Z_]*"' | sed 's/env_int("//; s/"//' \
	| sort -u); do
	[ "$v" = HOME ] && continue
	grep -q "^\.B $v\$" "$TMPD/env"; ok $? "environment variable $v documented"
done

done_testing
