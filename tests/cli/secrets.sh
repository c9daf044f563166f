# A database password never shown, whatever it holds and however it is
# given: every output of every command that names its input (stderr, -v,
# the thresholds JSON, the report in text, Markdown and JSON, the SVGs and
# index.html, the explorer's screen), libpq's parse errors, the process's
# arguments in ps; and connection strings given as key=value words or a
# service.  Skipped without PostgreSQL (tests/pg_lib.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
pg_start

SMALL="$DATA/cli/small.csv"
pg_sql "CREATE TABLE alerts (idx bigint, store text, video_name text, label text,
	probability double precision)" &&
pg_sql "COPY alerts FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" <"$SMALL" ||
	{ echo "Bail out! cannot load small.csv"; exit 1; }

# A role whose password holds what a hand-written URI cut got wrong: a
# raw '?' and '#' (libpq takes the userinfo up to the '@').
SECRET="Zq?x#$$-sEcReT"
pg_sql "CREATE ROLE spy LOGIN PASSWORD '$SECRET'; GRANT SELECT ON alerts TO spy"
SHOWN="host=$PG_DIR dbname=camtune_test user=spy"

# Every text-printing command over FILE, its outputs into $TMPD/o.N/
# (all of them read for the secret).
N=0
every_output() { # every_output WHAT FILE [SECRET...]
	what=$1 file=$2
	shift 2
	N=$((N + 1))
	d="$TMPD/o.$N"
	mkdir -p "$d"
	"$CAMTUNE" optimize -v -t 50% -o "$d/t.json" "$file" >"$d/opt.out" 2>"$d/opt.err"
	is "$?" 0 "$what: optimize -v -o: exit 0"
	"$CAMTUNE" optimize -t 50% --json "$file" >"$d/opt.json" 2>>"$d/opt.err"
	"$CAMTUNE" report "$file" >"$d/report.txt" 2>"$d/report.err"
	"$CAMTUNE" report --markdown "$file" >"$d/report.md" 2>>"$d/report.err"
	"$CAMTUNE" report --json "$file" >"$d/report.json" 2>>"$d/report.err"
	"$CAMTUNE" compare -t 50% "$file" >"$d/compare.out" 2>"$d/compare.err"
	"$CAMTUNE" plot -t 50% -O "$d/plots" "$file" >"$d/plot.out" 2>"$d/plot.err"
	is "$?" 0 "$what: plot: exit 0"
	printf ':quit\n' >"$d/script"
	"$CAMTUNE" tui --script "$d/script" --dump-screen "$d/screen.txt" --size 200x40 "$file" \
		>"$d/tui.out" 2>"$d/tui.err"
	cat "$d"/*.* "$d"/plots/* >"$d/all" 2>/dev/null
	[ -s "$d/screen.txt" ] && [ -s "$d/plots/index.html" ] && n=0 || n=1
	ok $n "$what: the screen and the pictures were written"
	for s in "$@"; do
		lacks "$d/all" "$s" "$what: '$s' in no output"
	done
	contains "$d/t.json" "\"source\":	\"table alerts on $SHOWN\"" \
		"$what: the JSON source is the connection libpq parsed, without secrets"
	contains "$d/screen.txt" "table alerts on host=" "$what: the explorer names the source"
	contains "$d/plots/index.html" "table alerts on host=" "$what: index.html names the source"
}

every_output "raw ? and # in the password" "postgresql://spy:$SECRET@/camtune_test?host=$PG_DIR" \
	"$SECRET" "sEcReT"
# libpq decodes a percent-encoded key: pass%77ord is password
every_output "pass%77ord= in the query string" \
	"postgresql://spy@/camtune_test?host=$PG_DIR&pass%77ord=$(printf '%s' "$SECRET" |
		sed 's/?/%3F/; s/#/%23/')" "sEcReT"
every_output "sslpassword= in the query string" \
	"postgresql://spy:$(printf '%s' "$SECRET" | sed 's/?/%3F/; s/#/%23/')@/camtune_test?host=$PG_DIR&sslpassword=KeyPass-$$" \
	"sEcReT" "KeyPass-$$"
every_output "a key=value string" "host=$PG_DIR dbname=camtune_test user=spy password='$SECRET'" \
	"$SECRET" "sEcReT"

# ---- libpq's parse errors quote the string: camtune's own words --------------
for uri in "postgresql://spy:p-sEcReT@[::1" "postgresql://spy:p%zz-sEcReT@/camtune_test" \
	"postgresql://spy:p%00-sEcReT@/camtune_test" "host=x password='sEcReT"; do
	run "$CAMTUNE" optimize "$uri"
	is "$status" 66 "unparsable '${uri%%:*}...': exit 66"
	contains "$err" "the database connection string cannot be parsed" "... camtune's message"
	lacks "$err" "sEcReT" "... without the password"
done

# ---- key=value and service=NAME as FILE -------------------------------------
run "$CAMTUNE" optimize -q -s exact -t 50% --json "$PG_URI"
grep -v '"source\|"kind\|"path\|"table\|"connection\|"pushdown' "$out" >"$TMPD/uri.json"
run "$CAMTUNE" optimize -q -s exact -t 50% --json "host=$PG_DIR dbname=camtune_test user=spy password='$SECRET'"
is "$status" 0 "key=value conninfo as FILE: exit 0"
grep -v '"source\|"kind\|"path\|"table\|"connection\|"pushdown' "$out" >"$TMPD/kv.json"
same_file "$TMPD/kv.json" "$TMPD/uri.json" "key=value: the same document as the URI"
cat >"$TMPD/services" <<EOF
[camtest]
host=$PG_DIR
dbname=camtune_test
user=spy
password=$SECRET
EOF
export PGSERVICEFILE="$TMPD/services"
run "$CAMTUNE" optimize -q -s exact -t 50% --json service=camtest
is "$status" 0 "service=NAME as FILE: exit 0"
grep -v '"source\|"kind\|"path\|"table\|"connection\|"pushdown' "$out" >"$TMPD/svc.json"
same_file "$TMPD/svc.json" "$TMPD/uri.json" "service=NAME: the same document"
contains "$out" '"source":	"table alerts on service=camtest"' "service: named by the service"
lacks "$out" "sEcReT" "service: the password from the file not shown"
# an existing file of that name wins
mkdir "$TMPD/cwd"
head -5 "$SMALL" >"$TMPD/cwd/service=camtest"
(cd "$TMPD/cwd" && "$CAMTUNE" optimize -q -s exact -t 50% --json service=camtest) >"$TMPD/f.json" 2>&1
contains "$TMPD/f.json" '"source":	"service=camtest"' "a file named service=camtest wins"
contains "$TMPD/f.json" '"kind":	"csv"' "... read as a CSV file"
unset PGSERVICEFILE
run "$CAMTUNE" optimize "dbname=nosuchdb_x host=$PG_DIR user=spy password=$SECRET"
is "$status" 66 "key=value to a missing database: exit 66"
lacks "$err" "sEcReT" "... the password not in the message"

# ---- the password is not in ps while camtune runs ---------------------------
"$CAMTUNE" optimize -q --query "SELECT * FROM alerts, pg_sleep(3) AS s" \
	"postgresql://spy:$SECRET@/camtune_test?host=$PG_DIR" >/dev/null 2>&1 &
pid=$!
pg_wait busy >/dev/null
tr '\0' ' ' </proc/$pid/cmdline >"$TMPD/cmdline" 2>/dev/null
wait $pid
contains "$TMPD/cmdline" "camtune_test" "ps: the connection still named in the arguments"
lacks "$TMPD/cmdline" "sEcReT" "ps: the password overwritten in the arguments"

done_testing
