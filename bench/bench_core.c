/* bench_core.c -- micro benchmark of the pure core on a synthetic fleet
 * built in memory (no file, no parsing): builder + finish, options, the
 * exact optimiser (one target, the whole frontier, re-solves from the
 * cached frontier), the other strategies, and peak RSS per alert.
 *
 *   bench_core [ALERTS [CAMERAS]]      default 10000000 40000
 *
 * Each step prints its wall time and the CPU time of the whole process
 * (all threads); on a busy machine the CPU column is the steadier one.
 * Stores have four cameras; rows come in blocks per store as in the real
 * file; 15 % of cameras are theft-free, theft rates are lognormal (mean
 * about 1 %), per-camera ROC AUC about N(0.594, 0.137).
 *
 * Built on demand (`make bench/bench_core`), not installed, not a test. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/optimise.h"

/* CPU seconds of the whole process (all threads): unlike the wall
 * clock, hardly disturbed by other programs on a busy machine. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct stamp {
	double wall, cpu;
} stamp;

static stamp now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	stamp s = {(double)ts.tv_sec + (double)ts.tv_nsec * 1e-9, cpu()};
	return s;
}

static uint64_t rs = 0x2545F4914F6CDD1Dull;
static uint64_t rnd64(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}
static double unif(void)
{
	return (double)(rnd64() >> 11) / 9007199254740992.0;
}

static void row(const char *what, stamp a, stamp z, const char *extra)
{
	printf("%-34s %9.1f %9.1f  %s\n", what, (z.wall - a.wall) * 1e3,
	       (z.cpu - a.cpu) * 1e3, extra ? extra : "");
}

int main(int argc, char **argv)
{
	uint64_t n_alerts = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	uint32_t n_cams = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 40000;
	const uint32_t per_store = 4;
	if (n_cams < per_store || n_alerts < n_cams) {
		fprintf(stderr, "usage: bench_core [ALERTS [CAMERAS]]\n");
		return 64;
	}

	/* Per camera: a share of the alerts (skewed), a theft rate (15 %
	 * theft-free, mean about 1 %) and a ranking quality. */
	double *share = malloc(n_cams * sizeof *share);
	double *rate = malloc(n_cams * sizeof *rate);
	double *sharp = malloc(n_cams * sizeof *sharp);
	double tot = 0;
	for (uint32_t c = 0; c < n_cams; c++) {
		share[c] = 0.2 + -log(1 - unif());
		tot += share[c];
		/* theft rate: lognormal, mean about 1.2 %, sd of log 1 */
		double g = sqrt(-2 * log(1 - unif())) * cos(6.283185307 * unif());
		rate[c] = unif() < 0.15 ? 0 : 0.0073 * exp(g);
		/* ROC AUC about N(0.594, 0.137) as on the real file; a theft
		 * scores u^(1/s) against u for a normal: AUC = s / (s + 1) */
		g = sqrt(-2 * log(1 - unif())) * cos(6.283185307 * unif());
		double auc = 0.594 + 0.137 * g;
		auc = auc < 0.05 ? 0.05 : auc > 0.95 ? 0.95 : auc;
		sharp[c] = auc / (1 - auc);
	}

	stamp t0 = now();
	ct_builder *b = ct_builder_new();
	char store[32], id[16];
	uint32_t *cam = malloc(n_cams * sizeof *cam);
	for (uint32_t c = 0; c < n_cams; c++) {
		snprintf(store, sizeof store, "store-%05u", c / per_store);
		snprintf(id, sizeof id, "%u", c % per_store + 1);
		cam[c] = (uint32_t)ct_builder_camera(b, store, strlen(store), id,
		                                     strlen(id));
	}
	/* rows come in blocks per store, cameras interleaved within it */
	uint64_t added = 0;
	for (uint32_t s0 = 0; s0 < n_cams; s0 += per_store) {
		uint64_t want[8], left = 0;
		for (uint32_t k = 0; k < per_store; k++) {
			double x = share[s0 + k] / tot * (double)n_alerts;
			want[k] = (uint64_t)x + (unif() < x - floor(x));
			left += want[k];
		}
		while (left) {
			uint32_t k = (uint32_t)(rnd64() % per_store);
			if (!want[k])
				continue;
			want[k]--;
			left--;
			uint32_t c = s0 + k;
			bool theft = unif() < rate[c];
			double u = unif();
			double p = theft ? pow(u, 1.0 / sharp[c]) : u;
			p = (float)p; /* real scores are float32 */
			ct_builder_add(b, cam[c], p, theft);
			added++;
		}
	}
	stamp t1 = now();
	ct_dataset *ds = ct_builder_finish(b);
	stamp t2 = now();
	if (!ds) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	ct_options *opts = ct_options_build(ds);
	stamp t3 = now();
	ct_constraints none = {0, NULL, NULL};
	ct_problem *p = ct_problem_new(ds, opts, &none);
	stamp t4 = now();

	char buf[160];
	printf("synthetic fleet: %llu alerts, %zu cameras, %llu thefts, "
	       "%llu normal, %zu options\n\n",
	       (unsigned long long)ds->n_alerts, ds->n_cameras,
	       (unsigned long long)ds->n_tp, (unsigned long long)ds->n_fp,
	       (size_t)opts->offset[opts->n_cameras]);
	printf("%-34s %9s %9s\n", "step", "wall ms", "cpu ms");
	row("builder: add all alerts", t0, t1, NULL);
	row("builder: finish (group + sort)", t1, t2, NULL);
	row("options for every camera", t2, t3, NULL);
	row("problem", t3, t4, NULL);

	double target = 0.10 * (double)ds->n_fp;
	ct_solution s;
	for (int st = CT_HULL; st < CT_N_STRATEGIES; st++) {
		stamp a = now();
		ct_solve(p, (ct_strategy)st, target, &s);
		stamp z = now();
		snprintf(buf, sizeof buf, "lost %llu, saved %llu%s",
		         (unsigned long long)s.tp_lost,
		         (unsigned long long)s.fp_saved,
		         s.target_met ? "" : " (target not met)");
		char what[64];
		snprintf(what, sizeof what, "%s solve, target 10%%",
		         ct_strategy_name((ct_strategy)st));
		row(what, a, z, buf);
		ct_solution_free(&s);
	}
	{
		stamp a = now();
		ct_solve(p, CT_UNIFORM, 0.3 * (double)ds->n_fp, &s);
		stamp z = now();
		snprintf(buf, sizeof buf, "lost %llu, saved %llu",
		         (unsigned long long)s.tp_lost,
		         (unsigned long long)s.fp_saved);
		row("uniform re-solve, target 30%", a, z, buf);
		ct_solution_free(&s);
	}
	stamp a = now();
	ct_solve(p, CT_EXACT, target, &s);
	stamp z = now();
	snprintf(buf, sizeof buf, "lost %llu, saved %llu",
	         (unsigned long long)s.tp_lost, (unsigned long long)s.fp_saved);
	row("exact solve, target 10% (cold)", a, z, buf);
	ct_solution_free(&s);

	/* cold solves of harder targets, each on a fresh problem: the
	 * programme is bounded by the hull's TP lost for that target */
	const double cold[] = {0.5, 0.9};
	for (size_t i = 0; i < sizeof cold / sizeof *cold; i++) {
		ct_problem *q = ct_problem_new(ds, opts, &none);
		a = now();
		ct_solve(q, CT_EXACT, cold[i] * (double)ds->n_fp, &s);
		z = now();
		snprintf(buf, sizeof buf, "lost %llu, saved %llu",
		         (unsigned long long)s.tp_lost,
		         (unsigned long long)s.fp_saved);
		char what[64];
		snprintf(what, sizeof what, "exact solve, target %.0f%% (cold)",
		         cold[i] * 100);
		row(what, a, z, buf);
		ct_solution_free(&s);
		ct_problem_free(q);
	}

	ct_frontier f;
	a = now();
	ct_frontier_compute(p, CT_EXACT, &f);
	z = now();
	snprintf(buf, sizeof buf, "%zu points, F(100) = %llu", f.n,
	         (unsigned long long)f.fp_saved[f.n > 100 ? 100 : f.n - 1]);
	row("exact frontier (whole)", a, z, buf);
	ct_frontier_free(&f);

	const double pct[] = {0.2, 0.3, 0.5, 0.7, 0.9};
	double worst = 0;
	for (size_t i = 0; i < sizeof pct / sizeof *pct; i++) {
		a = now();
		ct_solve(p, CT_EXACT, pct[i] * (double)ds->n_fp, &s);
		z = now();
		if (z.wall - a.wall > worst)
			worst = z.wall - a.wall;
		snprintf(buf, sizeof buf, "lost %llu, saved %llu",
		         (unsigned long long)s.tp_lost,
		         (unsigned long long)s.fp_saved);
		char what[64];
		snprintf(what, sizeof what, "exact re-solve, target %.0f%%",
		         pct[i] * 100);
		row(what, a, z, buf);
		ct_solution_free(&s);
	}
	for (int st = CT_HULL; st < CT_N_STRATEGIES; st++) {
		a = now();
		ct_frontier_compute(p, (ct_strategy)st, &f);
		z = now();
		char what[64];
		snprintf(what, sizeof what, "%s frontier",
		         ct_strategy_name((ct_strategy)st));
		row(what, a, z, NULL);
		ct_frontier_free(&f);
	}

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("\npeak RSS %.1f MB = %.1f bytes per alert (worst re-solve "
	       "%.1f ms)\n",
	       ru.ru_maxrss / 1024.0, ru.ru_maxrss * 1024.0 / (double)added,
	       worst * 1e3);

	ct_problem_free(p);
	ct_options_free(opts);
	ct_dataset_free(ds);
	free(cam);
	free(share);
	free(rate);
	free(sharp);
	return 0;
}
