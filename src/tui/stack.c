/* stack.c -- the stack of views (view.h): opening a view over the one on
 * top, closing it back to its parent, each view's own state allocated
 * from its ops, and the requests views send each other. */
#include "config.h"

#include <stdlib.h>

#include "tui/app.h"
#include "tui/view.h"

int tui_view_init(tui_view *v, const tui_view_ops *ops, tui_view *parent)
{
	v->ops = ops;
	v->parent = parent;
	v->priv = NULL;
	if (ops->private_size && !(v->priv = calloc(1, ops->private_size)))
		return -1;
	return 0;
}

void tui_view_release(tui_app *a, tui_view *v)
{
	if (v->ops && v->ops->close)
		v->ops->close(a, v);
	free(v->priv);
	v->priv = NULL;
}

int tui_view_stack_init(tui_app *a, const tui_view_ops *bottom)
{
	tui_view *v = malloc(sizeof *v);
	if (!v || tui_view_init(v, bottom, NULL) != 0) {
		free(v);
		return -1;
	}
	a->top = v;
	if (bottom->open && bottom->open(a, v) < 0) {
		tui_view_release(a, v);
		free(v);
		a->top = NULL;
		return -1;
	}
	return 0;
}

static void pop(tui_app *a)
{
	tui_view *v = a->top;
	a->top = v->parent;
	tui_view_release(a, v);
	free(v);
}

void tui_view_stack_free(tui_app *a)
{
	while (a->top)
		pop(a);
}

tui_view *tui_view_top(const tui_app *a)
{
	return a->top;
}

int tui_view_close(tui_app *a)
{
	if (!a->top || !a->top->parent)
		return TUI_CH_NONE;
	pop(a);
	return TUI_CH_DRAW;
}

void tui_view_close_to_bottom(tui_app *a)
{
	while (a->top && a->top->parent)
		pop(a);
}

bool tui_view_is_open(const tui_app *a, const tui_view_ops *ops)
{
	for (const tui_view *v = a->top; v; v = v->parent)
		if (v->ops == ops)
			return true;
	return false;
}

int tui_view_open(tui_app *a, const tui_view_ops *ops)
{
	if (!ops->over)
		tui_view_close_to_bottom(a);
	tui_view *v = malloc(sizeof *v);
	if (!v || tui_view_init(v, ops, a->top) != 0) {
		free(v);
		return -1;
	}
	a->top = v;
	int r = ops->open ? ops->open(a, v) : TUI_CH_NONE;
	if (r < 0) { /* refused: its message says why */
		pop(a);
		return TUI_CH_DRAW;
	}
	return r | TUI_CH_DRAW;
}

static bool is_broadcast(int kind)
{
	return kind == TUI_REQ_ROWS || kind == TUI_REQ_SOLVED || kind == TUI_REQ_RESLICE;
}

int tui_view_request(tui_app *a, tui_request *rq)
{
	int flags = -1;
	tui_view *v = a->top;
	while (v) {
		/* the handler may close its own view (a reslice): step first */
		tui_view *next = v->parent;
		int r = v->ops->request ? v->ops->request(a, v, rq) : -1;
		if (r >= 0) {
			flags = flags < 0 ? r : flags | r;
			if (!is_broadcast(rq->kind))
				break;
		}
		v = next;
	}
	return flags;
}
