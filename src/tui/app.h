/* app.h -- the explorer's one application struct, its state and what the
 * actions do to it (app.c).
 *
 * Actions change the state and return what changed (TUI_CH_* flags);
 * they never read keys nor draw.  An action that needs a line typed asks
 * for the prompt (TUI_CH_PROMPT with a->prompt_req), one that needs the
 * terminal asks for it (TUI_CH_SUSPEND, TUI_CH_REDRAW); the main loop
 * (tui.c) does those, re-solves, rebuilds the list and draws.  What undo
 * and redo restore is a tui_state: target, strategy and the per-camera
 * overrides.
 */
#ifndef CAMTUNE_TUI_APP_H
#define CAMTUNE_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/optimise.h"
#include "core/stats.h"
#include "io/load.h"
#include "report/report.h"
#include "tui/actions.h"
#include "tui/draw.h"
#include "tui/input.h"
#include "tui/solver.h"
#include "tui/tui.h"
#include "tui/view.h"

/* ---- what an action changed, and what it asks the loop for ---- */
enum {
	TUI_CH_NONE = 0,
	TUI_CH_DRAW = 1 << 0,    /* something visible changed */
	TUI_CH_SOLVE = 1 << 1,   /* target, strategy or overrides: re-solve */
	TUI_CH_ROWS = 1 << 2,    /* sort or filter: rebuild the list */
	TUI_CH_QUIT = 1 << 3,
	TUI_CH_PROMPT = 1 << 4,  /* open the prompt of a->prompt_req */
	TUI_CH_SUSPEND = 1 << 5, /* give the terminal back, stop, resume */
	TUI_CH_REDRAW = 1 << 6,  /* repaint the whole terminal */
	TUI_CH_SELECT = 1 << 7,  /* select camera a->select_req in the list */
	TUI_CH_SOLVED = 1 << 8,  /* a new solution came in */
};

/* Per-camera manual overrides. */
enum tui_mark { TUI_FREE, TUI_LOCKED, TUI_MUTED, TUI_EXCLUDED };

typedef struct tui_state {
	char target_text[32];  /* as typed: "10%" or "12000" */
	double target;         /* absolute FP-saved target */
	ct_strategy strategy;
	uint8_t *mark;         /* per camera, enum tui_mark */
	double *thr;           /* per camera: threshold when locked or muted */
	unsigned cons_version; /* names the set of overrides (solver cache key) */
	unsigned id;           /* names the whole state (export bookkeeping) */
} tui_state;

/* A state on the undo or redo stack: overrides stored sparsely, and what
 * the change to it was ("lock north:1"), for the message of undo. */
typedef struct tui_snapshot {
	char target_text[32];
	double target;
	ct_strategy strategy;
	unsigned cons_version, id;
	size_t n;
	uint32_t *cam;
	uint8_t *mark;
	double *thr;
	char what[96];
	int action;            /* the action that made the change */
} tui_snapshot;

typedef struct tui_stack {
	tui_snapshot *v;
	size_t n, cap;
} tui_stack;

enum tui_pane { TUI_PANE_CURVE, TUI_PANE_FRONTIER, TUI_PANE_QUALITY, TUI_N_PANES };

struct tui_app {
	/* data (borrowed) and what is derived from it once */
	const ct_dataset *ds;
	const ct_options *opts;
	const ct_quality *quality;
	char *source;
	char **names;      /* "store:camera" per camera */
	double *auc;       /* per camera, NAN when undefined */
	/* the uniformity report's figures (ct_report_build), once at load:
	 * they depend on the data only, never on the state */
	ct_report report;
	ct_camera_stats *cstats; /* = report.cameras, per camera */
	char *verdict;     /* ct_report_verdict_text; NULL when out of memory */
	uint32_t *chance;  /* cameras at chance, most FP first (report.by_fp) */
	size_t n_chance;
	double min_recall;

	/* the state and its history */
	tui_state st;
	tui_stack undo, redo;
	unsigned next_id, next_cons;
	unsigned clean_id; /* state id at start or at the last export */
	int last_action;   /* the last change's action (+/- merge into one step) */

	/* the current solution (copies owned by the main thread) */
	tui_solver *solver;
	unsigned seq;      /* last job posted */
	bool have_sol;
	ct_solution sol;
	bool have_expect;
	ct_expectation expect; /* the solution on new alerts */
	ct_model_params model;
	unsigned sol_cons;
	uint64_t max_saving;
	bool have_optimum; /* the exact optimum for optimum_cons and _target */
	unsigned optimum_cons;
	double optimum_target;
	long long optimum; /* its TP lost, -1 out of reach */
	bool have_fr;
	unsigned fr_cons;
	ct_frontier fr[TUI_N_FRONTIERS];
	double solve_seconds;
	double solve_started; /* while a threaded job runs */
	int solve_error;

	/* the views, on a stack (view.h): the list at the bottom; each view
	 * keeps its own state behind it */
	tui_view *top;

	/* screen */
	int pane;          /* enum tui_pane: under the list */
	bool log_scale, ascii, color;
	char msg[600];
	int msg_role;
	char *completions; /* shown above the prompt while it is open */
	bool prompt_open;
	char prompt_req[4];     /* TUI_CH_PROMPT: the prompt (":" or "/") */
	char prompt_fill[160];  /* and the text typed in already */
	int select_req;         /* TUI_CH_SELECT: the camera to select in the list */
	int count;              /* the count typed before the key (1: none) */
	bool confirm_quit, quit;
	char *export_path;
	unsigned export_failures; /* exports refused or failed: a script's exit */
	char *history_path;
	tui_input *in;
	bool scripted;
	bool started;      /* solver, prompt and colours set up */

	/* time: the slice shown (:since, :until) and the backtest view */
	const ct_builder *builder;   /* borrowed; NULL: no re-slicing */
	bool has_since, has_until;
	int64_t since, until;
	ct_dataset *own_ds;          /* a re-slice: owned, else ds is borrowed */
	ct_options *own_opts;
	const ct_dataset *base_ds;   /* the borrowed dataset of tui_config */
	const ct_options *base_opts;
	bool base_has_since, base_has_until; /* and its range */
	int64_t base_since, base_until;
	unsigned slice_version;      /* bumped at every re-slice */
};

/* "s" for a count other than one: "1 camera", "2 cameras". */
static inline const char *tui_plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* The state's actions (those of the list and the other views are in
 * their files): returns TUI_CH_* flags. */
int tui_app_do(tui_app *a, int action, const char *arg);
/* A key while "quit anyway?" is asked: TUI_CH_* flags, or -1 when the
 * question is not open (the key is then an ordinary key). */
int tui_app_confirm_key(tui_app *a, int key);
void tui_app_message(tui_app *a, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Ask the loop for the prompt, with `fill` typed in; returns TUI_CH_PROMPT. */
int tui_app_ask_prompt(tui_app *a, const char *prompt, const char *fill);
/* Post a solve for the current state (the main loop calls it). */
void tui_app_request_solve(tui_app *a);
/* Take a finished solve, if any; returns TUI_CH_* flags. */
int tui_app_poll(tui_app *a);
/* The camera the list has selected (its cursor), or -1. */
int tui_app_selected(tui_app *a);
/* The camera in focus in the view on top (the list's cursor, the camera
 * view's camera), or -1 where there is none (help, fleet, backtest...):
 * edits of one camera act on it. */
int tui_app_focus(const tui_app *a);
bool tui_app_dirty(const tui_app *a);
/* Optimal TP lost for the current target from the exact frontier, or -1. */
long long tui_app_optimum(const tui_app *a);
/* A camera by "store:camera", or by a prefix naming one; -1 with a
 * message when none or several. */
int tui_app_find_camera(tui_app *a, const char *text);
/* Cameras locked, muted or excluded. */
size_t tui_app_n_manual(const tui_app *a);

/* Cut the data to [since, until) of the builder (has_*: false = no bound)
 * and start again on it: the overrides follow their cameras by key, the
 * undo history is cleared.  Returns TUI_CH_* flags (a message says what
 * happened). */
int tui_app_reslice(tui_app *a, bool has_since, int64_t since, bool has_until, int64_t until);

#endif
