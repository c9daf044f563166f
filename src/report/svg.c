/* svg.c -- the pictures (see svg.h): round axis ticks, a path builder that
 * drops sub-pixel detail, the camera staircase, the fleet frontier and the
 * index page. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/curve.h"
#include "report/report.h"
#include "report/svg.h"

/* ---- ticks ----------------------------------------------------------------- */

ct_ticks ct_ticks_linear(double min, double max, int max_ticks, bool integral)
{
	ct_ticks t = {0};
	if (max_ticks < 2)
		max_ticks = 2;
	if (!isfinite(min) || !isfinite(max)) {
		min = 0;
		max = 1;
	}
	if (max < min)
		max = min;
	if (max == min) {
		/* A flat range: open it around the value. */
		double pad = min == 0 ? 1 : fabs(min) * 0.1;
		if (integral && pad < 1)
			pad = 1;
		if (min >= 0 && min - pad < 0)
			min = 0;
		else
			min -= pad;
		max += pad;
	}
	/* The smallest round step (1, 2 or 5 times a power of ten) that needs
	 * at most max_ticks ticks: the tightest round axis around the data.
	 * Start one decade below the step that would give max_ticks ticks. */
	static const double mult[] = {1, 2, 5};
	double e = pow(10, floor(log10((max - min) / (max_ticks - 1))) - 1);
	double step = 0, lo = 0, hi = 0;
	for (int tries = 0; tries < 12; tries++) {
		step = mult[tries % 3] * e * pow(10, tries / 3);
		if (integral && step < 1)
			continue;
		/* The tolerance keeps 0.6 / 0.2 = 2.9999999999999996 from
		 * adding a tick. */
		lo = floor(min / step + 1e-9) * step;
		hi = ceil(max / step - 1e-9) * step;
		if (hi <= lo)
			hi = lo + step;
		if (llround((hi - lo) / step) + 1 <= max_ticks)
			break;
	}
	t.lo = lo;
	t.hi = hi;
	t.step = step;
	t.n = (int)llround((t.hi - t.lo) / step) + 1;
	int ex = (int)floor(log10(step) + 1e-9);
	t.decimals = ex < 0 ? -ex : 0;
	t.log = false;
	return t;
}

ct_ticks ct_ticks_log(double max)
{
	ct_ticks t = {0};
	int e = max > 10 ? (int)ceil(log10(max) - 1e-12) : 1;
	t.lo = 0;
	t.hi = pow(10, e);
	t.step = 10;
	t.n = e + 2; /* 0, then 1, 10, ..., 10^e */
	t.decimals = 0;
	t.log = true;
	return t;
}

double ct_tick_value(const ct_ticks *t, int i)
{
	if (t->log)
		return i == 0 ? 0 : pow(10, i - 1);
	if (i == t->n - 1)
		return t->hi;
	return t->lo + i * t->step;
}

char *ct_format_count(unsigned long long v, char *buf, size_t len)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", v);
	char out[48];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	snprintf(buf, len, "%s", out);
	return buf;
}

char *ct_tick_label(const ct_ticks *t, int i, char *buf, size_t len)
{
	double v = ct_tick_value(t, i);
	if (t->decimals > 0) {
		snprintf(buf, len, "%.*f", t->decimals, v);
		/* "-0.0" reads oddly on an axis */
		if (strspn(buf, "-0.") == strlen(buf) && buf[0] == '-')
			memmove(buf, buf + 1, strlen(buf));
		return buf;
	}
	double r = nearbyint(v);
	if (r < 0) {
		char tmp[48];
		ct_format_count((unsigned long long)llround(-r), tmp, sizeof tmp);
		snprintf(buf, len, "-%s", tmp);
	} else {
		ct_format_count((unsigned long long)llround(r), buf, len);
	}
	return buf;
}

/* ---- escaping ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), 0 when invalid.  XML
 * also forbids most control characters, checked by the caller. */
static int utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	int n;
	unsigned min;
	uint32_t cp;
	if ((c & 0xE0) == 0xC0) {
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)
	    || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return n;
}

void ct_svg_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			p++;
			continue;
		case '<':
			fputs("&lt;", f);
			p++;
			continue;
		case '>':
			fputs("&gt;", f);
			p++;
			continue;
		case '"':
			fputs("&quot;", f);
			p++;
			continue;
		case '\'':
			fputs("&#39;", f);
			p++;
			continue;
		default:
			break;
		}
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			fputs("\xEF\xBF\xBD", f); /* not allowed in XML 1.0 */
			p++;
			continue;
		}
		int n = utf8_len(p);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", f);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t)n, f);
		p += n;
	}
}

/* printf, then escape the result: for text built from data. */
static void text_printf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void text_printf(FILE *f, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ct_svg_escape(f, buf);
}

/* FNV-1a over the exact store, a separator byte, the camera id and the
 * salt: stable from run to run and version to version, as people keep
 * links to the pictures (so not the dataset's table hash, free to change). */
static uint32_t name_hash(const ct_camera *c, unsigned salt)
{
	uint32_t h = 2166136261u;
	for (const char *p = c->store; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (const char *p = c->camera_id; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	for (; salt; salt >>= 8)
		h = (h ^ (salt & 0xffu)) * 16777619u;
	return h;
}

char *ct_svg_file_name(const ct_camera *c, int salt)
{
	size_t n = strlen(c->store) + strlen(c->camera_id) + sizeof "_cam.svg";
	size_t cap = n + sizeof "-12345678"; /* room for the hash */
	char *name = malloc(cap);
	if (!name)
		return NULL;
	snprintf(name, cap, "%s_cam%s.svg", c->store, c->camera_id);
	size_t stem = n - sizeof ".svg";
	for (size_t i = 0; i < stem; i++) {
		char ch = name[i];
		bool fine = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
		            || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'
		            || ch == '-';
		if (!fine)
			name[i] = '_';
	}
	/* A leading dot would hide the file. */
	if (name[0] == '.')
		name[0] = '_';
	if (salt < 0 && n - 1 <= CT_SVG_NAME_MAX)
		return name;
	/* "<stem>-<8 hex>.svg", the stem cut so that the whole fits. */
	size_t room = CT_SVG_NAME_MAX - (sizeof "-12345678.svg" - 1);
	if (stem > room)
		stem = room;
	snprintf(name + stem, cap - stem, "-%08x.svg",
	         (unsigned)name_hash(c, salt < 0 ? 0 : (unsigned)salt));
	return name;
}

/* ---- frame: the plot area and its axes --------------------------------------- */

enum { WIDTH = 680, HEIGHT = 440 };

typedef struct frame {
	double x0, y0, w, h; /* plot area in pixels, y0 at the top */
	ct_ticks xt, yt;
} frame;

/* A plot area whose top is at pixel row top; the axis labels take the 56
 * rows below it. */
static frame frame_make(ct_ticks xt, ct_ticks yt, double top)
{
	frame fr = {.x0 = 78, .y0 = top, .w = WIDTH - 78 - 36, .h = HEIGHT - 62 - 56,
	            .xt = xt, .yt = yt};
	return fr;
}

/* Share of a log axis below the tick 1, where 0 sits. */
#define LOG_ZERO_BAND 0.08

static double axis_frac(const ct_ticks *t, double v)
{
	if (t->log) {
		/* Counts: 0 gets its own place below 1, so a drop to 0 FP shows. */
		if (v < 1)
			return 0;
		return LOG_ZERO_BAND + (1 - LOG_ZERO_BAND) * log10(v) / log10(t->hi);
	}
	return (v - t->lo) / (t->hi - t->lo);
}

static double px(const frame *fr, double x)
{
	return fr->x0 + axis_frac(&fr->xt, x) * fr->w;
}

static double py(const frame *fr, double y)
{
	return fr->y0 + fr->h - axis_frac(&fr->yt, y) * fr->h;
}

static void svg_begin(FILE *f, const char *title, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	           "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	           "font-size=\"12\">\n",
	        WIDTH, height, WIDTH, height);
	fputs("<title>", f);
	ct_svg_escape(f, title);
	fputs("</title>\n", f);
	fputs("<style>\n"
	      ".grid{stroke:#e3e3e3;stroke-width:1}\n"
	      ".axis{fill:none;stroke:#444;stroke-width:1}\n"
	      ".tick{fill:#333}\n"
	      ".label{fill:#111;font-size:13px}\n"
	      ".title{fill:#000;font-size:15px;font-weight:bold}\n"
	      ".subtitle{fill:#333;font-size:12.5px}\n"
	      ".note{fill:#555;font-size:11.5px}\n"
	      ".note,.pointlabel{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\n"
	      ".curve{fill:none;stroke:#1f5fa8;stroke-width:1.8;stroke-linejoin:round}\n"
	      ".point{fill:#d62728;stroke:#fff;stroke-width:1.5}\n"
	      ".pointlabel{fill:#b01818;font-size:12px}\n"
	      ".target{stroke:#777;stroke-width:1.2;stroke-dasharray:5,4}\n"
	      ".frontier{fill:none;stroke-width:1.8;stroke-linejoin:round}\n"
	      "</style>\n", f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", WIDTH, height);
}

static void draw_axes(FILE *f, const frame *fr, const char *xlabel,
                      const char *ylabel)
{
	char buf[64];
	fputs("<g class=\"axes\">\n", f);
	for (int i = 0; i < fr->xt.n; i++) {
		double x = px(fr, ct_tick_value(&fr->xt, i));
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        x, fr->y0, x, fr->y0 + fr->h);
		fprintf(f, "<text class=\"tick xtick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
		        x, fr->y0 + fr->h + 17, ct_tick_label(&fr->xt, i, buf, sizeof buf));
	}
	for (int i = 0; i < fr->yt.n; i++) {
		double y = py(fr, ct_tick_value(&fr->yt, i));
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        fr->x0, y, fr->x0 + fr->w, y);
		fprintf(f, "<text class=\"tick ytick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
		        fr->x0 - 7, y + 4, ct_tick_label(&fr->yt, i, buf, sizeof buf));
	}
	fprintf(f, "<rect class=\"axis\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
	        fr->x0, fr->y0, fr->w, fr->h);
	fprintf(f, "<text class=\"label xlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
	        fr->x0 + fr->w / 2, fr->y0 + fr->h + 40);
	ct_svg_escape(f, xlabel);
	fputs("</text>\n", f);
	fprintf(f, "<text class=\"label ylabel\" x=\"0\" y=\"0\" text-anchor=\"middle\" "
	           "transform=\"translate(18 %.1f) rotate(-90)\">",
	        fr->y0 + fr->h / 2);
	ct_svg_escape(f, ylabel);
	fputs("</text>\n</g>\n", f);
}

static void draw_title(FILE *f, const char *title, const char *subtitle)
{
	fputs("<text class=\"title\" x=\"16\" y=\"24\">", f);
	ct_svg_escape(f, title);
	fputs("</text>\n<text class=\"subtitle\" x=\"16\" y=\"44\">", f);
	ct_svg_escape(f, subtitle);
	fputs("</text>\n", f);
}

/* ---- paths --------------------------------------------------------------------- */

/* A polyline in pixels.  Points closer than half a pixel horizontally are
 * put in the same column and runs along one line are merged, so a camera
 * with 100 k alerts still makes a small file that draws the same. */
typedef struct path {
	double *xy;
	size_t n, cap;
	bool oom;
} path;

static void path_add(path *p, double x, double y)
{
	if (p->oom)
		return;
	x = round(x * 10) / 10;
	y = round(y * 10) / 10;
	if (p->n > 0) {
		double lx = p->xy[2 * (p->n - 1)], ly = p->xy[2 * (p->n - 1) + 1];
		if (fabs(x - lx) < 0.5)
			x = lx;
		if (x == lx && y == ly)
			return;
		if (p->n > 1) {
			double qx = p->xy[2 * (p->n - 2)], qy = p->xy[2 * (p->n - 2) + 1];
			if ((qx == lx && lx == x) || (qy == ly && ly == y)) {
				p->xy[2 * (p->n - 1)] = x;
				p->xy[2 * (p->n - 1) + 1] = y;
				return;
			}
		}
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		double *v = realloc(p->xy, 2 * cap * sizeof *v);
		if (!v) {
			p->oom = true;
			return;
		}
		p->xy = v;
		p->cap = cap;
	}
	p->xy[2 * p->n] = x;
	p->xy[2 * p->n + 1] = y;
	p->n++;
}

static void path_write(FILE *f, const path *p, const char *cls, const char *extra)
{
	if (p->n == 0)
		return;
	fprintf(f, "<path class=\"%s\"%s d=\"", cls, extra ? extra : "");
	for (size_t i = 0; i < p->n; i++)
		fprintf(f, "%s%c%.1f %.1f", i && i % 8 == 0 ? "\n" : i ? " " : "",
		        i ? 'L' : 'M', p->xy[2 * i], p->xy[2 * i + 1]);
	fputs("\"/>\n", f);
}

static void path_free(path *p)
{
	free(p->xy);
	memset(p, 0, sizeof *p);
}

/* ---- one camera ----------------------------------------------------------------- */

/* A camera's AUC as the report words it: withheld below 5 thefts, with
 * its 95 % interval otherwise. */
static void format_auc(char *buf, size_t len, const ct_camera_stats *st)
{
	if (st->auc_withheld)
		snprintf(buf, len, "\u2013 (withheld: fewer than %d thefts)", CT_AUC_MIN_THEFTS);
	else if (isnan(st->auc))
		snprintf(buf, len, "n/a");
	else if (isnan(st->auc_ci.lo))
		snprintf(buf, len, "%.3f", st->auc);
	else
		snprintf(buf, len, "%.3f (95%%: %.3f\u2013%.3f)", st->auc, st->auc_ci.lo, st->auc_ci.hi);
}

/* Operating-point label: the threshold readable, its exact value in a
 * tooltip. */
static void point_marker(FILE *f, const frame *fr, double x, double y,
                         double threshold, bool muted, const char *line2,
                         const char *source)
{
	char exact[40];
	snprintf(exact, sizeof exact, "%.17g", threshold);
	double cx = px(fr, x), cy = py(fr, y);
	fprintf(f, "<g class=\"operating-point\">\n<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\">"
	           "<title>threshold %s</title></circle>\n", cx, cy, exact);
	/* The label block sits above the point, or below it when there is
	 * no room, on the side of the picture with room. */
	int lines = source && *source ? 3 : 2;
	bool left = cx > fr->x0 + fr->w * 0.6;
	double lx = left ? cx - 10 : cx + 10;
	double first = cy - 12 - 14.0 * (lines - 1);
	if (first - 12 < fr->y0)
		first = cy + 22;
	const char *anchor = left ? "end" : "start";
	fprintf(f, "<text class=\"pointlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
	        lx, first, anchor);
	if (muted)
		text_printf(f, "muted: threshold %.6g", threshold);
	else
		text_printf(f, "threshold %.6g", threshold);
	fprintf(f, "</text>\n<text class=\"pointlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
	        lx, first + 14, anchor);
	ct_svg_escape(f, line2);
	fputs("</text>\n", f);
	if (lines == 3) {
		fprintf(f, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">(",
		        lx, first + 28, anchor);
		ct_svg_escape(f, source);
		fputs(")</text>\n", f);
	}
	fputs("</g>\n", f);
}

static void note_lines(FILE *f, double x, double y, const char *anchor,
                       const char *const *lines, int n)
{
	for (int i = 0; i < n; i++) {
		if (!lines[i])
			continue;
		fprintf(f, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
		        x, y + 15 * i, anchor);
		ct_svg_escape(f, lines[i]);
		fputs("</text>\n", f);
	}
}

static int camera_with_thefts(FILE *f, const ct_camera_plot *p, frame *fr)
{
	const ct_camera *c = p->cam;
	const ct_camera_stats *st = p->stats;
	ct_point *pts = malloc((2 * (size_t)c->n_tp + 2) * sizeof *pts);
	if (!pts)
		return -1;
	size_t n = ct_camera_recall_steps(c, pts);
	draw_axes(f, fr, "recall (share of thefts kept)",
	          p->log_fp ? "FP kept (log scale)" : "FP kept");
	path pa = {0};
	for (size_t i = 0; i < n; i++)
		path_add(&pa, px(fr, pts[i].x), py(fr, pts[i].y));
	free(pts);
	if (pa.oom) {
		path_free(&pa);
		return -1;
	}
	path_write(f, &pa, "curve", NULL);
	path_free(&pa);

	char l1[160], l2[160], a[32], b[32];
	snprintf(l1, sizeof l1, "%s FP below the lowest theft (%.4g): no theft in the history",
	         ct_format_count(st->free_fp, a, sizeof a), st->free_threshold);
	const ct_recall_point *r90 = &st->at[CT_RECALL_90];
	snprintf(l2, sizeof l2, "recall \u2265 90%%: %s FP kept (threshold %.4g)",
	         ct_format_count(r90->fp_kept, b, sizeof b), r90->threshold);
	const char *lines[] = {l1, l2};
	note_lines(f, fr->x0 + 10, fr->y0 + 18, "start", lines, 2);

	if (p->has_point) {
		ct_kept k = ct_camera_kept(c, p->threshold);
		bool muted = k.tp_kept == 0 && k.fp_kept == 0;
		char line2[160];
		snprintf(line2, sizeof line2, "recall %.3f \u00b7 %s FP kept", (double)k.tp_kept / c->n_tp,
		         ct_format_count(k.fp_kept, a, sizeof a));
		point_marker(f, fr, (double)k.tp_kept / c->n_tp, k.fp_kept, p->threshold,
		             muted, line2, p->point_source);
	}
	return 0;
}

static int camera_without_thefts(FILE *f, const ct_camera_plot *p, frame *fr)
{
	const ct_camera *c = p->cam;
	char a[32];
	draw_axes(f, fr, "threshold (alerts kept when probability \u2265 threshold)",
	          p->log_fp ? "FP kept (log scale)" : "FP kept");
	path pa = {0};
	uint32_t n = c->n_fp;
	path_add(&pa, px(fr, fr->xt.lo), py(fr, n));
	for (uint32_t i = 0; i < n;) {
		double v = c->fp[i];
		uint32_t j = i;
		while (j < n && c->fp[j] == v)
			j++;
		/* FP kept is n - i up to v, then n - j just above it. */
		path_add(&pa, px(fr, v), py(fr, n - i));
		path_add(&pa, px(fr, v), py(fr, n - j));
		i = j;
	}
	path_add(&pa, px(fr, fr->xt.hi), py(fr, 0));
	if (pa.oom) {
		path_free(&pa);
		return -1;
	}
	path_write(f, &pa, "curve", NULL);
	path_free(&pa);

	char l1[160], l2[256];
	snprintf(l1, sizeof l1, "no thefts on this camera: recall is undefined");
	char hist[160];
	ct_history_no_theft(hist, sizeof hist, n, NAN);
	snprintf(l2, sizeof l2, "muting it removes all %s FP: %s", ct_format_count(n, a, sizeof a),
	         hist);
	const char *lines[] = {l1, l2};
	note_lines(f, fr->x0 + fr->w - 10, fr->y0 + 18, "end", lines, 2);

	if (p->has_point) {
		ct_kept k = ct_camera_kept(c, p->threshold);
		char line2[160];
		snprintf(line2, sizeof line2, "%s FP kept", ct_format_count(k.fp_kept, a, sizeof a));
		double x = p->threshold;
		if (x > fr->xt.hi)
			x = fr->xt.hi;
		if (x < fr->xt.lo)
			x = fr->xt.lo;
		point_marker(f, fr, x, k.fp_kept, p->threshold, k.fp_kept == 0, line2,
		             p->point_source);
	}
	return 0;
}

int ct_svg_camera(FILE *f, const ct_camera_plot *p)
{
	const ct_camera *c = p->cam;
	const ct_camera_stats *st = p->stats;
	char title[512], sub[320], a[32], b[32], fp[32], auc[64];
	snprintf(title, sizeof title, "%s \u00b7 camera %s", c->store, c->camera_id);
	format_auc(auc, sizeof auc, st);
	snprintf(sub, sizeof sub, "alerts %s \u00b7 TP %s%s \u00b7 FP %s \u00b7 AUC %s%s",
	         ct_format_count(st->alerts, a, sizeof a), ct_format_count(st->tp, b, sizeof b),
	         st->few_thefts ? CT_FEW_MARK : "", ct_format_count(st->fp, fp, sizeof fp), auc,
	         st->few_thefts ? " \u00b7 " CT_FEW_MARK " fewer than 20 thefts: noisy" : "");

	ct_ticks yt = p->log_fp ? ct_ticks_log(c->n_fp) : ct_ticks_linear(0, c->n_fp, 8, true);
	ct_ticks xt;
	if (c->n_tp > 0) {
		xt = ct_ticks_linear(0, 1, 6, false);
	} else {
		double lo = c->n_fp ? c->fp[0] : 0, hi = c->n_fp ? c->fp[c->n_fp - 1] : 1;
		if (p->has_point && isfinite(p->threshold)) {
			/* Show the operating point, unless it is far off the data. */
			double span = hi - lo > 0 ? hi - lo : 1;
			if (p->threshold > hi && p->threshold < hi + span)
				hi = p->threshold;
			if (p->threshold < lo && p->threshold > lo - span)
				lo = p->threshold;
		}
		xt = ct_ticks_linear(lo, hi, 8, false);
	}
	frame fr = frame_make(xt, yt, 62);

	char doc_title[900];
	snprintf(doc_title, sizeof doc_title, "%s \u2014 %s", title, sub);
	svg_begin(f, doc_title, HEIGHT);
	draw_title(f, title, sub);
	int rc = c->n_tp > 0 ? camera_with_thefts(f, p, &fr) : camera_without_thefts(f, p, &fr);
	fputs("</svg>\n", f);
	if (rc != 0 || ferror(f))
		return -1;
	return 0;
}

/* ---- the frontier ----------------------------------------------------------------- */

static const char *strategy_colour(ct_strategy s)
{
	switch (s) {
	case CT_EXACT:
		return "#1f5fa8";
	case CT_HULL:
		return "#2ca02c";
	case CT_UNIFORM:
		return "#d62728";
	case CT_GREEDY:
		return "#ff7f0e";
	case CT_LAZY:
	default:
		return "#8c564b";
	}
}

/* Fewest thefts a frontier loses to reach the target; -1 when it cannot. */
static long frontier_cost(const ct_frontier *fr, double target)
{
	for (size_t k = 0; k < fr->n; k++)
		if ((double)fr->fp_saved[k] >= target)
			return (long)k;
	return -1;
}

static void format_target(char *buf, size_t len, double target)
{
	if (target == floor(target) && target < 1e15) {
		ct_format_count((unsigned long long)target, buf, len);
	} else {
		char whole[40];
		ct_format_count((unsigned long long)floor(target), whole, sizeof whole);
		/* "26,403" + ".40" */
		int cents = (int)llround((target - floor(target)) * 100);
		if (cents > 99)
			cents = 99;
		snprintf(buf, len, "%.30s.%02d", whole, cents);
	}
}

/* One panel of the frontier picture: every strategy's staircase, clipped
 * to the plot area, and the target line. */
static int frontier_panel(FILE *f, const ct_frontier_plot *p, const frame *fr,
                          const char *clip_id, bool mark_target, double label_y)
{
	char buf[256], tv[48];
	draw_axes(f, fr, "FP saved (alerts removed that were not thefts)",
	          "TP lost (thefts no longer alerted)");
	fprintf(f, "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
	           "</clipPath>\n<g clip-path=\"url(#%s)\">\n",
	        clip_id, fr->x0 - 2, fr->y0 - 2, fr->w + 4, fr->h + 4, clip_id);
	/* Draw the naive strategies first, exact last, so it stays on top. */
	static const ct_strategy order[] = {CT_LAZY, CT_GREEDY, CT_UNIFORM, CT_HULL, CT_EXACT};
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		for (size_t s = 0; s < p->n_frontiers; s++) {
			const ct_frontier *fro = &p->frontiers[s];
			if (fro->strategy != order[o] || fro->n == 0)
				continue;
			path pa = {0};
			uint64_t best = 0;
			path_add(&pa, px(fr, 0), py(fr, 0));
			for (size_t k = 0; k < fro->n; k++) {
				/* "most FP saved losing at most k": never decreasing */
				if (fro->fp_saved[k] > best)
					best = fro->fp_saved[k];
				path_add(&pa, px(fr, (double)best), py(fr, (double)k));
				if (k + 1 < fro->n)
					path_add(&pa, px(fr, (double)best), py(fr, (double)(k + 1)));
				/* Past the top of the panel nothing more shows. */
				if ((double)k > fr->yt.hi)
					break;
			}
			if (pa.oom) {
				path_free(&pa);
				return -1;
			}
			char extra[160];
			snprintf(extra, sizeof extra, " stroke=\"%s\" data-strategy=\"%s\"%s",
			         strategy_colour(fro->strategy), ct_strategy_name(fro->strategy),
			         fro->strategy == CT_HULL ? " stroke-dasharray=\"6,3\"" : "");
			path_write(f, &pa, "frontier", extra);
			path_free(&pa);
		}
	}
	fputs("</g>\n", f);

	if (!(isfinite(p->target) && p->target >= 0))
		return 0;
	double x = px(fr, p->target);
	if (x > fr->x0 + fr->w)
		x = fr->x0 + fr->w;
	fprintf(f, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x,
	        fr->y0, x, fr->y0 + fr->h);
	bool right = x < fr->x0 + fr->w * 0.7;
	format_target(tv, sizeof tv, p->target);
	snprintf(buf, sizeof buf, "target: %s FP saved%s%s%s", tv, p->target_text ? " (" : "",
	         p->target_text ? p->target_text : "", p->target_text ? ")" : "");
	fprintf(f, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
	        right ? x + 5 : x - 5, label_y, right ? "start" : "end");
	ct_svg_escape(f, buf);
	fputs("</text>\n", f);
	if (!mark_target)
		return 0;
	/* Where each strategy meets the target; the first (exact) on top. */
	for (size_t s = p->n_frontiers; s-- > 0;) {
		long k = frontier_cost(&p->frontiers[s], p->target);
		if (k < 0 || (double)k > fr->yt.hi)
			continue;
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#fff\" "
		           "stroke-width=\"1\"><title>%s: %ld TP lost at the target</title></circle>\n",
		        x, py(fr, (double)k), strategy_colour(p->frontiers[s].strategy),
		        ct_strategy_name(p->frontiers[s].strategy), k);
	}
	return 0;
}

static void frontier_legend(FILE *f, const ct_frontier_plot *p, const frame *fr)
{
	char a[32], buf[256];
	double lx = fr->x0 + 10, ly = fr->y0 + 10;
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"250\" height=\"%.1f\" fill=\"#fff\" "
	           "fill-opacity=\"0.92\" stroke=\"#ccc\"/>\n",
	        lx, ly, 10 + 17 * (double)p->n_frontiers);
	for (size_t s = 0; s < p->n_frontiers; s++) {
		const ct_frontier *fro = &p->frontiers[s];
		double y = ly + 19 + 17 * (double)s;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		           "stroke-width=\"2.5\"%s/>\n",
		        lx + 8, y - 4, lx + 30, y - 4, strategy_colour(fro->strategy),
		        fro->strategy == CT_HULL ? " stroke-dasharray=\"6,3\"" : "");
		fprintf(f, "<text class=\"note legend\" x=\"%.1f\" y=\"%.1f\">", lx + 36, y);
		long k = isfinite(p->target) ? frontier_cost(fro, p->target) : -2;
		if (k >= 0)
			snprintf(buf, sizeof buf, "%s: %s TP lost at the target",
			         ct_strategy_name(fro->strategy),
			         ct_format_count((unsigned long long)k, a, sizeof a));
		else if (k == -1)
			snprintf(buf, sizeof buf, "%s: cannot reach the target",
			         ct_strategy_name(fro->strategy));
		else
			snprintf(buf, sizeof buf, "%s", ct_strategy_name(fro->strategy));
		ct_svg_escape(f, buf);
		fputs("</text>\n", f);
	}
}

int ct_svg_frontier(FILE *f, const ct_frontier_plot *p)
{
	char a[32], b[32], c[48];
	/* Top: the whole trade-off.  Bottom: a zoom on the region around the
	 * target, where the strategies differ and analysts choose. */
	ct_ticks xt = ct_ticks_linear(0, (double)p->baseline_fp, 9, true);
	ct_ticks yt = ct_ticks_linear(0, (double)p->baseline_tp, 8, true);
	frame top = frame_make(xt, yt, 62);

	bool has_target = isfinite(p->target) && p->target >= 0;
	double zx = has_target ? 2 * p->target : 0.5 * (double)p->baseline_fp;
	if (zx > (double)p->baseline_fp)
		zx = (double)p->baseline_fp;
	if (zx < 1)
		zx = 1;
	/* Twice what the best strategy pays there: the good strategies show
	 * in detail, the poor ones leave through the top. */
	long zy = -1;
	for (size_t s = 0; s < p->n_frontiers; s++) {
		long k = frontier_cost(&p->frontiers[s], zx);
		if (k >= 0 && (zy < 0 || k < zy))
			zy = k;
	}
	zy = zy < 0 ? (long)p->baseline_tp : 2 * zy;
	if (zy < 10)
		zy = 10;
	ct_ticks zxt = ct_ticks_linear(0, zx, 9, true);
	ct_ticks zyt = ct_ticks_linear(0, (double)zy, 8, true);
	enum { ZOOM_TOP = HEIGHT + 52 };
	frame zoom = frame_make(zxt, zyt, ZOOM_TOP);

	char title[160], sub[256];
	snprintf(title, sizeof title, "Fleet trade-off: thefts lost against FP saved");
	snprintf(sub, sizeof sub, "%s%sbaseline TP %s \u00b7 FP %s",
	         p->source ? p->source : "", p->source ? " \u00b7 " : "",
	         ct_format_count(p->baseline_tp, a, sizeof a),
	         ct_format_count(p->baseline_fp, b, sizeof b));
	svg_begin(f, title, ZOOM_TOP + HEIGHT - 62);
	draw_title(f, title, sub);
	/* Target label below the legend box. */
	if (frontier_panel(f, p, &top, "clip-all", false,
	                   top.y0 + 10 + 10 + 17 * (double)p->n_frontiers + 16) != 0)
		return -1;
	frontier_legend(f, p, &top);

	fprintf(f, "<text class=\"subtitle\" x=\"16\" y=\"%d\">", ZOOM_TOP - 14);
	format_target(c, sizeof c, zx);
	char zsub[160];
	snprintf(zsub, sizeof zsub, "Zoom: FP saved up to %s%s", c,
	         has_target ? " (twice the target)" : " (half of baseline FP)");
	ct_svg_escape(f, zsub);
	fputs("</text>\n", f);
	if (frontier_panel(f, p, &zoom, "clip-zoom", true, zoom.y0 + 16) != 0)
		return -1;
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- the index page ------------------------------------------------------------- */

static void html_double(FILE *f, double v, const char *fmt)
{
	if (isnan(v))
		fputs("n/a", f);
	else
		fprintf(f, fmt, v);
}

int ct_html_index(FILE *f, const ct_index_page *p)
{
	char a[32];
	const ct_fleet_stats *fl = p->fleet;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>camtune: ", f);
	ct_svg_escape(f, p->source ? p->source : "cameras");
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1.5em;color:#111}\n"
	      "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}\n"
	      "th{border-bottom:1px solid #999}\n"
	      ".cams{display:flex;flex-wrap:wrap;gap:12px}\n"
	      "figure{margin:0;border:1px solid #ddd;padding:6px;background:#fff}\n"
	      "figure img{width:510px;height:330px;display:block}\n"
	      "figcaption{font-size:13px;max-width:510px}\n"
	      ".verdict{max-width:60em}\n"
	      "</style>\n</head>\n<body>\n<h1>camtune: ", f);
	ct_svg_escape(f, p->source ? p->source : "cameras");
	fputs("</h1>\n", f);
	if (fl) {
		fputs("<table>\n<tr><th>cameras</th><th>with thefts</th><th>alerts</th>"
		      "<th>TP</th><th>FP</th><th>FP below the lowest theft (no theft in the history)</th>"
		      "<th>AUC mean</th><th>AUC sd</th>"
		      "<th>AUC 95 % interval &#8804; 0.5</th><th>fewer than 20 thefts</th>"
		      "<th>verdict</th></tr>\n<tr>", f);
		fprintf(f, "<td>%s</td>", ct_format_count(fl->n_cameras, a, sizeof a));
		fprintf(f, "<td>%s</td>", ct_format_count(fl->n_with_theft, a, sizeof a));
		fprintf(f, "<td>%s</td>", ct_format_count(fl->alerts, a, sizeof a));
		fprintf(f, "<td>%s</td>", ct_format_count(fl->tp, a, sizeof a));
		fprintf(f, "<td>%s</td>", ct_format_count(fl->fp, a, sizeof a));
		fprintf(f, "<td>%s</td><td>", ct_format_count(fl->free_fp, a, sizeof a));
		html_double(f, fl->auc_mean, "%.3f");
		fputs("</td><td>", f);
		html_double(f, fl->auc_sd, "%.3f");
		fprintf(f, "</td><td>%s</td>", ct_format_count(fl->n_chance, a, sizeof a));
		fprintf(f, "<td>%s</td><td>%s</td></tr>\n</table>\n",
		        ct_format_count(fl->n_few_thefts, a, sizeof a),
		        ct_report_verdict_title(fl->verdict.level));
		char *verdict = ct_report_verdict_text(fl);
		if (!verdict)
			return -1;
		fputs("<p class=\"verdict\"><b>Verdict: ", f);
		ct_svg_escape(f, ct_report_verdict_title(fl->verdict.level));
		fputs(".</b> ", f);
		ct_svg_escape(f, verdict);
		fputs("</p>\n", f);
		free(verdict);
	}
	if (p->frontier_file) {
		fputs("<h2>Fleet trade-off</h2>\n<p><img src=\"", f);
		ct_svg_escape(f, p->frontier_file);
		fputs("\" alt=\"fleet frontier\" style=\"max-width:100%\"></p>\n", f);
	}
	if (p->n_total > p->n_cameras) {
		char b[32];
		fprintf(f, "<h2>The %s cameras with the most FP, of %s</h2>\n<p>Only their pictures "
		           "were written (camtune plot --top N for another number, --all for every "
		           "camera).</p>\n", ct_format_count(p->n_cameras, a, sizeof a),
		        ct_format_count(p->n_total, b, sizeof b));
	} else {
		fputs("<h2>Cameras, most FP first</h2>\n", f);
	}
	if (p->point_source) {
		fputs("<p>Operating points: ", f);
		ct_svg_escape(f, p->point_source);
		fputs(".</p>\n", f);
	}
	fputs("<div class=\"cams\">\n", f);
	for (size_t i = 0; i < p->n_cameras; i++) {
		const ct_index_camera *e = &p->cameras[i];
		const ct_camera_stats *st = e->stats;
		fputs("<figure id=\"", f);
		ct_svg_escape(f, e->file);
		fputs("\"><a href=\"", f);
		ct_svg_escape(f, e->file);
		fputs("\"><img loading=\"lazy\" src=\"", f);
		ct_svg_escape(f, e->file);
		fputs("\" alt=\"", f);
		ct_svg_escape(f, e->cam->store);
		fputs(" camera ", f);
		ct_svg_escape(f, e->cam->camera_id);
		fputs("\"></a>\n<figcaption><b>", f);
		ct_svg_escape(f, e->cam->store);
		fputs("</b> camera <b>", f);
		ct_svg_escape(f, e->cam->camera_id);
		fprintf(f, "</b>: alerts %s", ct_format_count(st->alerts, a, sizeof a));
		fprintf(f, ", TP %s%s", ct_format_count(st->tp, a, sizeof a),
		        st->few_thefts ? " " CT_FEW_MARK " (fewer than 20 thefts: noisy)" : "");
		char auc[64];
		format_auc(auc, sizeof auc, st);
		fprintf(f, ", FP %s, AUC ", ct_format_count(st->fp, a, sizeof a));
		ct_svg_escape(f, auc);
		fputs(", AP ", f);
		html_double(f, st->average_precision, "%.3f");
		fprintf(f, ", %s FP below the lowest theft (no theft in the history)",
		        ct_format_count(st->free_fp, a, sizeof a));
		if (st->at[CT_RECALL_90].defined)
			fprintf(f, ", FP kept at recall 90%%: %s",
			        ct_format_count(st->at[CT_RECALL_90].fp_kept, a, sizeof a));
		if (e->has_point) {
			ct_kept k = ct_camera_kept(e->cam, e->threshold);
			fprintf(f, ", operating point %.6g (%s FP kept)", e->threshold,
			        ct_format_count(k.fp_kept, a, sizeof a));
		}
		fputs("</figcaption></figure>\n", f);
	}
	fputs("</div>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
