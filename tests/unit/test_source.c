/* test_source.c -- the source interface's shared parts: which names are
 * databases, and the name of an input in outputs (a URI never with its
 * password, doc/domain.md "Data format"). */
#include "config.h"

#include "io/source.h"
#include "io/summary.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>

static void display(const char *in, const char *want)
{
	char *got = ct_source_display_name(in);
	if (!ok(got && strcmp(got, want) == 0, "display name of %s", in))
		printf("#   got '%s', want '%s'\n", got ? got : "(null)", want);
	free(got);
}

int main(void)
{
	ok(ct_source_is_database("postgresql://h/db"), "postgresql:// is a database");
	ok(ct_source_is_database("postgres://h/db"), "postgres:// is a database");
	ok(!ct_source_is_database("alerts.csv"), "a file is not");
	ok(!ct_source_is_database("postgresql:/x"), "nor a near miss");
	ok(!ct_source_is_database("-"), "nor standard input");

	display("alerts.csv", "alerts.csv");
	display("-", "-");
	/* a file name that looks like a password stays as given */
	display("u:pw@x.csv", "u:pw@x.csv");
	display("postgresql://h/db", "postgresql://h/db");
	display("postgresql://user@h/db", "postgresql://user@h/db");
	display("postgresql://user:secret@h:5433/db", "postgresql://user@h:5433/db");
	display("postgres://user:s%40cret@h/db", "postgres://user@h/db");
	display("postgresql://:secret@h/db", "postgresql://@h/db");
	display("postgresql://u:a:b@h/db", "postgresql://u@h/db");
	display("postgresql:///db?host=/tmp/s&password=secret", "postgresql:///db?host=/tmp/s");
	display("postgresql:///db?password=secret&host=/tmp", "postgresql:///db?host=/tmp");
	display("postgresql:///db?password=secret", "postgresql:///db");
	display("postgresql://u:p@/db?sslmode=require&password=x&application_name=c",
	        "postgresql://u@/db?sslmode=require&application_name=c");
	/* an '@' after the authority (in a parameter) is not userinfo */
	display("postgresql://h/db?options=a@b", "postgresql://h/db?options=a@b");
	display("postgresql://u:p@h/db#frag", "postgresql://u@h/db#frag");

#ifdef HAVE_LIBPQ
	/* --pushdown's default: a server on another machine */
	unsetenv("PGHOST");
	ok(ct_pg_is_remote("postgresql://db.example.com/alerts"), "a host name is remote");
	ok(ct_pg_is_remote("postgresql://u:p@10.1.2.3:5433/alerts"), "an address is remote");
	ok(!ct_pg_is_remote("postgresql:///alerts"), "no host (the default socket) is local");
	ok(!ct_pg_is_remote("postgresql:///alerts?host=/run/postgresql"), "a socket is local");
	ok(!ct_pg_is_remote("postgresql://localhost/alerts"), "localhost is local");
	ok(!ct_pg_is_remote("postgresql://127.0.0.1/alerts"), "127.0.0.1 is local");
	ok(!ct_pg_is_remote("postgresql://[::1]:5432/alerts"), "::1 is local");
	ok(ct_pg_is_remote("postgresql://localhost,db.example.com/alerts"),
	   "a host list with a remote host is remote");
	setenv("PGHOST", "db.example.com", 1);
	ok(ct_pg_is_remote("postgresql:///alerts"), "no host in the URI: PGHOST decides");
	unsetenv("PGHOST");
#endif

	ct_source_opts o = {0};
	char err[512];
	int code = 0;
	ct_source *s = ct_source_open("/nonexistent/x.csv", &o, &code, err, sizeof err);
	ok(!s && code == 66, "a missing file: NULL, code 66");
	ok(strstr(err, "/nonexistent/x.csv: cannot open") != NULL, "... naming the file");
	s = ct_source_open("postgresql://u:secret@/db?host=/nonexistent", &o, &code, err, sizeof err);
	ok(!s && code == 66, "an unreachable database: NULL, code 66");
	ok(!strstr(err, "secret"), "... and no password in the message: %s", err);
	return tap_done();
}
