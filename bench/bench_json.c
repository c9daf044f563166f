/* bench_json.c -- the thresholds JSON written and read back (make bench).
 *
 *   bench_json [CAMERAS [RUNS]]     default 1,000,000 cameras, 5 runs
 *
 * A fleet of CAMERAS cameras (4 alerts each, a random option each, hand_set
 * marks, the data quality and the expectation: an explorer export) is
 * built in memory; then each step runs in a child process (fork), so its
 * peak RSS (wait4) is its own, shown above the fleet's: the streaming
 * writer (ct_thresholds_write, to a file, fsync included), the plain cost
 * of as many bytes through fwrite and fsync for reference, and the strict
 * reader (ct_thresholds_read) on that file.  The cJSON way camtune wrote
 * and read it before (tests/unit/thresholds_cjson.c) runs on a tenth of
 * the cameras, next to the streaming writer and reader on the same tenth.
 * Last, the read of a 40,000-camera export (the explorer's --resume), the
 * median of RUNS, both ways.  Times are wall-clock. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/curve.h"
#include "core/dataset.h"
#include "io/thresholds.h"
#include "../tests/unit/thresholds_cjson.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

typedef struct fleet {
	ct_dataset *ds;
	ct_options *opts;
	ct_solution sol;
	uint8_t *hand;
	ct_quality q;
	ct_expectation e;
	ct_camera_expect *cam_expect; /* the per-camera blocks monitor reads */
	ct_thresholds_meta meta;
} fleet;

static int fleet_make(fleet *f, size_t n)
{
	memset(f, 0, sizeof *f);
	ct_builder *b = ct_builder_new();
	if (!b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char store[32], id[16];
		int sl = snprintf(store, sizeof store, "pt-store-%06zu", i / 4);
		int il = snprintf(id, sizeof id, "%zu", i % 4 + 1);
		int32_t c = ct_builder_camera(b, store, (size_t)sl, id, (size_t)il);
		if (c < 0)
			return -1;
		for (int k = 0; k < 4; k++)
			if (ct_builder_add(b, (uint32_t)c, (double)(float)((double)(next() % 1000000) / 1e6),
			                   next() % 5 == 0) != 0)
				return -1;
	}
	f->ds = ct_builder_finish(b);
	f->opts = f->ds ? ct_options_build(f->ds) : NULL;
	if (!f->opts)
		return -1;
	size_t nc = f->ds->n_cameras;
	f->sol.n_cameras = nc;
	f->sol.strategy = CT_ROBUST;
	f->sol.lower_bound = NAN;
	f->sol.setting = calloc(nc, sizeof *f->sol.setting);
	f->hand = calloc(nc, 1);
	if (!f->sol.setting || !f->hand)
		return -1;
	for (size_t i = 0; i < nc; i++) {
		uint32_t lo = f->opts->offset[i], hi = f->opts->offset[i + 1];
		f->sol.setting[i] = f->opts->v[lo + next() % (hi - lo)];
		f->sol.tp_lost += f->sol.setting[i].tp_lost;
		f->sol.fp_saved += f->sol.setting[i].fp_saved;
		f->hand[i] = next() % 20 == 0 ? CT_HAND_LOCKED : CT_HAND_NONE;
	}
	f->q.source = "alerts.csv";
	f->q.rows = f->q.loaded = f->ds->n_alerts;
	f->q.time_first = f->q.time_last = CT_NO_TIME;
	f->e = (ct_expectation){1596.2, 2.3, 0.4, 6.1, 0.9, 0.1002, 0.01, 0.9};
	f->meta = (ct_thresholds_meta){
		.source = "alerts.csv", .strategy = "robust+manual", .target = 15433.6,
		.target_text = "10%", .quality = &f->q, .expected = &f->e, .confidence = 0.9,
		.session_strategy = "robust", .hand_set = f->hand,
	};
	/* every camera's expected figures and history picture, as an export
	 * writes them (doc/domain.md "After deployment") */
	ct_model_params mp;
	ct_model_defaults(&mp);
	ct_model *m = ct_model_new(f->ds, &mp);
	if (!m)
		return -1;
	f->cam_expect = ct_thresholds_camera_expect(m, f->ds, &f->sol, 30.9997);
	ct_model_free(m);
	if (!f->cam_expect)
		return -1;
	f->meta.camera_expected = f->cam_expect;
	f->meta.history_days = 30.9997;
	f->meta.volume_cv = mp.volume_cv;
	return 0;
}

static void fleet_free(fleet *f)
{
	free(f->sol.setting);
	free(f->cam_expect);
	free(f->hand);
	ct_options_free(f->opts);
	ct_dataset_free(f->ds);
}

typedef struct step { double secs; long maxrss_kb; int rc; } step;

/* Run step name on a fleet of n cameras in a fresh process (this program
 * again, "--step"): its time, measured there, and its peak RSS (wait4). */
static step run_step(const char *name, size_t n, const char *path, uint64_t bytes)
{
	step s = {NAN, -1, -1};
	int fd[2];
	if (pipe(fd) != 0)
		return s;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		char ns[32], bs[32];
		snprintf(ns, sizeof ns, "%zu", n);
		snprintf(bs, sizeof bs, "%llu", (unsigned long long)bytes);
		execl("/proc/self/exe", "bench_json", "--step", name, ns, path, bs, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return s;
	}
	char buf[64] = "";
	ssize_t got = read(fd[0], buf, sizeof buf - 1);
	if (got > 0)
		s.secs = strtod(buf, NULL);
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) == pid) {
		s.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		s.maxrss_kb = ru.ru_maxrss;
	}
	return s;
}

typedef struct job {
	fleet *f;
	const char *path;
	uint64_t bytes;
} job;

static int do_write(void *ctx)
{
	job *j = ctx;
	char err[512];
	int rc = ct_thresholds_write(j->path, j->f->ds, &j->f->sol, &j->f->meta, err, sizeof err);
	if (rc)
		fprintf(stderr, "bench_json: %s\n", err);
	return rc;
}

static int do_read(void *ctx)
{
	job *j = ctx;
	ct_thresholds t;
	char err[512];
	int rc = ct_thresholds_read(j->path, &t, err, sizeof err);
	if (rc)
		fprintf(stderr, "bench_json: %s\n", err);
	else
		ct_thresholds_free(&t);
	return rc;
}

static int do_fwrite(void *ctx)
{
	job *j = ctx;
	static char block[1 << 16];
	memset(block, 'x', sizeof block);
	FILE *f = fopen(j->path, "w");
	if (!f)
		return 1;
	for (uint64_t left = j->bytes; left;) {
		size_t n = left < sizeof block ? (size_t)left : sizeof block;
		if (fwrite(block, 1, n, f) != n)
			return 1;
		left -= n;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		return 1;
	return fclose(f) != 0;
}

static int do_cjson_write(void *ctx)
{
	job *j = ctx;
	char *text = cjson_thresholds_render(j->f->ds, &j->f->sol, &j->f->meta);
	if (!text)
		return 1;
	FILE *f = fopen(j->path, "w");
	int rc = !f || fputs(text, f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (f)
		rc |= fclose(f) != 0;
	free(text);
	return rc;
}

static int do_cjson_read(void *ctx)
{
	job *j = ctx;
	ct_thresholds t;
	char err[512];
	int rc = cjson_thresholds_read(j->path, &t, err, sizeof err);
	if (rc)
		fprintf(stderr, "bench_json: %s\n", err);
	else
		ct_thresholds_free(&t);
	return rc;
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* A step's row: its time, and its peak RSS above that of the process
 * that only builds the fleet (base). */
static void row(const char *what, step s, step base)
{
	if (s.rc != 0 || base.rc != 0)
		printf("  %-52s %10s %14s\n", what, "n/a", "n/a");
	else
		printf("  %-52s %10.3f %14.0f\n", what, s.secs,
		       (double)(s.maxrss_kb - base.maxrss_kb) / 1024);
}

static int do_nothing(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct { const char *name; int (*fn)(void *); } steps[] = {
	{"fleet", do_nothing}, {"write", do_write}, {"read", do_read}, {"fwrite", do_fwrite},
	{"cjson-write", do_cjson_write}, {"cjson-read", do_cjson_read},
};

/* --step NAME CAMERAS PATH BYTES: build the fleet, time the step, print
 * the seconds. */
static int step_main(char **argv)
{
	fleet f;
	if (fleet_make(&f, strtoul(argv[3], NULL, 10)) != 0)
		return 1;
	job j = {&f, argv[4], strtoull(argv[5], NULL, 10)};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (strcmp(steps[i].name, argv[2]) == 0) {
			double t0 = now();
			int rc = steps[i].fn(&j);
			printf("%.6f\n", now() - t0);
			return rc;
		}
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median_ms(int (*fn)(void *), void *ctx, int runs)
{
	double t[64];
	int n = 0;
	for (int i = 0; i < runs && i < 64; i++) {
		double t0 = now();
		if (fn(ctx) != 0)
			return NAN;
		t[n++] = (now() - t0) * 1000;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return n ? t[n / 2] : NAN;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "--step") == 0)
		return step_main(argv);
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	char dir[] = "/tmp/bench_json.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("bench_json: mkdtemp");
		return 1;
	}
	char path[64], ref[64];
	snprintf(path, sizeof path, "%s/t.json", dir);
	snprintf(ref, sizeof ref, "%s/ref.bin", dir);

	step base = run_step("fleet", n, path, 0);
	step w = run_step("write", n, path, 0);
	uint64_t bytes = file_size(path);
	printf("thresholds JSON of %zu cameras (%.0f MB), each step in its own process:\n", n,
	       (double)bytes / 1e6);
	printf("  %-52s %10s %14s\n", "", "wall (s)", "peak RSS MB*");
	row("write, streaming (ct_thresholds_write, fsync)", w, base);
	row("  fwrite of as many bytes and fsync, for reference", run_step("fwrite", n, ref, bytes), base);
	unlink(ref);
	row("read back, strict (ct_thresholds_read)", run_step("read", n, path, 0), base);
	unlink(path);

	size_t tenth = n / 10 ? n / 10 : 1;
	char what[96];
	base = run_step("fleet", tenth, path, 0);
	snprintf(what, sizeof what, "cJSON's way (before), %zu cameras: write", tenth);
	row(what, run_step("cjson-write", tenth, path, 0), base);
	snprintf(what, sizeof what, "cJSON's way (before), %zu cameras: read", tenth);
	row(what, run_step("cjson-read", tenth, path, 0), base);
	snprintf(what, sizeof what, "streaming, %zu cameras: write", tenth);
	row(what, run_step("write", tenth, path, 0), base);
	snprintf(what, sizeof what, "strict, %zu cameras: read", tenth);
	row(what, run_step("read", tenth, path, 0), base);
	unlink(path);
	printf("  * above a process that only builds the fleet in memory\n");

	/* the explorer's --resume of a 40,000-camera export */
	fleet f;
	job j = {&f, path, 0};
	if (fleet_make(&f, 40000) == 0 && do_write(&j) == 0) {
		printf("read of a 40,000-camera export (%.1f MB, --resume), median of %d: "
		       "strict %.1f ms, cJSON's way (before) %.1f ms\n",
		       (double)file_size(path) / 1e6, runs, median_ms(do_read, &j, runs),
		       median_ms(do_cjson_read, &j, runs));
		unlink(path);
		fleet_free(&f);
	}
	rmdir(dir);
	return 0;
}
