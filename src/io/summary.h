/* summary.h -- the per-camera summary file (doc/domain.md "Summary"):
 * what every decision needs of the alerts, without the alerts.
 *
 * A CSV file (';', or ',' or tab; gzip allowed), recognised by its header
 *
 *   store;camera_id;score;thefts;fp;fp_at_or_above
 *
 * one row per camera and distinct score: the thefts and the FP scoring
 * exactly that, and the camera's FP scoring at or above it.  Every score
 * of the alerts has its row, so the dataset read back is the alerts'
 * dataset exactly (same cameras, same sorted scores): every strategy and
 * picture gives the same answer from it.  What it does not hold: the
 * alerts' times (backtest, --since/--until) and the data-quality report of
 * the alerts (bad rows and their lines), which `camtune summarize` prints
 * when it writes the file.
 *
 *   ct_summary_write(path, ds, err, sizeof err)   atomically; "-" stdout
 *   ct_summary_detect(path)                       1 a summary, 0 not
 *   ct_summary_load(path, &ds, &q, err, sizeof err)
 */
#ifndef CAMTUNE_SUMMARY_H
#define CAMTUNE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dataset.h"
#include "io/load.h"

/* The header's column names, in order, and their number. */
#define CT_SUMMARY_COLUMNS 6
extern const char *const ct_summary_column[CT_SUMMARY_COLUMNS];

/* 1 when path is a regular file (plain or gzip) whose first line is a
 * summary header, else 0 (databases are never one).  "-": standard input,
 * a file or a pipe, looked at without taking its bytes (a pipe's first
 * bytes by tee(2)), so `camtune summarize F | camtune optimize -` reads
 * the summary; gzip on a pipe is read as alerts. */
int ct_summary_detect(const char *path);

/* Read a summary into *ds (every alert of every row, without a time) and
 * *q (source, rows = summary rows, loaded = alerts, is_summary).  Returns
 * 0, or an exit code with a message naming the file and line: 65 a
 * malformed or inconsistent row, 66 cannot open, 1 out of memory.  With
 * builder_out (load.h), the builder is returned too. */
int ct_summary_load(const char *path, const ct_load_opts *opts, ct_dataset **ds, ct_quality *q,
                    char *err, size_t errlen);

/* The same reading fed by pieces (a database's COPY output): new with the
 * delimiter, feed the bytes in order from the header on (0, or an exit
 * code with ct_summary_parser_error), finish into *ds and q->rows/loaded
 * (the caller sets q's other fields), free.  NULL: out of memory. */
typedef struct ct_summary_parser ct_summary_parser;
ct_summary_parser *ct_summary_parser_new(const char *name, char delim);
int ct_summary_parser_feed(ct_summary_parser *sp, const char *buf, size_t n);
const char *ct_summary_parser_error(const ct_summary_parser *sp);
int ct_summary_parser_finish(ct_summary_parser *sp, const ct_load_opts *opts, ct_dataset **ds,
                             ct_quality *q, char *err, size_t errlen);
void ct_summary_parser_free(ct_summary_parser *sp);

/* ---- a database computes it (source_pg.c, with libpq only) ----
 * The URI names a server on another machine (not a socket, not a loopback
 * address): --pushdown's default. */
bool ct_pg_is_remote(const char *uri);
/* Send sql/curves.sql for opts' table or query and read back only the
 * summary, into *ds and *q (is_summary and pushed_down set).  Returns 0,
 * an exit code with a message (66 connection, 65 query or summary), or
 * CT_PUSHDOWN_UNSUPPORTED when the portable query cannot match the loader
 * on this input (err says why; the caller may read it whole instead). */
#define CT_PUSHDOWN_UNSUPPORTED (-1)
int ct_pg_summary(const char *uri, const ct_load_opts *opts, ct_dataset **ds, ct_quality *q,
                  char *err, size_t errlen);

/* Write the summary of ds.  sketch 0: every score its row (the exact
 * summary).  sketch N: a camera's FP that no theft ties with are merged,
 * about 1/N of them a row, never across a theft's score, onto the highest
 * score of each run, its lowest and highest scores kept: every count at a
 * theft's score stays exact (exact, hull, greedy, lazy, AUC, the mute and
 * the baseline), any other threshold's FP count is off by less than
 * n_fp / N of the camera (uniform, robust, the pictures of theft-free
 * cameras).  0, or 73 with a message (nothing replaced). */
int ct_summary_write(const char *path, const ct_dataset *ds, uint32_t sketch, char *err,
                     size_t errlen);

#endif
