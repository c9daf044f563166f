/* source_pg.c -- the PostgreSQL source behind source.h: a table or a
 * query read with libpq through COPY (...) TO STDOUT.
 *
 * Owns the connection, the lookup of the columns by name (the same names
 * as a CSV header, doc/domain.md "Data format"), the SQL sent (the time
 * range in its WHERE clause) and the decoding of COPY's text format.
 * Knows nothing of what a label or a probability means (load.c does).
 *
 * Streaming: COPY sends one message per row and PQgetCopyData hands back
 * one row at a time, so memory stays one row whatever the table's size.
 * Rows come in the order the server produces them; a record's line is its
 * 1-based row in that result (counts_rows).
 *
 * Failures: no connection, authentication, a missing table at open (66);
 * a bad query or a missing column at open (65); the server gone or an
 * error mid-read (fail_code 66 for a lost connection, 65 for a server
 * error), after which the loader drops what it read.  Messages carry the
 * URI without its password (ct_source_display_name) and the server's
 * first line of text, never the connection string itself.
 */
#include "config.h"

#include "io/load.h" /* ct_format_time */
#include "io/source.h"
#include "io/summary.h"

#include "io/atomic.h" /* ct_signal_hook_set */
#include "io/escape.h"
#include "io/exit.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Result types whose text needs a conversion for ct_parse_time. */
#define OID_DATE 1082
#define OID_TIMESTAMP 1114
#define OID_TIMESTAMPTZ 1184

typedef struct pg_source {
	ct_source base; /* first: the interface */
	PGconn *conn;
	PGcancel *cancel; /* the running query's, for a signal */
	bool quiet;     /* the server's notices not shown */
	char *name;     /* the connection without its secrets
	                   (ct_source_display_name) */
	char *row;      /* the current COPY row (libpq's buffer) */
	int n_cols;     /* columns selected: the roles found */
	int col_of[CT_N_ROLES]; /* selected column of each role, -1 none */
	uint64_t rows, bytes;
	bool eof, failed;
	char err[1024];
} pg_source;

static void set_error(pg_source *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_error(pg_source *s, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	s->failed = true;
	s->base.fail_code = code;
}

/* libpq's message: its first line, control characters as spaces (the
 * server's text may hold newlines and tabs; messages are one line). */
static const char *first_line(const char *msg, char *buf, size_t len)
{
	if (!msg)
		msg = "";
	while (strncmp(msg, "ERROR:  ", 8) == 0 || strncmp(msg, "FATAL:  ", 8) == 0)
		msg += 8;
	size_t k = 0;
	for (; *msg && *msg != '\n' && k + 1 < len; msg++)
		buf[k++] = (unsigned char)*msg < 0x20 || *msg == 0x7f ? ' ' : *msg;
	while (k && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return k ? buf : "unknown error";
}

/* The exit code of a failed statement: 66 when the input cannot be had
 * (the connection lost or the server going away, no such table or schema,
 * no permission on it), 65 for anything else (a bad query, a server error
 * in the data). */
static bool lost_state(const char *state)
{
	/* 57P0x: the server shutting down, 08xxx: connection */
	return state && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0);
}

static int result_code(PGconn *c, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(c) != CONNECTION_OK || lost_state(state))
		return CT_EXIT_NOINPUT;
	/* 42P01 undefined_table, 3F000 invalid_schema_name,
	 * 42501 insufficient_privilege */
	if (state && (strcmp(state, "42P01") == 0 || strcmp(state, "3F000") == 0 ||
	              strcmp(state, "42501") == 0))
		return CT_EXIT_NOINPUT;
	return CT_EXIT_DATAERR;
}

static const char *conn_message(PGconn *c, char *buf, size_t len)
{
	/* "connection to server ... failed: FATAL:  password authentication
	 * failed ...": keep what follows the last "failed: ". */
	const char *m = PQerrorMessage(c);
	const char *p = m, *q;
	while ((q = strstr(p, "failed: ")) != NULL && strchr(q, '\n') != q + 8)
		p = q + 8;
	return first_line(p, buf, len);
}

/* ---- the SQL ------------------------------------------------------------- */

typedef struct sqlbuf {
	char *s;
	size_t len, cap;
	bool oom;
} sqlbuf;

static void put(sqlbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void put_ident(sqlbuf *b, PGconn *c, const char *name)
{
	char *q = PQescapeIdentifier(c, name, strlen(name));
	if (!q) {
		b->oom = true;
		return;
	}
	put(b, q);
	PQfreemem(q);
}

/* --query without what may end it: blanks, semicolons and a "--" comment
 * on its last line (found outside quotes on that line), so that it reads
 * as a subquery.  The server still checks it is one statement (describe
 * prepares it). */
static char *query_body(const char *q)
{
	char *t = strdup(q);
	if (!t)
		return NULL;
	for (;;) {
		size_t n = strlen(t);
		while (n && (t[n - 1] == ';' || t[n - 1] == ' ' || t[n - 1] == '\t' ||
		             t[n - 1] == '\n' || t[n - 1] == '\r'))
			t[--n] = '\0';
		char *line = strrchr(t, '\n');
		line = line ? line + 1 : t;
		char quote = 0;
		char *dash = NULL;
		for (char *p = line; *p && !dash; p++) {
			if (quote)
				quote = *p == quote ? 0 : quote;
			else if (*p == '\'' || *p == '"')
				quote = *p;
			else if (p[0] == '-' && p[1] == '-')
				dash = p;
		}
		if (!dash)
			return t;
		*dash = '\0';
	}
}

/* --table as SQL writes it: parts split by dots, each "Quoted" (taken as
 * it is, "" for a quote) or bare (letters, digits, _ and $, not starting
 * with a digit or $), folded to lower case as PostgreSQL folds it; each
 * part then quoted by PQescapeIdentifier (no SQL from a table name).
 * false: not a table name. */
static bool put_table(sqlbuf *b, PGconn *c, const char *t)
{
	char *part = malloc(strlen(t) + 1);
	if (!part) {
		b->oom = true;
		return true;
	}
	const char *p = t;
	bool ok = true;
	for (;;) {
		size_t k = 0;
		if (*p == '"') {
			for (p++;; p++) {
				if (!*p) {
					ok = false;
					break;
				}
				if (*p == '"' && p[1] != '"') {
					p++;
					break;
				}
				part[k++] = *p;
				p += *p == '"';
			}
		} else {
			for (; *p && *p != '.'; p++) {
				unsigned char ch = (unsigned char)*p;
				bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				              ch == '_' || ch >= 0x80;
				bool digit = (ch >= '0' && ch <= '9') || ch == '$';
				if (!letter && !(digit && k)) {
					ok = false;
					break;
				}
				part[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
			}
		}
		if (!ok || k == 0) {
			ok = false;
			break;
		}
		part[k] = '\0';
		put_ident(b, c, part);
		if (*p != '.') {
			ok = *p == '\0';
			break;
		}
		put(b, ".");
		p++;
	}
	free(part);
	return ok;
}

/* FROM's operand: --query as a subquery, else the table.  false: --table
 * is not a table name. */
static bool put_from(sqlbuf *b, PGconn *c, const ct_source_opts *o)
{
	if (o && o->query) {
		char *q = query_body(o->query);
		if (!q) {
			b->oom = true;
			return true;
		}
		/* on lines of their own: a comment inside cannot hide the end */
		put(b, "(\n");
		put(b, q);
		put(b, "\n) AS camtune_query");
		free(q);
		return true;
	}
	return put_table(b, c, o && o->table ? o->table : "alerts");
}

static bool time_typed(Oid type)
{
	return type == OID_DATE || type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ;
}

/* With --pushdown and a time range, the loader's rule for a row without
 * a readable time (it is outside any range), in SQL: a date or timestamp
 * between 1970 and 2106-02-07T06:28:15 (ct_parse_time's range); a text
 * time in the video name's form "YYYY-MM-DD_HHhMMmSSs" (fixed width, so
 * byte order is time order) with a real date and time of day.  The CASE
 * keeps the casts from ever seeing text that is not digits. */
static void put_time_readable(sqlbuf *b, PGconn *c, const char *col, Oid type)
{
	if (type == OID_DATE || type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ) {
		put(b, " AND ");
		put_ident(b, c, col);
		put(b, " >= TIMESTAMP '1970-01-01T00:00:00' AND ");
		put_ident(b, c, col);
		put(b, " < TIMESTAMP '2106-02-07T06:28:15'");
		return;
	}
	sqlbuf v = {0};
	put(&v, "substr(CAST(");
	put_ident(&v, c, col);
	put(&v, " AS text), 1, 20)");
	if (v.oom) {
		b->oom = true;
		free(v.s);
		return;
	}
	const char *t = v.s;
	put(b, " AND CASE WHEN ");
	put(b, t);
	put(b, " COLLATE \"C\" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}h[0-9]{2}m[0-9]{2}s$' THEN ");
	/* y, m, d, hours, minutes, seconds */
	static const char *const part[6] = {"1, 4", "6, 2", "9, 2", "12, 2", "15, 2", "18, 2"};
	static const char *const rule[] = {
		"1", " BETWEEN 1 AND 12 AND ", "3", " <= 23 AND ", "4", " <= 59 AND ", "5",
		" <= 59 AND ", "2", " BETWEEN 1 AND CASE ", "1", " WHEN 2 THEN CASE WHEN (", "0",
		" % 4 = 0 AND ", "0", " % 100 <> 0) OR ", "0",
		(" % 400 = 0 THEN 29 ELSE 28 END WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 "
		 "WHEN 11 THEN 30 ELSE 31 END AND ")};
	for (size_t i = 0; i < sizeof rule / sizeof *rule; i++) {
		if (i % 2) {
			put(b, rule[i]);
			continue;
		}
		put(b, "CAST(substr(");
		put(b, t);
		put(b, ", ");
		put(b, part[rule[i][0] - '0']);
		put(b, ") AS integer)");
	}
	put(b, t);
	put(b, " COLLATE \"C\" >= '1970-01-01_00h00m00s' AND ");
	put(b, t);
	put(b, " COLLATE \"C\" < '2106-02-07_06h28m15s' ELSE false END");
	free(v.s);
}

/* The time range as SQL.  A date or timestamp column compares exactly
 * (the session's time zone is UTC).  A text column is compared in byte
 * order on its fixed-width start: with video_form, the video name's
 * "YYYY-MM-DD_HHhMMmSSs", exact to the second for that form (the
 * push-down, which has no loader filter after it); else the first ten
 * characters, YYYY-MM-DD in the video name and ISO forms alike, a superset
 * at day granularity that the loader narrows to the second. */
static void put_where(sqlbuf *b, PGconn *c, const ct_source_opts *o, const char *col, Oid type,
                      bool video_form)
{
	char t[32];
	bool first = true;
	for (int k = 0; k < 2; k++) {
		bool since = k == 0;
		if (since ? !o->has_since : !o->has_until)
			continue;
		put(b, first ? " WHERE " : " AND ");
		first = false;
		/* "YYYY-MM-DDTHH:MM:SS", a timestamp literal to PostgreSQL */
		ct_format_time(t, sizeof t, since ? o->since : o->until);
		if (time_typed(type)) {
			put_ident(b, c, col);
			put(b, since ? " >= TIMESTAMP '" : " < TIMESTAMP '");
		} else {
			put(b, "substr(CAST(");
			put_ident(b, c, col);
			if (video_form) {
				/* rows whose time the loader cannot read are left out */
				t[10] = '_', t[13] = 'h', t[16] = 'm', t[19] = 's', t[20] = '\0';
				put(b, since ? " AS text), 1, 20) COLLATE \"C\" >= '"
				             : " AS text), 1, 20) COLLATE \"C\" < '");
			} else {
				t[10] = '\0';
				put(b, since ? " AS text), 1, 10) COLLATE \"C\" >= '"
				             : " AS text), 1, 10) COLLATE \"C\" <= '");
			}
		}
		put(b, t);
		put(b, "'");
	}
	if (!first && video_form)
		put_time_readable(b, c, col, type);
}

static bool numeric_type(Oid t)
{
	/* int2, int4, int8, float4, float8, numeric */
	return t == 21 || t == 23 || t == 20 || t == 700 || t == 701 || t == 1700;
}

/* A column as camtune reads it, the same in every path (doc/domain.md
 * "Column types"): a numeric probability as double precision (a real, a
 * numeric or an integer becomes the double the server compares with a
 * threshold), a date or timestamp as ISO text, anything else as text (a
 * char(n) loses its padding, an integer or an enum becomes its text). */
static void put_column(sqlbuf *b, PGconn *c, int role, const char *col, Oid type)
{
	if (role != CT_ROLE_PROBABILITY && time_typed(type)) {
		/* ISO text ct_parse_time reads, whole seconds, UTC */
		put(b, "to_char(");
		put_ident(b, c, col);
		put(b, ", 'YYYY-MM-DD\"T\"HH24:MI:SS')");
		return;
	}
	put(b, "CAST(");
	put_ident(b, c, col);
	put(b, role == CT_ROLE_PROBABILITY && numeric_type(type) ? " AS double precision)"
	                                                         : " AS text)");
}

/* ---- open ------------------------------------------------------------------ */

static int pg_next(ct_source *base, ct_record *rec);
static const char *pg_error(const ct_source *base);
static void pg_progress(const ct_source *base, uint64_t *done, uint64_t *total);
static void pg_close(ct_source *base);
static const ct_source_ops pg_ops = {pg_next, pg_error, pg_progress, pg_close,
                                     NULL /* no ct_source_run: rows come in order */};

/* One statement, by the extended protocol: the server refuses a string
 * that holds more (PQexec would run them all). */
static PGresult *exec_one(PGconn *c, const char *sql)
{
	return PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

static bool exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = exec_one(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok;
}

/* The server's NOTICE and WARNING messages (a --query's RAISE, a
 * deprecation), one line on stderr with its text escaped (doc/domain.md:
 * text from the database never reaches a terminal raw); none under -q. */
static void on_notice(void *arg, const PGresult *r)
{
	const pg_source *s = arg;
	if (s->quiet)
		return;
	const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY);
	const char *text = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	char *shown_sev = ct_escape(sev ? sev : "NOTICE");
	char *shown_text = ct_escape(text ? text : "");
	char name[512];
	fprintf(stderr, "camtune: %s: server %s: %s\n", ct_shown(s->name, name, sizeof name),
	        shown_sev ? shown_sev : "NOTICE", shown_text ? shown_text : "(out of memory)");
	free(shown_sev);
	free(shown_text);
}

/* The query running now, cancelled by SIGINT, SIGTERM or SIGHUP before the
 * signal ends camtune (PQcancel is async-signal-safe): the server stops
 * instead of running it to its end for no one. */
static PGcancel *volatile running;

static void cancel_running(void)
{
	PGcancel *c = running;
	char buf[256];
	if (c)
		(void)PQcancel(c, buf, sizeof buf);
}

/* The input's columns by role. */
typedef struct roles {
	const char *want[CT_N_ROLES]; /* the names looked for */
	int at[CT_N_ROLES];           /* their column, -1 absent */
	Oid type[CT_N_ROLES];
	char what[300];               /* "table NAME" or "--query", for messages */
} roles;

/* Find the roles among the columns of `SELECT * FROM src LIMIT 0`.
 * Returns 0, or an exit code with s->err set. */
static int describe(pg_source *s, const ct_source_opts *o, roles *rl)
{
	char msg[512];
	PGconn *c = s->conn;
	if (o && o->query)
		snprintf(rl->what, sizeof rl->what, "--query");
	else
		snprintf(rl->what, sizeof rl->what, "table %s",
		         ct_shown(o && o->table ? o->table : "alerts", msg, sizeof msg));
	const char *what = rl->what;
	sqlbuf b = {0};
	put(&b, "SELECT * FROM ");
	bool named = put_from(&b, c, o);
	if (b.oom) {
		free(b.s);
		set_error(s, CT_EXIT_NOMEM, "%s: out of memory", s->name);
		return CT_EXIT_NOMEM;
	}
	if (!named) {
		free(b.s);
		set_error(s, CT_EXIT_USAGE, "%s: --%s: not a table name as SQL writes it (NAME, "
		                            "SCHEMA.NAME, \"Mixed Case\")",
		          s->name, what);
		return CT_EXIT_USAGE;
	}
	/* Prepared, never run: the columns without reading a row, and the
	 * server refuses a --query that holds more than one statement. */
	PGresult *r = PQprepare(c, "", b.s, 0, NULL);
	free(b.s);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		r = PQdescribePrepared(c, "");
	}
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		int code = result_code(c, r);
		set_error(s, code, "%s: %s: %s", s->name, what,
		          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		return code;
	}

	const char **want = rl->want;
	int *at = rl->at;
	Oid *type = rl->type;
	for (int k = 0; k < CT_N_ROLES; k++)
		want[k] = ct_role_default_name[k];
	if (o && o->camera_column)
		want[CT_ROLE_CAMERA] = o->camera_column;
	if (o && o->time_column)
		want[CT_ROLE_TIME] = o->time_column;
	for (int k = 0; k < CT_N_ROLES; k++)
		at[k] = -1, type[k] = 0;
	int n = PQnfields(r);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < CT_N_ROLES; k++) {
			if (strcmp(PQfname(r, i), want[k]) != 0)
				continue;
			if (at[k] >= 0) {
				set_error(s, CT_EXIT_DATAERR, "%s: %s: duplicate column '%s' (columns %d and %d)", s->name,
				          what, want[k], at[k] + 1, i + 1);
				PQclear(r);
				return CT_EXIT_DATAERR;
			}
			at[k] = i;
			type[k] = PQftype(r, i);
		}
	char missing[200] = "";
	int n_missing = 0;
	for (int k = 0; k < CT_N_ROLES; k++)
		if (at[k] < 0 && (k != CT_ROLE_TIME || (o && o->time_column))) {
			size_t m = strlen(missing);
			snprintf(missing + m, sizeof missing - m, "%s'%s'", n_missing ? ", " : "", want[k]);
			n_missing++;
		}
	if (n_missing) {
		char found[400] = "";
		for (int i = 0; i < n; i++) {
			size_t m = strlen(found);
			snprintf(found + m, sizeof found - m, "%s%s", i ? ", " : "", PQfname(r, i));
		}
		for (char *p = found; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		bool no_video = at[CT_ROLE_CAMERA] < 0 && !(o && o->camera_column) && n_missing == 1;
		set_error(s, CT_EXIT_DATAERR, "%s: %s: missing column%s %s (found: %s)%s", s->name, what,
		          n_missing > 1 ? "s" : "", missing, n ? found : "none",
		          no_video ? "; to read camera ids from another column, use --camera-column NAME"
		                   : "");
		PQclear(r);
		return CT_EXIT_DATAERR;
	}
	PQclear(r);
	return 0;
}

/* Describe, then start the COPY of the roles' columns.  Returns 0, or an
 * exit code with s->err set. */
static int start_copy(pg_source *s, const ct_source_opts *o)
{
	char msg[512];
	PGconn *c = s->conn;
	roles rl;
	int rc = describe(s, o, &rl);
	if (rc)
		return rc;
	const char **want = rl.want;
	const int *at = rl.at;
	const Oid *type = rl.type;
	const char *what = rl.what;
	PGresult *r;
	sqlbuf b = {0};
	put(&b, "COPY (SELECT ");
	s->n_cols = 0;
	for (int k = 0; k < CT_N_ROLES; k++) {
		s->col_of[k] = -1;
		if (at[k] < 0)
			continue;
		if (s->n_cols)
			put(&b, ", ");
		put_column(&b, c, k, want[k], type[k]);
		s->col_of[k] = s->n_cols++;
	}
	put(&b, " FROM ");
	put_from(&b, c, o);
	if (o && (o->has_since || o->has_until) && at[CT_ROLE_TIME] >= 0)
		put_where(&b, c, o, want[CT_ROLE_TIME], type[CT_ROLE_TIME], false);
	put(&b, ") TO STDOUT");
	if (b.oom) {
		free(b.s);
		set_error(s, CT_EXIT_NOMEM, "%s: out of memory", s->name);
		return CT_EXIT_NOMEM;
	}
	r = exec_one(c, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		int code = result_code(c, r);
		set_error(s, code, "%s: %s: %s", s->name, what,
		          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		return code;
	}
	PQclear(r);
	return 0;
}

/* A new source connected and set up, or NULL with err and *code. */
static pg_source *pg_connect(const char *uri, const ct_source_opts *o, int *code, char *err,
                             size_t errlen)
{
	if (ct_source_parse_error(uri, err, errlen)) {
		*code = CT_EXIT_NOINPUT;
		return NULL;
	}
	pg_source *s = calloc(1, sizeof *s);
	if (!s || !(s->name = ct_source_display_name(uri))) {
		snprintf(err, errlen, "database: out of memory");
		*code = CT_EXIT_NOMEM;
		free(s);
		return NULL;
	}
	s->base.ops = &pg_ops;
	s->base.counts_rows = true;
	s->quiet = o && o->quiet;
	/* libpq takes the string (URI or key=value, expand_dbname) and the
	 * usual PG* variables, ~/.pgpass, a service file; never a prompt for
	 * a password (no terminal in scripts).  camtune names itself in
	 * pg_stat_activity unless the string names it otherwise. */
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const values[] = {uri, "camtune", NULL};
	s->conn = PQconnectdbParams(keys, values, 1);
	char msg[512];
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "%s: cannot connect: %s", s->name,
		         s->conn ? conn_message(s->conn, msg, sizeof msg) : "out of memory");
		*code = s->conn ? CT_EXIT_NOINPUT : CT_EXIT_NOMEM;
		pg_close(&s->base);
		return NULL;
	}
	PQsetNoticeReceiver(s->conn, on_notice, s);
	s->cancel = PQgetCancel(s->conn);
	running = s->cancel;
	ct_signal_hook_set(cancel_running);
	/* Times as UTC ISO text, doubles in round-trip digits (a server set
	 * to extra_float_digits 0 would send 15), names as UTF-8 (the loader
	 * reads other bytes as Latin-1 anyway).  Then one transaction that
	 * can change nothing, whatever --query holds, and reads one snapshot
	 * (the push-down's two statements see the same rows). */
	if (!exec_ok(s->conn, "SET TimeZone TO 'UTC'") ||
	    !exec_ok(s->conn, "SET DateStyle TO ISO") ||
	    !exec_ok(s->conn, "SET extra_float_digits TO 3") ||
	    PQsetClientEncoding(s->conn, "UTF8") != 0 ||
	    !exec_ok(s->conn, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
		snprintf(err, errlen, "%s: cannot set up the session: %s", s->name,
		         first_line(PQerrorMessage(s->conn), msg, sizeof msg));
		*code = CT_EXIT_NOINPUT;
		pg_close(&s->base);
		return NULL;
	}
	return s;
}

ct_source *ct_source_open_pg(const char *uri, const ct_source_opts *opts, int *code,
                             char *err, size_t errlen)
{
	int dummy;
	if (!code)
		code = &dummy;
	pg_source *s = pg_connect(uri, opts, code, err, errlen);
	if (!s)
		return NULL;
	*code = start_copy(s, opts);
	if (*code != 0) {
		snprintf(err, errlen, "%s", s->err);
		pg_close(&s->base);
		return NULL;
	}
	return &s->base;
}

/* ---- reading --------------------------------------------------------------- */

/* Decode COPY's text format in place: fields split by tabs, backslash
 * escapes, \N for NULL (an empty field: the loader calls it missing). */
static int split_row(pg_source *s, char *row, size_t len, ct_field *f, int max)
{
	if (len && row[len - 1] == '\n')
		len--;
	row[len] = '\0';
	int n = 0;
	char *in = row, *end = row + len;
	while (n < max) {
		char *start = in, *out = in;
		bool null = in + 2 <= end && in[0] == '\\' && in[1] == 'N' &&
		            (in + 2 == end || in[2] == '\t');
		if (null)
			in += 2;
		while (!null && in < end && *in != '\t') {
			if (*in != '\\' || in + 1 == end) {
				*out++ = *in++;
				continue;
			}
			in++;
			char e = *in++;
			switch (e) {
			case 'b': *out++ = '\b'; break;
			case 'f': *out++ = '\f'; break;
			case 'n': *out++ = '\n'; break;
			case 'r': *out++ = '\r'; break;
			case 't': *out++ = '\t'; break;
			case 'v': *out++ = '\v'; break;
			case 'x': {
				int v = 0, k = 0;
				while (k < 2 && in < end && strchr("0123456789abcdefABCDEF", *in) && *in) {
					char h = *in++;
					v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
					k++;
				}
				*out++ = k ? (char)v : 'x';
				break;
			}
			default:
				if (e >= '0' && e <= '7') {
					int v = e - '0', k = 1;
					while (k < 3 && in < end && *in >= '0' && *in <= '7')
						v = v * 8 + (*in++ - '0'), k++;
					*out++ = (char)v;
				} else {
					*out++ = e;
				}
			}
		}
		bool more = in < end; /* at a tab */
		*(null ? start : out) = '\0';
		f[n].s = start;
		f[n].len = null ? 0 : (size_t)(out - start);
		n++;
		if (!more)
			break;
		in++;
	}
	(void)s;
	return in < end ? -1 : n;
}

static int pg_next(ct_source *base, ct_record *rec)
{
	pg_source *s = (pg_source *)base;
	if (s->failed)
		return -1;
	if (s->eof)
		return 0;
	if (s->row) {
		PQfreemem(s->row);
		s->row = NULL;
	}
	char msg[512];
	int n = PQgetCopyData(s->conn, &s->row, 0);
	if (n > 0) {
		s->rows++;
		s->bytes += (uint64_t)n;
		ct_field f[CT_N_ROLES];
		int got = split_row(s, s->row, (size_t)n, f, s->n_cols);
		if (got != s->n_cols) {
			set_error(s, CT_EXIT_DATAERR, "%s: row %llu: %d fields from the server, %d expected", s->name,
			          (unsigned long long)s->rows, got, s->n_cols);
			return -1;
		}
		memset(rec, 0, sizeof *rec);
		rec->line = s->rows;
		rec->n_fields = got;
		ct_field *dst[CT_N_ROLES] = {&rec->store, &rec->camera, &rec->label,
		                             &rec->probability, &rec->time};
		for (int k = 0; k < CT_N_ROLES; k++)
			if (s->col_of[k] >= 0)
				*dst[k] = f[s->col_of[k]];
		return 1;
	}
	if (n == -1) {
		/* the end of the COPY: its result says whether it completed */
		PGresult *r = PQgetResult(s->conn);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok) {
			bool lost = PQstatus(s->conn) != CONNECTION_OK ||
			            lost_state(PQresultErrorField(r, PG_DIAG_SQLSTATE));
			set_error(s, lost ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR, "%s: %s after %llu rows: %s", s->name,
			          lost ? "connection lost" : "server error", (unsigned long long)s->rows,
			          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		}
		PQclear(r);
		while ((r = PQgetResult(s->conn)) != NULL)
			PQclear(r);
		if (!ok)
			return -1;
		s->eof = true;
		return 0;
	}
	set_error(s, PQstatus(s->conn) != CONNECTION_OK ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR, "%s: connection lost after %llu rows: %s",
	          s->name, (unsigned long long)s->rows,
	          first_line(PQerrorMessage(s->conn), msg, sizeof msg));
	return -1;
}

static const char *pg_error(const ct_source *base)
{
	const pg_source *s = (const pg_source *)base;
	return s->err[0] ? s->err : "no error";
}

static void pg_progress(const ct_source *base, uint64_t *done, uint64_t *total)
{
	const pg_source *s = (const pg_source *)base;
	if (done)
		*done = s->bytes;
	if (total)
		*total = 0;
}

static void pg_close(ct_source *base)
{
	pg_source *s = (pg_source *)base;
	if (s->row)
		PQfreemem(s->row);
	if (s->cancel) {
		running = NULL;
		ct_signal_hook_set(NULL);
		PQfreeCancel(s->cancel);
	}
	if (s->conn)
		PQfinish(s->conn); /* mid-COPY: libpq drops the connection */
	free(s->name);
	free(s);
}

/* ---- push-down: the summary computed by the server -------------------------- */

/* sql/curves.sql, as a C string (generated at build time). */
static const char curves_sql[] =
#include "sql_curves.h"
	;

/* One host of a libpq host list: local when a socket directory, empty
 * (libpq's default socket) or a loopback name. */
static bool host_is_local(const char *h, size_t n)
{
	static const char *const local[] = {"localhost", "127.0.0.1", "::1", "[::1]"};
	if (n == 0 || h[0] == '/' || h[0] == '@')
		return true;
	for (size_t i = 0; i < sizeof local / sizeof *local; i++)
		if (strlen(local[i]) == n && memcmp(local[i], h, n) == 0)
			return true;
	return false;
}

bool ct_pg_is_remote(const char *uri)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &msg);
	if (!opts) {
		PQfreemem(msg);
		return false; /* the connection will say what is wrong */
	}
	const char *host = NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "host") == 0 && o->val && *o->val)
			host = o->val;
	if (!host)
		host = getenv("PGHOST");
	bool remote = false;
	for (const char *p = host ? host : ""; !remote;) {
		size_t n = strcspn(p, ",");
		remote = !host_is_local(p, n);
		if (!p[n])
			break;
		p += n + 1;
	}
	PQconninfoFree(opts);
	return remote;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The loader's reasons for a row it skips, in its order (load.c), over
 * curves.sql's alerts_in: the rows the push-down leaves out, by reason.
 * The last, no camera id, is what remains (rows read less the alerts
 * and the others): the camera id's expression is not computed twice. */
#define FINITE "probability BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308"
#define HAS(col) "(" col " IS NOT NULL AND " col " <> '')"
static const struct {
	int reason;
	const char *when;
} left_out[] = {
	{CT_SKIP_MISSING_PROBABILITY, "probability IS NULL"},
	{CT_SKIP_BAD_PROBABILITY, "probability IS NOT NULL AND NOT (" FINITE ")"},
	{CT_SKIP_MISSING_LABEL, FINITE " AND NOT " HAS("label")},
	{CT_SKIP_MISSING_STORE, FINITE " AND " HAS("label") " AND NOT " HAS("store")},
};
#define N_LEFT_OUT (sizeof left_out / sizeof *left_out)

static void put_counts(sqlbuf *b)
{
	put(b, "camtune_counts AS (\n    SELECT COUNT(*)");
	for (size_t i = 0; i < N_LEFT_OUT; i++) {
		put(b, ",\n        COALESCE(SUM(CASE WHEN ");
		put(b, left_out[i].when);
		put(b, " THEN 1 ELSE 0 END), 0)");
	}
	put(b, "\n    FROM alerts_in\n)\nSELECT * FROM camtune_counts\n");
}

/* sql/curves.sql with its marked parts replaced (see its header); with
 * counts, up to ids, then the counts of the rows left out instead of the
 * summary. */
static void put_summary_query(sqlbuf *b, PGconn *c, const ct_load_opts *lo, const roles *rl,
                              bool counts)
{
	const ct_source_opts *o = &lo->source;
	static const char begin[] = "-- camtune: camera begin, with --camera-column: ";
	bool in_block = false;
	for (const char *line = curves_sql; *line;) {
		size_t n = strcspn(line, "\n");
		const char *t = line;
		while (t < line + n && (*t == ' ' || *t == '\t'))
			t++;
		size_t tn = (size_t)(line + n - t);
		char *copy = strndup(line, n);
		if (!copy) {
			b->oom = true;
			return;
		}
		if (o->camera_column && tn > sizeof begin - 1 && memcmp(t, begin, sizeof begin - 1) == 0) {
			put(b, "        ");
			put(b, copy + (t - line) + sizeof begin - 1);
			put(b, "\n");
			in_block = true;
		} else if (in_block) {
			in_block = !ends_with(line, n, "-- camtune: camera end");
		} else if (counts &&
		           ends_with(line, n, "-- camtune: the rows left out are counted from alerts_in")) {
			put_counts(b);
			free(copy);
			return;
		} else if (ends_with(line, n, "-- camtune: source")) {
			put(b, "    SELECT ");
			static const char *const alias[CT_N_ROLES] = {"store", "video_name", "label",
			                                              "probability", NULL};
			for (int k = 0; k < CT_ROLE_TIME; k++) {
				if (k)
					put(b, ", ");
				put_column(b, c, k, rl->want[k], rl->type[k]);
				put(b, " AS ");
				put(b, alias[k]);
			}
			put(b, " FROM ");
			(void)put_from(b, c, o); /* a name describe accepted */
			if (o->has_since || o->has_until)
				put_where(b, c, o, rl->want[CT_ROLE_TIME], rl->type[CT_ROLE_TIME], true);
			put(b, "\n");
		} else if (ends_with(line, n, "-- camtune: theft labels")) {
			const char *const *labels = lo->theft_labels ? lo->theft_labels
			                                             : ct_default_theft_labels;
			put(b, "            ");
			for (size_t i = 0; labels[i]; i++) {
				char *lit = PQescapeLiteral(c, labels[i], strlen(labels[i]));
				if (!lit) {
					b->oom = true;
					break;
				}
				put(b, i ? ", " : "");
				put(b, lit);
				PQfreemem(lit);
			}
			put(b, "\n");
		} else {
			put(b, copy);
			put(b, "\n");
		}
		free(copy);
		line += n + (line[n] == '\n');
	}
}

/* The rows the push-down's SQL left out, by reason, into q (a second
 * statement of the same snapshot). */
static int count_left_out(pg_source *s, const ct_load_opts *lo, const roles *rl, ct_quality *q,
                          char *err, size_t errlen)
{
	char msg[512];
	sqlbuf b = {0};
	put_summary_query(&b, s->conn, lo, rl, true);
	if (b.oom) {
		free(b.s);
		snprintf(err, errlen, "%s: out of memory", s->name);
		return CT_EXIT_NOMEM;
	}
	PGresult *r = exec_one(s->conn, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
	    PQnfields(r) != (int)N_LEFT_OUT + 1) {
		int code = result_code(s->conn, r);
		snprintf(err, errlen, "%s: %s: --pushdown: counting the rows left out: %s", s->name,
		         rl->what, first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		return code;
	}
	q->server_rows = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	uint64_t rest = q->server_rows - q->loaded;
	for (size_t i = 0; i < N_LEFT_OUT; i++) {
		uint64_t n = strtoull(PQgetvalue(r, 0, (int)i + 1), NULL, 10);
		q->skipped[left_out[i].reason].count = n;
		rest -= n;
	}
	PQclear(r);
	if (q->server_rows < q->loaded || rest > q->server_rows) {
		/* the same snapshot cannot give that */
		snprintf(err, errlen, "%s: %s: --pushdown: %llu rows read but %llu alerts summarised",
		         s->name, rl->what, (unsigned long long)q->server_rows,
		         (unsigned long long)q->loaded);
		return CT_EXIT_DATAERR;
	}
	q->skipped[CT_SKIP_BAD_CAMERA].count = rest;
	return 0;
}

int ct_pg_summary(const char *uri, const ct_load_opts *lo, ct_dataset **ds, ct_quality *q,
                  char *err, size_t errlen)
{
	int code = 0;
	memset(q, 0, sizeof *q);
	*ds = NULL;
	q->time_first = q->time_last = CT_NO_TIME;
	pg_source *s = pg_connect(uri, &lo->source, &code, err, errlen);
	if (!s)
		return code;
	const ct_source_opts *o = &lo->source;
	roles rl;
	code = describe(s, o, &rl);
	if (code) {
		snprintf(err, errlen, "%s", s->err);
		goto out;
	}
	/* What the portable query cannot do exactly as the loader does. */
	const char *why = NULL;
	if (!numeric_type(rl.type[CT_ROLE_PROBABILITY]))
		why = "its probability column is not numeric";
	else if ((o->has_since || o->has_until) && rl.at[CT_ROLE_TIME] < 0)
		why = "it has no time column";
	else if ((o->has_since || o->has_until) && o->time_column && !time_typed(rl.type[CT_ROLE_TIME]))
		why = "--since/--until on a text --time-column";
	if (why) {
		snprintf(err, errlen, "%s: %s: --pushdown cannot compute the summary exactly: %s "
		                      "(read it whole with --no-pushdown)", s->name, rl.what, why);
		code = CT_PUSHDOWN_UNSUPPORTED;
		goto out;
	}
	sqlbuf b = {0};
	put(&b, "COPY (");
	put_summary_query(&b, s->conn, lo, &rl, false);
	put(&b, ") TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')");
	if (b.oom) {
		free(b.s);
		snprintf(err, errlen, "%s: out of memory", s->name);
		code = CT_EXIT_NOMEM;
		goto out;
	}
	char msg[512];
	PGresult *r = exec_one(s->conn, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		code = result_code(s->conn, r);
		snprintf(err, errlen, "%s: %s: --pushdown: %s", s->name, rl.what,
		         first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		goto out;
	}
	PQclear(r);
	ct_summary_parser *sp = ct_summary_parser_new(s->name, ';');
	if (!sp || !(q->source = ct_source_shown(uri, o))) {
		ct_summary_parser_free(sp);
		snprintf(err, errlen, "%s: out of memory", s->name);
		code = CT_EXIT_NOMEM;
		goto out;
	}
	q->is_summary = q->pushed_down = true;
	int n;
	while (code == 0 && (n = PQgetCopyData(s->conn, &s->row, 0)) > 0) {
		s->bytes += (uint64_t)n;
		code = ct_summary_parser_feed(sp, s->row, (size_t)n);
		PQfreemem(s->row);
		s->row = NULL;
		if (code)
			snprintf(err, errlen, "%s", ct_summary_parser_error(sp));
	}
	if (code == 0) {
		/* the end of the COPY: its result says whether it completed */
		r = n == -1 ? PQgetResult(s->conn) : NULL;
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
			bool lost = PQstatus(s->conn) != CONNECTION_OK ||
			            lost_state(r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL);
			code = lost ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR;
			snprintf(err, errlen, "%s: %s: --pushdown: %s: %s", s->name, rl.what,
			         lost ? "connection lost" : "server error",
			         first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn), msg,
			                    sizeof msg));
		}
		PQclear(r);
		while ((r = PQgetResult(s->conn)) != NULL)
			PQclear(r);
	}
	if (code == 0)
		code = ct_summary_parser_finish(sp, lo, ds, q, err, errlen);
	if (code == 0)
		code = count_left_out(s, lo, &rl, q, err, errlen);
	q->bytes_in = s->bytes;
	ct_summary_parser_free(sp);
out:
	pg_close(&s->base);
	if (code != 0)
		ct_quality_free(q);
	return code;
}
