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
#ifdef HAVE_LIBPQ
	/* a database: the fields libpq's PQconninfoParse finds, never password
	 * or sslpassword, whatever they hold and however they are written */
	display("postgresql://h/db", "host=h dbname=db");
	display("postgresql://user@h/db", "host=h dbname=db user=user");
	display("postgresql://user:secret@h:5433/db", "host=h port=5433 dbname=db user=user");
	display("postgres://user:s%40cret@h/db", "host=h dbname=db user=user");
	display("postgresql://:secret@h/db", "host=h dbname=db");
	display("postgresql://u:a:b@h/db", "host=h dbname=db user=u");
	display("postgresql:///db?host=/tmp/s&password=secret", "host=/tmp/s dbname=db");
	display("postgresql:///db?password=secret&host=/tmp", "host=/tmp dbname=db");
	display("postgresql:///db?password=secret", "dbname=db");
	display("postgresql://u:p@/db?sslmode=require&password=x&application_name=c",
	        "dbname=db user=u application_name=c sslmode=require");
	display("postgresql://h/db?options=a@b", "host=h dbname=db options=a@b");
	/* what a hand-written cut got wrong */
	display("postgresql://u:a?b#c@h/db", "host=h dbname=db user=u");
	display("postgresql://u:a?b@h/db?host=/s", "host=/s dbname=db user=u");
	display("postgresql://u@h/db?pass%77ord=s1&sslpassword=s2", "host=h dbname=db user=u");
	display("postgresql://u@h/db?%70assword=s1", "host=h dbname=db user=u");
	/* key=value words, a value with a blank quoted as conninfo quotes it */
	display("host=/tmp/a\\ b dbname='my db' password=s3", "host='/tmp/a b' dbname='my db'");
	display("service=shop password=s4", "service=shop");
	display("postgresql://u:s%zz@h/db", CT_SOURCE_UNPARSED);
	display("postgresql://u:s@[::1", CT_SOURCE_UNPARSED);

	ok(ct_source_is_database("host=/tmp dbname=x"), "key=value words are a database");
	ok(ct_source_is_database(" dbname = x"), "... with blanks around the =");
	ok(ct_source_is_database("service=shop"), "service=NAME is");
	ok(ct_source_is_database("host='x"), "a conninfo libpq cannot parse still is (its error is camtune's)");
	ok(!ct_source_is_database("data=x.csv"), "a word that is not libpq's keyword is a file");
	ok(!ct_source_is_database("x=1"), "... so is x=1");
	char err[512];
	ok(ct_source_parse_error("postgresql://u:Xq9%00ss@h/db", err, sizeof err) && !strstr(err, "Xq9"),
	   "%%00 in the password: an error without the string: %s", err);
	ok(ct_source_parse_error("postgresql://u:pa%zzss@[::1", err, sizeof err) && !strstr(err, "zz"),
	   "an unclosed [::1: an error without the string");
	ok(!ct_source_parse_error("postgresql://u:p@h/db", err, sizeof err), "a good URI: no error");
#endif

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
	char msg[512];
	int code = 0;
	ct_source *s = ct_source_open("/nonexistent/x.csv", &o, &code, msg, sizeof msg);
	ok(!s && code == 66, "a missing file: NULL, code 66");
	ok(strstr(msg, "/nonexistent/x.csv: cannot open") != NULL, "... naming the file");
	s = ct_source_open("postgresql://u:secret@/db?host=/nonexistent", &o, &code, msg, sizeof msg);
	ok(!s && code == 66, "an unreachable database: NULL, code 66");
	ok(!strstr(msg, "secret"), "... and no password in the message: %s", msg);
	return tap_done();
}
