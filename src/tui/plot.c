/* plot.c -- braille / ASCII canvas and plot axes (see plot.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/plot.h"

struct tui_canvas {
	int w, h;          /* cells */
	bool ascii;
	uint8_t *bits;     /* braille dot bits per cell (ASCII: 1 = set) */
	uint8_t *role;     /* colour role per cell: the last one drawn */
	char (*overlay)[8];/* marker glyph per cell, "" when none */
	uint8_t *orole;
};

tui_canvas *tui_canvas_new(int w, int h, bool ascii)
{
	if (w < 1 || h < 1)
		return NULL;
	tui_canvas *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	size_t n = (size_t)w * (size_t)h;
	c->w = w;
	c->h = h;
	c->ascii = ascii;
	c->bits = calloc(n, 1);
	c->role = calloc(n, 1);
	c->overlay = calloc(n, sizeof *c->overlay);
	c->orole = calloc(n, 1);
	if (!c->bits || !c->role || !c->overlay || !c->orole) {
		tui_canvas_free(c);
		return NULL;
	}
	return c;
}

void tui_canvas_free(tui_canvas *c)
{
	if (!c)
		return;
	free(c->bits);
	free(c->role);
	free(c->overlay);
	free(c->orole);
	free(c);
}

static int xdots(const tui_canvas *c)
{
	return c->ascii ? c->w : 2 * c->w;
}

static int ydots(const tui_canvas *c)
{
	return c->ascii ? c->h : 4 * c->h;
}

/* (x, y) in dots, y = 0 at the bottom. */
void tui_canvas_dot(tui_canvas *c, int x, int y, int role)
{
	if (x < 0 || y < 0 || x >= xdots(c) || y >= ydots(c))
		return;
	if (c->ascii) {
		size_t i = (size_t)(c->h - 1 - y) * (size_t)c->w + (size_t)x;
		c->bits[i] = 1;
		c->role[i] = (uint8_t)role;
		return;
	}
	static const uint8_t bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
	int cx = x / 2, cy = c->h - 1 - y / 4;
	int dy = 3 - y % 4;
	size_t i = (size_t)cy * (size_t)c->w + (size_t)cx;
	c->bits[i] |= bit[x % 2][dy];
	c->role[i] = (uint8_t)role;
}

static char ascii_glyph(int role)
{
	switch (role) {
	case TUI_ROLE_PLOT2:
		return '+';
	case TUI_ROLE_PLOT3:
		return 'o';
	case TUI_ROLE_TARGET:
		return ':';
	default:
		return '*';
	}
}

const char *tui_canvas_cell(const tui_canvas *c, int x, int y, char buf[8])
{
	size_t i = (size_t)y * (size_t)c->w + (size_t)x;
	if (c->overlay[i][0])
		return c->overlay[i];
	uint8_t b = c->bits[i];
	if (!b) {
		buf[0] = '\0';
	} else if (c->ascii) {
		buf[0] = ascii_glyph(c->role[i]);
		buf[1] = '\0';
	} else {
		buf[0] = (char)0xE2;
		buf[1] = (char)(0xA0 | (b >> 6));
		buf[2] = (char)(0x80 | (b & 0x3F));
		buf[3] = '\0';
	}
	return buf;
}

static void canvas_line(tui_canvas *c, int x0, int y0, int x1, int y1, int role)
{
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		tui_canvas_dot(c, x0, y0, role);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* ---- plots ----------------------------------------------------------------- */

#define YLABEL_W 8

static double ymap(const tui_plot *p, double y)
{
	return p->ylog ? log10(1 + (y > 0 ? y : 0)) : y;
}

static int to_xdot(const tui_plot *p, double x)
{
	int n = xdots(p->cv);
	double span = p->x1 - p->x0;
	double f = span > 0 ? (x - p->x0) / span : 0;
	return (int)lround(f * (n - 1));
}

static int to_ydot(const tui_plot *p, double y)
{
	int n = ydots(p->cv);
	double lo = ymap(p, p->y0), hi = ymap(p, p->y1);
	double f = hi > lo ? (ymap(p, y) - lo) / (hi - lo) : 0;
	return (int)lround(f * (n - 1));
}

static void fmt_tick(char *buf, size_t len, double v)
{
	double av = fabs(v);
	if (av >= 1e6)
		snprintf(buf, len, "%.1fM", v / 1e6);
	else if (av >= 1e5)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else if (av >= 1e4) /* 12600 is 12.6k, not 13k */
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (av == floor(av) || av >= 10)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

bool tui_plot_begin(tui_plot *p, tui_app *a, tui_rect r, double x0, double x1,
                    double y0, double y1, bool ylog)
{
	memset(p, 0, sizeof *p);
	if (r.h < 5 || r.w < YLABEL_W + 12)
		return false;
	p->app = a;
	p->area = (tui_rect){r.y, r.x + YLABEL_W + 1, r.h - 2, r.w - YLABEL_W - 2};
	p->x0 = x0;
	p->x1 = x1 > x0 ? x1 : x0 + 1;
	p->y0 = y0;
	p->y1 = y1 > y0 ? y1 : y0 + 1;
	p->ylog = ylog;
	p->cv = tui_canvas_new(p->area.w, p->area.h, a->ascii);
	if (!p->cv)
		return false;

	/* axes */
	attrset(tui_attr(TUI_ROLE_DIM));
	int ax = r.x + YLABEL_W, ay = r.y + r.h - 2;
	if (a->ascii) {
		mvvline(r.y, ax, '|', r.h - 2);
		mvhline(ay, ax + 1, '-', p->area.w);
		mvaddch(ay, ax, '+');
	} else {
		/* Unicode box characters rather than ACS: they read back as
		 * themselves from the screen (tests) and need no charset switch. */
		for (int y = r.y; y < ay; y++)
			mvaddstr(y, ax, "\u2502");
		mvaddstr(ay, ax, "\u2514");
		for (int x = 0; x < p->area.w; x++)
			addstr("\u2500");
	}
	attrset(A_NORMAL);
	/* y ticks: top, middle, bottom */
	char buf[32];
	double ticks[3] = {p->y1, NAN, p->y0};
	ticks[1] = ylog ? pow(10, (ymap(p, p->y0) + ymap(p, p->y1)) / 2) - 1 : (p->y0 + p->y1) / 2;
	int rows[3] = {r.y, r.y + (p->area.h - 1) / 2, r.y + p->area.h - 1};
	for (int i = 0; i < 3; i++) {
		fmt_tick(buf, sizeof buf, ticks[i]);
		int len = (int)strlen(buf);
		if (len > YLABEL_W - 1)
			len = YLABEL_W - 1;
		mvaddnstr(rows[i], r.x + YLABEL_W - 1 - len, buf, len);
	}
	/* x ticks: left, middle, right */
	int ly = r.y + r.h - 1;
	fmt_tick(buf, sizeof buf, p->x0);
	mvaddstr(ly, p->area.x, buf);
	fmt_tick(buf, sizeof buf, (p->x0 + p->x1) / 2);
	mvaddstr(ly, p->area.x + p->area.w / 2 - (int)strlen(buf) / 2, buf);
	fmt_tick(buf, sizeof buf, p->x1);
	mvaddstr(ly, p->area.x + p->area.w - (int)strlen(buf), buf);
	return true;
}

void tui_plot_line(tui_plot *p, double xa, double ya, double xb, double yb, int role)
{
	if (!p->cv)
		return;
	canvas_line(p->cv, to_xdot(p, xa), to_ydot(p, ya), to_xdot(p, xb), to_ydot(p, yb), role);
}

void tui_plot_vline(tui_plot *p, double x, int role)
{
	if (!p->cv)
		return;
	int xd = to_xdot(p, x);
	canvas_line(p->cv, xd, 0, xd, ydots(p->cv) - 1, role);
}

void tui_plot_mark(tui_plot *p, double x, double y, const char *utf8, const char *ascii, int role)
{
	if (!p->cv)
		return;
	tui_canvas *c = p->cv;
	int xd = to_xdot(p, x), yd = to_ydot(p, y);
	int cx = c->ascii ? xd : xd / 2;
	int cy = c->h - 1 - (c->ascii ? yd : yd / 4);
	if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h)
		return;
	size_t i = (size_t)cy * (size_t)c->w + (size_t)cx;
	snprintf(c->overlay[i], sizeof c->overlay[i], "%s", c->ascii ? ascii : utf8);
	c->orole[i] = (uint8_t)role;
}

void tui_plot_end(tui_plot *p)
{
	tui_canvas *c = p->cv;
	if (!c)
		return;
	char buf[8];
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			size_t i = (size_t)y * (size_t)c->w + (size_t)x;
			const char *s = tui_canvas_cell(c, x, y, buf);
			if (!*s)
				continue;
			int role = c->overlay[i][0] ? c->orole[i] : c->role[i];
			attrset(tui_attr(role));
			mvaddstr(p->area.y + y, p->area.x + x, s);
		}
	attrset(A_NORMAL);
	tui_canvas_free(c);
	p->cv = NULL;
}
