/* view.h -- the explorer's views and the stack they live on (stack.c).
 *
 * Every screen the explorer shows is a view: one file (view_*.c) behind
 * the ops table below.  Views sit on a stack, as in tig: the camera list
 * is always at the bottom; a view is opened over the one on top
 * (tui_view_open), and q or Esc closes the top one, going back to the
 * view it was opened from (its parent).  The stack allocates each view's
 * own state (ops->private_size bytes, zeroed, in v->priv) and frees it
 * when the view closes; no other file reads or writes it.
 *
 * A key, turned into an action, goes to the view on top first
 * (ops->action).  What the view does not handle (-1) falls through to the
 * application only when the action's scope (the action table, actions.h)
 * is one the view takes (ops->takes): a view without a camera in focus
 * never passes on a lock, a step or a mute, the help never passes on a
 * sort.  Views ask each other for things (select a camera in the list,
 * filter the list to a store, which camera the list has selected) through
 * requests (tui_view_request), never by touching another view's state.
 *
 * Call order: tui_view_stack_init once (the list at the bottom), then
 * opens and closes as keys come, tui_view_stack_free at the end.
 */
#ifndef CAMTUNE_TUI_VIEW_H
#define CAMTUNE_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/tui.h"

typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

typedef struct tui_view tui_view;

/* What views ask each other.  A request goes down the stack from the top
 * to the first view that answers it (its ops->request returns >= 0);
 * broadcast kinds go to every view. */
enum tui_request_kind {
	TUI_REQ_SELECT,   /* select camera `camera` in the list */
	TUI_REQ_FILTER,   /* filter the list to names containing `text` (NULL: none) */
	TUI_REQ_SELECTED, /* out: the list's selected camera (or -1) */
	TUI_REQ_SHOWN,    /* out: the list's rows, their count, position, filter */
	TUI_REQ_ROWS,     /* broadcast: sort, filter or marks changed */
	TUI_REQ_SOLVED,   /* broadcast: a new solution came in */
	TUI_REQ_RESLICE,  /* broadcast: the dataset was cut again (indices change) */
};

typedef struct tui_request {
	int kind;
	int camera;           /* SELECT: in; SELECTED: out */
	const char *text;     /* FILTER: in; SHOWN: out (the filter or NULL) */
	const uint32_t *rows; /* SHOWN: out */
	size_t n_rows, pos;   /* SHOWN: out */
} tui_request;

/* Which actions a view lets fall through (bits of enum tui_scope). */
enum tui_scope {
	TUI_SCOPE_VIEW = 0,       /* the view's own (navigation): never falls through */
	TUI_SCOPE_ANY = 1 << 0,   /* the same in every view: export, quit, open a view */
	TUI_SCOPE_SOLVE = 1 << 1, /* target, strategy, undo: views that show the solution */
	TUI_SCOPE_CAMERA = 1 << 2,/* edits of the camera in focus (ops->camera) */
	TUI_SCOPE_LIST = 1 << 3,  /* sort, filter, columns: the list */
};

typedef struct tui_view_ops {
	const char *name;
	size_t private_size;  /* the view's state, allocated by the stack */
	unsigned takes;       /* TUI_SCOPE_* bits that fall through to the app */
	bool over;            /* opens over the top view (help); else over the list */
	/* Called once the state is allocated (v->parent set); returns
	 * TUI_CH_* flags, or -1 to refuse (the view is not opened; a message
	 * says why).  NULL: nothing to do. */
	int (*open)(tui_app *a, tui_view *v);
	/* Free what the state points to (not the state).  NULL: nothing. */
	void (*close)(tui_app *a, tui_view *v);
	void (*draw)(tui_app *a, tui_view *v, tui_rect r);
	/* An action (arg: the command's argument, NULL from a key): TUI_CH_*
	 * flags, or -1 when the view does not handle it. */
	int (*action)(tui_app *a, tui_view *v, int action, const char *arg);
	/* A request: TUI_CH_* flags, or -1 when not the view's.  NULL: none. */
	int (*request)(tui_app *a, tui_view *v, tui_request *rq);
	/* The camera in focus (that edits of one camera act on), or -1.
	 * NULL: the view never has one. */
	int (*camera)(const tui_app *a, const tui_view *v);
	/* The hint line's actions, ending with -1 (words from the table). */
	const int *hints;
} tui_view_ops;

struct tui_view {
	const tui_view_ops *ops;
	tui_view *parent;     /* the view it was opened over; NULL: the list */
	void *priv;           /* ops->private_size bytes, the view's own */
};

/* The camera list (view_list.c), the bottom of every stack. */
extern const tui_view_ops tui_view_list;

/* The list at the bottom of a new stack: -1 when out of memory. */
int tui_view_stack_init(tui_app *a, const tui_view_ops *bottom);
void tui_view_stack_free(tui_app *a);
/* Open a view: over the top one (ops->over), else over the list, closing
 * the views above it first.  Returns TUI_CH_* flags (the open's; a view
 * that refuses to open says why in a message), or -1 when out of memory. */
int tui_view_open(tui_app *a, const tui_view_ops *ops);
/* Close the top view (never the list); TUI_CH_DRAW, or TUI_CH_NONE when
 * the list is on top. */
int tui_view_close(tui_app *a);
/* Close every view above the list. */
void tui_view_close_to_bottom(tui_app *a);
tui_view *tui_view_top(const tui_app *a);
/* Whether a view of these ops is on the stack. */
bool tui_view_is_open(const tui_app *a, const tui_view_ops *ops);
/* Send a request down the stack; TUI_CH_* flags, or -1 when no view
 * answered. */
int tui_view_request(tui_app *a, tui_request *rq);
/* A view outside the stack (a pane a view draws inside itself): its state
 * allocated and zeroed.  -1 when out of memory. */
int tui_view_init(tui_view *v, const tui_view_ops *ops, tui_view *parent);
void tui_view_release(tui_app *a, tui_view *v);

#endif
