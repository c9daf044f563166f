/* svg.h -- the pictures: a tiny SVG writer, one camera's #FP-kept-against-
 * recall staircase, the fleet frontier, and the index page that shows them
 * all.
 *
 * Writers take an open FILE (the caller opens it atomically, see
 * io/atomic.h) and return 0, or -1 when a write failed (ferror) or memory
 * ran out.  Text from the data (store names, camera ids) is escaped, and
 * bytes that are not UTF-8 become U+FFFD, so the output is always
 * well-formed XML.
 *
 *   ct_camera_plot p = {.cam = c, .stats = &st, .log_fp = false};
 *   ct_svg_camera(f, &p);
 */
#ifndef CAMTUNE_SVG_H
#define CAMTUNE_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "core/dataset.h"
#include "core/optimise.h"
#include "core/stats.h"
#include "io/atomic.h"

/* ---- axes with round tick values ------------------------------------------ */

/* Ticks lo, lo + step, ..., hi covering the data range [min, max] with
 * round steps, or powers of ten on a log axis. */
typedef struct ct_ticks {
	double lo, hi;   /* axis range, both ticks (log: lo is 0) */
	double step;     /* linear: the tick step; log: 10 */
	int n;           /* number of ticks */
	int decimals;    /* digits after the point the labels need */
	bool log;
} ct_ticks;

/* The tightest round axis over [min, max]: the smallest step of 1, 2 or 5
 * times a power of ten that needs at most max_ticks (>= 2) ticks.  max <
 * min is treated as min == max.  Integer data (integral = true) never gets
 * a step below 1. */
ct_ticks ct_ticks_linear(double min, double max, int max_ticks, bool integral);
/* A log axis for counts: 0 (in a band of its own at the bottom), then the
 * powers of ten from 1 to the first one >= max (at least 10). */
ct_ticks ct_ticks_log(double max);
/* Value of tick i (0 .. n-1). */
double ct_tick_value(const ct_ticks *t, int i);
/* Tick label: the value with t->decimals digits, thousands separated by
 * commas ("12,000", "0.25").  Returns buf. */
char *ct_tick_label(const ct_ticks *t, int i, char *buf, size_t len);

/* ---- the writer ------------------------------------------------------------ */

/* Write s as XML character data / attribute text. */
void ct_svg_escape(FILE *f, const char *s);
/* A count with thousands separators: 12600 -> "12,600".  Returns buf. */
char *ct_format_count(unsigned long long v, char *buf, size_t len);

/* ---- pictures ---------------------------------------------------------------- */

/* One camera.  A camera with thefts: #FP kept against recall as a
 * staircase.  Without thefts: #FP kept against threshold, with a note that
 * recall is undefined.  With has_point, the operating point at threshold
 * is marked and labelled. */
typedef struct ct_camera_plot {
	const ct_camera *cam;
	const ct_camera_stats *stats;
	bool log_fp;            /* logarithmic FP axis */
	bool has_point;
	double threshold;       /* the operating point, keep p >= threshold */
	const char *point_source; /* e.g. "exact, target 10%" (may be NULL) */
} ct_camera_plot;

int ct_svg_camera(FILE *f, const ct_camera_plot *p);

/* The fleet trade-off: TP lost against FP saved, one line per frontier,
 * the target as a vertical line. */
typedef struct ct_frontier_plot {
	const ct_frontier *frontiers;  /* n_frontiers of them */
	size_t n_frontiers;
	uint64_t baseline_tp, baseline_fp;
	double target;                 /* absolute FP saved; NAN = none */
	const char *target_text;       /* e.g. "10%" (may be NULL) */
	const char *source;            /* data file (may be NULL) */
} ct_frontier_plot;

int ct_svg_frontier(FILE *f, const ct_frontier_plot *p);

/* The index page: the frontier, then every camera's picture with its key
 * numbers, in the order given (the caller sorts by FP). */
typedef struct ct_index_camera {
	const ct_camera *cam;
	const ct_camera_stats *stats;
	const char *file;        /* picture file name, relative to the page */
	bool has_point;
	double threshold;
} ct_index_camera;

typedef struct ct_index_page {
	const char *source;
	const ct_fleet_stats *fleet;
	const char *frontier_file;     /* NULL: no frontier picture */
	const char *point_source;      /* what chose the operating points */
	const ct_index_camera *cameras;
	size_t n_cameras;
	size_t n_total;                /* cameras in the fleet: more than
	                                  n_cameras when only the pictures of
	                                  the n_cameras with most FP were
	                                  written; 0 = n_cameras */
} ct_index_page;

int ct_html_index(FILE *f, const ct_index_page *p);

/* The longest picture name: NAME_MAX of the common file systems (255
 * bytes) less the atomic writer's temporary suffix (io/atomic.h). */
#define CT_SVG_NAME_MAX (255 - (sizeof CT_ATOMIC_TMP_SUFFIX - 1))

/* The picture's file name for a camera: "<store>_cam<id>.svg" with every
 * byte outside [A-Za-z0-9._-] replaced by '_' and a leading dot by '_'.
 * With salt >= 0, or when that name is longer than CT_SVG_NAME_MAX bytes,
 * a hash of the exact store and camera id comes before ".svg" and the
 * stem is cut to fit: "<stem>-<8 hex digits>.svg" (salt 0 the usual hash;
 * 1, 2 ... others, for a hashed name that meets another camera's name).
 * The caller gives the hash to names that collide (cmd_plot.c).
 * Malloc'ed; NULL when out of memory. */
char *ct_svg_file_name(const ct_camera *c, int salt);

#endif
