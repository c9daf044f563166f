/* thresholds.h -- the thresholds JSON: written by `optimize -o/--json` and
 * the explorer's export, read by `eval` and `--lock`.
 *
 * Thresholds are printed in the shortest form that reads back to the same
 * double (cJSON's default of 15 digits can change the number), so applying
 * them with >= to the same data reproduces every count. */
#ifndef CAMTUNE_THRESHOLDS_H
#define CAMTUNE_THRESHOLDS_H

#include <stdbool.h>
#include <stdio.h>

#include "core/monitor.h"
#include "core/optimise.h"
#include "io/json.h"
#include "io/load.h"

/* The document's layout (doc/interfaces.md, doc/thresholds.schema.json):
 * written as "format_version"; a reader refuses any other. */
#define CT_THRESHOLDS_FORMAT_VERSION 1

/* How a camera was set by hand in the explorer (doc/domain.md "Thresholds
 * JSON": "hand_set"); a stepped camera is locked at its step. */
typedef enum ct_hand_set {
	CT_HAND_NONE, CT_HAND_LOCKED, CT_HAND_MUTED, CT_HAND_EXCLUDED
} ct_hand_set;

/* A re-tune from deployed thresholds (`optimize --from`, changes.h): the
 * file, the rule (at most max_changes, or change_cost when max_changes <
 * 0), and per camera the deployed threshold (NAN: new camera) and whether
 * it changed. */
typedef struct ct_thresholds_from {
	const char *file;
	int64_t max_changes;
	double change_cost;
	const double *previous;
	const uint8_t *previous_muted; /* or NULL */
	const uint8_t *changed;
	uint64_t n_changed, n_new;
} ct_thresholds_from;

typedef struct ct_thresholds_meta {
	const char *source;     /* data file name */
	const char *strategy;   /* e.g. "exact" or "manual" */
	double target;          /* absolute FP-saved target */
	const char *target_text;/* as the user gave it, e.g. "10%" (may be NULL) */
	double min_recall;      /* 0 = none */
	const ct_quality *quality; /* may be NULL */
	const ct_expectation *expected; /* on new alerts (model.h); may be NULL */
	double confidence;      /* the robust strategy's, with expected */
	/* The explorer's session, for `camtune --resume` (NULL: none): its
	 * strategy and target, and per camera a ct_hand_set. */
	const char *session_strategy;
	const uint8_t *hand_set;
	/* and the rest of the session: its time window (:since, :until; has
	 * false: no bound) and the confidence asked of robust (0: none) */
	bool session_has_since, session_has_until;
	int64_t session_since, session_until;
	double session_confidence;
	/* After deployment (doc/domain.md "After deployment"): per camera
	 * what the export expects on new alerts (NULL: none written), and
	 * the history's picture, written whenever camera_expected is (with
	 * each camera's volume swing from its expectation): the history's
	 * length in days (NAN: unknown). */
	const ct_camera_expect *camera_expected;
	double history_days;
	const ct_thresholds_from *from; /* NULL: not a re-tune */
} ct_thresholds_meta;

/* The per-camera expectations of a solution for the thresholds file, from
 * the model (monitor.h); NULL when out of memory. */
ct_camera_expect *ct_thresholds_camera_expect(const ct_model *m, const ct_dataset *ds,
                                             const ct_solution *sol, double days);

/* Write the document to f as it goes (the layout of cJSON_Print, so the
 * bytes are those camtune always wrote).  0; CT_EXIT_NOMEM before
 * anything is written; CT_EXIT_IOERR when a write failed, its errno in
 * *saved_errno (the output is then incomplete: abort it). */
int ct_thresholds_print(FILE *f, const ct_dataset *ds, const ct_solution *sol,
                        const ct_thresholds_meta *meta, int *saved_errno);
/* Print and write atomically (atomic.h: "-" is stdout).  0, or an exit
 * code (io/exit.h) with err: 1 out of memory, 73 the file cannot be
 * written, 74 standard output cannot; the file is then left as it was. */
int ct_thresholds_write(const char *path, const ct_dataset *ds,
                        const ct_solution *sol, const ct_thresholds_meta *meta,
                        char *err, size_t errlen);

typedef struct ct_threshold_entry {
	char *store;     /* both in the ct_thresholds' own store of names */
	char *camera_id;
	double threshold;
	bool muted;
	ct_hand_set hand_set;   /* CT_HAND_NONE when the file does not say */
	bool at_baseline;       /* the file records "fp_saved": 0 */
	size_t line;            /* where its object starts in the file */
} ct_threshold_entry;

typedef struct ct_thresholds {
	size_t n;
	ct_threshold_entry *v;
	char *strategy; /* may be NULL */
	/* the explorer's session ("explorer" object), or NULL: */
	char *session_strategy, *session_target;
	/* and its time window, confidence and minimum recall (has false,
	 * NAN: the file does not say) */
	bool session_has_since, session_has_until;
	int64_t session_since, session_until;
	double session_confidence, session_min_recall;
	/* The history the thresholds were chosen on, as the file records it
	 * ("source", "data_quality": {"time": {"first", "last"}}): the source
	 * or NULL, the span of its alerts' times or has_time false.  eval
	 * says from these whether it measures on held-out time. */
	char *source;
	bool has_time;
	int64_t time_first, time_last;
	/* What the reader warns about, each a whole message naming the file
	 * and lines (no "warning: " prefix): a threshold below 0, one above 1
	 * that is not a mute.  The caller shows them (cli_warn, the
	 * explorer's message line). */
	size_t n_warnings;
	char **warnings;
	struct ct_names *names; /* where the entries' names are (ct_thresholds_name) */
	/* After deployment (doc/interfaces.md: "cameras[].expected",
	 * "cameras[].history"): per entry (parallel to v) what the file
	 * expects and its picture of the history, or NULL when no camera has
	 * either; the fleet's target (target_fp_reduction, NAN when absent,
	 * over totals.baseline_fp, NAN when absent) and its text. */
	struct ct_threshold_monitor *mon;
	size_t n_mon; /* mon[0 .. n_mon) exist; entries after it have none */
	double target_fp_reduction, baseline_fp;
	char *target_text;
} ct_thresholds;

typedef struct ct_threshold_monitor {
	bool has_expected, has_history;
	ct_camera_expect expected;
	ct_camera_history history;
} ct_threshold_monitor;

/* The entries of t as the monitor takes them (monitor.h), names and
 * blocks pointing into t; NULL when out of memory (or t has none). */
ct_monitor_entry *ct_thresholds_monitor_entries(const ct_thresholds *t);

/* Read a thresholds file (doc/domain.md "Thresholds JSON"), strict JSON
 * of any size, streamed.  Returns 0, or an exit code with err set naming
 * the file, the line and the problem: 66 cannot open, 65 not a thresholds
 * file (malformed JSON, a duplicate key in any object, \u0000 in a
 * string, data after the document, nesting deeper than 64 levels, a wrong
 * type, a camera twice), 74 a read failed, 1 out of memory. */
int ct_thresholds_read(const char *path, ct_thresholds *out, char *err,
                       size_t errlen);
void ct_thresholds_free(ct_thresholds *t);
/* A copy of the n bytes at s, NUL-terminated, in t's store of names
 * (freed with t, no free of its own): an entry's store and camera_id.
 * NULL when out of memory. */
char *ct_thresholds_name(ct_thresholds *t, const char *s, size_t n);

/* JSON objects shared by several documents (cJSON). */
/* The data-quality summary as a JSON object. */
struct cJSON *ct_quality_to_json(const ct_quality *q);
/* The expected figures on new alerts as a JSON object (estimates, to 0.01):
 * thefts, tp_lost, tp_lost_low/high (and the interval's coverage), fp_saved_share,
 * p_target_met, and the confidence asked of robust (NAN: left out). */
struct cJSON *ct_expectation_to_json(const ct_expectation *e, double confidence);

#endif
