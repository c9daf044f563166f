/* solver.h -- the explorer's solves, on a worker thread or inline.
 *
 *   s = tui_solver_new(ds, opts, model, threaded);
 *   tui_solver_post(s, &job);          takes the job's arrays
 *   ... tui_solver_take(s, &result) when done (poll; or tui_solver_wait)
 *   tui_result_free(&result);          the caller owns what it took
 *   tui_solver_free(s);
 *
 * Inline solvers (scripts, headless tests) run each job at once, which
 * keeps scripted runs deterministic.  Knows nothing of the application.
 */
#ifndef CAMTUNE_TUI_SOLVER_H
#define CAMTUNE_TUI_SOLVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/optimise.h"

typedef struct tui_job {
	ct_strategy strategy;
	double target, min_recall;
	uint8_t *excluded;   /* owned by the job */
	double *locked;      /* owned by the job */
	unsigned cons_version, seq;
	bool want_optimum;   /* the exact optimum's TP lost, for the gap */
	bool want_frontiers; /* exact, hull, uniform, for the frontier pane */
} tui_job;

/* The strategies of the frontier pane, in drawing order. */
#define TUI_N_FRONTIERS 3
extern const ct_strategy tui_frontier_strategies[TUI_N_FRONTIERS];

typedef struct tui_result {
	int status;          /* 0 ok, -1 out of memory */
	unsigned cons_version, seq;
	ct_solution sol;
	ct_expectation expect; /* the solution on new alerts (model.h) */
	bool have_expect;
	uint64_t max_saving;
	bool have_optimum, have_frontiers;
	long long optimum;   /* TP lost by the exact optimum; -1: target out of reach */
	ct_frontier fr[TUI_N_FRONTIERS];
	double seconds;
} tui_result;

typedef struct tui_solver tui_solver;
/* mp: the out-of-sample model's parameters (NULL: the defaults). */
tui_solver *tui_solver_new(const ct_dataset *ds, const ct_options *opts,
                           const ct_model_params *mp, bool threaded);
void tui_solver_free(tui_solver *s);
/* Takes ownership of the job's arrays.  Inline solvers run it at once. */
void tui_solver_post(tui_solver *s, tui_job *job);
bool tui_solver_busy(tui_solver *s);
/* Wait at most `seconds` for the running job; true when idle. */
bool tui_solver_wait(tui_solver *s, double seconds);
/* True and *out filled when a result is waiting. */
bool tui_solver_take(tui_solver *s, tui_result *out);
void tui_result_free(tui_result *r);

/* Monotonic seconds. */
double tui_now(void);

#endif
