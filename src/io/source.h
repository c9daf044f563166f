/* source.h -- where alert records come from.
 *
 * A source yields one raw record at a time; it knows the input format but
 * not the semantics (which labels are thefts, what a valid probability is):
 * that is the loader's job (load.h).  Two sources stand behind the same
 * four calls: a CSV file (source_csv.c) and a PostgreSQL table or query
 * (source_pg.c); ct_source_open picks one by the name given as FILE.
 *
 *   src = ct_source_open(path, &opts, errbuf, sizeof errbuf);  NULL + message on failure
 *   while ((r = ct_source_next(src, &rec)) > 0) ...   fields valid until the next call
 *   if (r < 0) ct_source_error(src)                    message names the input and line/row
 *   ct_source_close(src);
 *
 * Or, where the source can split its input between threads (the CSV
 * source on a plain, uncompressed file), the whole input at once:
 *
 *   r = ct_source_run(src, &sink);   1 done, 0 not offered (use
 *                                    ct_source_next from the start), -1 error
 *                                    (ct_source_error), 2 stopped by commit
 *
 * A source that cannot do that (no run op: the database source, gzip,
 * standard input) returns 0 from ct_source_run; nothing is read then.
 *
 * An implementation embeds ct_source as its first member and fills ops;
 * the calls dispatch through it (source.c).
 */
#ifndef CAMTUNE_SOURCE_H
#define CAMTUNE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ct_field {
	const char *s; /* NUL-terminated from ct_source_next; NOT terminated in
	                  ct_source_run's row() (s[len] may be anything);
	                  NULL when the column is absent */
	size_t len;
} ct_field;

/* The columns a source finds by name (doc/domain.md "Data format"). */
enum ct_role {
	CT_ROLE_STORE, CT_ROLE_CAMERA, CT_ROLE_LABEL, CT_ROLE_PROBABILITY,
	CT_ROLE_TIME, /* the only optional one */
	CT_N_ROLES
};
#define CT_N_REQUIRED_ROLES CT_ROLE_TIME
/* "store", "video_name", "label", "probability", "video_name": the camera
 * and time names give way to --camera-column and --time-column. */
extern const char *const ct_role_default_name[CT_N_ROLES];

typedef struct ct_record {
	uint64_t line;        /* 1-based physical line where the record starts
	                         (a database source: the 1-based row of the
	                         result, see ct_source_counts_rows) */
	ct_field store;
	ct_field camera;      /* video_name, or the --camera-column value */
	ct_field label;
	ct_field probability;
	int n_fields;         /* fields in this record */
	ct_field time;        /* the clip's time: the --time-column value, else
	                         video_name (also when --camera-column is used
	                         and a video_name column exists); s NULL when
	                         there is none */
} ct_record;

typedef struct ct_source_opts {
	char delimiter;            /* 0 = detect (';' default, ',' and tab) */
	const char *camera_column; /* NULL: camera id from video_name */
	int show_progress;         /* report progress on stderr if a tty */
	const char *time_column;   /* NULL: the time from video_name */
	/* A database source only (a file ignores them): */
	const char *table;         /* NULL: "alerts"; may be SCHEMA.TABLE */
	const char *query;         /* a SELECT read instead of a table */
	bool has_since, has_until; /* the time range, into the WHERE clause */
	int64_t since, until;
	int pushdown;              /* the summary computed by the server
	                              (ct_pg_summary): 1 always, -1 never, 0 when
	                              the server is not on this machine */
	bool quiet;                /* -q: the server's NOTICE and WARNING
	                              messages not shown (else on stderr,
	                              escaped) */
} ct_source_opts;

typedef struct ct_source ct_source;
typedef struct ct_record_sink ct_record_sink;
typedef struct ct_source_ops {
	int (*next)(ct_source *src, ct_record *rec);
	const char *(*error)(const ct_source *src);
	void (*progress)(const ct_source *src, uint64_t *done, uint64_t *total);
	void (*close)(ct_source *src);
	/* optional (NULL: ct_source_run returns 0): see ct_source_run */
	int (*run)(ct_source *src, const ct_record_sink *sink);
} ct_source_ops;
struct ct_source {
	const ct_source_ops *ops;
	bool counts_rows;  /* record.line is a row of a result, not a line */
	int fail_code;     /* after next() = -1: the exit code (io/exit.h), 0
	                      meaning 65 (bad data); 66 when the input itself
	                      went away, 74 a read failed, 1 out of memory */
};

/* A PostgreSQL connection string: a URI (postgresql://, postgres://), or
 * key=value words libpq parses (host=... dbname=..., service=NAME) when
 * no file has that name (an existing file wins). */
bool ct_source_is_database(const char *path);
/* The name of an input for messages and outputs.  A database: the fields
 * libpq's PQconninfoParse finds in the string, as key=value words
 * ("host=/run/pg dbname=shop user=ana"), never password or sslpassword;
 * CT_SOURCE_UNPARSED when libpq cannot parse it ("database" in a build
 * without libpq).  A file: its name as
 * given.  The one shown form of a connection, in every output.  malloc'd;
 * NULL when out of memory. */
char *ct_source_display_name(const char *path);
#define CT_SOURCE_UNPARSED "database (connection string not understood)"
/* The same, with what is read from a database: "table T on CONN" or
 * "--query on CONN" (ct_quality's source).  malloc'd; NULL when out of
 * memory. */
char *ct_source_shown(const char *path, const ct_source_opts *o);
/* A database string libpq cannot parse: true, with camtune's message in
 * err (libpq's reason, without the parts it quotes).  False when it
 * parses. */
bool ct_source_parse_error(const char *path, char *err, size_t errlen);

/* A database URI (ct_source_is_database) or a file: "-" is standard
 * input, gzip is detected by magic bytes.  *code (may be NULL) gets the
 * exit code of a failure (io/exit.h): 66 cannot open or connect, 65 bad
 * query, 1 out of memory. */
ct_source *ct_source_open(const char *path, const ct_source_opts *opts, int *code,
                          char *err, size_t errlen);
/* The CSV source: NULL with err on failure, errno ENOMEM when out of
 * memory (else the file cannot be opened). */
ct_source *ct_source_open_csv(const char *path, const ct_source_opts *opts,
                              char *err, size_t errlen);
/* source_pg.c: only in a build with libpq (HAVE_LIBPQ). */
ct_source *ct_source_open_pg(const char *uri, const ct_source_opts *opts, int *code,
                             char *err, size_t errlen);
/* 1 record, 0 end of input, -1 error (see ct_source_error). */
int ct_source_next(ct_source *src, ct_record *rec);
const char *ct_source_error(const ct_source *src);
/* Bytes consumed so far, and total if known (0 if not: pipes, gzip, a
 * database). */
void ct_source_progress(const ct_source *src, uint64_t *done, uint64_t *total);
/* true: record lines are rows of a query result (a database source). */
bool ct_source_counts_rows(const ct_source *src);
void ct_source_close(ct_source *src);

/* ---- parallel reading ----
 * The input is cut into batches (pieces of the input).  Each batch is
 * filled on one of the source's threads, which calls row() for every
 * record in it; the batches are then handed to commit() on the caller's
 * thread, strictly in input order, so the caller sees the records in file
 * order.  Calls with the same worker number never run at the same time
 * (worker CT_SOURCE_MAX_WORKERS is the caller's own thread), so the sink
 * can keep per-worker state without locks.  The sink owns the batches:
 * batch_new on the caller's thread, batch_free at the end. */
#define CT_SOURCE_MAX_WORKERS 8

struct ct_record_sink {
	void *ctx;
	void *(*batch_new)(void *ctx);            /* NULL: out of memory */
	/* Empty the batch for worker w, on w's thread, before its rows. */
	void (*batch_begin)(void *ctx, void *batch, int worker);
	/* One record; rec->line is relative: the line number is line_base
	 * (given to commit) + rec->line.  0 ok, else the batch is marked
	 * failed by the sink itself (commit reports it). */
	int (*row)(void *batch, const ct_record *rec);
	/* Caller's thread, input order; 0 to go on, else ct_source_run stops
	 * and returns this value. */
	int (*commit)(void *ctx, void *batch, uint64_t line_base);
	void (*batch_free)(void *ctx, void *batch);
};

int ct_source_run(ct_source *src, const ct_record_sink *sink);

#endif
