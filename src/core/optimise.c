/* optimise.c -- the problem (options under constraints), strategy names,
 * target parsing, and dispatch to the strategies in opt_*.c.
 *
 * Owns the ct_problem: copies of the constraint arrays, each camera's
 * allowed options, and the caches the strategies hang on it.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const strategy_names[CT_N_STRATEGIES] = {
	[CT_EXACT] = "exact",     [CT_HULL] = "hull",   [CT_UNIFORM] = "uniform",
	[CT_GREEDY] = "greedy",   [CT_LAZY] = "lazy",   [CT_ROBUST] = "robust",
};

static const char *const strategy_about[CT_N_STRATEGIES] = {
	[CT_EXACT] = "optimal on the history",
	[CT_HULL] = "convex-hull greedy on the history, with the LP bound",
	[CT_UNIFORM] = "one threshold for every camera",
	[CT_GREEDY] = "naive: best-ratio cameras first",
	[CT_LAZY] = "naive: cameras with the most FP first",
	[CT_ROBUST] = "least expected loss on new alerts",
};

ct_strategy ct_strategy_at(int i)
{
	if (i == 0)
		return CT_DEFAULT_STRATEGY;
	return (ct_strategy)(i <= (int)CT_DEFAULT_STRATEGY ? i - 1 : i);
}

char *ct_strategy_list(char *buf, size_t len)
{
	size_t n = 0;
	if (len)
		buf[0] = '\0';
	for (int i = 0; i < CT_N_STRATEGIES; i++) {
		int w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", ct_strategy_name(ct_strategy_at(i)));
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

const char *ct_strategy_about(ct_strategy s)
{
	return (unsigned)s < CT_N_STRATEGIES ? strategy_about[s] : "";
}

const char *ct_strategy_name(ct_strategy s)
{
	return (unsigned)s < CT_N_STRATEGIES ? strategy_names[s] : "unknown";
}

int ct_strategy_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CT_N_STRATEGIES; i++)
		if (strcmp(name, strategy_names[i]) == 0)
			return i;
	return -1;
}

int ct_target_parse(const char *text, uint64_t baseline_fp, double *target)
{
	if (!text)
		return -1;
	while (isspace((unsigned char)*text))
		text++;
	/* Plain decimal notation only: no sign, no hex, no inf/nan. */
	size_t len = strlen(text);
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	bool percent = len > 0 && text[len - 1] == '%';
	if (percent)
		len--;
	if (len == 0 || len > 64)
		return -1;
	char buf[72];
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]) &&
	    !(buf[0] == '.' && isdigit((unsigned char)buf[1])))
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)buf[i]) && !strchr(".eE+-", buf[i]))
			return -1;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end != '\0' || errno == ERANGE || !isfinite(v) || v < 0)
		return -1;
	/* v * fp / 100, not v / 100 * fp: 30% of 154336 must be 46300.8. */
	*target = percent ? v * (double)baseline_fp / 100.0 : v;
	return 0;
}

/* ---- the problem -------------------------------------------------------- */

/* The setting of camera i locked at t, read where it is known without a
 * search in the camera's scores: one of base's robust candidates (a lock
 * at what robust chose), or one of the camera's options; else from the
 * scores. */
static ct_option lock_setting(const ct_problem *p, const ct_problem *base, size_t i, double t)
{
	const ct_option *o = p->opts->v + p->opts->offset[i];
	uint32_t no = p->opts->offset[i + 1] - p->opts->offset[i];
	ct_option s;
	if (base && base->robust && ct_robust_cache_setting(base->robust, i, t, &s))
		return s;
	return ct_camera_apply_known(&p->ds->cameras[i], o, no, t);
}

/* ct_problem_new, with the problem it is derived from (or NULL). */
static ct_problem *problem_build(const ct_dataset *ds, const ct_options *opts,
                                 const ct_constraints *cons, const ct_problem *from)
{
	if (!ds || !opts || opts->n_cameras != ds->n_cameras)
		return NULL;
	ct_problem *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	size_t n = ds->n_cameras;
	p->ds = ds;
	p->opts = opts;
	ct_model_defaults(&p->model_params);
	p->n = n;
	p->min_recall = cons && cons->min_recall > 0 ? cons->min_recall : 0;
	if (cons && cons->excluded) {
		p->excluded = malloc(n ? n : 1);
		if (!p->excluded)
			goto fail;
		memcpy(p->excluded, cons->excluded, n);
	}
	if (cons && cons->locked) {
		p->locked = malloc((n ? n : 1) * sizeof *p->locked);
		if (!p->locked)
			goto fail;
		memcpy(p->locked, cons->locked, n * sizeof *p->locked);
	}
	p->aoff = malloc((n + 1) * sizeof *p->aoff);
	p->base = malloc((n ? n : 1) * sizeof *p->base);
	size_t total = opts->offset[n];
	p->a = malloc((total ? total : 1) * sizeof *p->a);
	if (!p->aoff || !p->base || !p->a)
		goto fail;

	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = opts->v + opts->offset[i];
		uint32_t no = opts->offset[i + 1] - opts->offset[i];
		p->aoff[i] = (uint32_t)m;
		if (p->excluded && p->excluded[i]) {
			p->a[m++] = ct_camera_baseline(c);
		} else if (p->locked && !isnan(p->locked[i])) {
			p->a[m++] = lock_setting(p, from, i, p->locked[i]);
		} else {
			uint64_t cap = ct_loss_cap(p, i);
			for (uint32_t j = 0; j < no; j++)
				if (j == 0 || o[j].tp_lost <= cap)
					p->a[m++] = o[j];
		}
		/* base: least TP lost, then most FP saved (lists are sorted) */
		const ct_option *a = p->a + p->aoff[i];
		uint32_t na = (uint32_t)(m - p->aoff[i]), b = 0;
		while (b + 1 < na && a[b + 1].tp_lost == a[0].tp_lost)
			b++;
		p->base[i] = b;
		p->base_lost += a[b].tp_lost;
		p->base_saved += a[b].fp_saved;
		p->max_saving += a[na - 1].fp_saved;
		p->max_extra_loss += a[na - 1].tp_lost - a[b].tp_lost;
	}
	p->aoff[n] = (uint32_t)m;
	return p;
fail:
	ct_problem_free(p);
	return NULL;
}

ct_problem *ct_problem_new(const ct_dataset *ds, const ct_options *opts,
                           const ct_constraints *cons)
{
	return problem_build(ds, opts, cons, NULL);
}

/* Whether camera i has the same constraint in both problems. */
static bool same_constraint(const ct_problem *a, const ct_problem *b, size_t i)
{
	bool xa = a->excluded && a->excluded[i], xb = b->excluded && b->excluded[i];
	if (xa || xb)
		return xa == xb;
	double la = a->locked ? a->locked[i] : NAN, lb = b->locked ? b->locked[i] : NAN;
	/* the same bits: a lock at -0 is exported as -0 */
	return isnan(la) ? isnan(lb) : memcmp(&la, &lb, sizeof la) == 0;
}

ct_problem *ct_problem_derive(ct_problem *base, const ct_constraints *cons)
{
	if (!base)
		return NULL;
	ct_problem *p = problem_build(base->ds, base->opts, cons, base);
	if (!p)
		return NULL;
	p->model_params = base->model_params;
	p->bounded_frontier = base->bounded_frontier;
	if (!base->model)
		return p;
	p->model = ct_model_ref(base->model);
	if (base->robust && p->min_recall == base->min_recall) {
		uint8_t *changed = malloc(p->n ? p->n : 1);
		if (changed) {
			for (size_t i = 0; i < p->n; i++)
				changed[i] = !same_constraint(p, base, i);
			ct_robust_cache_derive(p, base, changed);
			free(changed);
		}
	}
	return p;
}

uint64_t ct_loss_cap(const ct_problem *p, size_t cam)
{
	/* min recall R: lose at most floor((1 - R) P) thefts; the epsilon
	 * keeps (1 - 0.9) * 10 from landing on 0.99.. */
	const ct_camera *c = &p->ds->cameras[cam];
	if (!(p->min_recall > 0) || c->n_tp == 0)
		return UINT64_MAX;
	double f = floor((1.0 - p->min_recall) * c->n_tp + 1e-9);
	return f < 0 ? 0 : (uint64_t)f;
}

void ct_problem_set_model_params(ct_problem *p, const ct_model_params *mp)
{
	if (!p || !mp)
		return;
	p->model_params = *mp;
	ct_robust_cache_free(p->robust);
	p->robust = NULL;
	ct_model_free(p->model);
	p->model = NULL;
}

void ct_problem_free(ct_problem *p)
{
	if (!p)
		return;
	ct_hull_cache_free(p->hull);
	ct_exact_cache_free(p->exact);
	ct_uniform_cache_free(p->uniform);
	ct_robust_cache_free(p->robust);
	ct_model_free(p->model);
	free(p->excluded);
	free(p->locked);
	free(p->aoff);
	free(p->base);
	free(p->a);
	free(p);
}

uint64_t ct_problem_max_saving(const ct_problem *p)
{
	return p ? p->max_saving : 0;
}

/* ---- solutions and frontiers -------------------------------------------- */

int ct_solution_setup(const ct_problem *p, ct_strategy s, double target,
                      ct_solution *out)
{
	memset(out, 0, sizeof *out);
	out->strategy = s;
	out->n_cameras = p->n;
	out->target = target;
	out->lower_bound = NAN;
	out->setting = calloc(p->n ? p->n : 1, sizeof *out->setting);
	return out->setting ? 0 : -1;
}

void ct_solution_total(ct_solution *out)
{
	uint64_t lost = 0, saved = 0;
	for (size_t i = 0; i < out->n_cameras; i++) {
		lost += out->setting[i].tp_lost;
		saved += out->setting[i].fp_saved;
	}
	out->tp_lost = lost;
	out->fp_saved = saved;
	out->target_met = (double)saved >= out->target;
}

void ct_solution_free(ct_solution *s)
{
	if (!s)
		return;
	free(s->setting);
	s->setting = NULL;
	s->n_cameras = 0;
}

int ct_frontier_setup(const ct_problem *p, ct_strategy s, ct_frontier *out)
{
	memset(out, 0, sizeof *out);
	out->strategy = s;
	out->n = (size_t)p->ds->n_tp + 1;
	out->fp_saved = calloc(out->n, sizeof *out->fp_saved);
	return out->fp_saved ? 0 : -1;
}

void ct_frontier_from_chain(ct_frontier *f, const uint64_t *lost,
                            const uint64_t *saved, size_t n)
{
	size_t j = 0;
	uint64_t cur = 0;
	for (size_t k = 0; k < f->n; k++) {
		while (j < n && lost[j] <= k) {
			if (saved[j] > cur)
				cur = saved[j];
			j++;
		}
		f->fp_saved[k] = cur;
	}
}

void ct_frontier_free(ct_frontier *f)
{
	if (!f)
		return;
	free(f->fp_saved);
	f->fp_saved = NULL;
	f->n = 0;
}

/* ---- dispatch ----------------------------------------------------------- */

int ct_solve(ct_problem *p, ct_strategy s, double target, ct_solution *out)
{
	if (!p || !out)
		return -1;
	if (isnan(target))
		target = 0;
	switch (s) {
	case CT_EXACT: return ct_exact_solve(p, target, out);
	case CT_HULL: return ct_hull_solve(p, target, out);
	case CT_UNIFORM: return ct_uniform_solve(p, target, out);
	case CT_GREEDY: return ct_greedy_solve(p, true, target, out);
	case CT_LAZY: return ct_greedy_solve(p, false, target, out);
	case CT_ROBUST: return ct_robust_solve(p, target, out);
	default: memset(out, 0, sizeof *out); return -1;
	}
}

int ct_frontier_compute(ct_problem *p, ct_strategy s, ct_frontier *out)
{
	if (!p || !out)
		return -1;
	switch (s) {
	case CT_EXACT: return ct_exact_frontier(p, out);
	case CT_HULL: return ct_hull_frontier(p, out);
	case CT_UNIFORM: return ct_uniform_frontier(p, out);
	case CT_GREEDY: return ct_greedy_frontier(p, true, out);
	case CT_LAZY: return ct_greedy_frontier(p, false, out);
	case CT_ROBUST: return ct_robust_frontier(p, out);
	default: memset(out, 0, sizeof *out); return -1;
	}
}
