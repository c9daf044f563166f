/* load.h -- turn a source's records into a dataset, counting every row it
 * cannot use.
 *
 * Semantics (doc/domain.md "Threshold rule"): a row with a missing or unparsable probability,
 * a missing label, a missing store or an unparsable camera is skipped and
 * counted by reason with its first line numbers; an out-of-range
 * probability (< 0 or > 1) is loaded and counted as a warning.
 */
#ifndef CAMTUNE_LOAD_H
#define CAMTUNE_LOAD_H

#include "core/dataset.h"
#include "io/source.h"

enum ct_skip_reason {
	CT_SKIP_MISSING_PROBABILITY,
	CT_SKIP_BAD_PROBABILITY,  /* not a number, nan, inf, overflow */
	CT_SKIP_MISSING_LABEL,
	CT_SKIP_MISSING_STORE,
	CT_SKIP_BAD_CAMERA,       /* video_name without a camera id */
	CT_SKIP_FIELD_COUNT,      /* row with too few fields */
	CT_N_SKIP
};
enum ct_warn_reason {
	CT_WARN_NEGATIVE,         /* probability < 0, loaded */
	CT_WARN_ABOVE_ONE,        /* probability > 1, loaded */
	CT_WARN_NOT_UTF8,         /* store or camera id not UTF-8: its stray
	                             bytes read as Latin-1, loaded */
	CT_WARN_NO_TIME,          /* no readable clip time: loaded, left out
	                             of time-based operations only */
	CT_N_WARN
};

#define CT_QUALITY_EXAMPLES 5

typedef struct ct_quality_count {
	uint64_t count;
	uint64_t lines[CT_QUALITY_EXAMPLES]; /* first line numbers */
} ct_quality_count;

/* One label of the usable rows and how it was classed (doc/domain.md
 * "Data format": theft labels are exact strings). */
typedef struct ct_label_count {
	char *label;   /* owned */
	uint64_t count;
	bool theft;
} ct_label_count;

/* The most labels ct_quality keeps; the others are counted together. */
#define CT_QUALITY_LABELS 1000
/* The most labels data_quality.labels lists in JSON. */
#define CT_QUALITY_JSON_LABELS 100

typedef struct ct_quality {
	char *source;      /* file name as given ("-" for stdin), a database
	                      URI without its password; owned */
	bool counts_rows;  /* the lines below are rows of a query result */
	bool pushed_down;  /* the summary computed by a database (--pushdown) */
	uint64_t bytes_in; /* bytes received from a database */
	uint64_t server_rows; /* pushed_down: the rows the server's query read
	                         (loaded, or skipped[] by reason) */
	bool is_summary;   /* read from a summary (summary.h): rows are its
	                      rows, loaded the alerts they stand for, and
	                      nothing else is known of the alerts' quality */
	int summary_version;     /* of a summary: its format's version */
	bool summary_round_trip; /* a summary declares round-trip scores */
	uint64_t rows;     /* data rows read */
	uint64_t loaded;   /* rows turned into alerts */
	ct_quality_count skipped[CT_N_SKIP];
	ct_quality_count warned[CT_N_WARN];
	/* Time (doc/domain.md "Data format"). */
	bool has_since, has_until; /* the --since/--until asked for */
	int64_t since, until;
	ct_quality_count outside;  /* rows with since > time or time >= until,
	                              and untimed rows when a bound is given:
	                              not loaded (see ct_load_opts.builder_out) */
	uint32_t time_first, time_last; /* span of the loaded alerts' times;
	                                   CT_NO_TIME when none has one */
	/* Where the rows came from (the thresholds JSON's source_detail),
	 * filled by ct_load_file: kind "csv", "table", "query" or "summary";
	 * what the file's name, the table as given or the query; connection
	 * a database's shown form (ct_source_display_name), else NULL. */
	const char *kind;
	char *what, *connection;
	char **theft_labels; /* the labels counted as thefts, NULL-terminated;
	                        NULL for a summary file (its maker chose) */
	/* The labels of the usable rows (in the time range or not), most rows
	 * first, at most CT_QUALITY_LABELS of them; labels_more distinct
	 * labels and labels_more_rows rows beyond (more than a worker keeps:
	 * labels_more is then a lower bound).  labels_known is false where
	 * the labels were not read (a summary, --pushdown). */
	bool labels_known;
	ct_label_count *labels;
	size_t n_labels;
	uint64_t labels_more, labels_more_rows;
} ct_quality;

const char *ct_skip_reason_name(int reason);  /* "missing_probability", ... */
const char *ct_skip_reason_text(int reason);  /* "missing probability", ... */
const char *ct_warn_reason_name(int reason);
const char *ct_warn_reason_text(int reason);

typedef struct ct_load_opts {
	ct_source_opts source;
	const char *const *theft_labels; /* NULL-terminated; NULL = default list */
	int verbose;
	/* Called now and then while loading (may be NULL). */
	void (*progress)(void *ctx, uint64_t bytes_done, uint64_t bytes_total);
	void *progress_ctx;
	/* Only alerts with since <= time < until (seconds since 1970 UTC); a
	 * row without a time is then left out too.  Both false: every row. */
	bool has_since, has_until;
	int64_t since, until;
	/* NULL: the builder is consumed (the fast path) and rows outside the
	 * range are never stored.  Else every usable row goes into a builder
	 * returned here (the caller frees it with ct_builder_free), *ds is
	 * ct_builder_slice of it for the range, and the caller can slice it
	 * again (the explorer's :since/:until, backtest folds). */
	ct_builder **builder_out;
} ct_load_opts;

/* The default theft labels of doc/domain.md "Data format", NULL-terminated. */
extern const char *const ct_default_theft_labels[];

/* Load a file or a database (ct_source_open) into *ds and *q.  Returns 0,
 * or an exit code (io/exit.h) with a message in err: 65 bad data (no
 * usable row, missing column, malformed CSV, a server error), 66 cannot
 * open input (or connect, or the connection lost mid-read), 74 a read
 * failed, 1 out of memory.  On failure nothing of what was read is kept. */
int ct_load_file(const char *path, const ct_load_opts *opts, ct_dataset **ds,
                 ct_quality *q, char *err, size_t errlen);
void ct_quality_free(ct_quality *q);

/* Parse "..._camera_{ID}_ip_..." and return the ID span; 0 ok, -1 bad. */
int ct_parse_camera_id(const char *video_name, size_t len, const char **id,
                       size_t *id_len);

/* A clip time (doc/domain.md "Data format"): the start of a video name,
 * "YYYY-MM-DD_HHhMMmSSs" (anything may follow), or ISO 8601
 * "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM", "YYYY-MM-DD[T ]HH:MM:SS" (an
 * optional final "Z"), all UTC, into seconds since 1970 (years 1970 to
 * 2105).  Fixed-format digit parsing, no locale, no libc time calls.
 * 0 ok, -1 not a valid time (a day 31 in April, hour 24, ...). */
int ct_parse_time(const char *s, size_t len, uint32_t *out);
/* The ISO forms only, for --since/--until and :since/:until.  0 / -1. */
int ct_parse_iso_time(const char *s, int64_t *out);
/* "YYYY-MM-DDTHH:MM:SS" (UTC) in buf (>= 20 bytes); returns buf. */
char *ct_format_time(char *buf, size_t len, int64_t t);

/* Parse a probability field: a decimal number with optional surrounding
 * blanks, giving exactly strtod's double.  nan, inf, overflow, hex, a
 * decimal comma or trailing text: -1. */
int ct_parse_probability(const char *s, size_t len, double *out);

#endif
