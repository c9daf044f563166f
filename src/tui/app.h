/* app.h -- the explorer's one application struct, its state and its
 * internal interfaces (views, input, prompt, solver, drawing).
 *
 * Actions change the state and return what changed (TUI_CH_* flags); only
 * the main loop (tui.c) draws.  What undo/redo restores is a tui_state:
 * target, strategy and the per-camera overrides.
 */
#ifndef CAMTUNE_TUI_APP_H
#define CAMTUNE_TUI_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/optimise.h"
#include "core/stats.h"
#include "io/load.h"
#include "tui/actions.h"
#include "tui/tui.h"

/* ---- what an action changed ---- */
enum {
	TUI_CH_NONE = 0,
	TUI_CH_DRAW = 1 << 0,   /* something visible changed */
	TUI_CH_SOLVE = 1 << 1,  /* target, strategy or overrides: re-solve */
	TUI_CH_ROWS = 1 << 2,   /* sort or filter: rebuild the list */
	TUI_CH_QUIT = 1 << 3,
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

/* A state on the undo or redo stack: overrides stored sparsely. */
typedef struct tui_snapshot {
	char target_text[32];
	double target;
	ct_strategy strategy;
	unsigned cons_version, id;
	size_t n;
	uint32_t *cam;
	uint8_t *mark;
	double *thr;
} tui_snapshot;

typedef struct tui_stack {
	tui_snapshot *v;
	size_t n, cap;
} tui_stack;

/* ---- solver (solver.c): runs solves on a worker thread, or inline ---- */
typedef struct tui_job {
	ct_strategy strategy;
	double target, min_recall;
	uint8_t *excluded;   /* owned by the job */
	double *locked;      /* owned by the job */
	unsigned cons_version, seq;
	bool want_exact;     /* exact frontier, for the gap */
	bool want_frontiers; /* exact, hull, uniform, for the frontier pane */
} tui_job;

typedef struct tui_result {
	int status;          /* 0 ok, -1 out of memory */
	unsigned cons_version, seq;
	ct_solution sol;
	ct_expectation expect; /* the solution on new alerts (model.h) */
	bool have_expect;
	uint64_t max_saving;
	bool have_exact, have_frontiers;
	ct_frontier exact;
	ct_frontier fr[3];   /* exact, hull, uniform */
	double seconds;
} tui_result;

typedef struct tui_solver tui_solver;
/* mp: the out-of-sample model's parameters (NULL: the defaults). */
tui_solver *tui_solver_new(const ct_dataset *ds, const ct_options *opts,
                           const ct_model_params *mp, bool threaded);
void tui_solver_free(tui_solver *s);
/* Takes ownership of the job's arrays.  Inline solvers run it at once. */
void tui_solver_post(tui_solver *s, tui_job *job);
bool tui_solver_busy(tui_solver *s);
/* Wait at most `seconds` for the running job; true when idle. */
bool tui_solver_wait(tui_solver *s, double seconds);
/* True and *out filled when a result is waiting. */
bool tui_solver_take(tui_solver *s, tui_result *out);
void tui_result_free(tui_result *r);

/* ---- input (input.c): the program's one input source ---- */
#define TUI_KEY_EOF (-2)
typedef struct tui_input {
	const char *script; /* NULL: the terminal */
	size_t pos;
} tui_input;
/* Next key; ERR on timeout (terminal), TUI_KEY_EOF at the end of a
 * script.  timeout_ms < 0 waits. */
int tui_input_get(tui_input *in, int timeout_ms);

/* ---- views: one file each, behind a small ops table ---- */
typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

typedef struct tui_view_ops {
	const char *name;
	void (*draw)(tui_app *a, tui_rect r);
	/* Handle an action while the view has the focus; returns TUI_CH_*
	 * flags, or -1 to let the application handle it. */
	int (*action)(tui_app *a, int action);
} tui_view_ops;

extern const tui_view_ops tui_view_list, tui_view_curve, tui_view_frontier,
	tui_view_quality, tui_view_help, tui_view_fleet;
extern const tui_view_ops tui_view_backtest;

enum tui_pane { TUI_PANE_CURVE, TUI_PANE_FRONTIER, TUI_PANE_QUALITY, TUI_N_PANES };

/* List columns; also the sort keys. */
enum tui_column {
	TUI_COL_STORE, TUI_COL_CAMERA, TUI_COL_ALERTS, TUI_COL_TP, TUI_COL_FP,
	TUI_COL_PRECISION, TUI_COL_AUC, TUI_COL_THRESHOLD, TUI_COL_SAVED,
	TUI_COL_LOST, TUI_COL_RECALL, TUI_COL_MARKS, TUI_N_COLUMNS
};
extern const char *const tui_column_names[TUI_N_COLUMNS];

/* ---- colour roles (draw.c) ---- */
enum tui_role {
	TUI_ROLE_NORMAL, TUI_ROLE_HEADER, TUI_ROLE_STATUS, TUI_ROLE_SELECTED,
	TUI_ROLE_TITLE, TUI_ROLE_NUMBER, TUI_ROLE_GOOD, TUI_ROLE_WARNING,
	TUI_ROLE_ERROR, TUI_ROLE_MARK, TUI_ROLE_DIM, TUI_ROLE_PLOT,
	TUI_ROLE_PLOT2, TUI_ROLE_PLOT3, TUI_ROLE_POINT, TUI_ROLE_TARGET,
	TUI_N_ROLES
};

struct tui_app {
	/* data (borrowed) and what is derived from it once */
	const ct_dataset *ds;
	const ct_options *opts;
	const ct_quality *quality;
	char *source;
	char **names;      /* "store:camera" per camera */
	double *auc;       /* per camera, NAN when undefined */
	/* the uniformity report's figures (core/stats.h), computed once at
	 * load: they depend on the data only, never on the state */
	ct_camera_stats *cstats; /* per camera */
	ct_fleet_stats fleet;
	char *verdict;     /* ct_report_verdict_text; NULL when out of memory */
	uint32_t *chance;  /* cameras with AUC <= 0.5, most FP first */
	size_t n_chance;
	double min_recall;

	/* the state and its history */
	tui_state st;
	tui_stack undo, redo;
	unsigned next_id, next_cons;
	unsigned clean_id; /* state id at start or at the last export */

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
	bool have_exact;   /* exact frontier for have_exact_cons */
	unsigned exact_cons;
	ct_frontier exact;
	bool have_fr;
	unsigned fr_cons;
	ct_frontier fr[3];
	double solve_seconds;
	double solve_started; /* while a threaded job runs */
	int solve_error;

	/* list */
	uint32_t *rows;    /* visible cameras in display order */
	size_t n_rows;
	size_t sel, top;   /* indices into rows */
	int list_height;   /* rows shown at the last draw (paging) */
	int sort_col;
	bool sort_desc;
	unsigned cols_shown; /* bit per column shown at the last draw (0: none yet) */
	char *filter, *search;

	/* screen */
	int pane;          /* enum tui_pane */
	bool help;
	int help_top, help_lines;
	bool fleet_view;   /* the fleet summary fills the body */
	int fleet_top, fleet_lines;
	bool log_scale, ascii, color;
	char msg[600];
	int msg_role;
	char *completions; /* shown above the prompt while it is open */
	bool prompt_open;
	bool confirm_quit, quit;
	char *export_path;
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
	bool backtest_view;          /* the backtest fills the body */
	int backtest_top, backtest_lines;
	struct tui_backtest *backtest; /* view_backtest.c's cache */
};

/* app.c */
int tui_app_key(tui_app *a, int key);
int tui_app_do(tui_app *a, int action, const char *arg);
int tui_app_command(tui_app *a, const char *line);
void tui_app_message(tui_app *a, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Post a solve for the current state (the main loop calls it). */
void tui_app_request_solve(tui_app *a);
/* Take a finished solve, if any; returns TUI_CH_* flags. */
int tui_app_poll(tui_app *a);
/* The camera under the cursor, or -1. */
int tui_app_selected(const tui_app *a);
bool tui_app_dirty(const tui_app *a);
/* Optimal TP lost for the current target from the exact frontier, or -1. */
long long tui_app_optimum(const tui_app *a);
double tui_now(void);

/* app.c: cut the data to [since, until) of the builder (has_*: false =
 * no bound) and start again on it: the overrides follow their cameras by
 * key, the undo history is cleared.  Returns TUI_CH_* flags (a message
 * says what happened). */
int tui_app_reslice(tui_app *a, bool has_since, int64_t since, bool has_until, int64_t until);
/* view_backtest.c: free the backtest cache */
void tui_backtest_free(tui_app *a);

/* view_list.c: rows, sort, filter, search */
void tui_list_rebuild(tui_app *a);
/* Whether the sort order depends on the solution (re-sort after a solve). */
bool tui_list_sort_uses_solution(const tui_app *a);
int tui_list_search(tui_app *a, const char *text, int dir, bool skip_current);
bool tui_list_select_camera(tui_app *a, int camera);
int tui_column_parse(const char *name);

/* draw.c */
void tui_colors_init(tui_app *a);
int tui_attr(const tui_app *a, int role);
void tui_draw(tui_app *a);
void tui_draw_message(tui_app *a);
void tui_fmt_count(char *buf, size_t len, uint64_t v);
void tui_addnstr(int y, int x, const char *s, int w);
void tui_fill(int y, int x, int w, int role, const tui_app *a);
/* Display columns of a UTF-8 string. */
int tui_text_width(const char *s);
/* Word wrap: the bytes of s that make its first line of at most w columns
 * (broken after a blank when the text goes on; a single word wider than w
 * is cut).  *next: where the next line starts, blanks skipped. */
size_t tui_wrap_line(const char *s, int w, size_t *next);
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16

/* prompt.c */
void tui_prompt_init(tui_app *a);
void tui_prompt_done(tui_app *a);
/* Read a line in the prompt line.  1: *line set (malloc'ed); 0:
 * cancelled; -1: input ended. */
int tui_prompt_read(tui_app *a, const char *prompt, const char *prefill, char **line);
/* Draw the prompt line (tui_draw calls it while the prompt is open). */
void tui_prompt_redisplay(tui_app *a);

/* tui.c: wait for the next key while keeping the screen up to date */
int tui_next_key(tui_app *a);

#endif
