/* dataset.c -- the builder that collects alerts while a source is read, and
 * the frozen dataset it produces.
 *
 * Owns: the camera key table (interning (store, camera id) pairs), the
 * alert chunks of the builder, and the one score array of a dataset.
 *
 * Memory is the constraint here (issue 2: peak <= 40 bytes per alert on
 * 10 M alerts, loader included).  While loading, an alert costs 16 bytes:
 * its score (double), its camera index (uint32, theft flag in the top
 * bit) and its time (uint32 seconds, doc/domain.md "Data format") live in
 * fixed-size chunks of three parallel arrays, so growth never copies.
 * Finishing scatters the chunks into one CSR-style double array (per
 * camera: theft scores, then normal scores), freeing each chunk once it is
 * consumed, so the peak is about 24 bytes per alert.  A slice keeps the
 * chunks: 16 bytes for the builder plus 8 per alert of each slice alive.
 */
#include "config.h"

#include "core/dataset.h"
#include "core/stats.h" /* ct_logit */

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_SHIFT 16
#define CHUNK_SIZE (1u << CHUNK_SHIFT)
#define THEFT_BIT 0x80000000u
#define MAX_CAMERAS 0x7fffffffu

typedef struct chunk {
	double p[CHUNK_SIZE];
	uint32_t cam[CHUNK_SIZE]; /* camera index | THEFT_BIT */
	uint32_t t[CHUNK_SIZE];   /* time, or CT_NO_TIME */
} chunk;

typedef struct bcam {
	size_t store_off, id_off; /* into the key arena, NUL-terminated */
	uint32_t store_len, id_len;
	uint32_t n_tp, n_fp;
	uint32_t hash;
} bcam;

struct ct_builder {
	/* key arena: "store\0id\0" per camera; offsets stay valid on growth */
	char *keys;
	size_t keys_len, keys_cap;
	bcam *cams;
	uint32_t n_cams, cams_cap;
	uint32_t *table; /* open addressing: camera index + 1, 0 = empty */
	uint32_t table_mask;
	chunk **chunks;
	size_t n_chunks, chunks_cap;
	uint64_t n_alerts;
	uint32_t t_first, t_last; /* over timed alerts; CT_NO_TIME when none */
	uint64_t n_untimed;
};

/* What a dataset owns behind priv_. */
typedef struct ds_store {
	double *scores;
	char *keys;
	ct_periods periods; /* n == 0: none */
	double *p_days, *p_sum, *p_sumsq;
	uint32_t *p_fp, *p_scored;
} ds_store;

/* ---- hashing ------------------------------------------------------------ */

uint32_t ct_camera_key_hash(const char *s, size_t sl, const char *id, size_t il)
{
	/* FNV-1a over store, a separator, id. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < sl; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (size_t i = 0; i < il; i++)
		h = (h ^ (uint8_t)id[i]) * 16777619u;
	return h ^ (h >> 15);
}

ct_builder *ct_builder_new(void)
{
	ct_builder *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->table_mask = 63;
	b->t_first = b->t_last = CT_NO_TIME;
	b->table = calloc(b->table_mask + 1, sizeof *b->table);
	if (!b->table) {
		free(b);
		return NULL;
	}
	return b;
}

void ct_builder_free(ct_builder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_chunks; i++)
		free(b->chunks[i]);
	free(b->chunks);
	free(b->table);
	free(b->cams);
	free(b->keys);
	free(b);
}

static int table_grow(ct_builder *b)
{
	uint32_t mask = b->table_mask * 2 + 1;
	uint32_t *t = calloc((size_t)mask + 1, sizeof *t);
	if (!t)
		return -1;
	for (uint32_t i = 0; i < b->n_cams; i++) {
		uint32_t h = b->cams[i].hash & mask;
		while (t[h])
			h = (h + 1) & mask;
		t[h] = i + 1;
	}
	free(b->table);
	b->table = t;
	b->table_mask = mask;
	return 0;
}

static int keys_reserve(ct_builder *b, size_t more)
{
	if (b->keys_len + more <= b->keys_cap)
		return 0;
	size_t cap = b->keys_cap ? b->keys_cap : 1024;
	while (cap < b->keys_len + more)
		cap *= 2;
	char *k = realloc(b->keys, cap);
	if (!k)
		return -1;
	b->keys = k;
	b->keys_cap = cap;
	return 0;
}

int32_t ct_builder_camera(ct_builder *b, const char *store, size_t store_len,
                          const char *camera_id, size_t camera_id_len)
{
	if (store_len > UINT32_MAX || camera_id_len > UINT32_MAX)
		return -1;
	uint32_t hash = ct_camera_key_hash(store, store_len, camera_id, camera_id_len);
	uint32_t h = hash & b->table_mask;
	for (uint32_t e; (e = b->table[h]) != 0; h = (h + 1) & b->table_mask) {
		const bcam *c = &b->cams[e - 1];
		if (c->hash == hash && c->store_len == store_len &&
		    c->id_len == camera_id_len &&
		    memcmp(b->keys + c->store_off, store, store_len) == 0 &&
		    memcmp(b->keys + c->id_off, camera_id, camera_id_len) == 0)
			return (int32_t)(e - 1);
	}
	if (b->n_cams >= MAX_CAMERAS)
		return -1;
	/* keep the load factor at or below one half */
	if ((uint64_t)(b->n_cams + 1) * 2 > b->table_mask) {
		if (table_grow(b) < 0)
			return -1;
		h = hash & b->table_mask;
		while (b->table[h])
			h = (h + 1) & b->table_mask;
	}
	if (b->n_cams == b->cams_cap) {
		uint32_t cap = b->cams_cap ? b->cams_cap * 2 : 64;
		bcam *c = realloc(b->cams, (size_t)cap * sizeof *c);
		if (!c)
			return -1;
		b->cams = c;
		b->cams_cap = cap;
	}
	if (keys_reserve(b, store_len + camera_id_len + 2) < 0)
		return -1;
	bcam *c = &b->cams[b->n_cams];
	c->store_off = b->keys_len;
	memcpy(b->keys + b->keys_len, store, store_len);
	b->keys_len += store_len;
	b->keys[b->keys_len++] = '\0';
	c->id_off = b->keys_len;
	memcpy(b->keys + b->keys_len, camera_id, camera_id_len);
	b->keys_len += camera_id_len;
	b->keys[b->keys_len++] = '\0';
	c->store_len = (uint32_t)store_len;
	c->id_len = (uint32_t)camera_id_len;
	c->n_tp = c->n_fp = 0;
	c->hash = hash;
	b->table[h] = ++b->n_cams;
	return (int32_t)(b->n_cams - 1);
}

int ct_builder_add(ct_builder *b, uint32_t camera, double p, bool theft)
{
	return ct_builder_add_timed(b, camera, p, theft, CT_NO_TIME);
}

int ct_builder_add_timed(ct_builder *b, uint32_t camera, double p, bool theft,
                         uint32_t time)
{
	if (camera >= b->n_cams || !isfinite(p))
		return -1;
	bcam *c = &b->cams[camera];
	if ((theft ? c->n_tp : c->n_fp) == UINT32_MAX)
		return -1;
	size_t slot = (size_t)(b->n_alerts & (CHUNK_SIZE - 1));
	if (slot == 0) {
		if (b->n_chunks == b->chunks_cap) {
			size_t cap = b->chunks_cap ? b->chunks_cap * 2 : 16;
			chunk **v = realloc(b->chunks, cap * sizeof *v);
			if (!v)
				return -1;
			b->chunks = v;
			b->chunks_cap = cap;
		}
		chunk *ch = malloc(sizeof *ch);
		if (!ch)
			return -1;
		b->chunks[b->n_chunks++] = ch;
	}
	chunk *ch = b->chunks[b->n_chunks - 1];
	/* -0.0 becomes 0.0: equal under >=, and one bit pattern per value
	 * keeps the radix sorts and selections simple */
	ch->p[slot] = p + 0.0;
	ch->cam[slot] = camera | (theft ? THEFT_BIT : 0);
	ch->t[slot] = time;
	if (time == CT_NO_TIME) {
		b->n_untimed++;
	} else {
		if (b->t_first == CT_NO_TIME || time < b->t_first)
			b->t_first = time;
		if (b->t_last == CT_NO_TIME || time > b->t_last)
			b->t_last = time;
	}
	if (theft)
		c->n_tp++;
	else
		c->n_fp++;
	b->n_alerts++;
	return 0;
}

uint64_t ct_builder_count(const ct_builder *b)
{
	return b->n_alerts;
}

void ct_builder_time_span(const ct_builder *b, ct_time_span *out)
{
	out->first = b->t_first;
	out->last = b->t_last;
	out->untimed = b->n_untimed;
	out->timed = b->n_alerts - b->n_untimed;
}

/* ---- camera order ------------------------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Camera ids: numbers by value ("2" < "10"), numbers before other ids,
 * other ids by strcmp.  Putting numbers first (rather than comparing a
 * number with a word by strcmp) keeps the order transitive, which sorting
 * and binary search need. */
static int id_cmp(const char *a, const char *b)
{
	bool da = all_digits(a), db = all_digits(b);
	if (da && db) {
		const char *x = a, *y = b;
		while (*x == '0' && x[1])
			x++;
		while (*y == '0' && y[1])
			y++;
		size_t lx = strlen(x), ly = strlen(y);
		if (lx != ly)
			return lx < ly ? -1 : 1;
		int c = strcmp(x, y);
		if (c)
			return c;
		/* equal values ("7", "07"): still distinct keys */
		return strcmp(a, b);
	}
	if (da != db)
		return da ? -1 : 1;
	return strcmp(a, b);
}

int ct_camera_id_compare(const char *a, const char *b)
{
	return id_cmp(a, b);
}

static int key_cmp(const char *sa, const char *ia, const char *sb,
                   const char *ib)
{
	int c = strcmp(sa, sb);
	return c ? c : id_cmp(ia, ib);
}

/* qsort has no context argument, so the order is computed on records
 * that carry their own key pointers (and so stays thread-safe). */
typedef struct cam_rec {
	const char *store, *id;
	uint32_t index;
} cam_rec;

static int cam_rec_cmp(const void *pa, const void *pb)
{
	const cam_rec *a = pa, *b = pb;
	return key_cmp(a->store, a->id, b->store, b->id);
}

/* ---- sorting doubles ---------------------------------------------------- */

static void insertion_sort(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

static void sift_down(double *a, size_t i, size_t n)
{
	double v = a[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && a[c + 1] > a[c])
			c++;
		if (!(a[c] > v))
			break;
		a[i] = a[c];
		i = c;
	}
	a[i] = v;
}

static void heap_sort(double *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t i = n; i-- > 1;) {
		double t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

/* Introsort with an explicit stack: quicksort with median-of-three,
 * insertion sort for short runs, heapsort when a range degenerates. */
static void intro_sort(double *a, size_t n)
{
	struct {
		size_t lo, n;
		int depth;
	} stack[64];
	int sp = 0, depth = 0;
	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	stack[sp].lo = 0;
	stack[sp].n = n;
	stack[sp].depth = depth;
	sp++;
	while (sp > 0) {
		sp--;
		double *v = a + stack[sp].lo;
		size_t m = stack[sp].n;
		int d = stack[sp].depth;
		size_t base = stack[sp].lo;
		while (m > 24) {
			if (d-- == 0) {
				heap_sort(v, m);
				m = 0;
				break;
			}
			/* median of three into v[0] */
			size_t mid = m / 2;
			double x = v[0], y = v[mid], z = v[m - 1], piv;
			if (x < y)
				piv = y < z ? y : (x < z ? z : x);
			else
				piv = x < z ? x : (y < z ? z : y);
			/* Hoare partition */
			size_t i = 0, j = m - 1;
			for (;;) {
				while (v[i] < piv)
					i++;
				while (piv < v[j])
					j--;
				if (i >= j)
					break;
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
			/* [0, j] and [j+1, m): push the larger, loop on the smaller */
			size_t left = j + 1, right = m - left;
			if (left > right) {
				stack[sp].lo = base;
				stack[sp].n = left;
				stack[sp].depth = d;
				sp++;
				v += left;
				base += left;
				m = right;
			} else {
				stack[sp].lo = base + left;
				stack[sp].n = right;
				stack[sp].depth = d;
				sp++;
				m = left;
			}
		}
		insertion_sort(v, m);
	}
}

static inline uint64_t dbl_key(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return (u & 0x8000000000000000ull) ? ~u : u | 0x8000000000000000ull;
}

static inline double key_dbl(uint64_t u)
{
	u = (u & 0x8000000000000000ull) ? u & ~0x8000000000000000ull : ~u;
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

/* LSD radix sort on the order-preserving bit pattern, 11-bit digits,
 * skipping digits where every key agrees.  tmp holds n doubles. */
static void radix_sort(double *a, size_t n, double *tmp)
{
	uint64_t *k = (uint64_t *)(void *)a, *t = (uint64_t *)(void *)tmp;
	enum { BITS = 11, BUCKETS = 1 << BITS, PASSES = 6 };
	uint32_t count[PASSES][BUCKETS]; /* segments hold < 2^32 scores */
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++) {
		uint64_t u = dbl_key(a[i]);
		k[i] = u;
		for (int p = 0; p < PASSES; p++)
			count[p][(u >> (p * BITS)) & (BUCKETS - 1)]++;
	}
	uint64_t *src = k, *dst = t;
	for (int p = 0; p < PASSES; p++) {
		uint32_t *c = count[p];
		if (c[(src[0] >> (p * BITS)) & (BUCKETS - 1)] == n)
			continue; /* all keys share this digit */
		uint32_t sum = 0;
		for (int i = 0; i < BUCKETS; i++) {
			uint32_t x = c[i];
			c[i] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t u = src[i];
			dst[c[(u >> (p * BITS)) & (BUCKETS - 1)]++] = u;
		}
		uint64_t *s = src;
		src = dst;
		dst = s;
	}
	for (size_t i = 0; i < n; i++)
		a[i] = key_dbl(src[i]);
}

#define RADIX_MIN 4096

static void sort_scores(double *a, size_t n, double *tmp)
{
	if (n >= RADIX_MIN && tmp)
		radix_sort(a, n, tmp);
	else
		intro_sort(a, n);
}

/* Which alerts a build takes: all of them, or since <= t < until (then
 * never an untimed one). */
typedef struct time_range {
	bool all;
	int64_t since, until;
} time_range;

static inline bool in_range(const time_range *r, uint32_t t)
{
	return r->all || (t != CT_NO_TIME && (int64_t)t >= r->since && (int64_t)t < r->until);
}

static size_t chunk_len(const ct_builder *b, size_t ci)
{
	return ci + 1 < b->n_chunks ? CHUNK_SIZE
	                            : (size_t)(b->n_alerts - (uint64_t)ci * CHUNK_SIZE);
}

/* ---- scattering and sorting, on several threads ------------------------- */

/* Cameras are independent, so a big build runs on up to MAX_SORT_THREADS
 * threads, each owning a contiguous run of output cameras holding about
 * the same number of alerts: it reads every chunk of the builder, copies
 * the scores of its own cameras to their places, then sorts them while
 * they are still in its cache.  A chunk read by every thread is freed at
 * once when the build consumes the builder, so the peak stays near the
 * builder's 16 bytes per alert plus the dataset's 8. */

typedef struct scatter_job {
	ct_builder *b;
	const time_range *r;
	const uint8_t *owner;   /* per builder camera: its thread */
	uint64_t *cursor;       /* per builder camera: tp slot, fp slot */
	double *scores;
	ct_camera *cams;        /* this thread's output cameras */
	size_t n;
	int self, n_threads;
	bool consume;
	atomic_uint *readers;   /* per chunk: threads done with it */
} scatter_job;


static void *scatter_range(void *arg)
{
	scatter_job *j = arg;
	ct_builder *b = j->b;
	const uint8_t self = (uint8_t)j->self;
	for (size_t ci = 0; ci < b->n_chunks; ci++) {
		chunk *ch = b->chunks[ci];
		size_t m = chunk_len(b, ci);
		for (size_t i = 0; i < m; i++) {
			uint32_t v = ch->cam[i], bi = v & ~THEFT_BIT;
			if (j->owner[bi] != self || !in_range(j->r, ch->t[i]))
				continue;
			j->scores[j->cursor[2 * (size_t)bi + (v >> 31 ? 0 : 1)]++] = ch->p[i];
		}
		if (j->consume &&
		    atomic_fetch_add(&j->readers[ci], 1) + 1 == (unsigned)j->n_threads) {
			free(ch);
			b->chunks[ci] = NULL;
		}
	}
	uint64_t max_seg = 0;
	for (size_t i = 0; i < j->n; i++) {
		if (j->cams[i].n_tp > max_seg)
			max_seg = j->cams[i].n_tp;
		if (j->cams[i].n_fp > max_seg)
			max_seg = j->cams[i].n_fp;
	}
	double *tmp = NULL;
	if (max_seg >= RADIX_MIN)
		tmp = malloc(max_seg * sizeof *tmp); /* NULL: introsort copes */
	for (size_t i = 0; i < j->n; i++) {
		ct_camera *o = &j->cams[i];
		sort_scores((double *)o->tp, o->n_tp, tmp);
		sort_scores((double *)o->fp, o->n_fp, tmp);
	}
	free(tmp);
	return NULL;
}

#define MAX_SORT_THREADS 8
#define THREAD_MIN_ALERTS 1000000

/* Scatter the builder's alerts (in r) to the output cameras cams[0..n)
 * through cursor, then sort every segment.  order[k]: the builder camera
 * of output camera k.  0, or -1 when out of memory. */
static int scatter_sort_all(ct_builder *b, const time_range *r, const uint32_t *order,
                            ct_camera *cams, size_t n, uint64_t n_alerts, uint64_t *cursor,
                            double *scores, bool consume)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = cpus > 1 ? (int)(cpus < MAX_SORT_THREADS ? cpus : MAX_SORT_THREADS) : 1;
	if (n_alerts < THREAD_MIN_ALERTS || n < 2)
		nt = 1;
	uint8_t *owner = malloc((size_t)b->n_cams + 1);
	atomic_uint *readers = malloc((b->n_chunks + 1) * sizeof *readers);
	if (!owner || !readers) {
		free(owner);
		free(readers);
		return -1;
	}
	/* Builder cameras without an alert in range are nobody's. */
	memset(owner, 0xff, (size_t)b->n_cams + 1);
	for (size_t ci = 0; ci < b->n_chunks; ci++)
		atomic_init(&readers[ci], 0);
	scatter_job job[MAX_SORT_THREADS];
	pthread_t tid[MAX_SORT_THREADS];
	bool started[MAX_SORT_THREADS] = {false};
	size_t first = 0;
	uint64_t seen = 0;
	int used = 0;
	for (int t = 0; t < nt && first < n; t++) {
		uint64_t goal = n_alerts / (uint64_t)nt * (uint64_t)(t + 1);
		size_t last = first;
		if (t == nt - 1)
			last = n;
		else
			while (last < n && (seen < goal || last == first)) {
				seen += (uint64_t)cams[last].n_tp + cams[last].n_fp;
				last++;
			}
		for (size_t k = first; k < last; k++)
			owner[order[k]] = (uint8_t)t;
		job[t] = (scatter_job){b, r, owner, cursor, scores, cams + first, last - first, t, 0,
		                       consume, readers};
		first = last;
		used = t + 1;
	}
	for (int t = 0; t < used; t++)
		job[t].n_threads = used;
	if (used == 0) { /* no camera: the chunks are still to be freed */
		job[0] = (scatter_job){b, r, owner, cursor, scores, cams, 0, 0, 1, consume, readers};
		used = 1;
	}
	for (int t = 1; t < used; t++)
		started[t] = pthread_create(&tid[t], NULL, scatter_range, &job[t]) == 0;
	scatter_range(&job[0]);
	for (int t = 1; t < used; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			scatter_range(&job[t]); /* no thread: do it here */
	}
	free(owner);
	free(readers);
	return 0;
}

/* ---- finish ------------------------------------------------------------- */

static void periods_release(ds_store *st)
{
	free(st->p_days);
	free(st->p_sum);
	free(st->p_sumsq);
	free(st->p_fp);
	free(st->p_scored);
}

static void dataset_free_parts(ct_dataset *ds)
{
	if (!ds)
		return;
	ds_store *st = ds->priv_;
	if (st) {
		free(st->scores);
		free(st->keys);
		periods_release(st);
		free(st);
	}
	free(ds->cameras);
	free(ds);
}

void ct_dataset_free(ct_dataset *ds)
{
	dataset_free_parts(ds);
}

/* ---- periods ------------------------------------------------------------ */

#define MAX_PERIOD_CELLS 1000000u
#define WEEK_SECONDS (7 * 86400.0)

static int periods_alloc(ds_store *st, size_t n_cams, uint32_t n)
{
	size_t cells = n_cams * n;
	st->p_days = calloc(n, sizeof *st->p_days);
	st->p_sum = calloc(cells ? cells : 1, sizeof *st->p_sum);
	st->p_sumsq = calloc(cells ? cells : 1, sizeof *st->p_sumsq);
	st->p_fp = calloc(cells ? cells : 1, sizeof *st->p_fp);
	st->p_scored = calloc(cells ? cells : 1, sizeof *st->p_scored);
	if (!st->p_days || !st->p_sum || !st->p_sumsq || !st->p_fp || !st->p_scored)
		return -1;
	st->periods.n = n;
	st->periods.days = st->p_days;
	st->periods.sum = st->p_sum;
	st->periods.sumsq = st->p_sumsq;
	st->periods.fp = st->p_fp;
	st->periods.scored = st->p_scored;
	return 0;
}

/* The periods of the alerts of b in r, first..last their time span, for
 * the n_out output cameras (out_of: per builder camera its output index,
 * UINT32_MAX none).  Leaves st->periods.n at 0 when there are none to
 * keep; -1 only when out of memory. */
static int build_periods(const ct_builder *b, const time_range *r, const uint32_t *out_of,
                         size_t n_out, uint32_t first, uint32_t last, ds_store *st)
{
	if (first == CT_NO_TIME || last <= first || n_out == 0)
		return 0;
	double span = (double)last - first + 1;
	uint32_t n;
	double len;
	bool folds = span < 3 * WEEK_SECONDS;
	if (folds) {
		n = CT_FOLD_PERIODS;
		len = span / n;
	} else {
		double weeks = ceil(span / WEEK_SECONDS);
		double per = ceil(weeks / CT_MAX_PERIODS);
		len = per * WEEK_SECONDS;
		n = (uint32_t)ceil(span / len);
	}
	while (n >= 2 && (double)n_out * n > MAX_PERIOD_CELLS)
		n--, len = span / n;
	if (n < 2)
		return 0;
	if (periods_alloc(st, n_out, n) != 0)
		return -1;
	st->periods.folds = folds;
	st->periods.length_days = len / 86400;
	for (uint32_t j = 0; j < n; j++) {
		double a = j * len, e = j + 1 == n ? span : (j + 1) * len;
		st->p_days[j] = (e - a) / 86400;
	}
	for (size_t ci = 0; ci < b->n_chunks; ci++) {
		const chunk *ch = b->chunks[ci];
		size_t m = chunk_len(b, ci);
		for (size_t i = 0; i < m; i++) {
			uint32_t v = ch->cam[i], t = ch->t[i];
			if ((v & THEFT_BIT) || t == CT_NO_TIME || !in_range(r, t))
				continue;
			uint32_t k = out_of[v];
			if (k == UINT32_MAX)
				continue;
			uint32_t j = (uint32_t)((double)(t - first) / len);
			if (j >= n)
				j = n - 1;
			size_t cell = (size_t)k * n + j;
			st->p_fp[cell]++;
			if (ch->p[i] > 0 && ch->p[i] < 1) {
				double x = ct_logit(ch->p[i]);
				st->p_scored[cell]++;
				st->p_sum[cell] += x;
				st->p_sumsq[cell] += x * x;
			}
		}
	}
	return 0;
}

const ct_periods *ct_dataset_periods(const ct_dataset *ds)
{
	const ds_store *st = ds ? ds->priv_ : NULL;
	return st && st->periods.n >= 2 ? &st->periods : NULL;
}

/* Group, sort and freeze the alerts of b in range r.  consume: the fast
 * path of ct_builder_finish (chunks freed as they are read, the key arena
 * moved, b freed even on failure); otherwise b is left as it was. */
static ct_dataset *build(ct_builder *b, const time_range *r, bool consume)
{
	ct_dataset *ds = calloc(1, sizeof *ds);
	ds_store *st = calloc(1, sizeof *st);
	uint32_t *order = malloc(((size_t)b->n_cams + 1) * sizeof *order);
	/* output position of each builder camera: tp cursor, fp cursor */
	uint64_t *cursor = malloc(((size_t)b->n_cams * 2 + 1) * sizeof *cursor);
	/* alerts per builder camera in range: tp, fp (only when filtering) */
	uint32_t *cnt = NULL, *out_of = NULL;
	double *scores = NULL;
	cam_rec *rec = NULL;
	if (!ds || !st || !order || !cursor)
		goto fail;
	ds->priv_ = st;

	uint64_t total = b->n_alerts;
	uint32_t t_first = r->all ? b->t_first : CT_NO_TIME, t_last = r->all ? b->t_last : CT_NO_TIME;
	if (!r->all) {
		cnt = calloc((size_t)b->n_cams * 2 + 1, sizeof *cnt);
		if (!cnt)
			goto fail;
		total = 0;
		for (size_t ci = 0; ci < b->n_chunks; ci++) {
			const chunk *ch = b->chunks[ci];
			size_t m = chunk_len(b, ci);
			for (size_t i = 0; i < m; i++)
				if (in_range(r, ch->t[i])) {
					uint32_t v = ch->cam[i];
					cnt[2 * (size_t)(v & ~THEFT_BIT) + (v >> 31 ? 0 : 1)]++;
					total++;
					if (ch->t[i] != CT_NO_TIME) {
						if (t_first == CT_NO_TIME || ch->t[i] < t_first)
							t_first = ch->t[i];
						if (t_last == CT_NO_TIME || ch->t[i] > t_last)
							t_last = ch->t[i];
					}
				}
		}
	}
	scores = malloc((total ? total : 1) * sizeof *scores);
	if (!scores)
		goto fail;
#define N_TP(i) (cnt ? cnt[2 * (size_t)(i)] : b->cams[i].n_tp)
#define N_FP(i) (cnt ? cnt[2 * (size_t)(i) + 1] : b->cams[i].n_fp)

	/* Cameras that never received an alert (in range) have no curve:
	 * drop them. */
	uint32_t n = 0;
	rec = malloc(((size_t)b->n_cams + 1) * sizeof *rec);
	if (!rec)
		goto fail;
	for (uint32_t i = 0; i < b->n_cams; i++)
		if (N_TP(i) + (uint64_t)N_FP(i) > 0) {
			rec[n].store = b->keys + b->cams[i].store_off;
			rec[n].id = b->keys + b->cams[i].id_off;
			rec[n].index = i;
			n++;
		}
	qsort(rec, n, sizeof *rec, cam_rec_cmp);
	for (uint32_t k = 0; k < n; k++)
		order[k] = rec[k].index;
	free(rec);
	rec = NULL;

	ds->cameras = calloc(n ? n : 1, sizeof *ds->cameras);
	if (!ds->cameras)
		goto fail;
	ds->n_cameras = n;
	uint64_t pos = 0;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t bi = order[k];
		const bcam *c = &b->cams[bi];
		ct_camera *o = &ds->cameras[k];
		o->n_tp = N_TP(bi);
		o->n_fp = N_FP(bi);
		cursor[2 * (size_t)bi] = pos;
		cursor[2 * (size_t)bi + 1] = pos + o->n_tp;
		o->tp = scores + pos;
		o->fp = scores + pos + o->n_tp;
		pos += (uint64_t)o->n_tp + o->n_fp;
		ds->n_tp += o->n_tp;
		ds->n_fp += o->n_fp;
		o->store = (const char *)(uintptr_t)c->store_off; /* fixed below */
		o->camera_id = (const char *)(uintptr_t)c->id_off;
	}
#undef N_TP
#undef N_FP
	ds->n_alerts = pos;
	free(cnt);
	cnt = NULL;

	/* before the scatter, which frees the chunks when consuming */
	out_of = malloc(((size_t)b->n_cams + 1) * sizeof *out_of);
	if (!out_of)
		goto fail;
	for (uint32_t i = 0; i < b->n_cams; i++)
		out_of[i] = UINT32_MAX;
	for (uint32_t k = 0; k < n; k++)
		out_of[order[k]] = k;
	if (build_periods(b, r, out_of, n, t_first, t_last, st) < 0)
		goto fail;
	free(out_of);
	out_of = NULL;
	if (scatter_sort_all(b, r, order, ds->cameras, n, ds->n_alerts, cursor, scores, consume) < 0)
		goto fail;
	if (consume)
		b->n_chunks = 0;
	free(cursor);
	cursor = NULL;

	/* The key arena moves to the dataset (or is copied). */
	if (consume) {
		st->keys = b->keys;
		b->keys = NULL;
	} else {
		st->keys = malloc(b->keys_len ? b->keys_len : 1);
		if (!st->keys)
			goto fail;
		if (b->keys_len)
			memcpy(st->keys, b->keys, b->keys_len);
	}
	for (uint32_t k = 0; k < n; k++) {
		ct_camera *o = &ds->cameras[k];
		o->store = st->keys + (uintptr_t)o->store;
		o->camera_id = st->keys + (uintptr_t)o->camera_id;
	}
	st->scores = scores;
	free(order);
	if (consume)
		ct_builder_free(b);
	return ds;

fail:
	free(rec);
	free(cnt);
	free(out_of);
	free(order);
	free(cursor);
	free(scores);
	if (ds) {
		ds->priv_ = NULL;
		free(ds->cameras);
		free(ds);
	}
	if (st) {
		periods_release(st);
	}
	free(st);
	if (consume)
		ct_builder_free(b);
	return NULL;
}

ct_dataset *ct_builder_finish(ct_builder *b)
{
	if (!b)
		return NULL;
	const time_range all = {true, 0, 0};
	return build(b, &all, true);
}

uint64_t ct_builder_count_range(const ct_builder *b, int64_t since, int64_t until)
{
	if (!b)
		return 0;
	const time_range r = {since == CT_SINCE_ANY && until == CT_UNTIL_ANY, since, until};
	if (r.all)
		return b->n_alerts;
	uint64_t n = 0;
	for (size_t ci = 0; ci < b->n_chunks; ci++) {
		const chunk *ch = b->chunks[ci];
		size_t m = chunk_len(b, ci);
		for (size_t i = 0; i < m; i++)
			n += in_range(&r, ch->t[i]);
	}
	return n;
}

ct_dataset *ct_builder_slice(const ct_builder *b, int64_t since, int64_t until)
{
	if (!b)
		return NULL;
	const time_range r = {since == CT_SINCE_ANY && until == CT_UNTIL_ANY, since, until};
	/* build() does not change b when not consuming */
	return build((ct_builder *)(uintptr_t)b, &r, false);
}

/* ---- queries ------------------------------------------------------------ */

int32_t ct_dataset_find(const ct_dataset *ds, const char *store,
                        const char *camera_id)
{
	if (!ds || !store || !camera_id)
		return -1;
	size_t lo = 0, hi = ds->n_cameras;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ct_camera *c = &ds->cameras[mid];
		int r = key_cmp(c->store, c->camera_id, store, camera_id);
		if (r == 0)
			return (int32_t)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int32_t ct_dataset_find_at(const ct_dataset *ds, const char *store, const char *camera_id,
                           int64_t hint)
{
	if (ds && store && camera_id && hint >= 0 && (uint64_t)hint < ds->n_cameras) {
		const ct_camera *c = &ds->cameras[hint];
		if (key_cmp(c->store, c->camera_id, store, camera_id) == 0)
			return (int32_t)hint;
	}
	return ct_dataset_find(ds, store, camera_id);
}

ct_dataset *ct_dataset_subset(const ct_dataset *ds, const uint8_t *keep)
{
	if (!ds)
		return NULL;
	ct_dataset *o = calloc(1, sizeof *o);
	ds_store *st = calloc(1, sizeof *st);
	if (!o || !st)
		goto fail;
	o->priv_ = st;
	size_t n = 0, keylen = 0;
	uint64_t alerts = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		if (keep && !keep[i])
			continue;
		const ct_camera *c = &ds->cameras[i];
		n++;
		alerts += (uint64_t)c->n_tp + c->n_fp;
		keylen += strlen(c->store) + strlen(c->camera_id) + 2;
	}
	o->cameras = calloc(n ? n : 1, sizeof *o->cameras);
	st->scores = malloc((alerts ? alerts : 1) * sizeof *st->scores);
	st->keys = malloc(keylen ? keylen : 1);
	if (!o->cameras || !st->scores || !st->keys)
		goto fail;
	o->n_cameras = n;
	const ct_periods *per = ct_dataset_periods(ds);
	if (per) {
		if (periods_alloc(st, n, per->n) != 0)
			goto fail;
		st->periods.folds = per->folds;
		st->periods.length_days = per->length_days;
		memcpy(st->p_days, per->days, per->n * sizeof *st->p_days);
	}
	size_t r = 0, kp = 0;
	uint64_t pos = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		if (keep && !keep[i])
			continue;
		const ct_camera *c = &ds->cameras[i];
		if (per) {
			size_t from = i * per->n, to = r * per->n;
			memcpy(st->p_fp + to, per->fp + from, per->n * sizeof *st->p_fp);
			memcpy(st->p_scored + to, per->scored + from, per->n * sizeof *st->p_scored);
			memcpy(st->p_sum + to, per->sum + from, per->n * sizeof *st->p_sum);
			memcpy(st->p_sumsq + to, per->sumsq + from, per->n * sizeof *st->p_sumsq);
		}
		ct_camera *d = &o->cameras[r++];
		*d = *c;
		size_t sl = strlen(c->store) + 1, il = strlen(c->camera_id) + 1;
		memcpy(st->keys + kp, c->store, sl);
		d->store = st->keys + kp;
		kp += sl;
		memcpy(st->keys + kp, c->camera_id, il);
		d->camera_id = st->keys + kp;
		kp += il;
		double *tp = st->scores + pos;
		memcpy(tp, c->tp, c->n_tp * sizeof *tp);
		memcpy(tp + c->n_tp, c->fp, c->n_fp * sizeof *tp);
		d->tp = tp;
		d->fp = tp + c->n_tp;
		pos += (uint64_t)c->n_tp + c->n_fp;
		o->n_tp += c->n_tp;
		o->n_fp += c->n_fp;
	}
	o->n_alerts = pos;
	return o;
fail:
	dataset_free_parts(o);
	if (!o)
		free(st);
	return NULL;
}

double ct_camera_min_score(const ct_camera *c)
{
	if (c->n_tp && c->n_fp)
		return c->tp[0] < c->fp[0] ? c->tp[0] : c->fp[0];
	if (c->n_tp)
		return c->tp[0];
	if (c->n_fp)
		return c->fp[0];
	return NAN;
}

double ct_camera_max_score(const ct_camera *c)
{
	if (c->n_tp && c->n_fp) {
		double a = c->tp[c->n_tp - 1], b = c->fp[c->n_fp - 1];
		return a > b ? a : b;
	}
	if (c->n_tp)
		return c->tp[c->n_tp - 1];
	if (c->n_fp)
		return c->fp[c->n_fp - 1];
	return NAN;
}
