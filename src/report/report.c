/* report.c -- the uniformity report renderers (text, Markdown, JSON) and
 * the verdict in words (see report.h).  The figures come from
 * core/stats.h; this file only chooses words and layout. */
#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/escape.h"
#include "io/exit.h"
#include "io/thresholds.h"
#include "report/report.h"
#include "report/svg.h"

/* ---- building -------------------------------------------------------------- */

static const ct_camera_stats *sort_stats_;

static int cmp_by_fp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	uint32_t x = sort_stats_[i].fp, y = sort_stats_[j].fp;
	if (x != y)
		return x < y ? 1 : -1;
	return (i > j) - (i < j); /* stable: dataset order */
}

int ct_report_build(ct_report *r, const ct_dataset *ds, const ct_quality *q)
{
	memset(r, 0, sizeof *r);
	r->ds = ds;
	r->quality = q;
	size_t n = ds->n_cameras;
	r->cameras = calloc(n ? n : 1, sizeof *r->cameras);
	r->by_fp = malloc((n ? n : 1) * sizeof *r->by_fp);
	if (!r->cameras || !r->by_fp)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		ct_camera_stats_compute(&ds->cameras[i], &r->cameras[i]);
		r->by_fp[i] = i;
	}
	sort_stats_ = r->cameras;
	qsort(r->by_fp, n, sizeof *r->by_fp, cmp_by_fp);
	sort_stats_ = NULL;
	if (ct_fleet_stats_compute(ds, r->cameras, &r->fleet) != 0 ||
	    ct_stats_expect(ds, r->cameras, &r->fleet) != 0)
		goto oom;
	return 0;
oom:
	ct_report_free(r);
	return -1;
}

void ct_report_free(ct_report *r)
{
	free(r->cameras);
	free(r->by_fp);
	memset(r, 0, sizeof *r);
}

/* ---- the verdict in words ------------------------------------------------------ */

const char *ct_report_verdict_title(ct_verdict_level level)
{
	switch (level) {
	case CT_VERDICT_UNIFORM:
		return "uniform";
	case CT_VERDICT_UNEVEN:
		return "uneven";
	case CT_VERDICT_NOT_UNIFORM:
		return "not uniform";
	case CT_VERDICT_UNDEFINED:
	default:
		return "undefined";
	}
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

bool ct_quality_summary_text(const ct_quality *q, char *buf, size_t len)
{
	char n1[32], n2[32], n3[32];
	if (!q || !q->is_summary)
		return false;
	ct_format_count(q->rows, n1, sizeof n1);
	ct_format_count(q->loaded, n2, sizeof n2);
	if (q->pushed_down) {
		char n4[32], n5[32];
		uint64_t left = 0;
		for (int i = 0; i < CT_N_SKIP; i++)
			left += q->skipped[i].count;
		snprintf(buf, len, "a summary computed by the server (--pushdown): %s rows (camera, "
		         "score) for %s alerts of %s rows read, %s left out; %s bytes received "
		         "(--no-pushdown reads every row and names them)",
		         n1, n2, ct_format_count(q->server_rows, n4, sizeof n4),
		         ct_format_count(left, n5, sizeof n5),
		         ct_format_count(q->bytes_in, n3, sizeof n3));
	} else
		snprintf(buf, len, "a summary: %s rows (camera, score) for %s alerts; it holds no "
		         "data-quality report of the alerts and no alert times", n1, n2);
	if (!q->summary_round_trip) {
		size_t at = strlen(buf);
		snprintf(buf + at, len - at, "; warning: its scores are not declared round-trip "
		         "(a score printed with 15 digits can move a threshold)");
	}
	return true;
}

int ct_history_no_theft(char *buf, size_t len, uint64_t alerts, double expected)
{
	char a[32];
	if (isnan(expected))
		return snprintf(buf, len, "no theft in the history of %s alert%s",
		                ct_format_count(alerts, a, sizeof a), alerts == 1 ? "" : "s");
	return snprintf(buf, len, "no theft in the history of %s alert%s; expected thefts on as "
	                          "many new alerts: %.1f",
	                ct_format_count(alerts, a, sizeof a), alerts == 1 ? "" : "s", expected);
}

char *ct_report_verdict_text(const ct_fleet_stats *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&text, &len);
	if (!o)
		return NULL;
	char a[32], b[32];
	double iqr = f->auc_q3 - f->auc_q1;

	switch (f->verdict.level) {
	case CT_VERDICT_UNDEFINED:
		fprintf(o, "Too few cameras have a defined ROC AUC (%zu; it needs at least one "
		           "theft and one FP on a camera) to say how uniform the model is.",
		        f->n_auc);
		break;
	case CT_VERDICT_UNIFORM:
		fprintf(o, "The model ranks thefts about equally well on every camera: the middle "
		           "half of the %zu cameras with an AUC lies between %.3f and %.3f "
		           "(%.2f wide, at most %.2f) and none is at chance.",
		        f->n_auc, f->auc_q1, f->auc_q3, iqr, CT_VERDICT_IQR_SOME);
		break;
	case CT_VERDICT_UNEVEN:
	case CT_VERDICT_NOT_UNIFORM:
		fprintf(o, "The model is %s across cameras: ",
		        f->verdict.level == CT_VERDICT_UNEVEN ? "uneven" : "not uniform");
		if (f->verdict.why & CT_WHY_CHANCE_SOME)
			fprintf(o, "%zu of %zu cameras judged (%.0f%%) %s thefts no better than chance "
			           "(the AUC's 95%% interval \u2264 0.5) and %s %.1f%% of all FP; ",
			        f->n_chance, f->n_judged, pct(f->n_chance, f->n_judged),
			        f->n_chance == 1 ? "ranks" : "rank", f->n_chance == 1 ? "raises" : "raise",
			        100.0 * f->chance_fp_share);
		else
			fprintf(o, "no camera is surely at chance (the AUC's 95%% interval \u2264 0.5), but ");
		fprintf(o, "AUC runs from %.3f to %.3f, and its middle half from %.3f to %.3f "
		           "(%.2f wide%s).",
		        f->auc_min, f->auc_max, f->auc_q1, f->auc_q3, iqr,
		        (f->verdict.why & CT_WHY_SPREAD_WIDE) ? ", more than "
		        "0.20: wide" : (f->verdict.why & CT_WHY_SPREAD_SOME) ? ", more than 0.10" : "");
		break;
	}
	if (f->n_too_small > 0)
		fprintf(o, " %zu camera%s with an AUC %s too small to judge (fewer than %d thefts: "
		           "AUC withheld).",
		        f->n_too_small, f->n_too_small == 1 ? "" : "s", f->n_too_small == 1 ? "is" : "are",
		        CT_AUC_MIN_THEFTS);
	if (f->n_auc > 0) {
		fprintf(o, " Mean AUC %.3f", f->auc_mean);
		if (!isnan(f->auc_sd))
			fprintf(o, " (sd %.3f)", f->auc_sd);
		if (f->verdict.why & CT_WHY_WEAK_MEAN)
			fprintf(o, ": weak overall (below %.2f).", CT_VERDICT_WEAK_MEAN);
		else
			fputs(".", o);
	}
	if (f->n_cameras > 1) {
		if (f->verdict.why & CT_WHY_FP_CONCENTRATED)
			fprintf(o, " FP are concentrated: the %zu camera%s with the most FP (top 10%%) "
			           "%s %.1f%% of them (Gini %.2f).",
			        f->top_n, f->top_n == 1 ? "" : "s", f->top_n == 1 ? "raises" : "raise",
			        100.0 * f->top_fp_share, f->fp_gini);
		else
			fprintf(o, " FP are spread fairly evenly: the %zu camera%s with the most FP "
			           "(top 10%%) %s %.1f%% of them (Gini %.2f).",
			        f->top_n, f->top_n == 1 ? "" : "s", f->top_n == 1 ? "raises" : "raise",
			        100.0 * f->top_fp_share, f->fp_gini);
	}
	if (f->verdict.why & CT_WHY_THEFT_FREE) {
		char h[160];
		ct_history_no_theft(h, sizeof h, f->theft_free_fp, f->theft_free_expected);
		fprintf(o, " %zu camera%s had %s; muting %s removes %s FP (%.1f%%) and no theft "
		           "of the history.",
		        f->n_theft_free, f->n_theft_free == 1 ? "" : "s", h,
		        f->n_theft_free == 1 ? "it" : "them",
		        ct_format_count(f->theft_free_fp, a, sizeof a), pct(f->theft_free_fp, f->fp));
	}
	if (f->free_fp > 0)
		fprintf(o, " In all, %s FP (%.1f%%) cost no theft in the history: they score below "
		           "their camera's lowest theft, or are on a camera with no theft in the history.",
		        ct_format_count(f->free_fp, b, sizeof b), pct(f->free_fp, f->fp));
	if (f->n_few_thefts > 0)
		fprintf(o, " %zu of %zu cameras have fewer than %d thefts (marked %s): their recall "
		           "and AUC are noisy.",
		        f->n_few_thefts, f->n_cameras, CT_FEW_THEFTS, CT_FEW_MARK);
	if (f->verdict.level == CT_VERDICT_NOT_UNIFORM || f->verdict.level == CT_VERDICT_UNEVEN)
		fputs(" One global threshold fits these cameras badly: choose thresholds per "
		      "camera (camtune optimize) and look at the weakest cameras first.", o);
	if (fclose(o) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* ---- shared helpers ------------------------------------------------------------- */

static void fmt_num(char *buf, size_t len, double v, const char *fmt)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, fmt, v);
}


/* Paragraph wrapped at width columns, each line indented. */
static void wrap(FILE *f, const char *text, int indent, size_t width)
{
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* Take words while they fit. */
		const char *line_end = p, *q = p;
		size_t w = 0;
		while (*q) {
			const char *word = q;
			while (*q && *q != ' ')
				q++;
			char tmp[256];
			size_t wl = (size_t)(q - word) < sizeof tmp - 1 ? (size_t)(q - word) : sizeof tmp - 1;
			memcpy(tmp, word, wl);
			tmp[wl] = '\0';
			size_t ww = ct_display_width(tmp);
			if (line_end != p && w + 1 + ww > width)
				break;
			w += (line_end != p) + ww;
			line_end = q;
			while (*q == ' ')
				q++;
		}
		fprintf(f, "%*s%.*s\n", indent, "", (int)(line_end - p), p);
		p = line_end;
	}
}

static const char *percent_key(int level)
{
	return level == CT_RECALL_90 ? "recall_90" : "recall_50";
}

/* ---- text ------------------------------------------------------------------------ */

static void quality_text(FILE *f, const ct_quality *q, bool markdown)
{
	char a[32], b[32], c[32];
	if (q->is_summary) {
		fprintf(f, "%sa summary: %s rows (camera, score) for %s alerts; no data-quality report "
		           "of the alerts and no alert times in it\n", markdown ? "- " : "  ",
		        ct_format_count(q->rows, a, sizeof a), ct_format_count(q->loaded, b, sizeof b));
		return;
	}
	uint64_t skipped = 0;
	for (int i = 0; i < CT_N_SKIP; i++)
		skipped += q->skipped[i].count;
	fprintf(f, "%s%s row%s read, %s alert%s loaded, %s row%s skipped\n", markdown ? "- " : "  ",
	        ct_format_count(q->rows, a, sizeof a), q->rows == 1 ? "" : "s",
	        ct_format_count(q->loaded, b, sizeof b), q->loaded == 1 ? "" : "s",
	        ct_format_count(skipped, c, sizeof c), skipped == 1 ? "" : "s");
	for (int pass = 0; pass < 2; pass++) {
		int n = pass == 0 ? CT_N_SKIP : CT_N_WARN;
		for (int i = 0; i < n; i++) {
			const ct_quality_count *qc = pass == 0 ? &q->skipped[i] : &q->warned[i];
			if (!qc->count)
				continue;
			const char *what = pass == 0 ? ct_skip_reason_text(i) : ct_warn_reason_text(i);
			fprintf(f, "%s%s %s: %s (%s%s", markdown ? "  - " : "    ",
			        pass == 0 ? "skipped," : "loaded with a warning,", what,
			        ct_format_count(qc->count, a, sizeof a), q->counts_rows ? "row" : "line",
			        qc->count > 1 ? "s" : "");
			size_t shown = qc->count < CT_QUALITY_EXAMPLES ? (size_t)qc->count : CT_QUALITY_EXAMPLES;
			for (size_t k = 0; k < shown; k++)
				fprintf(f, "%s%llu", k ? ", " : " ", (unsigned long long)qc->lines[k]);
			fputs(qc->count > shown ? ", ...)\n" : ")\n", f);
		}
	}
}

static void fleet_lines(FILE *f, const ct_fleet_stats *fl, const char *bullet)
{
	char a[32], b[32], c[32], d[32];
	fprintf(f, "%scameras: %zu (%zu with thefts, %zu without)\n", bullet, fl->n_cameras,
	        fl->n_with_theft, fl->n_theft_free);
	fprintf(f, "%salerts: %s, TP %s, FP %s (theft rate %.2f%%)\n", bullet,
	        ct_format_count(fl->alerts, a, sizeof a), ct_format_count(fl->tp, b, sizeof b),
	        ct_format_count(fl->fp, c, sizeof c), pct(fl->tp, fl->alerts));
	fprintf(f, "%sremovable with no theft lost in the history: %s FP (%.1f%%), %s of them on "
	           "cameras with no theft in the history\n",
	        bullet, ct_format_count(fl->free_fp, a, sizeof a), pct(fl->free_fp, fl->fp),
	        ct_format_count(fl->theft_free_fp, d, sizeof d));
	if (fl->n_auc > 0) {
		char sd[16];
		fmt_num(sd, sizeof sd, fl->auc_sd, "%.3f");
		char small[64] = "";
		if (fl->n_too_small)
			snprintf(small, sizeof small, " (%zu with fewer than %d thefts included)",
			         fl->n_too_small, CT_AUC_MIN_THEFTS);
		fprintf(f, "%sROC AUC over %zu cameras%s: mean %.3f, sd %s; min %.3f, "
		           "quartiles %.3f / %.3f / %.3f, max %.3f\n",
		        bullet, fl->n_auc, small, fl->auc_mean, sd, fl->auc_min, fl->auc_q1,
		        fl->auc_median, fl->auc_q3, fl->auc_max);
	} else {
		fprintf(f, "%sROC AUC: defined on no camera\n", bullet);
	}
	fprintf(f, "%sno better than chance (AUC's 95%% interval <= 0.5): %zu of %zu camera%s "
	           "judged, %s FP (%.1f%% of FP); too small to judge (< %d thefts): %zu\n",
	        bullet, fl->n_chance, fl->n_judged, fl->n_judged == 1 ? "" : "s",
	        ct_format_count(fl->chance_fp, a, sizeof a), 100.0 * fl->chance_fp_share,
	        CT_AUC_MIN_THEFTS, fl->n_too_small);
	fprintf(f, "%sfewer than %d thefts (marked %s): %zu of %zu cameras\n", bullet, CT_FEW_THEFTS,
	        CT_FEW_MARK, fl->n_few_thefts, fl->n_cameras);
	fprintf(f, "%sFP concentration: the top %zu camera%s (10%%) %s %.1f%% of FP; Gini %.3f\n",
	        bullet, fl->top_n, fl->top_n == 1 ? "" : "s", fl->top_n == 1 ? "holds" : "hold",
	        100.0 * fl->top_fp_share, fl->fp_gini);
}

typedef struct row {
	char alerts[24], tp[24], fp[24], rate[16], auc[16], auc_ci[32], ap[16], free_fp[24];
	char fp90[24], t90[32], fp50[24], t50[32];
} row;

static void make_row(const ct_camera_stats *s, row *r)
{
	ct_format_count(s->alerts, r->alerts, sizeof r->alerts);
	ct_format_count(s->tp, r->tp, sizeof r->tp);
	/* the mark, or a blank so the digits stay aligned */
	strncat(r->tp, s->few_thefts ? CT_FEW_MARK : " ", sizeof r->tp - strlen(r->tp) - 1);
	ct_format_count(s->fp, r->fp, sizeof r->fp);
	fmt_num(r->rate, sizeof r->rate, 100.0 * s->theft_rate, "%.2f%%");
	fmt_num(r->auc, sizeof r->auc, s->auc, "%.3f");
	if (s->auc_withheld)
		snprintf(r->auc, sizeof r->auc, "\u2013"); /* en dash: withheld, not undefined */
	if (isnan(s->auc_ci.lo))
		snprintf(r->auc_ci, sizeof r->auc_ci, "-");
	else
		snprintf(r->auc_ci, sizeof r->auc_ci, "%.3f-%.3f", s->auc_ci.lo, s->auc_ci.hi);
	fmt_num(r->ap, sizeof r->ap, s->average_precision, "%.3f");
	ct_format_count(s->free_fp, r->free_fp, sizeof r->free_fp);
	const ct_recall_point *p90 = &s->at[CT_RECALL_90], *p50 = &s->at[CT_RECALL_50];
	if (p90->defined) {
		ct_format_count(p90->fp_kept, r->fp90, sizeof r->fp90);
		snprintf(r->t90, sizeof r->t90, "%.6g", p90->threshold);
	} else {
		snprintf(r->fp90, sizeof r->fp90, "-");
		snprintf(r->t90, sizeof r->t90, "-");
	}
	if (p50->defined) {
		ct_format_count(p50->fp_kept, r->fp50, sizeof r->fp50);
		snprintf(r->t50, sizeof r->t50, "%.6g", p50->threshold);
	} else {
		snprintf(r->fp50, sizeof r->fp50, "-");
		snprintf(r->t50, sizeof r->t50, "-");
	}
}

/* Left-aligned text in a column of width w (display width, not bytes). */
static void pad_left_text(FILE *f, const char *s, size_t w)
{
	fputs(s, f);
	for (size_t k = ct_display_width(s); k < w; k++)
		fputc(' ', f);
}

/* Names from the data in text: their shown form (escape.h), whole. */
typedef struct shown_pair {
	char *store, *camera_id;
} shown_pair;

static bool shown_pair_make(shown_pair *p, const ct_camera *cam)
{
	p->store = ct_escape(cam->store);
	p->camera_id = ct_escape(cam->camera_id);
	if (p->store && p->camera_id)
		return true;
	free(p->store);
	free(p->camera_id);
	return false;
}

static void shown_pair_release(shown_pair *p)
{
	free(p->store);
	free(p->camera_id);
}

static int write_text(FILE *f, const ct_report *r)
{
	const ct_fleet_stats *fl = &r->fleet;
	char *src = r->quality && r->quality->source ? ct_escape(r->quality->source) : NULL;
	fprintf(f, "camtune uniformity report%s%s\n\n", src ? ": " : "", src ? src : "");
	free(src);
	if (r->quality) {
		fputs("Data quality\n", f);
		quality_text(f, r->quality, false);
		fputc('\n', f);
	}
	fputs("Fleet\n", f);
	fleet_lines(f, fl, "  ");
	fprintf(f, "\nVerdict: %s\n", ct_report_verdict_title(fl->verdict.level));
	char *v = ct_report_verdict_text(fl);
	if (!v)
		return CT_EXIT_NOMEM;
	wrap(f, v, 2, 76);
	free(v);

	if (fl->n_chance > 0) {
		fputs("\nCameras no better than chance (AUC's 95 % interval <= 0.5)\n", f);
		for (size_t k = 0; k < r->ds->n_cameras; k++) {
			size_t i = r->by_fp[k];
			const ct_camera_stats *s = &r->cameras[i];
			if (!ct_camera_at_chance(s))
				continue;
			char a[24], b[24];
			shown_pair sp;
			if (!shown_pair_make(&sp, &r->ds->cameras[i]))
				return CT_EXIT_NOMEM;
			fprintf(f, "  %s camera %s: AUC %.3f (%.3f-%.3f), TP %s%s, FP %s\n", sp.store,
			        sp.camera_id, s->auc, s->auc_ci.lo, s->auc_ci.hi,
			        ct_format_count(s->tp, a, sizeof a), s->few_thefts ? CT_FEW_MARK : "",
			        ct_format_count(s->fp, b, sizeof b));
			shown_pair_release(&sp);
		}
	}

	/* The table: widths from the data, numbers right-aligned. */
	static const char *const head[] = {"store", "camera", "alerts", "TP ", "FP", "theft%",
	                                   "AUC", "AUC 95%", "AP", "free FP", "FP@r90", "thr@r90",
	                                   "FP@r50", "thr@r50"};
	enum { NCOL = 14 };
	size_t w[NCOL];
	for (int c = 0; c < NCOL; c++)
		w[c] = strlen(head[c]);
	size_t n = r->ds->n_cameras;
	row rw;
	for (size_t i = 0; i < n; i++) {
		shown_pair sp;
		if (!shown_pair_make(&sp, &r->ds->cameras[i]))
			return CT_EXIT_NOMEM;
		make_row(&r->cameras[i], &rw);
		const char *cells[NCOL] = {sp.store, sp.camera_id, rw.alerts, rw.tp, rw.fp,
		                           rw.rate, rw.auc, rw.auc_ci, rw.ap, rw.free_fp, rw.fp90,
		                           rw.t90, rw.fp50, rw.t50};
		for (int c = 0; c < NCOL; c++) {
			size_t cw = ct_display_width(cells[c]);
			if (cw > w[c])
				w[c] = cw;
		}
		shown_pair_release(&sp);
	}
	fputs("\nCameras, most FP first\n"
	      "  FP@r90: FP kept at recall >= 90 % and its threshold thr@r90.\n"
	      "  " CT_FEW_MARK_TEXT ".\n"
	      "  AUC \u2013: " CT_AUC_WITHHELD_TEXT "; n/a: no theft or no FP.  AUC 95%: its\n"
	      "  Hanley-McNeil interval.  free FP: below the lowest theft, no theft in the history.\n", f);
	for (int c = 0; c < NCOL; c++) {
		fputs(c ? "  " : "", f);
		if (c < 2)
			pad_left_text(f, head[c], w[c]);
		else
			fprintf(f, "%*s", (int)w[c], head[c]);
	}
	fputc('\n', f);
	for (size_t k = 0; k < n; k++) {
		size_t i = r->by_fp[k];
		shown_pair sp;
		if (!shown_pair_make(&sp, &r->ds->cameras[i]))
			return CT_EXIT_NOMEM;
		make_row(&r->cameras[i], &rw);
		const char *cells[NCOL] = {sp.store, sp.camera_id, rw.alerts, rw.tp, rw.fp,
		                           rw.rate, rw.auc, rw.auc_ci, rw.ap, rw.free_fp, rw.fp90,
		                           rw.t90, rw.fp50, rw.t50};
		for (int c = 0; c < NCOL; c++) {
			fputs(c ? "  " : "", f);
			if (c < 2 && c + 1 < NCOL)
				pad_left_text(f, cells[c], w[c]);
			else
				fprintf(f, "%*s%s", (int)(w[c] - ct_display_width(cells[c])), "", cells[c]);
		}
		shown_pair_release(&sp);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* ---- Markdown ------------------------------------------------------------------------ */

/* A name in Markdown: its shown form (escape.h), then Markdown's own
 * escapes. */
static void md_escape(FILE *f, const char *name)
{
	char *shown = ct_escape(name);
	for (const char *s = shown ? shown : "?"; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			fputc('\\', f);
		if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	free(shown);
}

static int write_markdown(FILE *f, const ct_report *r)
{
	const ct_fleet_stats *fl = &r->fleet;
	fputs("# camtune uniformity report\n\n", f);
	if (r->quality && r->quality->source) {
		fputs("Source: ", f);
		md_escape(f, r->quality->source);
		fputs("\n\n", f);
	}
	if (r->quality) {
		fputs("## Data quality\n\n", f);
		quality_text(f, r->quality, true);
		fputc('\n', f);
	}
	fputs("## Fleet\n\n", f);
	fleet_lines(f, fl, "- ");
	fprintf(f, "\n## Verdict: %s\n\n", ct_report_verdict_title(fl->verdict.level));
	char *v = ct_report_verdict_text(fl);
	if (!v)
		return CT_EXIT_NOMEM;
	fputs(v, f);
	fputs("\n\n", f);
	free(v);

	fputs("## Cameras, most FP first\n\n"
	      "FP kept at recall 90 % and 50 %: the fewest FP a camera keeps while "
	      "still alerting on at least that share of its thefts, with the threshold "
	      "that does it.\n\n"
	      CT_FEW_MARK_TEXT ".  AUC \u2013: " CT_AUC_WITHHELD_TEXT "; n/a: no theft or "
	      "no FP.  AUC 95 %: its Hanley-McNeil interval.  Free FP: FP below the camera's "
	      "lowest theft (all of them on a camera with no theft): no theft in the history "
	      "below them.\n\n"
	      "| store | camera | alerts | TP | FP | theft rate | AUC | AUC 95 % | AP | free FP "
	      "| FP kept, recall 90 % | threshold | FP kept, recall 50 % | threshold |\n"
	      "|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n", f);
	row rw;
	for (size_t k = 0; k < r->ds->n_cameras; k++) {
		size_t i = r->by_fp[k];
		const ct_camera *cam = &r->ds->cameras[i];
		make_row(&r->cameras[i], &rw);
		fputs("| ", f);
		md_escape(f, cam->store);
		fputs(" | ", f);
		md_escape(f, cam->camera_id);
		fprintf(f, " | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", rw.alerts,
		        rw.tp, rw.fp, rw.rate, rw.auc, rw.auc_ci, rw.ap, rw.free_fp, rw.fp90, rw.t90,
		        rw.fp50, rw.t50);
	}
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	ct_json_add(o, key, cJSON_CreateRaw(buf));
}

static void add_num(cJSON *o, const char *key, double v)
{
	ct_json_add(o, key, ct_json_number(v)); /* NAN -> null */
}

static cJSON *camera_json(const ct_camera *cam, const ct_camera_stats *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "store", cam->store);
	cJSON_AddStringToObject(o, "camera_id", cam->camera_id);
	add_u64(o, "alerts", s->alerts);
	add_u64(o, "tp", s->tp);
	add_u64(o, "fp", s->fp);
	add_num(o, "theft_rate", s->theft_rate);
	add_num(o, "auc", s->auc_withheld ? NAN : s->auc);
	if (isnan(s->auc_ci.lo)) {
		cJSON_AddNullToObject(o, "auc_interval");
	} else {
		cJSON *ci = cJSON_AddObjectToObject(o, "auc_interval");
		add_num(ci, "lo", s->auc_ci.lo);
		add_num(ci, "hi", s->auc_ci.hi);
	}
	if (s->auc_withheld)
		cJSON_AddStringToObject(o, "auc_withheld", CT_AUC_WITHHELD_TEXT);
	else
		cJSON_AddNullToObject(o, "auc_withheld");
	cJSON_AddBoolToObject(o, "few_thefts", s->few_thefts);
	add_num(o, "average_precision", s->average_precision);
	add_u64(o, "free_fp", s->free_fp);
	add_num(o, "free_threshold", s->free_threshold);
	for (int l = 0; l < CT_N_RECALL_LEVELS; l++) {
		const ct_recall_point *p = &s->at[l];
		if (!p->defined) {
			cJSON_AddNullToObject(o, percent_key(l));
			continue;
		}
		cJSON *r = cJSON_AddObjectToObject(o, percent_key(l));
		add_num(r, "threshold", p->threshold);
		add_u64(r, "fp_kept", p->fp_kept);
		add_u64(r, "tp_kept", p->tp_kept);
		add_num(r, "recall", p->recall);
	}
	return o;
}

static const struct {
	unsigned flag;
	const char *name;
} why_names[] = {
	{CT_WHY_CHANCE_SOME, "cameras_at_chance"},
	{CT_WHY_CHANCE_MANY, "many_cameras_at_chance"},
	{CT_WHY_SPREAD_SOME, "auc_spread"},
	{CT_WHY_SPREAD_WIDE, "auc_spread_wide"},
	{CT_WHY_WEAK_MEAN, "weak_mean_auc"},
	{CT_WHY_FP_CONCENTRATED, "fp_concentrated"},
	{CT_WHY_THEFT_FREE, "theft_free_cameras"},
};

static cJSON *summary_json(const ct_report *r)
{
	const ct_fleet_stats *fl = &r->fleet;
	cJSON *o = cJSON_CreateObject();
	add_u64(o, "cameras", fl->n_cameras);
	add_u64(o, "cameras_with_thefts", fl->n_with_theft);
	add_u64(o, "alerts", fl->alerts);
	add_u64(o, "tp", fl->tp);
	add_u64(o, "fp", fl->fp);
	add_u64(o, "free_fp", fl->free_fp);
	add_u64(o, "theft_free_cameras", fl->n_theft_free);
	add_u64(o, "theft_free_fp", fl->theft_free_fp);

	cJSON *auc = cJSON_AddObjectToObject(o, "auc");
	add_u64(auc, "cameras", fl->n_auc);
	add_num(auc, "mean", fl->auc_mean);
	add_num(auc, "sd", fl->auc_sd);
	add_num(auc, "min", fl->auc_min);
	add_num(auc, "q1", fl->auc_q1);
	add_num(auc, "median", fl->auc_median);
	add_num(auc, "q3", fl->auc_q3);
	add_num(auc, "max", fl->auc_max);

	cJSON_AddStringToObject(auc, "interval", "Hanley-McNeil, 95 %");
	add_u64(o, "few_thefts_cameras", fl->n_few_thefts);

	cJSON *ch = cJSON_AddObjectToObject(o, "chance");
	cJSON_AddStringToObject(ch, "rule", "AUC's 95 % interval at or below 0.5");
	add_u64(ch, "judged", fl->n_judged);
	add_u64(ch, "too_small_to_judge", fl->n_too_small);
	add_u64(ch, "cameras", fl->n_chance);
	add_u64(ch, "fp", fl->chance_fp);
	add_num(ch, "fp_share", fl->chance_fp_share);
	cJSON *list = cJSON_AddArrayToObject(ch, "list");
	for (size_t k = 0; k < r->ds->n_cameras; k++) {
		size_t i = r->by_fp[k];
		const ct_camera_stats *s = &r->cameras[i];
		if (!ct_camera_at_chance(s))
			continue;
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "store", r->ds->cameras[i].store);
		cJSON_AddStringToObject(e, "camera_id", r->ds->cameras[i].camera_id);
		add_num(e, "auc", s->auc);
		add_u64(e, "fp", s->fp);
		ct_json_append(list, e);
	}

	cJSON *con = cJSON_AddObjectToObject(o, "fp_concentration");
	add_u64(con, "top_cameras", fl->top_n);
	add_u64(con, "top_fp", fl->top_fp);
	add_num(con, "top_share", fl->top_fp_share);
	add_num(con, "gini", fl->fp_gini);

	cJSON *v = cJSON_AddObjectToObject(o, "verdict");
	cJSON_AddStringToObject(v, "level", ct_verdict_name(fl->verdict.level));
	cJSON *why = cJSON_AddArrayToObject(v, "reasons");
	for (size_t k = 0; k < sizeof why_names / sizeof why_names[0]; k++)
		if (fl->verdict.why & why_names[k].flag)
			ct_json_append(why, cJSON_CreateString(why_names[k].name));
	char *text = ct_report_verdict_text(fl);
	if (!text)
		return NULL;
	cJSON_AddStringToObject(v, "text", text);
	free(text);
	return o;
}

static int write_json(FILE *f, const ct_report *r)
{
	cJSON *doc = cJSON_CreateObject();
	if (!doc)
		return CT_EXIT_NOMEM;
	cJSON_AddStringToObject(doc, "camtune_version", PACKAGE_VERSION);
	if (r->quality) {
		cJSON_AddStringToObject(doc, "source", r->quality->source ? r->quality->source : "");
		ct_json_add(doc, "data_quality", ct_quality_to_json(r->quality));
	} else {
		cJSON_AddNullToObject(doc, "data_quality");
	}
	cJSON *cams = cJSON_AddArrayToObject(doc, "cameras");
	for (size_t i = 0; i < r->ds->n_cameras; i++)
		ct_json_append(cams, camera_json(&r->ds->cameras[i], &r->cameras[i]));
	cJSON *sum = summary_json(r);
	if (!sum) {
		cJSON_Delete(doc);
		return CT_EXIT_NOMEM;
	}
	ct_json_add(doc, "summary", sum);
	/* NULL too when an item was lost to a failed allocation (json.h) */
	char *text = ct_json_print(doc);
	cJSON_Delete(doc);
	if (!text)
		return CT_EXIT_NOMEM;
	fputs(text, f);
	free(text);
	return ferror(f) ? -1 : 0;
}

int ct_report_write(FILE *f, const ct_report *r, ct_report_format format)
{
	switch (format) {
	case CT_REPORT_MARKDOWN:
		return write_markdown(f, r);
	case CT_REPORT_JSON:
		return write_json(f, r);
	case CT_REPORT_TEXT:
	default:
		return write_text(f, r);
	}
}
