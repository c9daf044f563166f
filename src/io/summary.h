/* summary.h -- the per-camera summary file (doc/domain.md "Summary",
 * doc/warehouse.md): what every decision needs of the alerts, without the
 * alerts.
 *
 * A CSV file (';', or ',' or tab; gzip allowed), recognised by its header
 *
 *   store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip
 *
 * (the last column, always empty, names the format's version and says the
 * scores are written with round-trip digits).  Per camera, rows at a set
 * of its scores: every distinct theft score, its lowest and highest FP
 * score, and the highest FP score of each of K tiles of its FP (NTILE(K)
 * in SQL; K = 0, none); each row the thefts and the FP scoring exactly
 * its score and the camera's FP at or above it.  Every count at a row's
 * score is exact (exact, hull, greedy, lazy, AUC, mute and the baseline
 * give the alerts' answers); at any other threshold a camera's FP count
 * is over by less than its FP / K, never under (uniform, robust, the
 * pictures): a target met on a summary is met on its alerts.
 * Version 1 (six columns, no declaration, one row per distinct score) is
 * still read, with a warning that its scores' digits are not declared.
 *
 * What it does not hold: the alerts' times (backtest, --since/--until)
 * and the data-quality report of the alerts (bad rows and their lines),
 * which `camtune summarize` prints when it writes the file.
 *
 *   ct_summary_write(path, ds, k, err, sizeof err)   atomically; "-" stdout
 *   ct_summary_detect(path)                           1 a summary, 0 not
 *   ct_summary_load(path, &ds, &q, err, sizeof err)
 */
#ifndef CAMTUNE_SUMMARY_H
#define CAMTUNE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dataset.h"
#include "io/load.h"

/* The header's data column names, in order, and their number; then the
 * declaration column: CT_SUMMARY_DECLARATION, the version, and
 * CT_SUMMARY_ROUND_TRIP when the scores have round-trip digits. */
#define CT_SUMMARY_COLUMNS 6
#define CT_SUMMARY_FIELDS 7
extern const char *const ct_summary_column[CT_SUMMARY_COLUMNS];
#define CT_SUMMARY_VERSION 2
#define CT_SUMMARY_DECLARATION "camtune_summary_v"
#define CT_SUMMARY_ROUND_TRIP "_round_trip"
#define CT_SUMMARY_HEADER \
	"store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip"
/* summarize's default K: a camera's FP counted within 1/256 of it. */
#define CT_SUMMARY_SKETCH_DEFAULT 256

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

/* Write the summary of ds (above) with K = sketch tiles of each
 * camera's FP (0: none, the lowest and highest FP only): at most its
 * distinct theft scores + sketch + 2 rows a camera.  0, or 73 with a
 * message (nothing replaced), 1 out of memory. */
int ct_summary_write(const char *path, const ct_dataset *ds, uint32_t sketch, char *err,
                     size_t errlen);

#endif
