/* source.c -- the source interface (source.h): dispatch to an
 * implementation, pick one by the name given as FILE, and the facts every
 * source shares (column names, how an input is named in outputs). */
#include "config.h"

#include "io/source.h"

#include "io/exit.h"

#include <errno.h>
#ifdef HAVE_LIBPQ
#include <libpq-fe.h>
#endif
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ct_role_default_name[CT_N_ROLES] = {
	[CT_ROLE_STORE] = "store",
	[CT_ROLE_CAMERA] = "video_name",
	[CT_ROLE_LABEL] = "label",
	[CT_ROLE_PROBABILITY] = "probability",
	[CT_ROLE_TIME] = "video_name",
};

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool is_uri(const char *path)
{
	return has_prefix(path, "postgresql://") || has_prefix(path, "postgres://");
}

#ifdef HAVE_LIBPQ
/* Does s start with one of libpq's keywords and '=' ("host=", "dbname =",
 * "service=")?  The keywords are libpq's own (the options of an empty
 * string). */
static bool starts_with_keyword(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = 0;
	while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_')
		n++;
	const char *after = s + n;
	while (*after == ' ' || *after == '\t')
		after++;
	if (!n || *after != '=')
		return false;
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse("", &msg);
	PQfreemem(msg);
	bool known = false;
	for (PQconninfoOption *o = opts; o && o->keyword && !known; o++)
		known = strlen(o->keyword) == n && strncmp(o->keyword, s, n) == 0;
	PQconninfoFree(opts);
	return known;
}
#endif

bool ct_source_is_database(const char *path)
{
	if (!path)
		return false;
	if (is_uri(path))
		return true;
#ifdef HAVE_LIBPQ
	/* key=value words (an existing file of that name wins): a string that
	 * starts as one, even one libpq then cannot parse (its message must
	 * not show the string as a file name) */
	struct stat st;
	return strchr(path, '=') && stat(path, &st) != 0 && starts_with_keyword(path);
#else
	return false;
#endif
}

#ifdef HAVE_LIBPQ
/* One value as conninfo writes it: bare when it can be, else in single
 * quotes with \ and ' escaped (libpq reads the shown form back). */
static void put_value(char *out, size_t *k, const char *v)
{
	bool bare = *v != '\0';
	for (const char *p = v; *p; p++)
		if (*p == ' ' || *p == '\'' || *p == '\\' || (unsigned char)*p < 0x20)
			bare = false;
	if (!bare)
		out[(*k)++] = '\'';
	for (const char *p = v; *p; p++) {
		if (!bare && (*p == '\'' || *p == '\\'))
			out[(*k)++] = '\\';
		out[(*k)++] = *p;
	}
	if (!bare)
		out[(*k)++] = '\'';
}

static bool secret_keyword(const char *kw)
{
	return strcmp(kw, "password") == 0 || strcmp(kw, "sslpassword") == 0;
}

/* The fields libpq parsed, shown first in this order, then the others in
 * libpq's own. */
static const char *const shown_first[] = {"service", "host", "hostaddr", "port", "dbname",
                                          "user"};
#define N_SHOWN_FIRST (sizeof shown_first / sizeof *shown_first)

static int shown_rank(const char *kw)
{
	for (size_t i = 0; i < N_SHOWN_FIRST; i++)
		if (strcmp(kw, shown_first[i]) == 0)
			return (int)i;
	return (int)N_SHOWN_FIRST;
}

static char *shown_connection(const char *conninfo)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &msg);
	PQfreemem(msg); /* it may quote the string: never shown */
	if (!opts)
		return strdup(CT_SOURCE_UNPARSED);
	size_t cap = 1;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (o->val && !secret_keyword(o->keyword))
			cap += strlen(o->keyword) + 2 * strlen(o->val) + 4;
	char *out = malloc(cap);
	if (!out) {
		PQconninfoFree(opts);
		return NULL;
	}
	size_t k = 0;
	for (int rank = 0; rank <= (int)N_SHOWN_FIRST; rank++)
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			if (!o->val || secret_keyword(o->keyword) || shown_rank(o->keyword) != rank)
				continue;
			if (k)
				out[k++] = ' ';
			size_t n = strlen(o->keyword);
			memcpy(out + k, o->keyword, n);
			k += n;
			out[k++] = '=';
			put_value(out, &k, o->val);
		}
	out[k] = '\0';
	PQconninfoFree(opts);
	return out;
}
#endif

char *ct_source_display_name(const char *path)
{
	if (!ct_source_is_database(path))
		return strdup(path);
#ifdef HAVE_LIBPQ
	return shown_connection(path);
#else
	return strdup("database"); /* no libpq to parse it, nor to read it */
#endif
}

char *ct_source_shown(const char *path, const ct_source_opts *o)
{
	char *conn = ct_source_display_name(path);
	if (!conn || !ct_source_is_database(path))
		return conn;
	const char *kind = o && o->query ? "" : "table ";
	const char *what = o && o->query ? "--query" : o && o->table ? o->table : "alerts";
	size_t n = strlen(kind) + strlen(what) + strlen(conn) + 5;
	char *out = malloc(n);
	if (out)
		snprintf(out, n, "%s%s on %s", kind, what, conn);
	free(conn);
	return out;
}

bool ct_source_parse_error(const char *path, char *err, size_t errlen)
{
#ifdef HAVE_LIBPQ
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(path, &msg);
	if (opts) {
		PQconninfoFree(opts);
		PQfreemem(msg);
		return false;
	}
	/* libpq's message quotes the string or the part it could not read
	 * (perhaps the password), in the words of the user's language: none
	 * of it is shown */
	PQfreemem(msg);
	snprintf(err, errlen, "the database connection string cannot be parsed (a malformed host, "
	                      "port, percent-escape, quote or keyword; the string is not shown: it "
	                      "may hold a password)");
	return true;
#else
	(void)path, (void)err, (void)errlen;
	return false;
#endif
}

ct_source *ct_source_open(const char *path, const ct_source_opts *opts, int *code,
                          char *err, size_t errlen)
{
	int dummy;
	if (!code)
		code = &dummy;
	*code = CT_EXIT_NOINPUT;
	if (ct_source_is_database(path)) {
#ifdef HAVE_LIBPQ
		return ct_source_open_pg(path, opts, code, err, errlen);
#else
		char *name = ct_source_display_name(path);
		snprintf(err, errlen, "%s: camtune was built without PostgreSQL support "
		                      "(rebuild it with libpq-dev installed)",
		         name ? name : "database");
		free(name);
		return NULL;
#endif
	}
	ct_source *s = ct_source_open_csv(path, opts, err, errlen);
	if (!s && errno == ENOMEM)
		*code = CT_EXIT_NOMEM; /* ct_source_open_csv says so by errno */
	return s;
}

int ct_source_next(ct_source *src, ct_record *rec)
{
	return src->ops->next(src, rec);
}

const char *ct_source_error(const ct_source *src)
{
	return src->ops->error(src);
}

void ct_source_progress(const ct_source *src, uint64_t *done, uint64_t *total)
{
	src->ops->progress(src, done, total);
}

int ct_source_run(ct_source *src, const ct_record_sink *sink)
{
	return src->ops->run ? src->ops->run(src, sink) : 0;
}

bool ct_source_counts_rows(const ct_source *src)
{
	return src->counts_rows;
}

void ct_source_close(ct_source *src)
{
	if (src)
		src->ops->close(src);
}
