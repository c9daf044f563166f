/* source.h -- where alert records come from.
 *
 * A source yields one raw record at a time; it knows the file format but
 * not the semantics (which labels are thefts, what a valid probability is):
 * that is the loader's job (load.h).  Another source (a database, a
 * warehouse export) only needs these four calls.
 *
 *   src = ct_source_open_csv(path, &opts, errbuf, sizeof errbuf);  NULL + message on failure
 *   while ((r = ct_source_next(src, &rec)) > 0) ...   fields valid until the next call
 *   if (r < 0) ct_source_error(src)                    message names file and line
 *   ct_source_close(src);
 *
 * Or, where the source can split its input between threads (the CSV
 * source on a plain, uncompressed file), the whole input at once:
 *
 *   r = ct_source_run(src, &sink);   1 done, 0 not offered (use
 *                                    ct_source_next from the start), -1 error
 *                                    (ct_source_error), else commit's value
 *
 * A source that cannot do that returns 0 from ct_source_run; nothing is
 * read then.
 */
#ifndef CAMTUNE_SOURCE_H
#define CAMTUNE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ct_field {
	const char *s; /* NUL-terminated from ct_source_next; NOT terminated in
	                  ct_source_run's row() (s[len] may be anything);
	                  NULL when the column is absent */
	size_t len;
} ct_field;

typedef struct ct_record {
	uint64_t line;        /* 1-based physical line where the record starts */
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
} ct_source_opts;

typedef struct ct_source ct_source;

/* path "-" is standard input; gzip is detected by magic bytes. */
ct_source *ct_source_open_csv(const char *path, const ct_source_opts *opts,
                              char *err, size_t errlen);
/* 1 record, 0 end of input, -1 error (see ct_source_error). */
int ct_source_next(ct_source *src, ct_record *rec);
const char *ct_source_error(const ct_source *src);
/* Bytes consumed so far, and total if known (0 if not: pipes, gzip). */
void ct_source_progress(const ct_source *src, uint64_t *done, uint64_t *total);
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

typedef struct ct_record_sink {
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
} ct_record_sink;

int ct_source_run(ct_source *src, const ct_record_sink *sink);

#endif
