/* dataset.h -- the alert history, grouped by camera.
 *
 * Owns every camera key and score array.  Built once through a ct_builder
 * (feed cameras and alerts in any order, then finish), then read-only.
 * The core does no I/O: loaders and generators feed the builder.
 *
 * Call order:  b = ct_builder_new();
 *              cam = ct_builder_camera(b, store, len, id, len);   (interns)
 *              ct_builder_add(b, cam, probability, is_theft);
 *                (or ct_builder_add_timed(b, cam, p, is_theft, time))
 *              ds = ct_builder_finish(b);   (consumes b, even on failure)
 *              ... ct_dataset_free(ds);
 *
 * Or, to cut the same alerts by time more than once (backtest folds, the
 * explorer's :since/:until), keep the builder and slice it:
 *              ct_builder_time_span(b, &span);
 *              ds1 = ct_builder_slice(b, since, until);  (b unchanged)
 *              ds2 = ct_builder_slice(b, ...);
 *              ... ct_dataset_free(ds1); ct_dataset_free(ds2);
 *              ct_builder_free(b);
 * Every dataset is independent of the builder and of the others; adding
 * alerts after a slice is allowed (later slices see them).
 */
#ifndef CAMTUNE_DATASET_H
#define CAMTUNE_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A camera is the pair (store, camera id). */
typedef struct ct_camera {
	const char *store;     /* NUL-terminated, owned by the dataset */
	const char *camera_id; /* NUL-terminated, owned by the dataset */
	uint32_t n_tp;         /* alerts labelled as a theft */
	uint32_t n_fp;         /* alerts labelled normal */
	const double *tp;      /* theft scores, ascending, n_tp of them */
	const double *fp;      /* normal scores, ascending, n_fp of them */
} ct_camera;

typedef struct ct_dataset {
	size_t n_cameras;
	ct_camera *cameras; /* sorted by store, then camera id (numbers by value) */
	uint64_t n_alerts, n_tp, n_fp;
	void *priv_;        /* storage; do not touch */
} ct_dataset;

typedef struct ct_builder ct_builder;

ct_builder *ct_builder_new(void);
/* Intern a camera key; returns its builder index (>= 0), or -1 when out of
 * memory.  Keys need not be NUL-terminated. */
int32_t ct_builder_camera(ct_builder *b, const char *store, size_t store_len,
                          const char *camera_id, size_t camera_id_len);
/* The hash ct_builder_camera uses for a key (for tables of keys kept
 * elsewhere, e.g. the loader's per-thread ones). */
uint32_t ct_camera_key_hash(const char *store, size_t store_len, const char *camera_id,
                            size_t camera_id_len);
/* Add one alert of an interned camera.  p must be finite.  0 ok, -1 OOM. */
int ct_builder_add(ct_builder *b, uint32_t camera, double p, bool theft);
/* Number of alerts added so far. */
uint64_t ct_builder_count(const ct_builder *b);

/* ---- time (doc/domain.md "Data format": a clip's start time) ----
 * An alert's time is whole seconds since 1970-01-01 00:00 UTC in a uint32
 * (1970 .. 2106), or CT_NO_TIME when its row had no readable time. */
#define CT_NO_TIME UINT32_MAX
/* Bounds of a slice, in the same seconds; these two mean "no bound". */
#define CT_SINCE_ANY INT64_MIN
#define CT_UNTIL_ANY INT64_MAX

/* ct_builder_add with the alert's time (CT_NO_TIME: none).  0 ok, -1 OOM
 * or a bad camera or p (as ct_builder_add). */
int ct_builder_add_timed(ct_builder *b, uint32_t camera, double p, bool theft,
                         uint32_t time);

typedef struct ct_time_span {
	uint32_t first, last; /* earliest and latest time; CT_NO_TIME when
	                         no alert has a time */
	uint64_t timed;       /* alerts with a time */
	uint64_t untimed;     /* alerts added with CT_NO_TIME */
} ct_time_span;

/* The time span of the alerts added so far (O(1), kept while adding). */
void ct_builder_time_span(const ct_builder *b, ct_time_span *out);

/* A new dataset of the alerts with since <= time < until, grouped, sorted
 * and frozen exactly as ct_builder_finish would.  Does NOT consume b: it
 * stays valid and unchanged.  With both bounds "any" (CT_SINCE_ANY,
 * CT_UNTIL_ANY) every alert is taken, timed or not; as soon as one bound
 * is given, alerts without a time are left out.  Cameras with no alert in
 * the range are left out too, so an empty range gives a dataset with no
 * camera (n_alerts == 0), not NULL.  NULL only when out of memory.
 * Memory: the new dataset's 8 bytes per alert it holds, plus per-camera
 * counters; the builder's 16 bytes per alert stay. */
ct_dataset *ct_builder_slice(const ct_builder *b, int64_t since, int64_t until);
/* The number of alerts ct_builder_slice(b, since, until) would hold, by
 * one pass over the alerts and no allocation. */
uint64_t ct_builder_count_range(const ct_builder *b, int64_t since, int64_t until);
/* The order of camera ids within a store (dataset.cameras' order): numbers
 * by value ("2" < "10"), numbers before other ids, other ids by strcmp.
 * Transitive, so sorts may use it. */
int ct_camera_id_compare(const char *a, const char *b);

/* Group, sort and freeze.  Always consumes b.  NULL when out of memory. */
ct_dataset *ct_builder_finish(ct_builder *b);
void ct_builder_free(ct_builder *b);

void ct_dataset_free(ct_dataset *ds);
/* Index of camera (store, camera_id), or -1. */
int32_t ct_dataset_find(const ct_dataset *ds, const char *store,
                        const char *camera_id);
/* The same, trying camera hint first: in a loop over names in the
 * dataset's order (a thresholds file camtune wrote, another dataset of the
 * same cameras) pass the last index found + 1, and no search is made. */
int32_t ct_dataset_find_at(const ct_dataset *ds, const char *store, const char *camera_id,
                           int64_t hint);
/* ---- periods (doc/domain.md "The variance estimate") ----
 * What each camera's normal alerts did period by period, kept by every
 * dataset whose alerts have times: enough to measure how much a camera's
 * FP volume and scores move from one period to the next, without the
 * alerts.  The periods are 7 days from the first alert's time (longer,
 * a multiple of 7 days, when more than CT_MAX_PERIODS would be needed);
 * a history under three weeks is cut into CT_FOLD_PERIODS equal periods
 * instead (the backtest's default three folds and their test period).
 * Alerts without a time count in no period. */
#define CT_MAX_PERIODS 64
#define CT_FOLD_PERIODS 4
typedef struct ct_periods {
	uint32_t n;           /* periods, >= 2 */
	bool folds;           /* cut into equal folds (history under 3 weeks) */
	double length_days;   /* a full period's length */
	const double *days;   /* each period's length, days (the last may be
	                         shorter: it ends at the last alert) */
	/* camera i, period j at [i * n + j]: its normal alerts' count, and
	 * of those with a score strictly between 0 and 1 (not an out-of-range
	 * or saturated one) the count and the sum and sum of squares of
	 * their scores' logits */
	const uint32_t *fp, *scored;
	const double *sum, *sumsq;
} ct_periods;

/* ds's periods, or NULL: no alert with a time, all in one period, or too
 * many cameras for the table (more than a million cells). */
const ct_periods *ct_dataset_periods(const ct_dataset *ds);

/* A new dataset holding only the cameras whose keep[] flag is set. */
ct_dataset *ct_dataset_subset(const ct_dataset *ds, const uint8_t *keep);

/* Lowest and highest score of a camera (over thefts and normals). */
double ct_camera_min_score(const ct_camera *c);
double ct_camera_max_score(const ct_camera *c);

#endif
