/* source.h -- where alert records come from.
 *
 * A source yields one raw record at a time; it knows the file format but
 * not the semantics (which labels are thefts, what a valid probability is):
 * that is the loader's job (load.h).  Another source (a database, a
 * warehouse export) only needs these calls.
 *
 *   src = ct_source_open_csv(path, &opts, errbuf, sizeof errbuf);  NULL + message on failure
 *   while ((r = ct_source_next(src, &rec)) > 0) ...   fields valid until the next call
 *   if (r < 0) ct_source_error(src)                    message names file and line
 *              ct_source_status(src)                   the exit code (io/exit.h)
 *   ct_source_close(src);
 */
#ifndef CAMTUNE_SOURCE_H
#define CAMTUNE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ct_field {
	const char *s; /* NUL-terminated; NULL when the column is absent */
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

/* path "-" is standard input; gzip is detected by magic bytes.  NULL with
 * err on failure, and errno ENOMEM when out of memory (exit 1); any other
 * failure is an input that cannot be opened (66). */
ct_source *ct_source_open_csv(const char *path, const ct_source_opts *opts,
                              char *err, size_t errlen);
/* 1 record, 0 end of input, -1 error (see ct_source_error). */
int ct_source_next(ct_source *src, ct_record *rec);
const char *ct_source_error(const ct_source *src);
/* After ct_source_next returned -1: CT_EXIT_DATAERR (malformed data),
 * CT_EXIT_IOERR (a read failed) or CT_EXIT_NOMEM. */
int ct_source_status(const ct_source *src);
/* Bytes consumed so far, and total if known (0 if not: pipes, gzip). */
void ct_source_progress(const ct_source *src, uint64_t *done, uint64_t *total);
void ct_source_close(ct_source *src);

#endif
