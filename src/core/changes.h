/* changes.h -- re-tune with few changes: thresholds that meet the target
 * on the data while changing at most K cameras from the deployed ones, or
 * paying a price in thefts for each change (doc/domain.md "After
 * deployment").
 *
 * A camera keeps its deployed threshold exactly unless it is one of the
 * changed; a mute or an unmute is a change; a camera with no deployed
 * threshold (new since the export) is tuned freely and is no change.
 *
 *   exact:  a dynamic programme over (changes, thefts lost): exactly the
 *           fewest thefts lost on the data with at most K changes (ties:
 *           the fewest changes, then the most FP saved).
 *   robust: the same programme, at the FP saved robust asks for with its
 *           margin, picks which cameras change; robust then chooses their
 *           thresholds with every other camera locked at its deployed one.
 *
 *   ct_changes_opts co = {.previous = prev, .max_changes = 5};
 *   ct_changes_result r;  ct_solution s;
 *   ct_solve_changes(p, CT_EXACT, target, &co, &s, &r);   0, -1 OOM, -2 too large
 *   ... ct_solution_free(&s); ct_changes_result_free(&r);
 */
#ifndef CAMTUNE_CHANGES_H
#define CAMTUNE_CHANGES_H

#include "core/optimise.h"

typedef struct ct_changes_opts {
	const double *previous;        /* per camera of the problem's dataset: the
	                                  deployed threshold, NAN for a new camera */
	const uint8_t *previous_muted; /* per camera: deployed as a mute; or NULL */
	int64_t max_changes;           /* at most this many changes; < 0: use
	                                  change_cost instead */
	double change_cost;            /* thefts one change is worth (with
	                                  max_changes < 0): minimise TP lost +
	                                  change_cost x changes */
} ct_changes_opts;

typedef struct ct_changes_result {
	uint8_t *changed;    /* per camera: 1 when its setting differs from the
	                        deployed one (owned) */
	uint64_t n_changed;  /* cameras changed (new ones not counted) */
	uint64_t n_new;      /* cameras without a deployed threshold */
	int64_t fewest;      /* when the target is not met: the fewest changes
	                        that can meet it (-1: none can); else -1 */
} ct_changes_result;

/* Solve (strategies CT_EXACT and CT_ROBUST; others return -3).  When the
 * target cannot be met within the changes allowed, sol is the best the
 * changes reach (target_met false) and res->fewest says how many changes
 * it takes.  0 ok, -1 out of memory, -2 the programme is too large (more
 * than about 2^28 states: fewer changes or a smaller fleet), -3 a
 * strategy without a rule for changes. */
int ct_solve_changes(ct_problem *p, ct_strategy s, double target, const ct_changes_opts *o,
                     ct_solution *sol, ct_changes_result *res);
void ct_changes_result_free(ct_changes_result *r);

/* The deployed setting of camera cam of the problem's dataset (threshold
 * previous, mute when muted), as the data sees it. */
ct_option ct_changes_kept(const ct_problem *p, size_t cam, double previous, bool muted);

#endif
