/* optimise.h -- choose one setting per camera so that the fleet's FP saved
 * reaches a target while losing the fewest thefts (doc/domain.md "Strategies").
 *
 * A ct_problem binds a dataset, its options and the constraints; it caches
 * what several solves share (the exact frontier, the hull), so the explorer
 * can re-solve for a new target quickly.  The dataset and options must
 * outlive the problem; the constraint arrays are copied.
 *
 *   p = ct_problem_new(ds, opts, &constraints);
 *   ct_solution s;  ct_solve(p, CT_EXACT, target, &s);  ... ct_solution_free(&s);
 *   ct_problem_free(p);
 */
#ifndef CAMTUNE_OPTIMISE_H
#define CAMTUNE_OPTIMISE_H

#include "core/curve.h"
#include "core/model.h"

typedef enum ct_strategy {
	CT_EXACT,   /* multiple-choice knapsack, dynamic programme: optimal */
	CT_HULL,    /* convex-hull greedy (Lagrangian); reports the LP bound */
	CT_UNIFORM, /* one global threshold */
	CT_GREEDY,  /* naive: best-ratio threshold per camera, cameras by ratio */
	CT_LAZY,    /* naive: same thresholds, cameras by baseline FP */
	CT_ROBUST,  /* least expected loss on new alerts, FP target held with
	               the model's confidence (model.h) */
	CT_N_STRATEGIES
} ct_strategy;

/* The strategy optimize and the explorer use unless told otherwise. */
#define CT_DEFAULT_STRATEGY CT_ROBUST

const char *ct_strategy_name(ct_strategy s);     /* "exact", "hull", ... */
int ct_strategy_parse(const char *name);          /* -1 when unknown */
/* The i-th strategy in display order (the default first), i < CT_N_STRATEGIES. */
ct_strategy ct_strategy_at(int i);
/* "robust, exact, hull, ..." (display order) into buf; returns buf. */
char *ct_strategy_list(char *buf, size_t len);
/* What the strategy promises, in a few words ("optimal on the history"). */
const char *ct_strategy_about(ct_strategy s);

typedef struct ct_constraints {
	double min_recall;        /* 0 = none; a camera with thefts keeps
	                             recall >= min_recall */
	const uint8_t *excluded;  /* per camera: 1 = stays at baseline; or NULL */
	const double *locked;     /* per camera: threshold, NAN = free; or NULL */
} ct_constraints;

typedef struct ct_solution {
	ct_strategy strategy;
	size_t n_cameras;
	ct_option *setting;  /* per camera, in dataset order (owned) */
	uint64_t tp_lost, fp_saved;
	double target;       /* absolute FP-saved target */
	bool target_met;
	double lower_bound;  /* hull: LP lower bound on TP lost; NAN otherwise */
} ct_solution;

/* The trade-off curve of a strategy: fp_saved[k] is the most FP it saves
 * losing at most k thefts, for k = 0 .. n-1 (n = baseline TP + 1). */
typedef struct ct_frontier {
	ct_strategy strategy;
	size_t n;
	uint64_t *fp_saved;
} ct_frontier;

typedef struct ct_problem ct_problem;

ct_problem *ct_problem_new(const ct_dataset *ds, const ct_options *opts,
                           const ct_constraints *cons);
/* The problem for new constraints, reusing what base computed that they
 * leave alone (the explorer after one lock: the model, and the robust
 * strategy's candidates and sorted steps of every other camera); the
 * same answers as ct_problem_new with base's model parameters and frontier
 * bound.  base stays valid and unchanged, and may be freed first.  NULL
 * when out of memory. */
ct_problem *ct_problem_derive(ct_problem *base, const ct_constraints *cons);
void ct_problem_free(ct_problem *p);
/* The out-of-sample model's parameters (default: ct_model_defaults); a
 * change drops what was computed with the old ones. */
void ct_problem_set_model_params(ct_problem *p, const ct_model_params *mp);
/* The model fitted on the problem's dataset (built on first use; NULL when
 * out of memory).  Owned by the problem. */
const ct_model *ct_problem_model(ct_problem *p);
/* What a solution will probably do on new alerts (model.h), with the
 * solution's target as a share of baseline FP.  0, or -1 out of memory. */
int ct_solution_expect(ct_problem *p, const ct_solution *sol, ct_expectation *out);

/* Solve for target (absolute FP saved, a real number).  When the target is
 * not reachable the solution is the best the strategy reached and
 * target_met is false.  0 ok, -1 out of memory. */
int ct_solve(ct_problem *p, ct_strategy s, double target, ct_solution *out);
void ct_solution_free(ct_solution *s);

int ct_frontier_compute(ct_problem *p, ct_strategy s, ct_frontier *out);
/* On: the exact frontier is computed only as far as a programme of
 * bounded work reaches (about a second, a few hundred MB; with many
 * thefts the whole one takes minutes and gigabytes), and its n says how
 * far: points 0 .. n-1 are exact, beyond them there are none.  For the
 * explorer's pane; off by default (the frontier command prints it whole).
 * A single target stays exact either way (ct_solve). */
void ct_problem_bound_exact_frontier(ct_problem *p, bool on);
void ct_frontier_free(ct_frontier *f);

/* Most FP that can be saved at all under the constraints. */
uint64_t ct_problem_max_saving(const ct_problem *p);

/* Target parsing: "12000" (count) or "10%" (of baseline FP).  Returns 0 and
 * the absolute target, or -1 when the text is not a target. */
int ct_target_parse(const char *text, uint64_t baseline_fp, double *target);

#endif
