/* bench_load.c -- load one alert file through ct_load_file and print what
 * the benchmark needs: wall seconds, bytes, peak RSS, counts.
 *
 *   bench_load FILE     ->  seconds=… bytes=… rows=… alerts=… cameras=… tp=… fp=… maxrss_kb=… cpu=…
 *       (cpu: user + system seconds of all threads: on a busy machine the
 *       wall time says more about the neighbours than about the loader)
 *   bench_load --libcsv FILE  ->  seconds=… bytes=… rows=…
 *       libcsv alone on one core, trivial callbacks: the reference the
 *       loader's speed is compared with (plain files only).
 *
 * Built on demand by `make bench` (EXTRA_PROGRAMS), not installed. */
#include "config.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "io/load.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long long raw_rows;
static void raw_field(void *s, size_t len, void *data)
{
	(void)s, (void)len, (void)data;
}
static void raw_row(int c, void *data)
{
	(void)c, (void)data;
	raw_rows++;
}

static int libcsv_alone(const char *path)
{
	static char buf[1 << 20];
	struct csv_parser p;
	FILE *f = fopen(path, "rb");
	if (!f || csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		perror(path);
		return 66;
	}
	csv_set_delim(&p, ';');
	unsigned long long bytes = 0;
	size_t n;
	double t0 = now();
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		bytes += n;
		if (csv_parse(&p, buf, n, raw_field, raw_row, NULL) != n)
			break;
	}
	csv_fini(&p, raw_field, raw_row, NULL);
	double t1 = now();
	csv_free(&p);
	fclose(f);
	printf("seconds=%.4f bytes=%llu rows=%llu\n", t1 - t0, bytes, raw_rows);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--libcsv") == 0)
		return libcsv_alone(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: bench_load [--libcsv] FILE\n");
		return 64;
	}
	ct_load_opts opts;
	memset(&opts, 0, sizeof opts);
	ct_dataset *ds;
	ct_quality q;
	char err[1024];
	double t0 = now();
	int rc = ct_load_file(argv[1], &opts, &ds, &q, err, sizeof err);
	double t1 = now();
	if (rc != 0) {
		fprintf(stderr, "bench_load: %s\n", err);
		return rc;
	}
	struct stat st;
	long long bytes = stat(argv[1], &st) == 0 ? (long long)st.st_size : -1;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	printf("seconds=%.4f bytes=%lld rows=%llu alerts=%llu cameras=%zu tp=%llu fp=%llu maxrss_kb=%ld cpu=%.3f\n",
	       t1 - t0, bytes, (unsigned long long)q.rows, (unsigned long long)q.loaded,
	       ds->n_cameras, (unsigned long long)ds->n_tp, (unsigned long long)ds->n_fp,
	       ru.ru_maxrss, cpu);
	ct_dataset_free(ds);
	ct_quality_free(&q);
	return 0;
}
