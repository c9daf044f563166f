/* opt_changes.c -- thresholds for a target with few changes from the
 * deployed ones (changes.h; doc/domain.md "After deployment").
 *
 * The multiple-choice knapsack of "Strategies" with one more dimension:
 * F_c(j, b) = the most FP the first c cameras save losing exactly b
 * thefts with j changes.  A camera's choices are its deployed setting
 * (no change) and its allowed options (one change each; none for a new
 * camera).  The thefts dimension is bounded by a budget that doubles from
 * twice the unconstrained optimum's loss until the answer lies inside it:
 * a solution losing more than the budget loses more than the one found,
 * so the answer is exact. */
#include "config.h"

#include "core/changes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optimise_impl.h"

#define MAX_STATES (1ull << 28) /* choices kept: 4 bytes each */
#define KEEP UINT32_MAX          /* the choice "deployed setting" */

ct_option ct_changes_kept(const ct_problem *p, size_t cam, double previous, bool muted)
{
	const ct_camera *c = &p->ds->cameras[cam];
	ct_option o = ct_camera_apply(c, ct_deployed_threshold(c, previous, muted));
	o.muted = muted;
	if (!muted)
		o.threshold = previous; /* the number deployed, as it was */
	return o;
}

static bool same_setting(const ct_option *a, const ct_option *b)
{
	return a->muted == b->muted && (a->muted || a->threshold == b->threshold);
}

/* One camera's choices for the programme. */
typedef struct choice {
	ct_option o;
	uint32_t index; /* in the allowed options, or KEEP */
	uint8_t cost;   /* changes it costs: 0 or 1 */
} choice;

typedef struct programme {
	const ct_problem *p;
	size_t n;
	choice *v;          /* every camera's choices */
	size_t *off;        /* camera i: v[off[i] .. off[i+1]) */
	ct_option *keep;    /* deployed setting per camera (new: baseline) */
	bool *is_new;
	uint64_t n_existing;
	uint64_t max_loss;  /* sum of each camera's largest loss */
} programme;

static void programme_free(programme *g)
{
	free(g->v);
	free(g->off);
	free(g->keep);
	free(g->is_new);
}

static int programme_build(programme *g, const ct_problem *p, const ct_changes_opts *o)
{
	memset(g, 0, sizeof *g);
	g->p = p;
	g->n = p->n;
	size_t total = 0;
	for (size_t i = 0; i < p->n; i++)
		total += ct_n_allowed(p, i) + 1;
	g->v = malloc((total ? total : 1) * sizeof *g->v);
	g->off = malloc((p->n + 1) * sizeof *g->off);
	g->keep = malloc((p->n ? p->n : 1) * sizeof *g->keep);
	g->is_new = malloc((p->n ? p->n : 1) * sizeof *g->is_new);
	if (!g->v || !g->off || !g->keep || !g->is_new)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		g->off[i] = k;
		bool is_new = !o->previous || isnan(o->previous[i]);
		g->is_new[i] = is_new;
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = ct_n_allowed(p, i);
		uint64_t worst = 0;
		if (is_new) {
			g->keep[i] = ct_camera_baseline(&p->ds->cameras[i]);
		} else {
			g->n_existing++;
			ct_option keep = ct_changes_kept(p, i, o->previous[i],
			                                 o->previous_muted && o->previous_muted[i]);
			g->keep[i] = keep;
			/* the deployed setting, when the constraints let it be */
			if (ct_is_free(p, i) && keep.tp_lost <= ct_loss_cap(p, i)) {
				g->v[k++] = (choice){keep, KEEP, 0};
				worst = keep.tp_lost;
			}
		}
		for (uint32_t j = 0; j < na; j++) {
			if (!is_new && same_setting(&a[j], &g->keep[i]) && k > g->off[i])
				continue; /* the deployed setting itself, already there */
			uint8_t cost = is_new || same_setting(&a[j], &g->keep[i]) ? 0 : 1;
			g->v[k++] = (choice){a[j], j, cost};
			if (a[j].tp_lost > worst)
				worst = a[j].tp_lost;
		}
		g->max_loss += worst;
	}
	g->off[p->n] = k;
	return 0;
}

/* The programme over (changes <= kmax, thefts lost <= budget).  pick:
 * per camera and state the choice taken (its offset in the camera's
 * list).  The answer: with max_changes, the fewest thefts lost meeting
 * target (then the fewest changes, then the most saved); with a change
 * cost, the least lost + cost x changes; when nothing meets the target,
 * the most FP saved.  Returns 1 met, 0 not met, -1 OOM; *j, *b the
 * answer's state and *best_obj its objective. */
typedef struct dp {
	uint64_t kmax, budget;
	int64_t *f;     /* (kmax + 1) x (budget + 1), -1 unreachable */
	uint32_t *pick; /* n x (kmax + 1) x (budget + 1) */
} dp;

static size_t at(const dp *d, uint64_t j, uint64_t b) { return (size_t)(j * (d->budget + 1) + b); }

static int dp_run(dp *d, const programme *g)
{
	size_t states = (size_t)((d->kmax + 1) * (d->budget + 1));
	int64_t *cur = malloc(states * sizeof *cur), *next = malloc(states * sizeof *next);
	d->pick = malloc((g->n ? g->n : 1) * states * sizeof *d->pick);
	if (!cur || !next || !d->pick) {
		free(cur);
		free(next);
		free(d->pick);
		d->pick = NULL;
		return -1;
	}
	for (size_t s = 0; s < states; s++)
		cur[s] = -1;
	cur[0] = 0;
	for (size_t i = 0; i < g->n; i++) {
		uint32_t *pk = d->pick + i * states;
		for (size_t s = 0; s < states; s++)
			next[s] = -1;
		const choice *c = g->v + g->off[i];
		size_t nc = g->off[i + 1] - g->off[i];
		for (uint64_t j = 0; j <= d->kmax; j++)
			for (uint64_t b = 0; b <= d->budget; b++) {
				int64_t v = cur[at(d, j, b)];
				if (v < 0)
					continue;
				for (size_t q = 0; q < nc; q++) {
					uint64_t nj = j + c[q].cost, nb = b + c[q].o.tp_lost;
					if (nj > d->kmax || nb > d->budget)
						continue;
					int64_t w = v + (int64_t)c[q].o.fp_saved;
					size_t t = at(d, nj, nb);
					if (w > next[t]) {
						next[t] = w;
						pk[t] = (uint32_t)q;
					}
				}
			}
		int64_t *tmp = cur;
		cur = next;
		next = tmp;
	}
	free(next);
	d->f = cur;
	return 0;
}

static void dp_free(dp *d)
{
	free(d->f);
	free(d->pick);
	d->f = NULL;
	d->pick = NULL;
}

/* The answer in a finished programme; false when no state meets target
 * (*j, *b then the state saving the most). */
static bool dp_answer(const dp *d, double target, double cost, uint64_t *jj, uint64_t *bb,
                      double *obj)
{
	bool found = false;
	double best = INFINITY;
	int64_t most = -1;
	for (uint64_t b = 0; b <= d->budget; b++)
		for (uint64_t j = 0; j <= d->kmax; j++) {
			int64_t v = d->f[at(d, j, b)];
			if (v < 0)
				continue;
			if ((double)v >= target) {
				double o = isnan(cost) ? (double)b : (double)b + cost * (double)j;
				/* ties: the fewest changes, then the most saved */
				if (!found || o < best ||
				    (o == best && (j < *jj || (j == *jj && v > d->f[at(d, *jj, *bb)])))) {
					found = true;
					best = o;
					*jj = j;
					*bb = b;
				}
			} else if (!found && v > most) {
				most = v;
				*jj = j;
				*bb = b;
			}
		}
	*obj = best;
	return found;
}

static void dp_settings(const dp *d, const programme *g, uint64_t j, uint64_t b, ct_solution *s)
{
	size_t states = (size_t)((d->kmax + 1) * (d->budget + 1));
	for (size_t i = g->n; i-- > 0;) {
		uint32_t q = d->pick[i * states + at(d, j, b)];
		const choice *c = &g->v[g->off[i] + q];
		s->setting[i] = c->o;
		j -= c->cost;
		b -= c->o.tp_lost;
	}
}

static int by_gain_desc(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? 1 : a > b ? -1 : 0;
}

/* The fewest changes that can meet the target at all: each camera
 * changed gains its most saving over its deployed one, so the largest
 * gains first (new cameras at their most, free).  -1 when none can. */
static int64_t fewest_changes(const programme *g, double target)
{
	double saved = 0;
	uint64_t n = 0;
	uint64_t *gain = malloc((g->n ? g->n : 1) * sizeof *gain);
	if (!gain)
		return -1;
	for (size_t i = 0; i < g->n; i++) {
		uint64_t keep = 0, most = 0;
		bool has_keep = false;
		for (size_t q = g->off[i]; q < g->off[i + 1]; q++) {
			const choice *c = &g->v[q];
			if (c->cost == 0) {
				has_keep = true;
				keep = c->o.fp_saved > keep ? c->o.fp_saved : keep;
			}
			most = c->o.fp_saved > most ? c->o.fp_saved : most;
		}
		if (has_keep) {
			saved += (double)keep;
			if (most > keep)
				gain[n++] = most - keep;
		} else {
			saved += (double)most;
			/* no choice without a change: forced by the constraints */
		}
	}
	qsort(gain, n, sizeof *gain, by_gain_desc);
	int64_t need = -1;
	if (saved >= target) {
		need = 0;
	} else {
		for (uint64_t k = 0; k < n; k++) {
			saved += (double)gain[k];
			if (saved >= target) {
				need = (int64_t)k + 1;
				break;
			}
		}
	}
	free(gain);
	return need;
}

/* The exact answer for target with kmax changes (or a change cost).
 * Returns 1 met, 0 not, -1 OOM, -2 too large. */
static int exact_changes(ct_problem *p, const programme *g, double target, uint64_t kmax,
                         double cost, ct_solution *sol)
{
	if (kmax > g->n_existing)
		kmax = g->n_existing;
	ct_solution free_sol;
	if (ct_solve(p, CT_EXACT, target, &free_sol) != 0)
		return -1;
	uint64_t budget = 2 * free_sol.tp_lost + 16;
	ct_solution_free(&free_sol);
	for (;;) {
		if (budget > g->max_loss)
			budget = g->max_loss;
		dp d = {.kmax = kmax, .budget = budget};
		if ((double)(kmax + 1) * (double)(budget + 1) * (double)(g->n ? g->n : 1) >
		    (double)MAX_STATES)
			return -2;
		if (dp_run(&d, g) != 0)
			return -1;
		uint64_t j = 0, b = 0;
		double obj;
		bool met = dp_answer(&d, target, cost, &j, &b, &obj);
		/* inside the budget, or the budget holds every solution */
		if ((met && obj <= (double)budget) || budget == g->max_loss) {
			dp_settings(&d, g, j, b, sol);
			dp_free(&d);
			ct_solution_total(sol);
			return met ? 1 : 0;
		}
		dp_free(&d);
		budget *= 4;
	}
}

static void mark_changes(const programme *g, const ct_solution *sol, ct_changes_result *res)
{
	res->n_changed = res->n_new = 0;
	for (size_t i = 0; i < g->n; i++) {
		res->n_new += g->is_new[i];
		res->changed[i] = !g->is_new[i] && !same_setting(&sol->setting[i], &g->keep[i]);
		res->n_changed += res->changed[i];
	}
}

/* Robust with the cameras outside change[] locked at their deployed
 * settings. */
static int robust_locked(ct_problem *p, const programme *g, const uint8_t *change, double target,
                         ct_solution *sol)
{
	double *locked = malloc((p->n ? p->n : 1) * sizeof *locked);
	if (!locked)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		locked[i] = p->locked ? p->locked[i] : NAN;
		if (!g->is_new[i] && !change[i] && ct_is_free(p, i))
			locked[i] = g->keep[i].muted ? ct_mute_threshold(&p->ds->cameras[i])
			                             : g->keep[i].threshold;
	}
	ct_constraints cons = {.min_recall = p->min_recall, .excluded = p->excluded, .locked = locked};
	ct_problem *q = ct_problem_derive(p, &cons);
	free(locked);
	if (!q)
		return -1;
	int rc = ct_solve(q, CT_ROBUST, target, sol);
	ct_problem_free(q);
	if (rc != 0)
		return -1;
	/* a camera left alone keeps its deployed setting as deployed (a
	 * threshold above its scores stays a threshold, not a mute) */
	for (size_t i = 0; i < p->n; i++)
		if (!g->is_new[i] && !change[i] && ct_is_free(p, i))
			sol->setting[i] = g->keep[i];
	ct_solution_total(sol);
	return sol->target_met ? 1 : 0;
}

/* Robust's rule: the exact programme at the FP robust saves with its
 * margin picks the cameras; robust sets them.  1 met, 0 not, < 0 error. */
static int robust_changes(ct_problem *p, const programme *g, double target, uint64_t kmax,
                          double cost, ct_solution *sol, uint8_t *change)
{
	ct_solution free_sol;
	if (ct_solve(p, CT_ROBUST, target, &free_sol) != 0)
		return -1;
	double goal = fmax(target, (double)free_sol.fp_saved);
	ct_solution pick;
	int rc = ct_solution_setup(p, CT_EXACT, goal, &pick);
	if (rc == 0)
		rc = exact_changes(p, g, goal, kmax, cost, &pick);
	if (rc == 0 && !pick.target_met) /* the margin out of reach: the target's */
		rc = exact_changes(p, g, target, kmax, cost, &pick);
	ct_solution_free(&free_sol);
	if (rc < 0) {
		ct_solution_free(&pick);
		return rc;
	}
	for (size_t i = 0; i < g->n; i++)
		change[i] = !g->is_new[i] && !same_setting(&pick.setting[i], &g->keep[i]);
	ct_solution_free(&pick);
	return robust_locked(p, g, change, target, sol);
}

int ct_solve_changes(ct_problem *p, ct_strategy s, double target, const ct_changes_opts *o,
                     ct_solution *sol, ct_changes_result *res)
{
	memset(res, 0, sizeof *res);
	memset(sol, 0, sizeof *sol);
	res->fewest = -1;
	if (s != CT_EXACT && s != CT_ROBUST)
		return -3;
	programme g;
	uint8_t *change = NULL;
	int rc = programme_build(&g, p, o);
	res->changed = calloc(p->n ? p->n : 1, 1);
	change = calloc(p->n ? p->n : 1, 1);
	if (rc != 0 || !res->changed || !change ||
	    (s == CT_EXACT && ct_solution_setup(p, s, target, sol) != 0)) {
		rc = -1;
		goto out;
	}
	bool by_cost = o->max_changes < 0;
	uint64_t kmax = by_cost ? g.n_existing : (uint64_t)o->max_changes;
	double cost = by_cost ? o->change_cost : NAN;
	rc = s == CT_EXACT ? exact_changes(p, &g, target, kmax, cost, sol)
	                   : robust_changes(p, &g, target, kmax, cost, sol, change);
	if (rc < 0)
		goto out;
	sol->strategy = s;
	mark_changes(&g, sol, res);
	if (rc == 0) {
		res->fewest = fewest_changes(&g, target);
		/* robust's own rule may need more than the history's fewest */
		if (s == CT_ROBUST && res->fewest >= 0) {
			ct_solution t;
			for (uint64_t k = (uint64_t)res->fewest; k <= g.n_existing; k++) {
				int r2 = robust_changes(p, &g, target, k, NAN, &t, change);
				ct_solution_free(&t);
				if (r2 < 0) {
					rc = r2;
					goto out;
				}
				if (r2 == 1) {
					res->fewest = (int64_t)k;
					break;
				}
				if (k == g.n_existing)
					res->fewest = -1;
			}
		}
	}
	rc = 0;
out:
	free(change);
	programme_free(&g);
	if (rc != 0) {
		ct_solution_free(sol);
		ct_changes_result_free(res);
	}
	return rc;
}

void ct_changes_result_free(ct_changes_result *r)
{
	free(r->changed);
	r->changed = NULL;
}
