/* plot.h -- a character-cell canvas for the curve and frontier panes.
 *
 * Dots are plotted in a grid of 2x4 per cell drawn with Unicode braille,
 * or one per cell with ASCII characters (--ascii, or a non-UTF-8 locale).
 * A plot adds axes with tick labels around a canvas and maps data
 * coordinates (optionally a log10(1+y) axis) to dots.
 *
 *   tui_plot p;  tui_plot_begin(&p, app, rect, x0, x1, y0, y1, ylog);
 *   tui_plot_line(&p, xa, ya, xb, yb, role); tui_plot_mark(&p, x, y, "o", "O", role);
 *   tui_plot_end(&p);          draws and frees
 */
#ifndef CAMTUNE_TUI_PLOT_H
#define CAMTUNE_TUI_PLOT_H

#include <stdbool.h>

#include "tui/draw.h"
#include "tui/view.h"

typedef struct tui_canvas tui_canvas;

typedef struct tui_plot {
	tui_app *app;
	tui_rect area;  /* the canvas, in cells */
	double x0, x1, y0, y1;
	bool ylog;
	tui_canvas *cv;
} tui_plot;

/* False (nothing drawn) when the rectangle is too small for a plot. */
bool tui_plot_begin(tui_plot *p, tui_app *a, tui_rect r, double x0, double x1,
                    double y0, double y1, bool ylog);
void tui_plot_line(tui_plot *p, double xa, double ya, double xb, double yb, int role);
/* A marker glyph over the cell holding (x, y). */
void tui_plot_mark(tui_plot *p, double x, double y, const char *utf8, const char *ascii, int role);
/* A vertical line at x over the whole height. */
void tui_plot_vline(tui_plot *p, double x, int role);
void tui_plot_end(tui_plot *p);

/* Low level, for the tests: dots per cell are 2x4 (braille) or 1x1. */
tui_canvas *tui_canvas_new(int w, int h, bool ascii);
void tui_canvas_free(tui_canvas *c);
void tui_canvas_dot(tui_canvas *c, int x, int y, int role);
/* The cell's text (UTF-8), or "" when empty; y = 0 is the top row. */
const char *tui_canvas_cell(const tui_canvas *c, int x, int y, char buf[8]);

#endif
