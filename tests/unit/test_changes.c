/* test_changes.c -- re-tuning with few changes (changes.h) against brute
 * force on many small random fleets: every threshold of every camera
 * (each distinct score, and the mute), the deployed one included, all
 * combinations; a change is a threshold other than the deployed one.
 *
 * Checked per instance: exact's thefts lost == brute force's fewest with
 * at most K changes; the solution recounts, meets the target, changes at
 * most K cameras and leaves the others exactly at their deployed
 * thresholds; with a change cost, the least lost + cost x changes; when
 * K changes cannot reach the target, "fewest" is brute force's fewest
 * changes that can.  Robust keeps the same rule (at most K changes, the
 * others untouched). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/changes.h"
#include "../tap.h"

#define MAX_CAMS 5
#define MAX_CAND 12
#define N_INSTANCES 600

static uint64_t rs = 1;
static uint32_t rnd(uint32_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)(rs % n);
}
static double score(void) { return (double)(1 + rnd(9)) / 10; }

typedef struct cand {
	uint32_t lost, saved;
	int cost;
} cand;

static int fails;

/* A camera's candidates: the deployed setting (cost 0) and every other
 * threshold (cost 1; 0 for a new camera). */
static int candidates(const ct_camera *c, double prev, bool prev_muted, cand *v)
{
	int n = 0;
	bool is_new = isnan(prev);
	double t[MAX_CAND];
	int nt = 0;
	t[nt++] = 0;
	for (uint32_t i = 0; i < c->n_tp; i++)
		t[nt++] = c->tp[i];
	for (uint32_t i = 0; i < c->n_fp && nt < MAX_CAND - 1; i++)
		t[nt++] = c->fp[i];
	for (int i = 0; i <= nt; i++) {
		bool mute = i == nt;
		ct_kept k = mute ? (ct_kept){0, 0} : ct_camera_kept(c, t[i]);
		bool same = !is_new && (mute ? prev_muted : (!prev_muted && t[i] == prev));
		v[n++] = (cand){c->n_tp - k.tp_kept, c->n_fp - k.fp_kept, is_new || same ? 0 : 1};
	}
	if (!is_new) { /* the deployed setting itself */
		ct_kept k = prev_muted ? (ct_kept){0, 0} : ct_camera_kept(c, prev);
		v[n++] = (cand){c->n_tp - k.tp_kept, c->n_fp - k.fp_kept, 0};
	}
	return n;
}

typedef struct best {
	int64_t lost_k;     /* fewest lost meeting target with <= K changes */
	double cost_obj;    /* least lost + cost x changes meeting target */
	int64_t fewest;     /* fewest changes meeting target at all */
} best;

static void brute(const cand (*v)[2 * MAX_CAND + 2], const int *nv, size_t n, size_t i,
                  uint32_t lost, uint32_t saved, int changes, double target, int K, double cost,
                  best *b)
{
	if (i == n) {
		if ((double)saved < target)
			return;
		if (changes <= K && (b->lost_k < 0 || lost < b->lost_k))
			b->lost_k = lost;
		double o = lost + cost * changes;
		if (o < b->cost_obj)
			b->cost_obj = o;
		if (b->fewest < 0 || changes < b->fewest)
			b->fewest = changes;
		return;
	}
	for (int j = 0; j < nv[i]; j++)
		brute(v, nv, n, i + 1, lost + v[i][j].lost, saved + v[i][j].saved,
		      changes + v[i][j].cost, target, K, cost, b);
}

/* The solution recounts, and the cameras not marked changed are exactly
 * at their deployed thresholds.  Returns the changes counted. */
static int check_solution(const ct_dataset *ds, const ct_solution *s, const ct_changes_result *r,
                          const double *prev, const uint8_t *prev_muted, bool *good)
{
	int changes = 0;
	uint64_t lost = 0, saved = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &s->setting[i];
		ct_kept k = o->muted ? (ct_kept){0, 0} : ct_camera_kept(c, o->threshold);
		*good &= c->n_tp - k.tp_kept == o->tp_lost && c->n_fp - k.fp_kept == o->fp_saved;
		lost += o->tp_lost;
		saved += o->fp_saved;
		if (isnan(prev[i])) {
			*good &= !r->changed[i];
			continue;
		}
		bool same = o->muted == (bool)prev_muted[i] && (o->muted || o->threshold == prev[i]);
		*good &= same == !r->changed[i];
		changes += !same;
	}
	*good &= lost == s->tp_lost && saved == s->fp_saved && (uint64_t)changes == r->n_changed;
	return changes;
}

static void one_instance(unsigned inst)
{
	ct_builder *b = ct_builder_new();
	size_t ncam = 1 + rnd(MAX_CAMS);
	for (size_t i = 0; i < ncam; i++) {
		char id[8];
		snprintf(id, sizeof id, "%zu", i + 1);
		int32_t c = ct_builder_camera(b, "s", 1, id, strlen(id));
		uint32_t ntp = rnd(4), nfp = 1 + rnd(6);
		for (uint32_t j = 0; j < ntp; j++)
			ct_builder_add(b, (uint32_t)c, score(), true);
		for (uint32_t j = 0; j < nfp; j++)
			ct_builder_add(b, (uint32_t)c, score(), false);
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *opts = ct_options_build(ds);
	ct_constraints none = {0, NULL, NULL};
	ct_problem *p = ct_problem_new(ds, opts, &none);

	double prev[MAX_CAMS];
	uint8_t prev_muted[MAX_CAMS];
	cand v[MAX_CAMS][2 * MAX_CAND + 2];
	int nv[MAX_CAMS];
	for (size_t i = 0; i < ncam; i++) {
		uint32_t r = rnd(8);
		prev_muted[i] = r == 0;
		prev[i] = r == 1 ? NAN : r == 0 ? 1.5 : r == 2 ? 0 : score() - 0.05 * rnd(2);
		nv[i] = candidates(&ds->cameras[i], prev[i], prev_muted[i], v[i]);
	}
	int K = (int)rnd((uint32_t)ncam + 1);
	double target = (double)rnd((uint32_t)ds->n_fp + 2);
	double cost = (double)rnd(4) / 2;
	best want = {-1, INFINITY, -1};
	brute(v, nv, ncam, 0, 0, 0, 0, target, K, cost, &want);

	bool good = true;
	ct_changes_opts co = {prev, prev_muted, K, NAN};
	ct_solution s;
	ct_changes_result r;
	if (ct_solve_changes(p, CT_EXACT, target, &co, &s, &r) != 0) {
		fails++;
		goto done;
	}
	int changes = check_solution(ds, &s, &r, prev, prev_muted, &good);
	good &= changes <= K;
	int stage = good ? 0 : 1;
	if (getenv("DEBUG_CHANGES"))
		printf("# inst %u: lost %llu met %d changes %d fewest %lld; want lost %lld fewest %lld\n",
		       inst, (unsigned long long)s.tp_lost, s.target_met, changes, (long long)r.fewest,
		       (long long)want.lost_k, (long long)want.fewest);
	if (want.lost_k >= 0) {
		good &= s.target_met && (int64_t)s.tp_lost == want.lost_k && r.fewest == -1;
	} else {
		good &= !s.target_met && r.fewest == want.fewest;
	}
	if (good)
		stage = 2;
	ct_solution_free(&s);
	ct_changes_result_free(&r);

	/* a change worth `cost` thefts */
	co.max_changes = -1;
	co.change_cost = cost;
	if (ct_solve_changes(p, CT_EXACT, target, &co, &s, &r) != 0) {
		fails++;
		goto done;
	}
	changes = check_solution(ds, &s, &r, prev, prev_muted, &good);
	if (getenv("DEBUG_CHANGES"))
		printf("# cost %g: lost %llu met %d changes %d; want obj %g (good %d)\n", cost,
		       (unsigned long long)s.tp_lost, s.target_met, changes, want.cost_obj, good);
	if (isfinite(want.cost_obj))
		good &= s.target_met && fabs((double)s.tp_lost + cost * changes - want.cost_obj) < 1e-9;
	else
		good &= !s.target_met;
	ct_solution_free(&s);
	ct_changes_result_free(&r);

	/* robust: the same rule */
	co.max_changes = K;
	co.change_cost = NAN;
	if (ct_solve_changes(p, CT_ROBUST, target, &co, &s, &r) != 0) {
		fails++;
		goto done;
	}
	changes = check_solution(ds, &s, &r, prev, prev_muted, &good);
	if (getenv("DEBUG_CHANGES"))
	{
		printf("# robust: lost %llu met %d changes %d fewest %lld (good %d)\n",
		       (unsigned long long)s.tp_lost, s.target_met, changes, (long long)r.fewest, good);
		for (size_t i = 0; i < ncam; i++)
			printf("#   cam %zu prev %.17g muted %d -> %.17g muted %d (n_tp %u n_fp %u)\n", i, prev[i],
			       prev_muted[i], s.setting[i].threshold, s.setting[i].muted,
			       ds->cameras[i].n_tp, ds->cameras[i].n_fp);
	}
	good &= changes <= K;
	/* it cannot beat exact, and where it misses it says what would do */
	if (s.target_met)
		good &= want.lost_k >= 0 && (int64_t)s.tp_lost >= want.lost_k;
	else
		good &= r.fewest == -1 || r.fewest > K || want.lost_k >= 0;
	ct_solution_free(&s);
	ct_changes_result_free(&r);
done:
	if (!good) {
		fails++;
		if (fails <= 5)
			printf("# instance %u failed (K %d, target %g, stage %d)\n", inst, K, target, stage);
	}
	ct_problem_free(p);
	ct_options_free(opts);
	ct_dataset_free(ds);
}

int main(void)
{
	for (unsigned seed = 1; seed <= 3; seed++) {
		rs = 0x9E3779B97F4A7C15ull * seed;
		fails = 0;
		for (unsigned i = 0; i < N_INSTANCES / 3; i++)
			one_instance(i);
		ok(fails == 0, "seed %u: %d random fleets against brute force, %d failures", seed,
		   N_INSTANCES / 3, fails);
	}
	return tap_done();
}
