/* view.h -- what every view is to the main loop: a rectangle to draw in
 * and an action handler, behind a small ops table.  One file per view
 * (view_*.c), each with its own header for what else it offers and the
 * state it keeps.
 */
#ifndef CAMTUNE_TUI_VIEW_H
#define CAMTUNE_TUI_VIEW_H

#include "tui/tui.h"

typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

typedef struct tui_view_ops {
	const char *name;
	void (*draw)(tui_app *a, tui_rect r);
	/* Handle an action (arg: the command's argument, NULL from a key)
	 * while the view has the focus; returns TUI_CH_* flags, or -1 to
	 * let the next handler have it. */
	int (*action)(tui_app *a, int action, const char *arg);
	/* The hint line's actions while the view has the focus, ending with
	 * -1 (their words come from the action table). */
	const int *hints;
} tui_view_ops;

#endif
