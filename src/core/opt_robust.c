/* opt_robust.c -- the robust strategy (doc/domain.md, "Strategies" and
 * "Out-of-sample decisions"): thresholds that minimise the thefts the
 * model expects to lose on new alerts, while the FP target holds there
 * with the stated confidence.
 *
 * Per camera the candidates are thresholds half-way between two distinct
 * FP scores (thinned to a fixed number per camera), the baseline and the
 * mute; each costs the camera's expected thefts times its shrunk curve at
 * the candidate's FP position.  The lower convex hull of (FP saved,
 * expected loss) per camera gives steps; taken in increasing order of
 * expected thefts lost per FP saved, they stop at the first point where
 * FP saved clears the target by z standard deviations of its value on new
 * alerts.  The camera whose step crosses that line then takes the lowest
 * of all its thresholds in between that still clears it.  (Pricing each
 * saving's variance into the order as well was measured to change the
 * thefts lost by less than 0.05 % on month-ahead data: not worth a sort
 * per target.)
 *
 * Owns the robust cache: the model, the candidates and the sorted steps,
 * built once per problem; a new target is one walk.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Candidate thresholds per camera: enough to follow the curve, few enough
 * that a fleet of many cameras sorts its steps quickly. */
#define CAND_TOTAL (1u << 20)
#define CAND_MIN 16u
#define CAND_MAX 256u

typedef struct cand {
	double threshold;
	double a;        /* FP position: share of the camera's FP removed */
	double loss;     /* expected thefts lost on new alerts */
	uint32_t tp_lost, fp_saved; /* on the history (setting_of) */
	bool keeps_none; /* the setting's muted: keeps no alert of the history */
} cand;

typedef struct rstep {
	uint32_t cam;
	uint32_t from, to; /* candidate indices within the camera */
	double slope;      /* expected loss per FP saved */
} rstep;

struct ct_robust_cache {
	const ct_model *model; /* the problem's (ct_problem_model) */
	uint64_t *coff; /* camera i: c[coff[i] .. coff[i+1]) */
	cand *c;
	uint32_t max_cands; /* most candidates of one camera */
	size_t n_steps;
	rstep *step;        /* cheapest first */
};

void ct_robust_cache_free(ct_robust_cache *r)
{
	if (!r)
		return;
	free(r->coff);
	free(r->c);
	free(r->step);
	free(r);
}

/* The threshold between two distinct FP scores v < w: their midpoint,
 * which removes the FP up to v and keeps w. */
static double between(double v, double w)
{
	double t = v + (w - v) / 2;
	return t > v && t <= w ? t : w;
}

/* A candidate of camera cam: setting o (its counts are those of its
 * threshold, curve.h), the mute when muted.  Its FP position is the share
 * of FP it removes on the history (ct_model_fp_position); nothing here
 * searches the camera's scores. */
static cand make_cand(const ct_problem *p, const ct_model *m, size_t cam, ct_option o)
{
	const ct_camera *c = &p->ds->cameras[cam];
	cand k;
	k.threshold = o.threshold;
	k.a = o.muted ? 1 : c->n_fp ? (double)o.fp_saved / c->n_fp : 0;
	k.loss = ct_model_thefts(m, cam) * ct_model_setting_loss_share(m, cam, &o);
	k.tp_lost = o.tp_lost;
	k.fp_saved = o.fp_saved;
	k.keeps_none = o.muted;
	return k;
}

/* The candidates of a camera, by rising threshold: its base setting
 * (baseline, or the one setting a lock or an exclusion allows), then for
 * a free camera the thresholds between distinct FP scores whose in-sample
 * loss min_recall allows (every one when all is set, else about one per
 * n_fp / per_cam FP), and the mute when allowed. */
static size_t camera_cands(const ct_problem *p, const ct_model *m, size_t cam,
                           uint32_t per_cam, bool all, cand *out)
{
	const ct_camera *c = &p->ds->cameras[cam];
	const ct_option *al = ct_allowed(p, cam);
	uint32_t na = ct_n_allowed(p, cam);
	size_t n = 0;
	out[n++] = make_cand(p, m, cam, al[0]);
	if (!ct_is_free(p, cam) || c->n_fp == 0)
		return n;
	uint64_t cap = ct_loss_cap(p, cam);
	double step = per_cam ? (double)c->n_fp / per_cam : 1;
	double next_mark = step;
	uint32_t ti = 0;
	for (uint32_t i = 0; i < c->n_fp;) {
		uint32_t j = i;
		while (j < c->n_fp && c->fp[j] == c->fp[i])
			j++;
		double t;
		if (j < c->n_fp)
			t = between(c->fp[i], c->fp[j]);
		else if (c->n_tp && c->tp[c->n_tp - 1] > c->fp[i])
			t = nextafter(c->fp[i], INFINITY); /* above every FP, not a mute */
		else
			break; /* nothing above the last FP: that is the mute's job */
		while (ti < c->n_tp && c->tp[ti] < t)
			ti++;
		if (ti > cap)
			break;
		if (all || (double)j >= next_mark) {
			/* t removes the j FP up to fp[i] and the ti thefts below it */
			ct_option o = {t, ti, j, false};
			out[n++] = make_cand(p, m, cam, o);
			while (next_mark <= (double)j)
				next_mark += step;
		}
		i = j;
	}
	if (na > 1 && al[na - 1].muted)
		out[n++] = make_cand(p, m, cam, al[na - 1]);
	return n;
}

/* An order-preserving key of a non-negative double. */
static uint64_t slope_key(double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return u >> 63 ? ~u : u | 0x8000000000000000ull;
}

/* Stable LSD radix sort of the steps by slope, 16 bits a pass: steps of
 * equal slope keep their (camera, candidate) order. */
static int sort_steps(rstep *v, size_t n)
{
	rstep *tmp = malloc((n ? n : 1) * sizeof *tmp);
	uint64_t *key = malloc((n ? n : 1) * sizeof *key), *ktmp = malloc((n ? n : 1) * sizeof *ktmp);
	size_t *count = malloc(65536 * sizeof *count);
	if (!tmp || !key || !ktmp || !count) {
		free(tmp);
		free(key);
		free(ktmp);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		key[i] = slope_key(v[i].slope);
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(key[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(key[i] >> shift) & 0xffff]++;
			tmp[at] = v[i];
			ktmp[at] = key[i];
		}
		memcpy(v, tmp, n * sizeof *v);
		memcpy(key, ktmp, n * sizeof *key);
	}
	free(tmp);
	free(key);
	free(ktmp);
	free(count);
	return 0;
}

/* The steps along camera i's lower convex hull of (FP saved, expected
 * loss), in hull order, into out (hull: room for its candidates).
 * Returns how many. */
static size_t camera_steps(const ct_problem *p, const ct_robust_cache *r, size_t i,
                           uint32_t *hull, rstep *out)
{
	const cand *c = r->c + r->coff[i];
	uint32_t k = (uint32_t)(r->coff[i + 1] - r->coff[i]), top = 0;
	double f = p->ds->cameras[i].n_fp;
	for (uint32_t j = 0; j < k; j++) {
		if (top && c[j].a <= c[hull[top - 1]].a)
			continue; /* saves no more than the last point */
		while (top >= 2) {
			const cand *u = &c[hull[top - 2]], *v = &c[hull[top - 1]];
			double dx1 = (v->a - u->a) * f, dy1 = v->loss - u->loss;
			double dx2 = (c[j].a - u->a) * f, dy2 = c[j].loss - u->loss;
			/* drop v when it lies on or above the chord u -> j */
			if (dy1 * dx2 >= dy2 * dx1)
				top--;
			else
				break;
		}
		hull[top++] = j;
	}
	size_t ns = 0;
	for (uint32_t t = 1; t < top; t++) {
		rstep *s = &out[ns++];
		s->cam = (uint32_t)i;
		s->from = hull[t - 1];
		s->to = hull[t];
		double dx = (c[hull[t]].a - c[hull[t - 1]].a) * f;
		s->slope = (c[hull[t]].loss - c[hull[t - 1]].loss) / dx;
	}
	return ns;
}

/* Steps along every camera's hull, cheapest first; equal slopes keep
 * their (camera, candidate) order (step_before).  0, or -1 when out of
 * memory. */
static int make_steps(const ct_problem *p, ct_robust_cache *r)
{
	uint32_t *hull = malloc(((size_t)r->max_cands + 1) * sizeof *hull);
	r->step = malloc((r->coff[p->n] + 1) * sizeof *r->step);
	if (!hull || !r->step) {
		free(hull);
		return -1;
	}
	size_t ns = 0;
	for (size_t i = 0; i < p->n; i++)
		ns += camera_steps(p, r, i, hull, r->step + ns);
	free(hull);
	r->n_steps = ns;
	return sort_steps(r->step, ns);
}

/* The order of the sorted steps: by slope, then camera, then candidate
 * (what the stable sort of steps made camera by camera gives). */
static bool step_before(const rstep *x, const rstep *y)
{
	uint64_t kx = slope_key(x->slope), ky = slope_key(y->slope);
	if (kx != ky)
		return kx < ky;
	if (x->cam != y->cam)
		return x->cam < y->cam;
	return x->from < y->from;
}

static int cmp_step(const void *a, const void *b)
{
	const rstep *x = a, *y = b;
	return step_before(x, y) ? -1 : step_before(y, x) ? 1 : 0;
}

/* Candidates per camera: enough to follow the curve, few enough that a
 * fleet of many cameras sorts its steps quickly. */
static uint32_t cands_per_camera(size_t n)
{
	uint32_t per_cam = n ? (uint32_t)(CAND_TOTAL / n) : CAND_MAX;
	if (per_cam < CAND_MIN)
		per_cam = CAND_MIN;
	if (per_cam > CAND_MAX)
		per_cam = CAND_MAX;
	return per_cam;
}

/* A cache with room for every camera's candidates, or NULL. */
static ct_robust_cache *robust_alloc(ct_problem *p, uint32_t per_cam)
{
	ct_robust_cache *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->model = ct_problem_model(p);
	r->coff = malloc((p->n + 1) * sizeof *r->coff);
	size_t cap = 0;
	for (size_t i = 0; i < p->n; i++) {
		uint32_t f = p->ds->cameras[i].n_fp;
		cap += (f < per_cam ? f : per_cam) + 3;
	}
	r->c = malloc((cap ? cap : 1) * sizeof *r->c);
	if (!r->model || !r->coff || !r->c) {
		ct_robust_cache_free(r);
		return NULL;
	}
	return r;
}

static ct_robust_cache *robust_build(ct_problem *p)
{
	uint32_t per_cam = cands_per_camera(p->n);
	ct_robust_cache *r = robust_alloc(p, per_cam);
	if (!r)
		return NULL;
	size_t nc = 0;
	for (size_t i = 0; i < p->n; i++) {
		r->coff[i] = nc;
		size_t k = camera_cands(p, r->model, i, per_cam, false, r->c + nc);
		if (k > r->max_cands)
			r->max_cands = (uint32_t)k;
		nc += k;
	}
	r->coff[p->n] = nc;
	if (make_steps(p, r) != 0) {
		ct_robust_cache_free(r);
		return NULL;
	}
	return r;
}

/* p's cache from base's, when they differ only on the cameras marked in
 * changed: the other cameras' candidates are copied, the changed ones'
 * made again, and their steps merged into base's sorted order.  The same
 * cache as robust_build(p), without sorting every step again. */
static ct_robust_cache *robust_derive(ct_problem *p, const ct_robust_cache *b,
                                      const uint8_t *changed)
{
	uint32_t per_cam = cands_per_camera(p->n);
	ct_robust_cache *r = robust_alloc(p, per_cam);
	if (!r)
		return NULL;
	size_t nc = 0, n_changed = 0;
	for (size_t i = 0; i < p->n; i++) {
		r->coff[i] = nc;
		size_t k;
		if (changed[i]) {
			k = camera_cands(p, r->model, i, per_cam, false, r->c + nc);
			n_changed += k;
		} else {
			k = b->coff[i + 1] - b->coff[i];
			memcpy(r->c + nc, b->c + b->coff[i], k * sizeof *r->c);
		}
		if (k > r->max_cands)
			r->max_cands = (uint32_t)k;
		nc += k;
	}
	r->coff[p->n] = nc;
	uint32_t *hull = malloc(((size_t)r->max_cands + 1) * sizeof *hull);
	rstep *fresh = malloc((n_changed + 1) * sizeof *fresh);
	r->step = malloc((b->n_steps + n_changed + 1) * sizeof *r->step);
	if (!hull || !fresh || !r->step) {
		free(hull);
		free(fresh);
		ct_robust_cache_free(r);
		return NULL;
	}
	size_t nf = 0;
	for (size_t i = 0; i < p->n; i++)
		if (changed[i])
			nf += camera_steps(p, r, i, hull, fresh + nf);
	free(hull);
	qsort(fresh, nf, sizeof *fresh, cmp_step);
	size_t ns = 0, f = 0;
	for (size_t j = 0; j < b->n_steps; j++) {
		const rstep *s = &b->step[j];
		if (changed[s->cam])
			continue;
		while (f < nf && step_before(&fresh[f], s))
			r->step[ns++] = fresh[f++];
		r->step[ns++] = *s;
	}
	while (f < nf)
		r->step[ns++] = fresh[f++];
	free(fresh);
	r->n_steps = ns;
	return r;
}

void ct_robust_cache_derive(ct_problem *p, const ct_problem *base, const uint8_t *changed)
{
	if (!p->robust && base->robust)
		p->robust = robust_derive(p, base->robust, changed);
}

static int robust_get(ct_problem *p)
{
	if (!p->robust)
		p->robust = robust_build(p);
	return p->robust ? 0 : -1;
}

/* The model alone (the expected figures of any strategy) is built
 * without robust's candidates and steps. */
const ct_model *ct_problem_model(ct_problem *p)
{
	if (!p->model)
		p->model = ct_model_new(p->ds, &p->model_params);
	return p->model;
}

/* One solve's working state: the target as a share of FP, the
 * confidence's z, the fleet's FP, and each camera's candidate. */
typedef struct walk {
	const ct_problem *p;
	const ct_robust_cache *r;
	double share, z, fp;
	uint32_t *at; /* per camera: candidate index */
} walk;

static double cam_var(const walk *w, size_t cam, double a)
{
	return ct_model_fp_variance(w->r->model, cam, a, w->share);
}

static bool confident(const walk *w, double saved, double var)
{
	double margin = saved - w->share * w->fp;
	return margin >= 0 && margin >= w->z * sqrt(var > 0 ? var : 0);
}

static ct_option setting_of(const cand *k)
{
	ct_option o = {k->threshold, k->tp_lost, k->fp_saved, k->keeps_none};
	return o;
}

bool ct_robust_cache_setting(const ct_robust_cache *r, size_t cam, double t, ct_option *out)
{
	/* the candidates rise by threshold (camera_cands) */
	const cand *c = r->c + r->coff[cam];
	size_t lo = 0, hi = r->coff[cam + 1] - r->coff[cam];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c[mid].threshold < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == r->coff[cam + 1] - r->coff[cam] || c[lo].threshold != t)
		return false;
	*out = setting_of(&c[lo]);
	out->threshold = t; /* -0 stays -0 */
	return true;
}

/* The running totals of a walk: FP saved, its variance, expected loss. */
typedef struct wstate {
	double saved, var, loss;
} wstate;

static void state_move(const walk *w, size_t cam, const cand *from, const cand *to, wstate *st)
{
	double f = w->p->ds->cameras[cam].n_fp;
	st->saved += (to->a - from->a) * f;
	st->var += cam_var(w, cam, to->a) - cam_var(w, cam, from->a);
	st->loss += to->loss - from->loss;
}

static void state_of(const walk *w, const uint32_t *at, wstate *st)
{
	const ct_robust_cache *r = w->r;
	st->saved = st->var = st->loss = 0;
	for (size_t i = 0; i < w->p->n; i++) {
		const cand *k = &r->c[r->coff[i] + at[i]];
		st->saved += k->a * w->p->ds->cameras[i].n_fp;
		st->var += cam_var(w, i, k->a);
		st->loss += k->loss;
	}
}

/* Take the steps from j on (leaving out camera skip's, SIZE_MAX: none)
 * until the next would make the target confident; returns that step's
 * index (not taken), or n_steps.  met_at (may be NULL): the first step
 * count after which FP saved reached target on the history. */
static size_t walk_until(const walk *w, size_t j, size_t skip, double target, uint32_t *at,
                         wstate *st, size_t *met_at)
{
	const ct_robust_cache *r = w->r;
	for (; j < r->n_steps; j++) {
		const rstep *s = &r->step[j];
		if (s->cam == skip)
			continue;
		const cand *c = r->c + r->coff[s->cam];
		wstate next = *st;
		state_move(w, s->cam, &c[s->from], &c[s->to], &next);
		if (confident(w, next.saved, next.var))
			return j;
		if (met_at && *met_at == SIZE_MAX && next.saved >= target)
			*met_at = j + 1;
		at[s->cam] = s->to;
		*st = next;
	}
	return j;
}

/* The best setting of camera cam, every other camera as in st (cam at
 * cur): the least expected loss among all its candidates (every distinct
 * FP score, camera_cands with all) that keep the target confident.
 * false when none does or out of memory (*oom set). */
static bool best_of_camera(const walk *w, size_t cam, const cand *cur, const wstate *st,
                           cand *pick, wstate *out, bool *oom)
{
	const ct_camera *cm = &w->p->ds->cameras[cam];
	cand *all = malloc(((size_t)cm->n_fp + 3) * sizeof *all);
	if (!all) {
		*oom = true;
		return false;
	}
	size_t k = camera_cands(w->p, w->r->model, cam, 0, true, all);
	bool found = false;
	for (size_t q = 0; q < k; q++) {
		wstate x = *st;
		state_move(w, cam, cur, &all[q], &x);
		if (!confident(w, x.saved, x.var))
			continue;
		if (!found || x.loss < out->loss) {
			found = true;
			*pick = all[q];
			*out = x;
		}
	}
	free(all);
	return found;
}

/* Walk the steps until the target is confidently met, writing the
 * settings.  The camera whose step crosses the line (doc/domain.md
 * "The crossing step") is then decided by expected loss: (A) its best
 * candidate with every other camera where the walk left it, or (B)
 * leaving it at its previous step and walking on through the other
 * cameras' steps, the next crossing camera decided as in (A); the one
 * that loses fewer expected thefts, and (B) whenever (A) would lose more
 * than a third of the camera's thefts to the crossing step while (B)
 * holds the target.  When confidence is out of reach, the first point
 * meeting the target on the history is the most that can honestly be
 * done. */
static int walk_steps(walk *w, double target, ct_option *setting, ct_robust_crossing *cr)
{
	const ct_robust_cache *r = w->r;
	size_t n = w->p->n, ns = r->n_steps;
	for (size_t i = 0; i < n; i++)
		w->at[i] = 0;
	wstate st;
	state_of(w, w->at, &st);
	size_t met_at = SIZE_MAX;
	cr->cam = SIZE_MAX;
	cr->skipped = false;
	/* confident before any step (a target of 0): nothing crosses */
	size_t j = confident(w, st.saved, st.var) ? SIZE_MAX
	                                          : walk_until(w, 0, SIZE_MAX, target, w->at, &st,
	                                                       &met_at);
	if (j == ns) {
		if (met_at != SIZE_MAX) {
			for (size_t i = 0; i < n; i++)
				w->at[i] = 0;
			for (size_t t = 0; t < met_at; t++)
				w->at[r->step[t].cam] = r->step[t].to;
		}
		for (size_t i = 0; i < n; i++)
			setting[i] = setting_of(&r->c[r->coff[i] + w->at[i]]);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		setting[i] = setting_of(&r->c[r->coff[i] + w->at[i]]);
	if (j == SIZE_MAX)
		return 0;
	const rstep *s = &r->step[j];
	size_t cam = s->cam;
	const cand *c = r->c + r->coff[cam];
	bool oom = false;
	cand pick_a = c[s->to];
	wstate st_a = st;
	state_move(w, cam, &c[s->from], &c[s->to], &st_a);
	wstate tmp;
	cand better;
	if (best_of_camera(w, cam, &c[s->from], &st, &better, &tmp, &oom) && tmp.loss <= st_a.loss) {
		pick_a = better;
		st_a = tmp;
	}
	if (oom)
		return -1;
	/* (B): the camera stays at its previous step */
	uint32_t *at_b = malloc((n + 1) * sizeof *at_b);
	if (!at_b)
		return -1;
	memcpy(at_b, w->at, n * sizeof *at_b);
	wstate st_b = st;
	size_t jb = walk_until(w, j + 1, cam, target, at_b, &st_b, NULL);
	bool have_b = false;
	cand pick_b;
	size_t cam_b = SIZE_MAX;
	wstate st_b2;
	if (jb < ns) {
		const rstep *sb = &r->step[jb];
		const cand *cb = r->c + r->coff[sb->cam];
		cam_b = sb->cam;
		pick_b = cb[sb->to];
		st_b2 = st_b;
		state_move(w, cam_b, &cb[sb->from], &cb[sb->to], &st_b2);
		if (best_of_camera(w, cam_b, &cb[sb->from], &st_b, &better, &tmp, &oom) &&
		    tmp.loss <= st_b2.loss) {
			pick_b = better;
			st_b2 = tmp;
		}
		have_b = !oom;
	}
	if (oom) {
		free(at_b);
		return -1;
	}
	const ct_camera *cm = &w->p->ds->cameras[cam];
	bool a_too_dear = 3.0 * ((double)pick_a.tp_lost - c[s->from].tp_lost) > (double)cm->n_tp;
	if (have_b && (st_b2.loss < st_a.loss || a_too_dear)) {
		for (size_t i = 0; i < n; i++)
			setting[i] = setting_of(&r->c[r->coff[i] + at_b[i]]);
		setting[cam_b] = setting_of(&pick_b);
		cr->cam = cam_b;
		cr->skipped = true;
		cr->skipped_cam = cam;
	} else {
		setting[cam] = setting_of(&pick_a);
		cr->cam = cam;
	}
	cr->before = setting_of(&c[s->from]);
	free(at_b);
	return 0;
}

int ct_robust_solve_crossing(ct_problem *p, double target, ct_solution *out,
                             ct_robust_crossing *cr)
{
	if (robust_get(p) < 0 || ct_solution_setup(p, CT_ROBUST, target, out) < 0)
		return -1;
	const ct_dataset *ds = p->ds;
	walk w = {p, p->robust, ds->n_fp ? target / (double)ds->n_fp : 0,
	          ct_normal_quantile(p->model_params.confidence), (double)ds->n_fp, NULL};
	w.at = malloc((p->n + 1) * sizeof *w.at);
	ct_robust_crossing dummy;
	if (!w.at || walk_steps(&w, target, out->setting, cr ? cr : &dummy) < 0) {
		free(w.at);
		ct_solution_free(out);
		return -1;
	}
	free(w.at);
	ct_solution_total(out);
	return 0;
}

int ct_robust_solve(ct_problem *p, double target, ct_solution *out)
{
	return ct_robust_solve_crossing(p, target, out, NULL);
}

int ct_robust_frontier(ct_problem *p, ct_frontier *out)
{
	if (robust_get(p) < 0 || ct_frontier_setup(p, CT_ROBUST, out) < 0)
		return -1;
	const ct_robust_cache *r = p->robust;
	size_t n = r->n_steps + 1;
	uint64_t *lost = malloc(n * sizeof *lost), *saved = malloc(n * sizeof *saved);
	ct_option *cur = malloc((p->n + 1) * sizeof *cur);
	if (!lost || !saved || !cur) {
		free(lost);
		free(saved);
		free(cur);
		ct_frontier_free(out);
		return -1;
	}
	/* the order of the expected loss alone, as the target is unknown */
	uint64_t l = 0, s = 0;
	for (size_t i = 0; i < p->n; i++) {
		cur[i] = setting_of(&r->c[r->coff[i]]);
		l += cur[i].tp_lost;
		s += cur[i].fp_saved;
	}
	lost[0] = l;
	saved[0] = s;
	for (size_t j = 0; j < r->n_steps; j++) {
		const rstep *st = &r->step[j];
		ct_option o = setting_of(&r->c[r->coff[st->cam] + st->to]);
		l += o.tp_lost - cur[st->cam].tp_lost;
		s += o.fp_saved - cur[st->cam].fp_saved;
		cur[st->cam] = o;
		lost[j + 1] = l;
		saved[j + 1] = s;
	}
	ct_frontier_from_chain(out, lost, saved, n);
	free(lost);
	free(saved);
	free(cur);
	return 0;
}

int ct_solution_expect(ct_problem *p, const ct_solution *sol, ct_expectation *out)
{
	const ct_model *m = ct_problem_model(p);
	if (!m || !sol || sol->n_cameras != p->n)
		return -1;
	double share = p->ds->n_fp ? sol->target / (double)p->ds->n_fp : NAN;
	ct_model_expect(m, sol->setting, share, out);
	return 0;
}
