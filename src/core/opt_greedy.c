/* opt_greedy.c -- the two naive strategies (doc/domain.md "Strategies"): every camera
 * gets the one threshold with the lowest ratio TP lost / FP saved, and
 * whole cameras are switched to it one at a time, ordered by that ratio
 * (greedy) or by baseline FP, most first (lazy).  They can stall below
 * the target; that is the point of showing them.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <stdlib.h>

typedef struct gitem {
	uint32_t cam;
	uint32_t choice; /* index in the camera's allowed list */
	uint32_t lost, saved;
	uint32_t base_fp;
} gitem;

/* a.lost / a.saved < b.lost / b.saved, exactly (saved > 0) */
static int ratio_cmp(uint32_t al, uint32_t as, uint32_t bl, uint32_t bs)
{
	uint64_t x = (uint64_t)al * bs, y = (uint64_t)bl * as;
	return x < y ? -1 : x > y;
}

static int by_ratio(const void *pa, const void *pb)
{
	const gitem *a = pa, *b = pb;
	int r = ratio_cmp(a->lost, a->saved, b->lost, b->saved);
	if (r)
		return r;
	if (a->saved != b->saved)
		return a->saved > b->saved ? -1 : 1;
	return a->cam < b->cam ? -1 : a->cam > b->cam;
}

static int by_load(const void *pa, const void *pb)
{
	const gitem *a = pa, *b = pb;
	if (a->base_fp != b->base_fp)
		return a->base_fp > b->base_fp ? -1 : 1;
	return a->cam < b->cam ? -1 : a->cam > b->cam;
}

/* The ordered list of cameras to switch and their one threshold; the
 * fixed cameras' contribution goes to *lost0 / *saved0. */
static gitem *plan(const ct_problem *p, bool ratio_order, size_t *n_items,
                   uint64_t *lost0, uint64_t *saved0)
{
	gitem *it = malloc((p->n ? p->n : 1) * sizeof *it);
	if (!it)
		return NULL;
	size_t m = 0;
	*lost0 = *saved0 = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = ct_n_allowed(p, i);
		if (!ct_is_free(p, i)) {
			*lost0 += a[0].tp_lost;
			*saved0 += a[0].fp_saved;
			continue;
		}
		int best = -1;
		for (uint32_t j = 0; j < na; j++) {
			if (a[j].fp_saved == 0)
				continue;
			/* <= : on equal ratio the later (higher) threshold wins */
			if (best < 0 || ratio_cmp(a[j].tp_lost, a[j].fp_saved,
			                          a[best].tp_lost,
			                          a[best].fp_saved) <= 0)
				best = (int)j;
		}
		if (best < 0)
			continue;
		it[m].cam = (uint32_t)i;
		it[m].choice = (uint32_t)best;
		it[m].lost = a[best].tp_lost;
		it[m].saved = a[best].fp_saved;
		it[m].base_fp = p->ds->cameras[i].n_fp;
		m++;
	}
	qsort(it, m, sizeof *it, ratio_order ? by_ratio : by_load);
	*n_items = m;
	return it;
}

int ct_greedy_solve(ct_problem *p, bool by_ratio_order, double target,
                    ct_solution *out)
{
	ct_strategy s = by_ratio_order ? CT_GREEDY : CT_LAZY;
	if (ct_solution_setup(p, s, target, out) < 0)
		return -1;
	size_t m;
	uint64_t lost, saved;
	gitem *it = plan(p, by_ratio_order, &m, &lost, &saved);
	if (!it) {
		ct_solution_free(out);
		return -1;
	}
	for (size_t i = 0; i < p->n; i++)
		out->setting[i] = ct_is_free(p, i)
		                      ? ct_camera_baseline(&p->ds->cameras[i])
		                      : ct_allowed(p, i)[0];
	for (size_t j = 0; j < m && (double)saved < target; j++) {
		out->setting[it[j].cam] = ct_allowed(p, it[j].cam)[it[j].choice];
		saved += it[j].saved;
	}
	free(it);
	ct_solution_total(out);
	return 0;
}

int ct_greedy_frontier(ct_problem *p, bool by_ratio_order, ct_frontier *out)
{
	ct_strategy s = by_ratio_order ? CT_GREEDY : CT_LAZY;
	if (ct_frontier_setup(p, s, out) < 0)
		return -1;
	size_t m;
	uint64_t lost, saved;
	gitem *it = plan(p, by_ratio_order, &m, &lost, &saved);
	uint64_t *cl = malloc((m + 1) * sizeof *cl);
	uint64_t *cs = malloc((m + 1) * sizeof *cs);
	if (!it || !cl || !cs) {
		free(it);
		free(cl);
		free(cs);
		ct_frontier_free(out);
		return -1;
	}
	/* every prefix of the order is the solution of some target */
	cl[0] = lost;
	cs[0] = saved;
	for (size_t j = 0; j < m; j++) {
		cl[j + 1] = cl[j] + it[j].lost;
		cs[j + 1] = cs[j] + it[j].saved;
	}
	ct_frontier_from_chain(out, cl, cs, m + 1);
	free(it);
	free(cl);
	free(cs);
	return 0;
}
