/* opt_hull.c -- the convex-hull greedy (doc/domain.md "Strategies"): per camera the
 * upper convex hull of (TP lost, FP saved) over its allowed options, then
 * hull steps in decreasing order of FP saved per theft lost until the
 * target is met.  Taking the last step fractionally gives the LP
 * relaxation's optimum, a lower bound on the exact TP lost.
 *
 * Owns the hull cache: the sorted steps with their running totals, built
 * once per problem, so a new target is a binary search.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <math.h>
#include <stdlib.h>

typedef struct hstep {
	uint32_t cam;
	uint32_t to; /* option index reached, within the camera's list */
	uint32_t order; /* step number within the camera */
	uint32_t dk, ds;
} hstep;

struct ct_hull_cache {
	size_t n_steps;
	hstep *step;
	uint64_t *cum_lost, *cum_saved; /* after steps [0, j): n_steps + 1 */
};

/* steeper first; then camera, then the camera's own order */
static int step_cmp(const void *pa, const void *pb)
{
	const hstep *a = pa, *b = pb;
	uint64_t x = (uint64_t)a->ds * b->dk, y = (uint64_t)b->ds * a->dk;
	if (x != y)
		return x > y ? -1 : 1;
	if (a->cam != b->cam)
		return a->cam < b->cam ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

void ct_hull_cache_free(ct_hull_cache *c)
{
	if (!c)
		return;
	free(c->step);
	free(c->cum_lost);
	free(c->cum_saved);
	free(c);
}

static ct_hull_cache *hull_build(const ct_problem *p)
{
	ct_hull_cache *h = calloc(1, sizeof *h);
	size_t cap = p->aoff[p->n] + 1;
	uint32_t maxna = 1;
	for (size_t i = 0; i < p->n; i++)
		if (ct_n_allowed(p, i) > maxna)
			maxna = ct_n_allowed(p, i);
	uint32_t *stack = malloc(maxna * sizeof *stack);
	if (!h || !stack)
		goto fail;
	h->step = malloc(cap * sizeof *h->step);
	if (!h->step)
		goto fail;
	size_t m = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = ct_n_allowed(p, i), top = 0;
		/* upper hull from the base on; collinear points are kept so
		 * steps stay as small as possible */
		for (uint32_t j = p->base[i]; j < na; j++) {
			while (top >= 2) {
				const ct_option *u = &a[stack[top - 2]],
				                *v = &a[stack[top - 1]];
				/* drop v when it lies strictly below u -> a[j] */
				/* points rise in both coordinates from the
				 * base on, so the differences are >= 0 and the
				 * products fit in 64 bits */
				uint64_t dx1 = v->tp_lost - u->tp_lost,
				         dy1 = v->fp_saved - u->fp_saved,
				         dx2 = a[j].tp_lost - u->tp_lost,
				         dy2 = a[j].fp_saved - u->fp_saved;
				/* slope(u,v) < slope(u,w) <=> dy1*dx2 < dy2*dx1 */
				if (dy1 * dx2 < dy2 * dx1)
					top--;
				else
					break;
			}
			stack[top++] = j;
		}
		for (uint32_t t = 1; t < top; t++) {
			hstep *s = &h->step[m++];
			s->cam = (uint32_t)i;
			s->to = stack[t];
			s->order = t;
			s->dk = a[stack[t]].tp_lost - a[stack[t - 1]].tp_lost;
			s->ds = a[stack[t]].fp_saved - a[stack[t - 1]].fp_saved;
		}
	}
	free(stack);
	stack = NULL;
	qsort(h->step, m, sizeof *h->step, step_cmp);
	h->n_steps = m;
	h->cum_lost = malloc((m + 1) * sizeof *h->cum_lost);
	h->cum_saved = malloc((m + 1) * sizeof *h->cum_saved);
	if (!h->cum_lost || !h->cum_saved)
		goto fail;
	h->cum_lost[0] = p->base_lost;
	h->cum_saved[0] = p->base_saved;
	for (size_t j = 0; j < m; j++) {
		h->cum_lost[j + 1] = h->cum_lost[j] + h->step[j].dk;
		h->cum_saved[j + 1] = h->cum_saved[j] + h->step[j].ds;
	}
	return h;
fail:
	free(stack);
	ct_hull_cache_free(h);
	return NULL;
}

static int hull_get(ct_problem *p)
{
	if (!p->hull)
		p->hull = hull_build(p);
	return p->hull ? 0 : -1;
}

/* Number of steps to take for target: the shortest prefix reaching it,
 * or n_steps + 1 when none does. */
static size_t steps_for(const ct_hull_cache *h, double target)
{
	size_t lo = 0, hi = h->n_steps + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((double)h->cum_saved[mid] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int ct_hull_budget(ct_problem *p, double target, uint64_t *budget)
{
	if (hull_get(p) < 0)
		return -1;
	size_t j = steps_for(p->hull, target);
	*budget = j > p->hull->n_steps ? UINT64_MAX
	                               : p->hull->cum_lost[j] - p->base_lost;
	return 0;
}

int ct_hull_lambda(ct_problem *p, double target, double *lambda, uint64_t *lost)
{
	if (hull_get(p) < 0)
		return -1;
	const ct_hull_cache *h = p->hull;
	size_t j = steps_for(h, target);
	if (j > h->n_steps)
		return 0;
	*lambda = j == 0 ? 0.0 : (double)h->step[j - 1].dk / (double)h->step[j - 1].ds;
	*lost = h->cum_lost[j];
	return 1;
}

int ct_hull_solve(ct_problem *p, double target, ct_solution *out)
{
	if (hull_get(p) < 0 || ct_solution_setup(p, CT_HULL, target, out) < 0)
		return -1;
	const ct_hull_cache *h = p->hull;
	size_t j = steps_for(h, target);
	bool reached = j <= h->n_steps;
	if (!reached)
		j = h->n_steps;
	for (size_t i = 0; i < p->n; i++)
		out->setting[i] = ct_allowed(p, i)[p->base[i]];
	for (size_t t = 0; t < j; t++)
		out->setting[h->step[t].cam] =
		    ct_allowed(p, h->step[t].cam)[h->step[t].to];
	ct_solution_total(out);
	if (!reached)
		out->lower_bound = NAN; /* no feasible point, no bound */
	else if (j == 0)
		out->lower_bound = (double)h->cum_lost[0];
	else {
		const hstep *s = &h->step[j - 1];
		double frac = (target - (double)h->cum_saved[j - 1]) / s->ds;
		if (frac < 0)
			frac = 0;
		out->lower_bound = (double)h->cum_lost[j - 1] + frac * s->dk;
	}
	return 0;
}

int ct_hull_frontier(ct_problem *p, ct_frontier *out)
{
	if (hull_get(p) < 0 || ct_frontier_setup(p, CT_HULL, out) < 0)
		return -1;
	ct_frontier_from_chain(out, p->hull->cum_lost, p->hull->cum_saved,
	                       p->hull->n_steps + 1);
	return 0;
}
