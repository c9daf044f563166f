/* bench_month.c -- how thresholds tuned on one period hold on the next
 * (doc/domain.md, "Out-of-sample decisions").
 *
 *   bench_month [--seeds N] [--from M] [--to M] [--drift X]
 *   bench_month TRAIN TEST [TRAIN TEST]...
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
		size_t top = 0;
		for (size_t j = 0; j < n; j++) {
			if (top && pt[j].x <= hull[top - 1].x)
				continue;
			while (top >= 2) {
				spoint *a = &hull[top - 2], *b = &hull[top - 1];
				if ((b->y - a->y) * (pt[j].x - a->x) >= (pt[j].y - a->y) * (b->x - a->x))
					top--;
				else
					break;
			}
			hull[top++] = pt[j];
		}
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
	char err[256];
	if (!f || ct_synth_write(&o, f, err, sizeof err) != 0 || fclose(f) != 0) {
		fprintf(stderr, "bench_month: cannot write month %u of seed %llu\n", month,
		        (unsigned long long)seed);
		exit(1);
	}
	return path;
}

int main(int argc, char **argv)
{
	unsigned seeds = 20, from = 1, to = 2;
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
		else
			break;
	}
	if ((argc - files) % 2 != 0 || seeds == 0 || from == 0 || to == 0) {
		fprintf(stderr, "usage: bench_month [--seeds N] [--from M] [--to M] [--drift X]\n"
		                "       bench_month TRAIN TEST [TRAIN TEST]...\n");
		return 64;
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
