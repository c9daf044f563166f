/* limit.c -- the plain C reference of `make bench`: camtune's job on one
 * alert file done the shortest way a C programmer would write it, with
 * none of camtune's validation, so the benchmark can say how far the
 * whole `camtune optimize` is from what the machine allows (issue 12).
 *
 *   limit [--threads N] FILE   ->  alerts=… cameras=… tp=… fp=… fp_below=… seconds=…
 *
 * The job: map the file (mmap), split it into N line-aligned parts (two
 * threads by default); per line find the fields with memchr, the camera
 * id after "_camera_" in video_name, the label among the default theft
 * labels, the probability by a fast decimal path (strtod only for what
 * it cannot do exactly); a per-thread camera hash with a last-key cache;
 * then group the scores by camera (counting pass, scatter on the threads),
 * sort each camera's theft and normal scores, and count for every theft
 * the normal alerts scoring below it (the FP a threshold at that theft
 * saves: the steps the optimisers work on).  fp_below is their sum, a
 * checksum the benchmark can compare between runs.
 *
 * What it does not do, and camtune must: quotes, CR line ends, blank
 * trimming, line numbers, every reason a row is skipped, UTF-8 and NUL
 * checks, time parsing, gzip and pipes, error messages.  It expects a
 * well-formed file with the header's columns store, video_name, label and
 * probability.  Pages of the mapping are dropped as the threads pass them
 * (madvise), so its peak RSS is the arrays it builds, as camtune's is.
 *
 * Built by `make bench` (EXTRA_PROGRAMS), not installed, not a test. */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define PIECE ((size_t)8 << 20) /* bytes between two madvise calls */

static const char *const theft_labels[] = {
	"Suspicious Bag", "Suspicious", "Theft", "Gesture Into Body", "Product Into Stroller",
};
#define N_THEFT_LABELS (sizeof theft_labels / sizeof *theft_labels)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "limit: out of memory\n");
		exit(1);
	}
	return q;
}

/* ---- camera keys: an open-addressing table over a key arena ---------- */

typedef struct keytab {
	char *keys;           /* store bytes, id bytes, per camera */
	size_t keys_len, keys_cap;
	uint32_t *off, *slen, *ilen, *hash;
	uint32_t n, cap;
	uint32_t *slot;       /* camera + 1, 0 empty */
	uint32_t mask;
} keytab;

static uint32_t hash_key(const char *s, size_t sl, const char *id, size_t il)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < sl; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (size_t i = 0; i < il; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211ull;
	return (uint32_t)(h ^ (h >> 32));
}

static void keytab_init(keytab *t)
{
	memset(t, 0, sizeof *t);
	t->mask = 1023;
	t->slot = calloc(t->mask + 1, sizeof *t->slot);
	if (!t->slot)
		exit(1);
}

static void keytab_rehash(keytab *t)
{
	t->mask = t->mask * 2 + 1;
	free(t->slot);
	t->slot = calloc((size_t)t->mask + 1, sizeof *t->slot);
	if (!t->slot)
		exit(1);
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t h = t->hash[i] & t->mask;
		while (t->slot[h])
			h = (h + 1) & t->mask;
		t->slot[h] = i + 1;
	}
}

static uint32_t keytab_get(keytab *t, const char *s, size_t sl, const char *id, size_t il)
{
	uint32_t hv = hash_key(s, sl, id, il), h = hv & t->mask;
	for (uint32_t e; (e = t->slot[h]) != 0; h = (h + 1) & t->mask) {
		uint32_t c = e - 1;
		if (t->hash[c] == hv && t->slen[c] == sl && t->ilen[c] == il &&
		    memcmp(t->keys + t->off[c], s, sl) == 0 &&
		    memcmp(t->keys + t->off[c] + sl, id, il) == 0)
			return c;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->off = xrealloc(t->off, t->cap * sizeof *t->off);
		t->slen = xrealloc(t->slen, t->cap * sizeof *t->slen);
		t->ilen = xrealloc(t->ilen, t->cap * sizeof *t->ilen);
		t->hash = xrealloc(t->hash, t->cap * sizeof *t->hash);
	}
	while (t->keys_len + sl + il > t->keys_cap) {
		t->keys_cap = t->keys_cap ? t->keys_cap * 2 : 65536;
		t->keys = xrealloc(t->keys, t->keys_cap);
	}
	uint32_t c = t->n++;
	t->off[c] = (uint32_t)t->keys_len;
	memcpy(t->keys + t->keys_len, s, sl);
	memcpy(t->keys + t->keys_len + sl, id, il);
	t->keys_len += sl + il;
	t->slen[c] = (uint32_t)sl;
	t->ilen[c] = (uint32_t)il;
	t->hash[c] = hv;
	if ((uint64_t)t->n * 2 > t->mask)
		keytab_rehash(t);
	else
		t->slot[h] = c + 1;
	return c;
}

static void keytab_free(keytab *t)
{
	free(t->keys);
	free(t->off);
	free(t->slen);
	free(t->ilen);
	free(t->hash);
	free(t->slot);
}

/* ---- numbers ----------------------------------------------------------- */

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Digits, one point, digits: exact when the digits fit 2^53 (Clinger's
 * fast path); anything else through strtod on a copy. */
static double parse_prob(const char *s, size_t n)
{
	uint64_t w = 0;
	int digits = 0, frac = -1;
	size_t i = 0;
	for (; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d < 10) {
			w = w * 10 + d;
			digits++;
			if (frac >= 0)
				frac++;
		} else if (s[i] == '.' && frac < 0) {
			frac = 0;
		} else {
			break;
		}
	}
	if (i == n && digits > 0 && digits <= 15 && frac <= 22)
		return frac > 0 ? (double)w / pow10_tab[frac] : (double)w;
	char buf[64];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

/* ---- one thread's part of the file ------------------------------------- */

typedef struct part {
	const char *p, *end;
	char delim;
	int col[4]; /* store, video_name, label, probability */
	int n_cols;
	keytab cams;
	double *score;
	uint32_t *cam;      /* local camera | theft bit */
	size_t n, cap;
	/* after the merge */
	uint32_t *global;   /* local camera -> global */
	uint64_t *cursor;   /* per global camera: tp slot, fp slot */
} part;

#define THEFT 0x80000000u

static void drop_pages(const char *from, const char *to)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)from + (uintptr_t)pg - 1) & ~(uintptr_t)(pg - 1);
	uintptr_t b = (uintptr_t)to & ~(uintptr_t)(pg - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

static void *parse_part(void *arg)
{
	part *w = arg;
	const char *p = w->p, *end = w->end, *dropped = p;
	const char *last_s = NULL, *last_i = NULL;
	size_t last_sl = 0, last_il = 0;
	uint32_t last_c = 0;
	const char *f[4];
	size_t fl[4];
	int want[64];
	for (int i = 0; i < 64; i++)
		want[i] = -1;
	for (int k = 0; k < 4; k++)
		want[w->col[k]] = k;
	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		const char *le = lf ? lf : end;
		for (int k = 0; k < 4; k++)
			f[k] = p, fl[k] = 0;
		for (int col = 0; col < w->n_cols && p <= le; col++) {
			const char *d = col + 1 < w->n_cols ? memchr(p, w->delim, (size_t)(le - p)) : NULL;
			const char *fe = d ? d : le;
			if (want[col] >= 0) {
				f[want[col]] = p;
				fl[want[col]] = (size_t)(fe - p);
			}
			p = fe + 1;
		}
		p = le + 1;
		/* camera id: after "_camera_", up to '_' or '.' */
		const char *v = f[1], *ve = v + fl[1], *id = NULL;
		for (const char *u = v; (u = memchr(u, '_', (size_t)(ve - u))) != NULL; u++)
			if (ve - u >= 8 && memcmp(u, "_camera_", 8) == 0) {
				id = u + 8;
				break;
			}
		if (!id)
			continue;
		const char *ie = id;
		while (ie < ve && *ie != '_' && *ie != '.')
			ie++;
		size_t il = (size_t)(ie - id);
		uint32_t c;
		if (last_s && last_sl == fl[0] && last_il == il && memcmp(last_s, f[0], fl[0]) == 0 &&
		    memcmp(last_i, id, il) == 0) {
			c = last_c;
		} else {
			c = keytab_get(&w->cams, f[0], fl[0], id, il);
			last_s = f[0], last_sl = fl[0], last_i = id, last_il = il, last_c = c;
		}
		bool theft = false;
		for (size_t k = 0; k < N_THEFT_LABELS && !theft; k++)
			theft = strlen(theft_labels[k]) == fl[2] && memcmp(theft_labels[k], f[2], fl[2]) == 0;
		if (fl[3] == 0)
			continue;
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 1 << 16;
			w->score = xrealloc(w->score, w->cap * sizeof *w->score);
			w->cam = xrealloc(w->cam, w->cap * sizeof *w->cam);
		}
		w->score[w->n] = parse_prob(f[3], fl[3]);
		w->cam[w->n] = c | (theft ? THEFT : 0);
		w->n++;
		/* A dropped page that is read again (the cached last key) is
		 * mapped again from the page cache. */
		if ((size_t)(p - dropped) > PIECE) {
			drop_pages(dropped, p);
			dropped = p;
		}
	}
	return NULL;
}

/* ---- sorting and counting ---------------------------------------------- */

static void sort_doubles(double *a, size_t n)
{
	while (n > 16) {
		double x = a[0], y = a[n / 2], z = a[n - 1];
		double piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < piv)
				i++;
			while (piv < a[j])
				j--;
			if (i >= j)
				break;
			double t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		size_t left = j + 1;
		if (left < n - left) {
			sort_doubles(a, left);
			a += left;
			n -= left;
		} else {
			sort_doubles(a + left, n - left);
			n = left;
		}
	}
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

typedef struct group_job {
	part *w;
	double *scores;
	const uint64_t *start;   /* per camera: first slot; tp, then fp */
	const uint32_t *n_tp, *n_fp;
	uint32_t first, last;    /* cameras to sort */
	uint64_t fp_below;
} group_job;

static void *scatter_part(void *arg)
{
	group_job *j = arg;
	part *w = j->w;
	for (size_t i = 0; i < w->n; i++) {
		uint32_t v = w->cam[i], g = w->global[v & ~THEFT];
		j->scores[w->cursor[2 * (size_t)g + (v & THEFT ? 0 : 1)]++] = w->score[i];
	}
	free(w->score);
	free(w->cam);
	w->score = NULL;
	w->cam = NULL;
	return NULL;
}

static void *sort_cameras(void *arg)
{
	group_job *j = arg;
	uint64_t below = 0;
	for (uint32_t c = j->first; c < j->last; c++) {
		double *tp = j->scores + j->start[c], *fp = tp + j->n_tp[c];
		sort_doubles(tp, j->n_tp[c]);
		sort_doubles(fp, j->n_fp[c]);
		size_t k = 0;
		for (uint32_t i = 0; i < j->n_tp[c]; i++) {
			while (k < j->n_fp[c] && fp[k] < tp[i])
				k++;
			below += k;
		}
	}
	j->fp_below = below;
	return NULL;
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	int nt = 2;
	if (argc == 4 && strcmp(argv[1], "--threads") == 0) {
		nt = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || nt < 1 || nt > MAX_THREADS) {
		fprintf(stderr, "usage: limit [--threads N] FILE\n");
		return 64;
	}
	double t0 = now();
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
		perror(argv[1]);
		return 66;
	}
	size_t size = (size_t)st.st_size;
	const char *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (base == MAP_FAILED) {
		perror(argv[1]);
		return 66;
	}
	madvise((void *)base, size, MADV_SEQUENTIAL);
	const char *end = base + size;

	/* header: the delimiter is the most frequent of ';' ',' tab */
	const char *hl = memchr(base, '\n', size);
	if (!hl) {
		fprintf(stderr, "limit: no header\n");
		return 65;
	}
	size_t ns = 0, nc = 0, ntab = 0;
	for (const char *q = base; q < hl; q++)
		ns += *q == ';', nc += *q == ',', ntab += *q == '\t';
	char delim = nc > ns && nc >= ntab ? ',' : ntab > ns ? '\t' : ';';
	static const char *const names[4] = {"store", "video_name", "label", "probability"};
	int col[4] = {-1, -1, -1, -1}, n_cols = 0;
	for (const char *q = base; q <= hl; n_cols++) {
		const char *d = memchr(q, delim, (size_t)(hl - q));
		const char *fe = d ? d : hl;
		size_t len = (size_t)(fe - q);
		if (len && fe[-1] == '\r')
			len--;
		for (int k = 0; k < 4; k++)
			if (strlen(names[k]) == len && memcmp(names[k], q, len) == 0)
				col[k] = n_cols;
		q = fe + 1;
	}
	for (int k = 0; k < 4; k++)
		if (col[k] < 0 || col[k] >= 64) {
			fprintf(stderr, "limit: no column %s in the first 64\n", names[k]);
			return 65;
		}

	part w[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	const char *from = hl + 1;
	for (int t = 0; t < nt; t++) {
		memset(&w[t], 0, sizeof w[t]);
		const char *to = t + 1 == nt ? end : from + (size_t)(end - from) / (size_t)(nt - t);
		if (to < end) {
			const char *lf = memchr(to, '\n', (size_t)(end - to));
			to = lf ? lf + 1 : end;
		}
		w[t].p = from;
		w[t].end = to;
		w[t].delim = delim;
		memcpy(w[t].col, col, sizeof col);
		w[t].n_cols = n_cols;
		keytab_init(&w[t].cams);
		from = to;
	}
	for (int t = 1; t < nt; t++)
		pthread_create(&tid[t], NULL, parse_part, &w[t]);
	parse_part(&w[0]);
	for (int t = 1; t < nt; t++)
		pthread_join(tid[t], NULL);
	munmap((void *)base, size);
	close(fd);

	/* global cameras, counts, CSR layout */
	keytab g;
	keytab_init(&g);
	uint32_t *n_tp = NULL, *n_fp = NULL;
	for (int t = 0; t < nt; t++) {
		keytab *k = &w[t].cams;
		w[t].global = xrealloc(NULL, (k->n + 1) * sizeof *w[t].global);
		for (uint32_t c = 0; c < k->n; c++)
			w[t].global[c] = keytab_get(&g, k->keys + k->off[c], k->slen[c],
			                            k->keys + k->off[c] + k->slen[c], k->ilen[c]);
	}
	uint32_t ncam = g.n;
	uint64_t *cnt = calloc((size_t)nt * 2 * ncam + 1, sizeof *cnt);
	n_tp = calloc(ncam + 1, sizeof *n_tp);
	n_fp = calloc(ncam + 1, sizeof *n_fp);
	uint64_t *start = calloc(ncam + 1, sizeof *start);
	if (!cnt || !n_tp || !n_fp || !start)
		return 1;
	uint64_t total = 0, tp = 0;
	for (int t = 0; t < nt; t++)
		for (size_t i = 0; i < w[t].n; i++) {
			uint32_t v = w[t].cam[i], c = w[t].global[v & ~THEFT];
			cnt[((size_t)t * ncam + c) * 2 + (v & THEFT ? 0 : 1)]++;
		}
	for (uint32_t c = 0; c < ncam; c++) {
		start[c] = total;
		uint64_t pos_tp = total, pos_fp;
		for (int t = 0; t < nt; t++)
			n_tp[c] += (uint32_t)cnt[((size_t)t * ncam + c) * 2];
		pos_fp = total + n_tp[c];
		for (int t = 0; t < nt; t++) {
			uint64_t a = cnt[((size_t)t * ncam + c) * 2], b = cnt[((size_t)t * ncam + c) * 2 + 1];
			cnt[((size_t)t * ncam + c) * 2] = pos_tp;
			cnt[((size_t)t * ncam + c) * 2 + 1] = pos_fp;
			pos_tp += a;
			pos_fp += b;
			n_fp[c] += (uint32_t)b;
		}
		total += (uint64_t)n_tp[c] + n_fp[c];
		tp += n_tp[c];
	}
	double *scores = xrealloc(NULL, total * sizeof *scores);
	group_job job[MAX_THREADS];
	for (int t = 0; t < nt; t++) {
		w[t].cursor = cnt + (size_t)t * ncam * 2;
		job[t] = (group_job){.w = &w[t], .scores = scores};
	}
	for (int t = 1; t < nt; t++)
		pthread_create(&tid[t], NULL, scatter_part, &job[t]);
	scatter_part(&job[0]);
	for (int t = 1; t < nt; t++)
		pthread_join(tid[t], NULL);

	/* sort and count, cameras split by alerts */
	uint32_t c0 = 0;
	uint64_t seen = 0;
	for (int t = 0; t < nt; t++) {
		uint32_t c1 = c0;
		uint64_t goal = total / (uint64_t)nt * (uint64_t)(t + 1);
		while (c1 < ncam && (t + 1 == nt || seen < goal))
			seen += (uint64_t)n_tp[c1] + n_fp[c1], c1++;
		job[t] = (group_job){.scores = scores, .start = start, .n_tp = n_tp, .n_fp = n_fp,
		                     .first = c0, .last = c1};
		c0 = c1;
	}
	for (int t = 1; t < nt; t++)
		pthread_create(&tid[t], NULL, sort_cameras, &job[t]);
	sort_cameras(&job[0]);
	uint64_t below = job[0].fp_below;
	for (int t = 1; t < nt; t++) {
		pthread_join(tid[t], NULL);
		below += job[t].fp_below;
	}
	double t1 = now();
	printf("alerts=%llu cameras=%u tp=%llu fp=%llu fp_below=%llu seconds=%.4f\n",
	       (unsigned long long)total, ncam, (unsigned long long)tp,
	       (unsigned long long)(total - tp), (unsigned long long)below, t1 - t0);
	for (int t = 0; t < nt; t++) {
		keytab_free(&w[t].cams);
		free(w[t].global);
	}
	keytab_free(&g);
	free(cnt);
	free(n_tp);
	free(n_fp);
	free(start);
	free(scores);
	return 0;
}
