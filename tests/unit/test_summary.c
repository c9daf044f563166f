/* test_summary.c -- the summary's sketch bound (summary.h), by property on
 * random fleets: written with K tiles and read back, every camera keeps
 * its thefts and FP totals; at every threshold (each score of the alerts,
 * the doubles next to it, points between) the thefts kept are exact and
 * the FP kept are at least the alerts' and less than the alerts' plus
 * n_fp / K; at every theft score exactly the alerts'; at most distinct
 * thefts + K + 2 rows a camera; reading the summary again and writing it
 * gives the same bytes. */
#include "config.h"

#include "io/summary.h"
#include "core/curve.h"
#include "../tap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A score: 17 digits, or few distinct ones (ties), by the fleet's kind. */
static double score(int kind)
{
	if (kind == 0)
		return (double)(rnd() % 1000000007) / 1000000007.0;
	return (double)(rnd() % 40) / 40.0;
}

static ct_dataset *fleet(int kind, int cams)
{
	ct_builder *b = ct_builder_new();
	for (int c = 0; c < cams; c++) {
		char id[16];
		snprintf(id, sizeof id, "%d", c);
		int32_t k = ct_builder_camera(b, "s", 1, id, strlen(id));
		uint32_t n = (uint32_t)(rnd() % 3000);
		for (uint32_t i = 0; i < n; i++)
			ct_builder_add(b, (uint32_t)k, score(kind), rnd() % 50 == 0);
	}
	return ct_builder_finish(b);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

static size_t rows_of(const char *text, const char *camera_id)
{
	char key[32];
	size_t n = 0;
	snprintf(key, sizeof key, "\ns;%s;", camera_id);
	for (const char *p = text; (p = strstr(p, key)) != NULL; p++)
		n++;
	return n;
}

static void check(int kind, uint32_t k, const char *dir)
{
	char path[512], again[512], err[1024];
	snprintf(path, sizeof path, "%s/sum.csv", dir);
	snprintf(again, sizeof again, "%s/again.csv", dir);
	ct_dataset *ds = fleet(kind, 12);
	int rc = ct_summary_write(path, ds, k, err, sizeof err);
	ct_dataset *back = NULL;
	ct_quality q;
	if (rc == 0)
		rc = ct_summary_load(path, NULL, &back, &q, err, sizeof err);
	if (!ok(rc == 0 && back && back->n_cameras == ds->n_cameras, "kind %d, K %u: read back (%s)",
	        kind, k, rc ? err : "")) {
		ct_dataset_free(ds);
		return;
	}
	ok(q.summary_version == 2 && q.summary_round_trip, "kind %d, K %u: version 2, round-trip",
	   kind, k);
	char *text = slurp(path);
	int totals = 1, exact_tp = 1, bound = 1, at_thefts = 1, rows = 1;
	uint32_t worst = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *a = &ds->cameras[i], *s = &back->cameras[i];
		totals &= a->n_tp == s->n_tp && a->n_fp == s->n_fp;
		uint32_t slack = k ? (a->n_fp + k - 1) / k : a->n_fp; /* ceil(n / K) */
		uint32_t distinct = 0;
		for (uint32_t t = 0; t < a->n_tp; t++)
			distinct += t == 0 || a->tp[t] != a->tp[t - 1];
		rows &= text && rows_of(text, a->camera_id) <= (size_t)distinct + k + 2;
		for (uint32_t j = 0; j < a->n_fp + a->n_tp; j++) {
			double v = j < a->n_fp ? a->fp[j] : a->tp[j - a->n_fp];
			double ts[4] = {v, nextafter(v, INFINITY), nextafter(v, -INFINITY),
			                v + (double)(rnd() % 1000) / 1e6};
			for (int w = 0; w < 4; w++) {
				ct_kept x = ct_camera_kept(a, ts[w]), y = ct_camera_kept(s, ts[w]);
				exact_tp &= x.tp_kept == y.tp_kept;
				uint32_t over = y.fp_kept >= x.fp_kept ? y.fp_kept - x.fp_kept : UINT32_MAX;
				/* K 0 is no sketch: only the thefts' rows and the
				 * lowest and highest FP bound a count */
				bound &= y.fp_kept >= x.fp_kept && over < (slack ? slack : 1) &&
				         (double)over < (k ? (double)a->n_fp / k : (double)a->n_fp + 1);
				if (over != UINT32_MAX && over > worst)
					worst = over;
				if (j >= a->n_fp && w == 0)
					at_thefts &= x.fp_kept == y.fp_kept;
			}
		}
	}
	ok(totals, "kind %d, K %u: every camera's thefts and FP", kind, k);
	ok(exact_tp, "kind %d, K %u: thefts kept exact at every threshold", kind, k);
	ok(bound, "kind %d, K %u: FP kept never under, over by less than n_fp / K (worst %u)", kind,
	   k, worst);
	ok(at_thefts, "kind %d, K %u: FP kept exact at every theft score", kind, k);
	ok(rows, "kind %d, K %u: at most distinct thefts + K + 2 rows a camera", kind, k);
	rc = ct_summary_write(again, back, k, err, sizeof err);
	char *text2 = rc == 0 ? slurp(again) : NULL;
	ok(text && text2 && strcmp(text, text2) == 0, "kind %d, K %u: its summary is itself", kind,
	   k);
	free(text);
	free(text2);
	ct_quality_free(&q);
	ct_dataset_free(back);
	ct_dataset_free(ds);
	unlink(path);
	unlink(again);
}

int main(void)
{
	char dir[] = "/tmp/camtune-summary-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	static const uint32_t ks[] = {0, 1, 7, 64, 256, 5000};
	for (int kind = 0; kind < 2; kind++)
		for (size_t i = 0; i < sizeof ks / sizeof *ks; i++)
			check(kind, ks[i], dir);
	rmdir(dir);
	return tap_done();
}
