/* optimise_impl.h -- what the optimiser modules share: the problem with its
 * per-camera allowed options, its caches, and the entry points of each
 * strategy.  Private to src/core/opt*.c.
 */
#ifndef CAMTUNE_OPTIMISE_IMPL_H
#define CAMTUNE_OPTIMISE_IMPL_H

#include "core/optimise.h"

typedef struct ct_hull_cache ct_hull_cache;
typedef struct ct_exact_cache ct_exact_cache;
typedef struct ct_uniform_cache ct_uniform_cache;
typedef struct ct_robust_cache ct_robust_cache;

struct ct_problem {
	const ct_dataset *ds;
	const ct_options *opts;
	size_t n; /* cameras */
	double min_recall;
	uint8_t *excluded; /* copies of the constraint arrays, or NULL */
	double *locked;

	/* The options each camera may take under the constraints, in the
	 * order of ct_camera_options (tp_lost ascending, fp_saved strictly
	 * ascending after the baseline).  A camera's "base" is its allowed
	 * option losing the fewest thefts and, among those, saving the most:
	 * what every optimal solution takes for free. */
	uint32_t *aoff; /* camera i: a[aoff[i] .. aoff[i+1]) */
	ct_option *a;
	uint32_t *base; /* index of the base option within the camera's list */
	uint64_t base_lost, base_saved; /* sum over cameras of the base */
	uint64_t max_saving;            /* sum of each camera's last option */
	uint64_t max_extra_loss;        /* sum of (last - base) tp_lost */

	ct_hull_cache *hull;
	ct_exact_cache *exact;
	bool bounded_frontier;   /* ct_problem_bound_exact_frontier */
	ct_uniform_cache *uniform;
	ct_model_params model_params;
	ct_model *model;         /* built on first use (ct_problem_model) */
	ct_robust_cache *robust; /* uses model */
};

static inline const ct_option *ct_allowed(const ct_problem *p, size_t cam)
{
	return p->a + p->aoff[cam];
}

static inline uint32_t ct_n_allowed(const ct_problem *p, size_t cam)
{
	return p->aoff[cam + 1] - p->aoff[cam];
}

/* Neither excluded nor locked: the strategy chooses its setting. */
static inline bool ct_is_free(const ct_problem *p, size_t cam)
{
	return !(p->excluded && p->excluded[cam]) &&
	       !(p->locked && p->locked[cam] == p->locked[cam]);
}

/* Most thefts the camera may lose under min_recall (UINT64_MAX: any). */
uint64_t ct_loss_cap(const ct_problem *p, size_t cam);

/* Shared solution helpers (optimise.c). */
int ct_solution_setup(const ct_problem *p, ct_strategy s, double target,
                      ct_solution *out);
/* Sum the settings into the totals and decide target_met. */
void ct_solution_total(ct_solution *out);
int ct_frontier_setup(const ct_problem *p, ct_strategy s, ct_frontier *out);
/* Fill a frontier from a chain of solutions with non-decreasing TP lost
 * and FP saved (the (lost[i], saved[i]) of successive targets):
 * fp_saved[k] = saved of the last point with lost <= k, 0 before any. */
void ct_frontier_from_chain(ct_frontier *f, const uint64_t *lost,
                            const uint64_t *saved, size_t n);

/* Strategies.  Each returns 0, or -1 when out of memory. */
int ct_exact_solve(ct_problem *p, double target, ct_solution *out);
int ct_exact_frontier(ct_problem *p, ct_frontier *out);
void ct_exact_cache_free(ct_exact_cache *c);

int ct_hull_solve(ct_problem *p, double target, ct_solution *out);
int ct_hull_frontier(ct_problem *p, ct_frontier *out);
/* TP lost beyond the bases by the hull solution for target, i.e. a
 * feasible budget for the exact programme; UINT64_MAX when the hull (and
 * so every strategy) cannot reach the target. */
int ct_hull_budget(ct_problem *p, double target, uint64_t *budget);
/* The LP relaxation's multiplier for target: TP lost per FP saved of the
 * hull step that reaches it (0 when the bases do), and the TP lost of the
 * hull's integer solution.  1, 0 when the target is out of reach, -1 out
 * of memory. */
int ct_hull_lambda(ct_problem *p, double target, double *lambda, uint64_t *lost);
void ct_hull_cache_free(ct_hull_cache *c);

int ct_uniform_solve(ct_problem *p, double target, ct_solution *out);
int ct_uniform_frontier(ct_problem *p, ct_frontier *out);
void ct_uniform_cache_free(ct_uniform_cache *c);

/* greedy (by_ratio) and lazy (by baseline FP) */
int ct_greedy_solve(ct_problem *p, bool by_ratio, double target,
                    ct_solution *out);
int ct_greedy_frontier(ct_problem *p, bool by_ratio, ct_frontier *out);

int ct_robust_solve(ct_problem *p, double target, ct_solution *out);
/* What robust's crossing step did (opt_robust.c, walk_steps). */
typedef struct ct_robust_crossing {
	size_t cam;         /* the camera decided last; SIZE_MAX: no crossing */
	bool skipped;       /* the first crossing camera was left at its
	                       previous step, skipped_cam */
	size_t skipped_cam;
	ct_option before;   /* the first crossing camera's previous step */
} ct_robust_crossing;
/* ct_robust_solve, telling what the crossing step did (for the tests). */
int ct_robust_solve_crossing(ct_problem *p, double target, ct_solution *out,
                             ct_robust_crossing *cr);
int ct_robust_frontier(ct_problem *p, ct_frontier *out);
void ct_robust_cache_free(ct_robust_cache *c);
/* p's robust cache from base's (ct_problem_derive): they share their
 * model and differ only on the cameras marked in changed.  Left to be
 * built on first use when out of memory. */
void ct_robust_cache_derive(ct_problem *p, const ct_problem *base, const uint8_t *changed);
/* Camera cam's setting at threshold t when it is one of r's candidates
 * (their counts are those of their thresholds): true and *out, else
 * false.  A lock at the setting robust chose is read there, without a
 * search in the camera's scores. */
bool ct_robust_cache_setting(const ct_robust_cache *r, size_t cam, double t, ct_option *out);

#endif
