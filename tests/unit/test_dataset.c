/* test_dataset.c -- the builder and the frozen dataset: interning, grouping,
 * sorting (both sort paths), camera order, find, subset, min/max. */
#include "config.h"

#include "core/dataset.h"
#include "../tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_small(void)
{
	ct_builder *b = ct_builder_new();
	/* keys given with lengths, not NUL-terminated */
	const char *buf = "storeB10storeA2xstoreA7";
	int32_t b10 = ct_builder_camera(b, buf, 6, buf + 6, 2);
	int32_t a2 = ct_builder_camera(b, buf + 8, 6, buf + 14, 1);
	int32_t a7 = ct_builder_camera(b, "storeA", 6, "7", 1);
	int32_t a10 = ct_builder_camera(b, "storeA", 6, "10", 2);
	int32_t a07 = ct_builder_camera(b, "storeA", 6, "07", 2);
	int32_t ax = ct_builder_camera(b, "storeA", 6, "x1", 2);
	int32_t empty = ct_builder_camera(b, "storeC", 6, "1", 1);
	ok(b10 >= 0 && a2 >= 0 && a7 >= 0 && a10 >= 0 && a07 >= 0 && ax >= 0,
	   "interned six cameras");
	is_int(ct_builder_camera(b, "storeA", 6, "2", 1), a2, "same key, same index");
	is_int(ct_builder_camera(b, buf, 6, buf + 6, 2), b10, "same key again");
	ok(a2 != a7 && a7 != a07, "different keys differ");
	ok(empty >= 0, "a camera without alerts can be interned");

	ok(ct_builder_add(b, (uint32_t)a2, 0.5, true) == 0, "add");
	ct_builder_add(b, (uint32_t)a2, 0.1, false);
	ct_builder_add(b, (uint32_t)a2, 0.9, false);
	ct_builder_add(b, (uint32_t)a2, -0.2, true);
	ct_builder_add(b, (uint32_t)a2, 0.3, false);
	ct_builder_add(b, (uint32_t)b10, 1.0, false);
	ct_builder_add(b, (uint32_t)a7, 0.7, true);
	ct_builder_add(b, (uint32_t)a10, 0.4, false);
	ct_builder_add(b, (uint32_t)a07, 0.6, false);
	ct_builder_add(b, (uint32_t)ax, 0.2, false);
	ok(ct_builder_add(b, 999, 0.2, false) < 0, "unknown camera refused");
	ok(ct_builder_add(b, (uint32_t)ax, NAN, false) < 0, "NAN refused");
	is_int(ct_builder_count(b), 10, "count");

	ct_dataset *ds = ct_builder_finish(b);
	ok(ds != NULL, "finish");
	is_int(ds->n_cameras, 6, "camera without alerts dropped");
	is_int(ds->n_alerts, 10, "alerts");
	is_int(ds->n_tp, 3, "tp");
	is_int(ds->n_fp, 7, "fp");
	const char *want[][2] = {{"storeA", "2"},  {"storeA", "07"},
	                         {"storeA", "7"},  {"storeA", "10"},
	                         {"storeA", "x1"}, {"storeB", "10"}};
	for (size_t i = 0; i < 6; i++) {
		is_str(ds->cameras[i].store, want[i][0], "order %zu store", i);
		is_str(ds->cameras[i].camera_id, want[i][1], "order %zu id", i);
		is_int(ct_dataset_find(ds, want[i][0], want[i][1]), i, "find %zu", i);
	}
	is_int(ct_dataset_find(ds, "storeA", "3"), -1, "find missing id");
	is_int(ct_dataset_find(ds, "storeC", "1"), -1, "dropped camera not found");
	is_int(ct_dataset_find(ds, "nope", "2"), -1, "find missing store");
	/* with a hint: right, wrong, out of range, missing */
	for (size_t i = 0; i < 6; i++) {
		is_int(ct_dataset_find_at(ds, want[i][0], want[i][1], (int64_t)i), i, "find at its hint %zu", i);
		is_int(ct_dataset_find_at(ds, want[i][0], want[i][1], (int64_t)((i + 1) % 6)), i,
		       "find at a wrong hint %zu", i);
	}
	is_int(ct_dataset_find_at(ds, want[0][0], want[0][1], -1), 0, "hint -1: searched");
	is_int(ct_dataset_find_at(ds, want[0][0], want[0][1], 1 << 30), 0, "hint past the end: searched");
	is_int(ct_dataset_find_at(ds, "storeA", "3", 0), -1, "find at: a missing id");

	const ct_camera *c = &ds->cameras[0];
	is_int(c->n_tp, 2, "A/2 tp");
	is_int(c->n_fp, 3, "A/2 fp");
	is_double(c->tp[0], -0.2, 0, "tp sorted 0");
	is_double(c->tp[1], 0.5, 0, "tp sorted 1");
	is_double(c->fp[0], 0.1, 0, "fp sorted 0");
	is_double(c->fp[1], 0.3, 0, "fp sorted 1");
	is_double(c->fp[2], 0.9, 0, "fp sorted 2");
	is_double(ct_camera_min_score(c), -0.2, 0, "min score");
	is_double(ct_camera_max_score(c), 0.9, 0, "max score");
	is_double(ct_camera_min_score(&ds->cameras[5]), 1.0, 0, "min, fp only");
	is_double(ct_camera_max_score(&ds->cameras[2]), 0.7, 0, "max, tp only");

	uint8_t keep[6] = {1, 0, 0, 0, 1, 1};
	ct_dataset *sub = ct_dataset_subset(ds, keep);
	ok(sub != NULL, "subset");
	is_int(sub->n_cameras, 3, "subset cameras");
	is_int(sub->n_alerts, 7, "subset alerts");
	is_int(sub->n_tp, 2, "subset tp");
	is_int(sub->n_fp, 5, "subset fp");
	is_int(ct_dataset_find(sub, "storeB", "10"), 2, "subset find");
	is_double(sub->cameras[0].fp[2], 0.9, 0, "subset scores copied");
	ct_dataset_free(ds);
	/* the subset owns its storage */
	is_str(sub->cameras[1].camera_id, "x1", "subset survives the original");
	is_double(sub->cameras[0].tp[1], 0.5, 0, "subset scores survive");
	ct_dataset_free(sub);
}

/* Many alerts over a few cameras, one of them big enough for the radix
 * path; compare each segment with qsort. */
static void test_sorting(void)
{
	enum { NCAM = 5, N = 300000 };
	ct_builder *b = ct_builder_new();
	char id[8];
	int32_t cam[NCAM];
	for (int i = 0; i < NCAM; i++) {
		snprintf(id, sizeof id, "%d", i);
		cam[i] = ct_builder_camera(b, "s", 1, id, strlen(id));
	}
	double *all[NCAM][2];
	size_t cnt[NCAM][2];
	for (int i = 0; i < NCAM; i++)
		for (int t = 0; t < 2; t++) {
			all[i][t] = malloc(N * sizeof(double));
			cnt[i][t] = 0;
		}
	int fails = 0;
	for (int i = 0; i < N; i++) {
		uint64_t r = rnd();
		/* camera 0 gets most alerts (radix), the others a few */
		int c = (r & 7) < 4 ? 0 : (int)(r % NCAM);
		int t = (r >> 8) % 10 == 0;
		double p;
		switch ((r >> 16) % 4) {
		case 0: p = (double)((r >> 20) % 50) / 50.0; break; /* ties */
		case 1: p = -(double)((r >> 20) % 1000) / 997.0; break;
		case 2: p = ((r >> 20) & 1) ? 0.0 : -0.0; break;
		default: p = (double)(r >> 11) / 9007199254740992.0;
		}
		if (ct_builder_add(b, (uint32_t)cam[c], p, t) < 0)
			fails++;
		all[c][t][cnt[c][t]++] = p;
	}
	is_int(fails, 0, "added %d alerts", N);
	ct_dataset *ds = ct_builder_finish(b);
	ok(ds && ds->n_alerts == N, "finish big");
	for (int i = 0; i < NCAM; i++) {
		const ct_camera *c = &ds->cameras[i];
		int bad = c->n_tp != cnt[i][1] || c->n_fp != cnt[i][0];
		qsort(all[i][1], cnt[i][1], sizeof(double), cmp_double);
		qsort(all[i][0], cnt[i][0], sizeof(double), cmp_double);
		for (size_t k = 0; !bad && k < cnt[i][1]; k++)
			bad = c->tp[k] != all[i][1][k];
		for (size_t k = 0; !bad && k < cnt[i][0]; k++)
			bad = c->fp[k] != all[i][0][k];
		ok(!bad, "camera %d sorted like qsort (%u tp, %u fp)", i, c->n_tp,
		   c->n_fp);
		free(all[i][0]);
		free(all[i][1]);
	}
	ct_dataset_free(ds);
}

/* Many cameras: the hash table grows; every key comes back. */
static void test_many_cameras(void)
{
	enum { M = 20000 };
	ct_builder *b = ct_builder_new();
	char s[32], id[16];
	int bad = 0;
	for (int i = 0; i < M; i++) {
		snprintf(s, sizeof s, "store-%d", i / 3);
		snprintf(id, sizeof id, "%d", i % 3 + 1);
		int32_t c = ct_builder_camera(b, s, strlen(s), id, strlen(id));
		bad += c != i;
		ct_builder_add(b, (uint32_t)c, i * 1e-6, i % 2);
	}
	for (int i = 0; i < M; i += 7) {
		snprintf(s, sizeof s, "store-%d", i / 3);
		snprintf(id, sizeof id, "%d", i % 3 + 1);
		bad += ct_builder_camera(b, s, strlen(s), id, strlen(id)) != i;
	}
	is_int(bad, 0, "%d cameras interned and found again", M);
	ct_dataset *ds = ct_builder_finish(b);
	is_int(ds->n_cameras, M, "all cameras kept");
	bad = 0;
	for (size_t i = 1; i < ds->n_cameras; i++) {
		int c = strcmp(ds->cameras[i - 1].store, ds->cameras[i].store);
		bad += c > 0 || (c == 0 && atoi(ds->cameras[i - 1].camera_id) >=
		                               atoi(ds->cameras[i].camera_id));
	}
	is_int(bad, 0, "sorted by store then id");
	bad = 0;
	for (size_t i = 0; i < ds->n_cameras; i++)
		bad += ct_dataset_find(ds, ds->cameras[i].store,
		                       ds->cameras[i].camera_id) != (int32_t)i;
	is_int(bad, 0, "find every camera");
	ct_dataset_free(ds);
}

/* Over a million alerts: finish sorts on several threads.  Each segment
 * must come out sorted and hold the same multiset (sum of bit patterns,
 * which does not depend on order). */
static void test_threaded(void)
{
	enum { NCAM = 97, N = 1300000 };
	ct_builder *b = ct_builder_new();
	uint64_t want_sum[NCAM][2] = {{0}};
	uint32_t want_n[NCAM][2] = {{0}};
	for (int i = 0; i < NCAM; i++) {
		char id[8];
		snprintf(id, sizeof id, "%d", i);
		ct_builder_camera(b, "t", 1, id, strlen(id));
	}
	for (int i = 0; i < N; i++) {
		uint64_t r = rnd();
		/* skewed: camera c gets weight c + 1, a few get > 4096 */
		uint32_t c = (uint32_t)((r % ((uint64_t)NCAM * NCAM)) / NCAM);
		c = c > (r >> 40) % NCAM ? c : (uint32_t)((r >> 40) % NCAM);
		int t = (r >> 20) % 50 == 0;
		double p = (double)(r >> 35) / 536870912.0;
		ct_builder_add(b, c, p, t);
		uint64_t u;
		memcpy(&u, &p, sizeof u);
		want_sum[c][t] += u;
		want_n[c][t]++;
	}
	ct_dataset *ds = ct_builder_finish(b);
	int bad = 0;
	for (int i = 0; i < NCAM; i++) {
		char id[8];
		snprintf(id, sizeof id, "%d", i);
		const ct_camera *c = &ds->cameras[ct_dataset_find(ds, "t", id)];
		for (int t = 0; t < 2; t++) {
			const double *v = t ? c->tp : c->fp;
			uint32_t n = t ? c->n_tp : c->n_fp;
			uint64_t sum = 0;
			for (uint32_t k = 0; k < n; k++) {
				uint64_t u;
				memcpy(&u, &v[k], sizeof u);
				sum += u;
				bad += k > 0 && v[k - 1] > v[k];
			}
			bad += n != want_n[i][t] || sum != want_sum[i][t];
		}
	}
	is_int(bad, 0, "%d alerts on %d cameras sorted on threads", N, NCAM);
	ct_dataset_free(ds);
}

static void test_empty(void)
{
	ct_dataset *ds = ct_builder_finish(ct_builder_new());
	ok(ds && ds->n_cameras == 0 && ds->n_alerts == 0, "empty dataset");
	is_int(ct_dataset_find(ds, "a", "1"), -1, "find in empty");
	ct_dataset_free(ds);
	ct_builder *b = ct_builder_new();
	int32_t c = b ? ct_builder_camera(b, "s", 1, "1", 1) : -1;
	if (c >= 0)
		ct_builder_add(b, (uint32_t)c, 0.5, true);
	is_int((int)ct_builder_count_range(b, CT_SINCE_ANY, CT_UNTIL_ANY), 1,
	       "a builder holds its alert before finish");
	ct_builder_free(b); /* freed without finish: ASan and valgrind check the leak */
}

int main(void)
{
	test_small();
	test_sorting();
	test_many_cameras();
	test_threaded();
	test_empty();
	return tap_done();
}
