/* actions.h -- the explorer's one vocabulary of actions.
 *
 * Every key binding, every `:command`, the readline completion of command
 * names, the help screen and `camtune tui --list-actions` (which the man
 * page and a test compare against) come from the single X-macro list
 * below, so they cannot drift apart.
 *
 * A(ID, name, group, scope, view, keys, argument, completion, alias, hint, help)
 *   name        the `:command` name
 *   scope       where the action means something when the view on top does
 *               not handle it (view.h, enum tui_scope): VIEW only the view's
 *               own (navigation), ANY every view, SOLVE views showing the
 *               solution, CAMERA views with a camera in focus, LIST the list
 *   view        VIEW_OF(x): the action opens the view tui_view_x (its one
 *               file, view_x.c), or closes it when it is on top; NO_VIEW.
 *               Only the main loop (tui.c) reads this column
 *   keys        default keys, space-separated: a character, C-x, or a key
 *               name of input.h (Up Down Left Right PgUp PgDn Home End
 *               Enter Esc Tab Space BS Del)
 *   argument    NULL: none; "[X]": optional; "X": required.  A key bound to
 *               an action whose argument is required opens the prompt with
 *               the command name typed in.
 *   completion  what the argument is (TUI_ARG_*): CAMERA actions take a
 *               camera name (default: the selected camera), NAME a part
 *               of one; Tab completes from the matching list
 *   alias       another `:command` name, or NULL
 *   hint        the word the hint line shows next to the first key, or
 *               NULL (actions with the same word share one entry: "+/-")
 *   help        the help screen's and the man page's text
 */
#ifndef CAMTUNE_TUI_ACTIONS_H
#define CAMTUNE_TUI_ACTIONS_H

#include <stdbool.h>
#include <stdio.h>

#define TUI_ACTIONS(A) \
	A(DOWN,          "down",          NAV, VIEW,  NO_VIEW,              "j Down",    NULL,             NONE,     NULL,  "scroll",   "move the cursor to the next row") \
	A(UP,            "up",            NAV, VIEW,  NO_VIEW,              "k Up",      NULL,             NONE,     NULL,  "scroll",   "move the cursor to the previous row") \
	A(PAGE_DOWN,     "page-down",     NAV, VIEW,  NO_VIEW,              "PgDn C-f Space", NULL,       NONE,     NULL,  "page",     "one page down") \
	A(PAGE_UP,       "page-up",       NAV, VIEW,  NO_VIEW,              "PgUp C-b b", NULL,             NONE,     NULL,  "page",     "one page up") \
	A(FIRST,         "first",         NAV, VIEW,  NO_VIEW,              "g Home",    NULL,             NONE,     NULL,  NULL,       "move the cursor to the first row") \
	A(LAST,          "last",          NAV, VIEW,  NO_VIEW,              "G End",     NULL,             NONE,     NULL,  NULL,       "move the cursor to the last row") \
	A(OPEN,          "open",          NAV, VIEW,  NO_VIEW,              "Enter",     NULL,             NONE,     NULL,  "open",     "open the row under the cursor: a camera's curve and options full screen, lock a camera at the option under the cursor, a store's cameras, a fleet camera in the list") \
	A(GOTO,          "goto",          NAV, LIST,  NO_VIEW,              "",          "STORE[:CAMERA]", CAMERA,   NULL,  NULL,       "select a camera by name") \
	A(SEARCH,        "search",        NAV, VIEW,  NO_VIEW,              "/",         "TEXT",           NAME,     NULL,  "search",   "select the next camera whose name contains TEXT") \
	A(SEARCH_NEXT,   "search-next",   NAV, VIEW,  NO_VIEW,              "n",         NULL,             NONE,     NULL,  NULL,       "repeat the search forwards") \
	A(SEARCH_PREV,   "search-prev",   NAV, VIEW,  NO_VIEW,              "N",         NULL,             NONE,     NULL,  NULL,       "repeat the search backwards") \
	A(FILTER,        "filter",        LIST, LIST,  NO_VIEW,             "f",         "[TEXT]",         NAME,     NULL,  NULL,       "show only cameras whose name contains TEXT (none: all)") \
	A(SORT,          "sort",          LIST, LIST,  NO_VIEW,             "",          "COLUMN",         COLUMN,   NULL,  NULL,       "sort the list by COLUMN (Tab lists them; ? explains each)") \
	A(SORT_NEXT,     "sort-next",     LIST, LIST,  NO_VIEW,             ">",         NULL,             NONE,     NULL,  NULL,       "sort by the next column") \
	A(SORT_PREV,     "sort-prev",     LIST, LIST,  NO_VIEW,             "<",         NULL,             NONE,     NULL,  NULL,       "sort by the previous column") \
	A(SORT_REVERSE,  "sort-reverse",  LIST, LIST,  NO_VIEW,             "I",         NULL,             NONE,     NULL,  NULL,       "reverse the sort order") \
	A(COLUMNS,       "columns",       LIST, LIST,  NO_VIEW,             "",          "[COLUMN...]",    COLUMN,   NULL,  NULL,       "hide or show the columns named (all: every column); none: say which are hidden") \
	A(SCROLL_LEFT,   "scroll-left",   LIST, LIST,  NO_VIEW,             "[",         NULL,             NONE,     NULL,  NULL,       "scroll the list's columns left (store and camera stay)") \
	A(SCROLL_RIGHT,  "scroll-right",  LIST, LIST,  NO_VIEW,             "]",         NULL,             NONE,     NULL,  NULL,       "scroll the list's columns right, to those that do not fit") \
	A(TARGET_UP,     "target-up",     SOLVE, SOLVE, NO_VIEW,            "+ =",       NULL,             NONE,     NULL,  "target",   "raise the target by one percent of baseline FP") \
	A(TARGET_DOWN,   "target-down",   SOLVE, SOLVE, NO_VIEW,            "-",         NULL,             NONE,     NULL,  "target",   "lower the target by one percent of baseline FP") \
	A(TARGET,        "target",        SOLVE, SOLVE, NO_VIEW,            "t",         "T",              NONE,     NULL,  NULL,       "set the target: a count (20000) or a percentage (12%)") \
	A(STRATEGY_NEXT, "strategy-next", SOLVE, SOLVE, NO_VIEW,            "s",         NULL,             NONE,     NULL,  "strategy", "switch to the next strategy") \
	A(STRATEGY,      "strategy",      SOLVE, SOLVE, NO_VIEW,            "",          "NAME",           STRATEGY, NULL,  NULL,       "use strategy NAME (Tab lists them)") \
	A(LOCK,          "lock",          CAMERA, CAMERA, NO_VIEW,           "L",         "[CAMERA]",       CAMERA,   NULL,  NULL,       "lock the camera at its current threshold, or free it") \
	A(STEP_DOWN,     "step-down",     CAMERA, CAMERA, NO_VIEW,           "Left h",    "[CAMERA]",       CAMERA,   NULL,  NULL,       "move the camera to its previous option (lower threshold) and lock it; stops at the first") \
	A(STEP_UP,       "step-up",       CAMERA, CAMERA, NO_VIEW,           "Right l",   "[CAMERA]",       CAMERA,   NULL,  NULL,       "move the camera to its next option (higher threshold) and lock it; stops at the last (m mutes)") \
	A(THRESHOLD,     "threshold",     CAMERA, CAMERA, NO_VIEW,           "",          "T",              NONE,     NULL,  NULL,       "lock the camera in focus at threshold T (0.31); above every score: :mute") \
	A(RECALL,        "recall",        CAMERA, CAMERA, NO_VIEW,           "",          "R",              NONE,     NULL,  NULL,       "lock the camera in focus at the option keeping the fewest FP with recall at least R (90%)") \
	A(MUTE,          "mute",          CAMERA, CAMERA, NO_VIEW,           "m",         "[CAMERA]",       CAMERA,   NULL,  NULL,       "mute the camera (drop all its alerts), or free it") \
	A(EXCLUDE,       "exclude",       CAMERA, CAMERA, NO_VIEW,           "x",         "[CAMERA]",       CAMERA,   NULL,  NULL,       "keep the camera at baseline, outside the optimisation, or free it") \
	A(FREE,          "free",          CAMERA, CAMERA, NO_VIEW,           "F",         "[CAMERA]",       CAMERA,   NULL,  NULL,       "remove the camera's lock, mute or exclusion") \
	A(RESET,         "reset",         CAMERA, SOLVE, NO_VIEW,           "",          NULL,             NONE,     NULL,  NULL,       "free every camera") \
	A(UNDO,          "undo",          EDIT, SOLVE, NO_VIEW,             "u",         NULL,             NONE,     NULL,  NULL,       "undo the last change") \
	A(REDO,          "redo",          EDIT, SOLVE, NO_VIEW,             "C-r U",     NULL,             NONE,     NULL,  NULL,       "redo the last undone change") \
	A(EXPORT,        "export",        EDIT, ANY,   NO_VIEW,             "e",         "[FILE]",         FILE,     "w",   "export",   "write the thresholds JSON (default: the last file, or thresholds.json)") \
	A(LOAD_LOCKS,    "load-locks",    EDIT, SOLVE, NO_VIEW,             "",          "FILE",           FILE,     NULL,  NULL,       "lock every camera of a thresholds file at its threshold, mute its muted ones") \
	A(CAMERA_VIEW,   "camera",        VIEW, CAMERA, VIEW_OF(camera),    "c",         NULL,             NONE,     NULL,  NULL,       "show the camera in focus full screen: its curve and every option (Enter in the list), or the list again") \
	A(PANE_CURVE,    "curve",         VIEW, ANY,   NO_VIEW,             "1",         NULL,             NONE,     NULL,  NULL,       "show the curve of the selected camera") \
	A(PANE_FRONTIER, "frontier",      VIEW, ANY,   NO_VIEW,             "2 w",       NULL,             NONE,     NULL,  NULL,       "show the fleet frontier (exact, hull, uniform), or the curve again") \
	A(PANE_QUALITY,  "quality",       VIEW, ANY,   NO_VIEW,             "3",         NULL,             NONE,     NULL,  NULL,       "show the data-quality panel, or the curve again") \
	A(FLEET,         "fleet",         VIEW, ANY,   VIEW_OF(fleet),      "4",         NULL,             NONE,     NULL,  "fleet",    "show the fleet summary (as camtune report), or the list again") \
	A(PANE_NEXT,     "pane-next",     VIEW, ANY,   NO_VIEW,             "Tab",       NULL,             NONE,     NULL,  NULL,       "cycle the lower pane") \
	A(LOG_SCALE,     "log-scale",     VIEW, ANY,   NO_VIEW,             "z",         NULL,             NONE,     NULL,  NULL,       "toggle a logarithmic FP axis in the curve") \
	A(HELP,          "help",          VIEW, ANY,   VIEW_OF(help),       "? F1",      NULL,             NONE,     NULL,  "help",     "show or hide this help") \
	A(REDRAW,        "redraw",        VIEW, ANY,   NO_VIEW,             "C-l",       NULL,             NONE,     NULL,  NULL,       "redraw the screen") \
	A(SUSPEND,       "suspend",       VIEW, ANY,   NO_VIEW,             "C-z",       NULL,             NONE,     NULL,  NULL,       "suspend camtune (the shell's fg resumes it)") \
	A(PROMPT,        "prompt",        EDIT, ANY,   NO_VIEW,             ":",         NULL,             NONE,     NULL,  "command",  "open the command prompt") \
	A(CANCEL,        "cancel",        EDIT, ANY,   NO_VIEW,             "Esc",       NULL,             NONE,     NULL,  "back",     "close the view on top (help, fleet, camera...); in the list, clear the filter") \
	A(QUIT,          "quit",          EDIT, ANY,   NO_VIEW,             "q",         NULL,             NONE,     "q",   "quit",     "close the view on top; in the list, quit (asks first if there are changes not exported)") \
	A(QUIT_NOW,      "quit!",         EDIT, ANY,   NO_VIEW,             "C-c Q",     NULL,             NONE,     "q!",  NULL,       "quit at once") \
	A(SINCE,         "since",         TIME, SOLVE, NO_VIEW,             "",          "[DATE]",         NONE,     NULL,  NULL,       "only the alerts at or after DATE (YYYY-MM-DD[THH:MM], UTC); none: from the start") \
	A(UNTIL,         "until",         TIME, SOLVE, NO_VIEW,             "",          "[DATE]",         NONE,     NULL,  NULL,       "only the alerts before DATE (exclusive); none: to the end") \
	A(STORES,        "stores",        VIEW, ANY,   VIEW_OF(stores),     "6",         NULL,             NONE,     NULL,  "stores",   "show one row per store (Enter: its cameras), or the list again") \
	A(BACKTEST,      "backtest",      TIME, ANY,   VIEW_OF(backtest),   "5",         NULL,             NONE,     NULL,  "backtest", "show the backtest of the current strategy and target, or the list again")

#define TUI_GROUPS(G) \
	G(NAV, "Navigation") \
	G(LIST, "List") \
	G(SOLVE, "Target and strategy") \
	G(CAMERA, "Selected camera") \
	G(EDIT, "Changes, export, prompt") \
	G(VIEW, "Panes and screen") \
	G(TIME, "Time")

#define TUI_ACTION_ENUM_(id, name, group, scope, view, keys, arg, comp, alias, hint, help) TUI_ACT_##id,
enum tui_action { TUI_ACTIONS(TUI_ACTION_ENUM_) TUI_N_ACTIONS };
#undef TUI_ACTION_ENUM_

#define TUI_GROUP_ENUM_(id, title) TUI_GROUP_##id,
enum tui_group { TUI_GROUPS(TUI_GROUP_ENUM_) TUI_N_GROUPS };
#undef TUI_GROUP_ENUM_

/* What an action's argument is, for completion and for the camera it
 * applies to. */
enum tui_arg_kind {
	TUI_ARG_NONE, TUI_ARG_CAMERA, TUI_ARG_NAME, TUI_ARG_COLUMN, TUI_ARG_STRATEGY, TUI_ARG_FILE
};

typedef struct tui_action_info {
	const char *name;
	enum tui_group group;
	unsigned scope;            /* enum tui_scope of view.h */
	const char *keys;
	const char *arg;
	enum tui_arg_kind completion;
	const char *alias;
	const char *hint;
	const char *help;
} tui_action_info;

extern const tui_action_info tui_actions[TUI_N_ACTIONS];
extern const char *const tui_group_titles[TUI_N_GROUPS];

/* The action named name or its alias, or -1. */
int tui_action_find(const char *name);
/* The action bound to a curses key, or -1. */
int tui_action_for_key(int key);
/* True when the action's argument is required (a key opens the prompt). */
int tui_action_needs_arg(int action);
/* The first key of an action's key spec ("j" of "j Down"), or "". */
const char *tui_action_first_key(int action, char *buf, size_t len);
/* The hint line for these actions (ending with -1): "? help  : command
 * +/- target ...", at most len bytes. */
void tui_action_hints(const int *actions, char *buf, size_t len);
/* One line per action: name TAB keys TAB argument TAB help. */
void tui_list_actions(FILE *out);

#endif
