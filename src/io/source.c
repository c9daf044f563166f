/* source.c -- the source interface (source.h): dispatch to an
 * implementation, pick one by the name given as FILE, and the facts every
 * source shares (column names, how an input is named in outputs). */
#include "config.h"

#include "io/source.h"

#include "io/exit.h"

#include <errno.h>
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

bool ct_source_is_database(const char *path)
{
	return path && (has_prefix(path, "postgresql://") || has_prefix(path, "postgres://"));
}

/* A URI is scheme://[userinfo@]host.../db[?key=value&...]: drop ":secret"
 * from the userinfo and any password=... parameter. */
char *ct_source_display_name(const char *path)
{
	if (!ct_source_is_database(path))
		return strdup(path);
	size_t n = strlen(path);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	const char *auth = strstr(path, "://") + 3;
	const char *auth_end = auth + strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth_end; p++)
		if (*p == '@')
			at = p; /* the last one: '@' is not allowed in the host */
	size_t k = (size_t)(auth - path);
	memcpy(out, path, k);
	const char *p = auth;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		const char *user_end = colon ? colon : at;
		memcpy(out + k, auth, (size_t)(user_end - auth));
		k += (size_t)(user_end - auth);
		p = at;
	}
	const char *q = strchr(p, '?');
	size_t body = q ? (size_t)(q - p) : strlen(p);
	memcpy(out + k, p, body);
	k += body;
	if (q) {
		/* keep every parameter but password=... */
		const char *s = q + 1;
		char sep = '?';
		while (*s) {
			size_t len = strcspn(s, "&#");
			if (!(len >= 9 && strncmp(s, "password=", 9) == 0)) {
				out[k++] = sep;
				memcpy(out + k, s, len);
				k += len;
				sep = '&';
			}
			s += len;
			if (*s == '#') {
				size_t rest = strlen(s);
				memcpy(out + k, s, rest);
				k += rest;
				break;
			}
			if (*s == '&')
				s++;
		}
	}
	out[k] = '\0';
	return out;
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

bool ct_source_counts_rows(const ct_source *src)
{
	return src->counts_rows;
}

void ct_source_close(ct_source *src)
{
	if (src)
		src->ops->close(src);
}
