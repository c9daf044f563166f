/* bench_month.c -- how thresholds tuned on one period hold on the next
 * (doc/domain.md, "Out-of-sample decisions").
 *
 *   bench_month [--seeds N] [--from M] [--to M] [--drift X]
 *   bench_month TRAIN TEST [TRAIN TEST]...
 *   bench_month --calibration N
 *
 * The first form draws, for seeds 1..N (default 20), month M (default 1)
 * and month M' (default 2) of the same cameras with the project's
 * generator (synth --month, in-process); the second reads pairs of files.
 * For every pair (the history, then the period after it) and for
 * targets of 10 / 30 / 50 / 70 % of the history's FP: each strategy tunes
 * on TRAIN; its thresholds are applied to TEST (>=, matched by camera,
 * muted cameras keep nothing, cameras new in TEST at baseline).  Printed,
 * averaged over the pairs: TP lost in the history (% of its thefts), TP
 * lost in the next period (% of its thefts), and how often FP saved in the
 * next period reached the target share of its own FP; next to them the
 * next period's own optimum (exact on TEST itself), which no one can know
 * in advance, and a simple baseline built here: each camera's theft
 * curve in its own FP quantiles (plotting positions k/(P+1)) shrunk
 * toward the fleet's with 10 pseudo-thefts, weighted by the camera's
 * thefts in the history, hull greedy until the history's target is met
 * (row shrink10), and the same until it saves as much FP in the history
 * as robust does with its margin (row shrink10=): robust against the
 * baseline at an equal chance of holding the target.
 *
 * The third form prints the calibration table across generators (below,
 * "calibration across generators").
 *
 * Built on demand by `make bench`, not installed, not a test. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optimise.h"
#include "core/transfer.h"
#include "io/load.h"
#include "synth/synth.h"

#include <unistd.h>

#define N_TARGETS 4
static const double targets[N_TARGETS] = {10, 30, 50, 70};

/* rows: the strategies of the core, then the baseline, then the oracle */
#define ROW_SHRINK CT_N_STRATEGIES
#define ROW_SHRINK_EQ (CT_N_STRATEGIES + 1) /* at robust's FP saved */
#define ROW_ORACLE (CT_N_STRATEGIES + 2)
#define N_ROWS (CT_N_STRATEGIES + 3)

typedef struct acc {
	double in_lost, next_lost, met, n;
} acc;

static acc table[N_ROWS][N_TARGETS];

/* ---- applying thresholds to the next period ---------------------------- */

static void apply(const ct_dataset *train, ct_option *setting, const ct_dataset *test,
                  uint64_t *lost, uint64_t *saved)
{
	ct_solution sol = {.n_cameras = train->n_cameras, .setting = setting};
	ct_transfer t;
	if (ct_transfer_solution(train, &sol, test, &t) != 0)
		exit(1);
	*lost = t.tp_lost;
	*saved = t.fp_saved;
}

/* ---- the simple shrinkage baseline -------------------------------------- */

typedef struct spoint {
	double t, x, y; /* threshold, FP saved, expected loss */
	bool muted;
} spoint;

typedef struct sstep {
	size_t cam;
	spoint to;
	double dx, dy;
} sstep;

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int scmp(const void *pa, const void *pb)
{
	const sstep *a = pa, *b = pb;
	double l = a->dy * b->dx, r = b->dy * a->dx;
	if (l != r)
		return l < r ? -1 : 1;
	return (a->cam > b->cam) - (a->cam < b->cam);
}

/* plotting positions through (0,0), (x_k, k/(n+1)), (1,1) */
static double pcurve(const double *x, size_t n, double a)
{
	size_t j = 0;
	while (j < n && x[j] <= a)
		j++;
	double x0 = j ? x[j - 1] : 0, x1 = j < n ? x[j] : 1;
	double y0 = (double)j / (n + 1), y1 = (double)(j + 1) / (n + 1);
	return a > x0 && x1 > x0 ? y0 + (y1 - y0) * (a - x0) / (x1 - x0) : y0;
}

static double theft_pos(const ct_camera *c, double s)
{
	uint32_t lt = c->n_fp - ct_count_ge(c->fp, c->n_fp, s);
	uint32_t le = c->n_fp - ct_count_ge(c->fp, c->n_fp, nextafter(s, INFINITY));
	return (lt + 0.5 * (le - lt)) / c->n_fp;
}

/* The lower convex hull of points by rising x into hull; its size. */
static size_t lower_hull(const spoint *pt, size_t n, spoint *hull)
{
	size_t top = 0;
	for (size_t j = 0; j < n; j++) {
		if (top && pt[j].x <= hull[top - 1].x)
			continue;
		while (top >= 2) {
			const spoint *a = &hull[top - 2], *b = &hull[top - 1];
			if ((b->y - a->y) * (pt[j].x - a->x) >= (pt[j].y - a->y) * (b->x - a->x))
				top--;
			else
				break;
		}
		hull[top++] = pt[j];
	}
	return top;
}

static void shrink_solve(const ct_dataset *ds, double target, ct_option *setting)
{
	double *pool = malloc((ds->n_tp + 1) * sizeof *pool);
	size_t np = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		if (c->n_fp)
			for (uint32_t k = 0; k < c->n_tp; k++)
				pool[np++] = theft_pos(c, c->tp[k]);
	}
	qsort(pool, np, sizeof *pool, dcmp);
	size_t cap = 16;
	for (size_t i = 0; i < ds->n_cameras; i++)
		cap += ds->cameras[i].n_fp + 2;
	sstep *st = malloc(cap * sizeof *st);
	spoint *pt = malloc(cap * sizeof *pt), *hull = malloc(cap * sizeof *hull);
	size_t ns = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		setting[i] = ct_camera_baseline(c);
		if (!c->n_fp)
			continue;
		double *u = malloc((c->n_tp + 1) * sizeof *u);
		for (uint32_t k = 0; k < c->n_tp; k++)
			u[k] = theft_pos(c, c->tp[k]);
		size_t n = 0;
		pt[n++] = (spoint){setting[i].threshold, 0, 0, false};
		for (uint32_t f = 0; f < c->n_fp;) {
			uint32_t g = f;
			while (g < c->n_fp && c->fp[g] == c->fp[f])
				g++;
			if (g >= c->n_fp)
				break;
			double a = (double)g / c->n_fp;
			double h = (c->n_tp * pcurve(u, c->n_tp, a) + 10 * pcurve(pool, np, a)) /
			           (c->n_tp + 10.0);
			pt[n++] = (spoint){c->fp[f] + (c->fp[g] - c->fp[f]) / 2, g, c->n_tp * h, false};
			f = g;
		}
		pt[n++] = (spoint){nextafter(ct_camera_max_score(c), INFINITY), c->n_fp, c->n_tp, true};
		free(u);
		size_t top = lower_hull(pt, n, hull);
		for (size_t t = 1; t < top; t++)
			st[ns++] = (sstep){i, hull[t], hull[t].x - hull[t - 1].x, hull[t].y - hull[t - 1].y};
	}
	qsort(st, ns, sizeof *st, scmp);
	double saved = 0;
	for (size_t j = 0; j < ns && saved < target; j++) {
		const ct_camera *c = &ds->cameras[st[j].cam];
		ct_option *o = &setting[st[j].cam];
		saved += st[j].dx;
		*o = ct_camera_apply(c, st[j].to.t);
		o->muted = st[j].to.muted;
	}
	free(pool);
	free(st);
	free(pt);
	free(hull);
}

/* ---- one pair ------------------------------------------------------------ */

static ct_dataset *load(const char *path)
{
	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_dataset *ds = NULL;
	ct_quality q;
	char err[512];
	if (ct_load_file(path, &lo, &ds, &q, err, sizeof err) != 0) {
		fprintf(stderr, "bench_month: %s\n", err);
		exit(1);
	}
	ct_quality_free(&q);
	return ds;
}

static void record(int row, int t, uint64_t in_lost, const ct_dataset *train, uint64_t lost,
                   uint64_t saved, const ct_dataset *test)
{
	acc *a = &table[row][t];
	a->in_lost += train->n_tp ? 100.0 * in_lost / train->n_tp : 0;
	a->next_lost += test->n_tp ? 100.0 * lost / test->n_tp : 0;
	a->met += (double)saved >= targets[t] / 100 * test->n_fp;
	a->n += 1;
}

static void run_pair(const char *train_path, const char *test_path)
{
	ct_dataset *train = load(train_path), *test = load(test_path);
	ct_options *o1 = ct_options_build(train), *o2 = ct_options_build(test);
	ct_problem *p1 = ct_problem_new(train, o1, NULL), *p2 = ct_problem_new(test, o2, NULL);
	ct_option *setting = malloc((train->n_cameras + 1) * sizeof *setting);
	for (int t = 0; t < N_TARGETS; t++) {
		double tg = targets[t] / 100 * train->n_fp;
		double robust_saved = tg;
		for (int s = 0; s < CT_N_STRATEGIES; s++) {
			ct_solution sol;
			if (ct_solve(p1, (ct_strategy)s, tg, &sol) != 0)
				exit(1);
			uint64_t lost, saved;
			apply(train, sol.setting, test, &lost, &saved);
			record(s, t, sol.tp_lost, train, lost, saved, test);
			if (s == CT_ROBUST)
				robust_saved = (double)sol.fp_saved;
			ct_solution_free(&sol);
		}
		for (int row = ROW_SHRINK; row <= ROW_SHRINK_EQ; row++) {
			shrink_solve(train, row == ROW_SHRINK ? tg : robust_saved, setting);
			uint64_t in_lost = 0, lost, saved;
			for (size_t i = 0; i < train->n_cameras; i++)
				in_lost += setting[i].tp_lost;
			apply(train, setting, test, &lost, &saved);
			record(row, t, in_lost, train, lost, saved, test);
		}
		ct_solution sol;
		if (ct_solve(p2, CT_EXACT, targets[t] / 100 * test->n_fp, &sol) != 0)
			exit(1);
		record(ROW_ORACLE, t, sol.tp_lost, test, sol.tp_lost, sol.fp_saved, test);
		ct_solution_free(&sol);
	}
	free(setting);
	ct_problem_free(p1);
	ct_problem_free(p2);
	ct_options_free(o1);
	ct_options_free(o2);
	ct_dataset_free(train);
	ct_dataset_free(test);
}

/* Write month `month` of seed's cameras to a temporary file; its path. */
static double walk_swing = -1, walk_drift = 0; /* the calibration's setting */

static char *draw(uint64_t seed, uint32_t month, double drift)
{
	char *path = strdup("/tmp/camtune-month.XXXXXX");
	int fd = path ? mkstemp(path) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	ct_synth_opts o;
	ct_synth_defaults(&o);
	o.seed = seed;
	o.month = month;
	o.drift = drift;
	o.volume_swing = walk_swing;
	o.score_drift = walk_drift;
	char err[256];
	if (!f || ct_synth_write(&o, f, err, sizeof err) != 0 || fclose(f) != 0) {
		fprintf(stderr, "bench_month: cannot write month %u of seed %llu\n", month,
		        (unsigned long long)seed);
		exit(1);
	}
	return path;
}

/* ---- calibration across generators ----------------------------------------
 * For each generator setting (volume swing none or large, score drift mild
 * or strong: synth's walks) and seeds 1..N: tune on month 1, judge on
 * month 2.  Per --confidence and target: the share of next months in
 * which the FP target held and in which next month's TP lost fell inside
 * the 90 % interval robust's model gave; and next month's TP lost (% of
 * its thefts) of robust at 90 % and 50 %, exact, shrink10 at robust's FP
 * saved, and the true-model optimum: thresholds chosen knowing month 2's
 * true parameters (synth's truth), the FP target held at 90 % against
 * its Poisson draw alone -- the limit. */

#define N_CONF 4
static const double confs[N_CONF] = {0.50, 0.80, 0.90, 0.95};

typedef struct calib {
	double met[N_CONF][N_TARGETS], covered[N_CONF][N_TARGETS];
	double lost[N_CONF][N_TARGETS];
	double exact[N_TARGETS], shrink[N_TARGETS], truth[N_TARGETS], truth_met[N_TARGETS];
	double n;
} calib;

typedef struct tstep {
	size_t cam;
	double t, dx, dy, v0, v1; /* v: the camera's FP variance before / after */
} tstep;

static int tstep_cmp(const void *pa, const void *pb)
{
	const tstep *a = pa, *b = pb;
	double l = a->dy * b->dx, r = b->dy * a->dx;
	if (l != r)
		return l < r ? -1 : 1;
	return (a->cam > b->cam) - (a->cam < b->cam);
}

/* The true-model optimum's thresholds for train's cameras (setting). */
static void truth_solve(const ct_dataset *train, const ct_synth_camera *tc, size_t nt,
                        double share, double z, ct_option *setting)
{
	enum { GRID = 160 };
	tstep *st = malloc((nt * (GRID + 2) + 1) * sizeof *st);
	/* spoint: logit threshold, expected FP removed, expected thefts lost */
	spoint *pt = malloc((GRID + 2) * sizeof *pt), *hull = malloc((GRID + 2) * sizeof *hull);
	size_t ns = 0;
	double fp_total = 0;
	for (size_t i = 0; i < nt; i++)
		fp_total += tc[i].fp_mean;
	for (size_t i = 0; i < nt; i++) {
		const ct_synth_camera *c = &tc[i];
		size_t n = 0;
		pt[n++] = (spoint){-INFINITY, 0, 0, false};
		for (int g = 0; g < GRID; g++) {
			double t = c->fp_mu + c->fp_sigma * (-4 + 8.0 * g / (GRID - 1));
			pt[n++] = (spoint){t, c->fp_mean * ct_normal_cdf((t - c->fp_mu) / c->fp_sigma),
			                   c->tp_mean * ct_normal_cdf((t - c->tp_mu) / c->tp_sigma), false};
		}
		pt[n++] = (spoint){INFINITY, c->fp_mean, c->tp_mean, true};
		size_t top = lower_hull(pt, n, hull);
		for (size_t k = 1; k < top; k++) {
			double f = c->fp_mean, a0 = hull[k - 1].x / f, a1 = hull[k].x / f;
			st[ns++] = (tstep){i, hull[k].t, hull[k].x - hull[k - 1].x, hull[k].y - hull[k - 1].y,
			                   f * a0 * (1 - a0) + f * (a0 - share) * (a0 - share),
			                   f * a1 * (1 - a1) + f * (a1 - share) * (a1 - share)};
		}
	}
	qsort(st, ns, sizeof *st, tstep_cmp);
	double *at = malloc((nt + 1) * sizeof *at);
	double saved = 0, var = 0;
	for (size_t i = 0; i < nt; i++) {
		at[i] = -INFINITY;
		var += tc[i].fp_mean * share * share;
	}
	for (size_t j = 0; j < ns && saved - share * fp_total < z * sqrt(var); j++) {
		at[st[j].cam] = st[j].t;
		saved += st[j].dx;
		var += st[j].v1 - st[j].v0;
	}
	for (size_t k = 0; k < train->n_cameras; k++) {
		const ct_camera *c = &train->cameras[k];
		setting[k] = ct_camera_baseline(c);
		for (size_t i = 0; i < nt; i++) {
			char id[16];
			snprintf(id, sizeof id, "%u", tc[i].camera_id);
			if (strcmp(tc[i].store, c->store) != 0 || strcmp(id, c->camera_id) != 0)
				continue;
			if (isinf(at[i]) && at[i] > 0) {
				setting[k] = ct_camera_apply(c, nextafter(ct_camera_max_score(c), INFINITY));
				setting[k].muted = true;
			} else if (isfinite(at[i])) {
				setting[k] = ct_camera_apply(c, 1 / (1 + exp(-at[i])));
			}
			break;
		}
	}
	free(at);
	free(st);
	free(pt);
	free(hull);
}

static double pct_of(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void calib_pair(calib *cb, uint64_t seed)
{
	char *a = draw(seed, 1, 0), *b = draw(seed, 2, 0);
	ct_dataset *train = load(a), *test = load(b);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	ct_synth_opts so;
	ct_synth_defaults(&so);
	so.seed = seed;
	so.month = 2;
	so.volume_swing = walk_swing;
	so.score_drift = walk_drift;
	ct_synth_camera *tc = NULL;
	size_t nt = 0;
	char err[256];
	if (ct_synth_truth(&so, &tc, &nt, err, sizeof err) != 0) {
		fprintf(stderr, "bench_month: %s\n", err);
		exit(1);
	}
	ct_options *o1 = ct_options_build(train);
	ct_option *setting = malloc((train->n_cameras + 1) * sizeof *setting);
	double robust_saved[N_TARGETS];
	for (int ci = 0; ci < N_CONF; ci++) {
		ct_problem *p1 = ct_problem_new(train, o1, NULL);
		ct_model_params mp;
		ct_model_defaults(&mp);
		mp.confidence = confs[ci];
		ct_problem_set_model_params(p1, &mp);
		for (int t = 0; t < N_TARGETS; t++) {
			double tg = targets[t] / 100 * train->n_fp;
			ct_solution sol;
			ct_expectation e;
			if (ct_solve(p1, CT_ROBUST, tg, &sol) != 0 || ct_solution_expect(p1, &sol, &e) != 0)
				exit(1);
			uint64_t lost, saved;
			apply(train, sol.setting, test, &lost, &saved);
			cb->met[ci][t] += (double)saved >= targets[t] / 100 * test->n_fp;
			/* the interval is for the next period, volume swing included */
			cb->covered[ci][t] += lost >= floor(e.tp_lost_low) && lost <= ceil(e.tp_lost_high);
			cb->lost[ci][t] += pct_of(lost, test->n_tp);
			if (confs[ci] == 0.90)
				robust_saved[t] = (double)sol.fp_saved;
			ct_solution_free(&sol);
		}
		ct_problem_free(p1);
	}
	ct_problem *p1 = ct_problem_new(train, o1, NULL);
	for (int t = 0; t < N_TARGETS; t++) {
		double tg = targets[t] / 100 * train->n_fp;
		ct_solution sol;
		uint64_t lost, saved;
		if (ct_solve(p1, CT_EXACT, tg, &sol) != 0)
			exit(1);
		apply(train, sol.setting, test, &lost, &saved);
		cb->exact[t] += pct_of(lost, test->n_tp);
		ct_solution_free(&sol);
		shrink_solve(train, robust_saved[t], setting);
		apply(train, setting, test, &lost, &saved);
		cb->shrink[t] += pct_of(lost, test->n_tp);
		truth_solve(train, tc, nt, targets[t] / 100, ct_normal_quantile(0.90), setting);
		apply(train, setting, test, &lost, &saved);
		cb->truth[t] += pct_of(lost, test->n_tp);
		cb->truth_met[t] += (double)saved >= targets[t] / 100 * test->n_fp;
	}
	cb->n += 1;
	ct_problem_free(p1);
	free(setting);
	free(tc);
	ct_options_free(o1);
	ct_dataset_free(train);
	ct_dataset_free(test);
}

static void calibration(unsigned seeds)
{
	static const double swings[] = {0, 0.3}, drifts[] = {0.08, 0.25};
	printf("calibration: tuned on synth --month 1, judged on --month 2, seeds 1..%u per "
	       "setting\n", seeds);
	printf("(held: FP target met next month; in90: next month's TP lost inside the 90 %% "
	       "interval)\n");
	for (int sw = 0; sw < 2; sw++)
		for (int dr = 0; dr < 2; dr++) {
			walk_swing = swings[sw];
			walk_drift = drifts[dr];
			calib cb;
			memset(&cb, 0, sizeof cb);
			for (unsigned k = 1; k <= seeds; k++)
				calib_pair(&cb, k);
			printf("\nvolume swing %s, score drift %.2f logit\n",
			       sw ? "large (0.3)" : "none beyond Poisson", walk_drift);
			printf("%-22s", "target");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %9.0f%%   ", targets[t]);
			printf("\n");
			for (int ci = 0; ci < N_CONF; ci++) {
				printf("confidence %2.0f%% held/in90", 100 * confs[ci]);
				for (int t = 0; t < N_TARGETS; t++)
					printf(" | %5.0f%% %5.0f%%", 100 * cb.met[ci][t] / cb.n,
					       100 * cb.covered[ci][t] / cb.n);
				printf("\n");
			}
			printf("next TP lost %%: robust 90%%");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %12.2f", cb.lost[2][t] / cb.n);
			printf("\n%-26s", "              robust 50%");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %12.2f", cb.lost[0][t] / cb.n);
			printf("\n%-26s", "              exact");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %12.2f", cb.exact[t] / cb.n);
			printf("\n%-26s", "              shrink10=");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %12.2f", cb.shrink[t] / cb.n);
			printf("\n%-26s", "              true model");
			for (int t = 0; t < N_TARGETS; t++)
				printf(" | %6.2f (%3.0f%%)", cb.truth[t] / cb.n, 100 * cb.truth_met[t] / cb.n);
			printf("\n");
			fflush(stdout);
		}
}

int main(int argc, char **argv)
{
	unsigned seeds = 20, from = 1, to = 2, calib_seeds = 0;
	double drift = 0;
	int files = 1;
	for (; files < argc && argv[files][0] == '-' && files + 1 < argc; files += 2) {
		if (strcmp(argv[files], "--seeds") == 0)
			seeds = (unsigned)atoi(argv[files + 1]);
		else if (strcmp(argv[files], "--from") == 0)
			from = (unsigned)atoi(argv[files + 1]);
		else if (strcmp(argv[files], "--to") == 0)
			to = (unsigned)atoi(argv[files + 1]);
		else if (strcmp(argv[files], "--drift") == 0)
			drift = atof(argv[files + 1]);
		else if (strcmp(argv[files], "--calibration") == 0)
			calib_seeds = (unsigned)atoi(argv[files + 1]);
		else
			break;
	}
	if ((argc - files) % 2 != 0 || seeds == 0 || from == 0 || to == 0) {
		fprintf(stderr, "usage: bench_month [--seeds N] [--from M] [--to M] [--drift X]\n"
		                "       bench_month --calibration N\n"
		                "       bench_month TRAIN TEST [TRAIN TEST]...\n");
		return 64;
	}
	if (calib_seeds) {
		calibration(calib_seeds);
		return 0;
	}
	if (files < argc) {
		for (int i = files; i + 1 < argc; i += 2)
			run_pair(argv[i], argv[i + 1]);
		printf("%d pairs of files\n", (argc - files) / 2);
	} else {
		for (unsigned k = 1; k <= seeds; k++) {
			char *a = draw(k, from, drift), *b = draw(k, to, drift);
			run_pair(a, b);
			unlink(a);
			unlink(b);
			free(a);
			free(b);
		}
		printf("synth --month %u -> --month %u, seeds 1..%u, drift %g; mean over the seeds\n",
		       from, to, seeds, drift);
	}
	printf("%-10s", "TP lost %");
	for (int t = 0; t < N_TARGETS; t++)
		printf(" | %3.0f%%: history  next   met", targets[t]);
	printf("\n");
	for (int r = 0; r < N_ROWS; r++) {
		const char *name = r == ROW_SHRINK      ? "shrink10"
		                   : r == ROW_SHRINK_EQ ? "shrink10=" /* as much FP as robust */
		                   : r == ROW_ORACLE    ? "oracle"
		                                        : ct_strategy_name((ct_strategy)r);
		printf("%-10s", name);
		for (int t = 0; t < N_TARGETS; t++) {
			const acc *a = &table[r][t];
			printf(" |      %7.2f %6.2f %4.0f%%", a->in_lost / a->n, a->next_lost / a->n,
			       100 * a->met / a->n);
		}
		printf("\n");
	}
	return 0;
}
