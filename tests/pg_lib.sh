# pg_lib.sh -- a private PostgreSQL server for one test script (sourced
# after lib.sh).
#
#   pg_start          initdb + pg_ctl start in a temporary directory, a Unix
#                     socket in it, no TCP; skip_all when PostgreSQL or
#                     camtune's libpq support is missing
#   pg_sql SQL        run SQL as the test's superuser (psql, stdin free for COPY)
#   pg_stop           stop the server (also on exit, even after a failure)
#   pg_wait busy|idle wait (10 s at most) until camtune runs a query on the
#                     server (application_name camtune, active), or none;
#                     prints the last count of such queries
#   pg_demo           the demo alerts as $TMPD/demo.csv (skip_all without)
#   $PG_URI           postgresql://camtune:PASSWORD@/camtune_test?host=SOCKETDIR
#   $PG_PASSWORD      the superuser's password (tests check it never shows)
#
# As root the server runs as an unprivileged user (nobody), which owns
# the directory; initdb refuses to run as root.  One server per script:
# start it once, at the top.
PG_DIR=""
PG_PASSWORD="pw-$$-secret"
PG_URI=""

pg_as() { # pg_as CMD ARGS...: as the server's owner
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_stop() {
	if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	return 0
}

pg_cleanup() {
	pg_stop
	[ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
	rm -rf "$TMPD"
}

pg_start() {
	: "${PG_BINDIR:=}"
	[ -n "$PG_BINDIR" ] && [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ] ||
		skip_all "no PostgreSQL server (install postgresql; configure looks in /usr/lib/postgresql/*/bin)"
	command -v psql >/dev/null 2>&1 || skip_all "no psql (install postgresql-client)"
	"$CAMTUNE" optimize -q postgresql:///x?host=/nonexistent >/dev/null 2>"$TMPD/pgprobe"
	if grep -q "built without PostgreSQL support" "$TMPD/pgprobe"; then
		skip_all "camtune built without PostgreSQL support (libpq-dev missing at configure)"
	fi
	if [ "$(id -u)" -eq 0 ] && ! id nobody >/dev/null 2>&1; then
		skip_all "running as root without a 'nobody' user for the server"
	fi
	# Outside $TMPD (mode 700, root's): the server's user must reach it.
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/camtune-pg.XXXXXX")
	trap pg_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	chmod 755 "$PG_DIR"
	printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pw"
	[ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR" "$PG_DIR/pw"
	if ! pg_as "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U camtune --pwfile="$PG_DIR/pw" \
		-A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
		sed 's/^/# /' "$PG_DIR/initdb.log" | tail -20
		skip_all "initdb failed (see above)"
	fi
	rm -f "$PG_DIR/pw"
	if ! pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off" \
		start >/dev/null 2>&1; then
		sed 's/^/# /' "$PG_DIR/server.log" | tail -20
		skip_all "the test server did not start (see above)"
	fi
	PGPASSWORD=$PG_PASSWORD psql -X -q -h "$PG_DIR" -U camtune -d postgres \
		-c "CREATE DATABASE camtune_test" >/dev/null || skip_all "cannot create the test database"
	PG_URI="postgresql://camtune:$PG_PASSWORD@/camtune_test?host=$PG_DIR"
	# camtune must find the password in the URI alone, not in the environment
	unset PGPASSWORD PGHOST PGUSER PGDATABASE PGPORT PGSERVICE
}

pg_sql() { # pg_sql SQL [psql args]
	sql=$1
	shift
	PGPASSWORD=$PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -U camtune \
		-d camtune_test -c "$sql" "$@"
}

pg_wait() { # pg_wait busy|idle
	n=0
	while :; do
		c=$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'camtune'
			AND state = 'active'" -At 2>/dev/null)
		c=${c:-0}
		if [ "$1" = busy ]; then [ "$c" -gt 0 ] && break; else [ "$c" -eq 0 ] && break; fi
		[ $n -ge 100 ] && break
		sleep 0.1
		n=$((n + 1))
	done
	echo "$c"
}

pg_demo() {
	DEMO=$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz
	[ -f "$DEMO" ] || skip_all "no demo data next to $CAMTUNE (make builds it)"
	zcat "$DEMO" >"$TMPD/demo.csv"
}
