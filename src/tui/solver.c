/* solver.c -- runs the explorer's solves away from the keyboard.
 *
 * A target change on a cached problem is quick, but rebuilding a problem
 * after a lock or an exclusion can take long on a large fleet: the worker
 * thread does it while the main loop keeps reading keys and shows
 * progress.  Only the worker touches ct_problem; results are handed over
 * whole (the main thread owns them after tui_solver_take).  The worker
 * keeps the problems of the last two sets of overrides, so undoing a lock
 * does not rebuild, and derives a new problem from the last one
 * (ct_problem_derive: after one camera's change only that camera's work
 * is done again).  Inline solvers (headless tests) run each job at
 * once, which keeps scripted tests deterministic.
 */
#include "config.h"

#include <math.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/solver.h"

#define N_CACHED 2

const ct_strategy tui_frontier_strategies[TUI_N_FRONTIERS] = {CT_EXACT, CT_HULL, CT_UNIFORM};

typedef struct cached_problem {
	ct_problem *p;
	unsigned cons_version;
	bool used;
	unsigned long stamp;
} cached_problem;

struct tui_solver {
	const ct_dataset *ds;
	const ct_options *opts;
	ct_model_params model;
	cached_problem cache[N_CACHED];
	unsigned long clock;

	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* a job was posted, or stop */
	pthread_cond_t done; /* a job finished */
	bool have_job, running, have_result, stop;
	tui_job job;
	tui_result result;
};

double tui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void job_free(tui_job *j)
{
	free(j->excluded);
	free(j->locked);
	j->excluded = NULL;
	j->locked = NULL;
}

void tui_result_free(tui_result *r)
{
	if (r->sol.setting)
		ct_solution_free(&r->sol);
	if (r->have_frontiers)
		for (int i = 0; i < TUI_N_FRONTIERS; i++)
			ct_frontier_free(&r->fr[i]);
	memset(r, 0, sizeof *r);
}

/* The problem for the job's overrides, built if not cached. */
static ct_problem *problem_for(tui_solver *s, const tui_job *j)
{
	s->clock++;
	for (int i = 0; i < N_CACHED; i++)
		if (s->cache[i].used && s->cache[i].cons_version == j->cons_version) {
			s->cache[i].stamp = s->clock;
			return s->cache[i].p;
		}
	int victim = 0, base = -1;
	for (int i = 0; i < N_CACHED; i++) {
		if (s->cache[i].used && (base < 0 || s->cache[i].stamp > s->cache[base].stamp))
			base = i;
		if (!s->cache[i].used) {
			victim = i;
			break;
		}
		if (s->cache[i].stamp < s->cache[victim].stamp)
			victim = i;
	}
	if (base == victim)
		base = -1;
	cached_problem *c = &s->cache[victim];
	ct_constraints cons = {
		.min_recall = j->min_recall,
		.excluded = j->excluded,
		.locked = j->locked,
	};
	ct_problem *p;
	if (base >= 0) {
		/* most often one camera changed since the last problem: derive
		 * it (the model and the other cameras' work are reused) */
		p = ct_problem_derive(s->cache[base].p, &cons);
	} else {
		p = ct_problem_new(s->ds, s->opts, &cons);
		if (p) {
			ct_problem_set_model_params(p, &s->model);
			/* many thefts: the frontier pane's exact series stops where a
			 * bounded programme reaches (the pane says so); solves stay exact */
			ct_problem_bound_exact_frontier(p, true);
		}
	}
	if (!p)
		return NULL;
	if (c->used)
		ct_problem_free(c->p);
	c->p = p;
	c->used = true;
	c->cons_version = j->cons_version;
	c->stamp = s->clock;
	return c->p;
}

static void run_job(tui_solver *s, const tui_job *j, tui_result *r)
{
	double t0 = tui_now();
	memset(r, 0, sizeof *r);
	r->cons_version = j->cons_version;
	r->seq = j->seq;
	ct_problem *p = problem_for(s, j);
	if (!p) {
		r->status = -1;
		return;
	}
	if (ct_solve(p, j->strategy, j->target, &r->sol) != 0) {
		memset(&r->sol, 0, sizeof r->sol);
		r->status = -1;
		return;
	}
	r->have_expect = ct_solution_expect(p, &r->sol, &r->expect) == 0;
	r->max_saving = ct_problem_max_saving(p);
	if (j->want_optimum) {
		/* the history's optimum for the target: the exact strategy's
		 * own solution, or one exact solve on the cached problem */
		ct_solution ex;
		if (j->strategy == CT_EXACT) {
			r->have_optimum = true;
			r->optimum = r->sol.target_met ? (long long)r->sol.tp_lost : -1;
		} else if (ct_solve(p, CT_EXACT, j->target, &ex) == 0) {
			r->have_optimum = true;
			r->optimum = ex.target_met ? (long long)ex.tp_lost : -1;
			ct_solution_free(&ex);
		}
	}
	if (j->want_frontiers) {
		int i;
		for (i = 0; i < TUI_N_FRONTIERS; i++)
			if (ct_frontier_compute(p, tui_frontier_strategies[i], &r->fr[i]) != 0)
				break;
		if (i == TUI_N_FRONTIERS) {
			r->have_frontiers = true;
		} else {
			while (i-- > 0)
				ct_frontier_free(&r->fr[i]);
		}
	}
	r->seconds = tui_now() - t0;
}

static void *worker(void *arg)
{
	tui_solver *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->have_job && !s->stop)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->stop)
			break;
		tui_job j = s->job;
		s->have_job = false;
		s->running = true;
		pthread_mutex_unlock(&s->mu);

		tui_result r;
		run_job(s, &j, &r);
		job_free(&j);

		pthread_mutex_lock(&s->mu);
		s->running = false;
		if (s->have_result)
			tui_result_free(&s->result);
		s->result = r;
		s->have_result = true;
		pthread_cond_broadcast(&s->done);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Each change of the overrides allocates a problem's large arrays (tens
 * of MB on a big fleet) and frees the oldest problem's: kept in the heap
 * instead of mapped and unmapped each time, the new arrays land on pages
 * already touched, which is a good part of an interaction's time. */
static void keep_large_blocks(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 1 << 30);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

tui_solver *tui_solver_new(const ct_dataset *ds, const ct_options *opts,
                           const ct_model_params *mp, bool threaded)
{
	keep_large_blocks();
	tui_solver *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->ds = ds;
	s->opts = opts;
	if (mp)
		s->model = *mp;
	else
		ct_model_defaults(&s->model);
	s->threaded = threaded;
	if (threaded) {
		pthread_mutex_init(&s->mu, NULL);
		pthread_cond_init(&s->cv, NULL);
		pthread_cond_init(&s->done, NULL);
		if (pthread_create(&s->thread, NULL, worker, s) != 0) {
			pthread_mutex_destroy(&s->mu);
			pthread_cond_destroy(&s->cv);
			pthread_cond_destroy(&s->done);
			s->threaded = false;
		}
	}
	return s;
}

void tui_solver_free(tui_solver *s)
{
	if (!s)
		return;
	if (s->threaded) {
		/* A solve in progress cannot be interrupted; quitting waits for
		 * it (the core has no cancellation). */
		pthread_mutex_lock(&s->mu);
		s->stop = true;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		pthread_cond_destroy(&s->done);
	}
	if (s->have_job)
		job_free(&s->job);
	if (s->have_result)
		tui_result_free(&s->result);
	for (int i = 0; i < N_CACHED; i++)
		if (s->cache[i].used)
			ct_problem_free(s->cache[i].p);
	free(s);
}

void tui_solver_post(tui_solver *s, tui_job *job)
{
	if (!s->threaded) {
		if (s->have_result)
			tui_result_free(&s->result);
		run_job(s, job, &s->result);
		s->have_result = true;
		job_free(job);
		return;
	}
	pthread_mutex_lock(&s->mu);
	if (s->have_job)
		job_free(&s->job); /* superseded before it started */
	s->job = *job;
	s->have_job = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	job->excluded = NULL;
	job->locked = NULL;
}

bool tui_solver_busy(tui_solver *s)
{
	if (!s->threaded)
		return false;
	pthread_mutex_lock(&s->mu);
	bool busy = s->have_job || s->running;
	pthread_mutex_unlock(&s->mu);
	return busy;
}

bool tui_solver_wait(tui_solver *s, double seconds)
{
	if (!s->threaded)
		return true;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	long ns = until.tv_nsec + (long)(seconds * 1e9);
	until.tv_sec += ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	pthread_mutex_lock(&s->mu);
	while (s->have_job || s->running)
		if (pthread_cond_timedwait(&s->done, &s->mu, &until) != 0)
			break;
	bool idle = !s->have_job && !s->running;
	pthread_mutex_unlock(&s->mu);
	return idle;
}

bool tui_solver_take(tui_solver *s, tui_result *out)
{
	if (s->threaded)
		pthread_mutex_lock(&s->mu);
	bool got = s->have_result;
	if (got) {
		*out = s->result;
		memset(&s->result, 0, sizeof s->result);
		s->have_result = false;
	}
	if (s->threaded)
		pthread_mutex_unlock(&s->mu);
	return got;
}
