/* actions.h -- the explorer's one vocabulary of actions.
 *
 * Every key binding, every `:command`, the readline completion of command
 * names, the help screen and `camtune tui --list-actions` (which the man
 * page and a test compare against) come from the single X-macro list
 * below, so they cannot drift apart.
 *
 * A(ID, name, group, keys, argument, help)
 *   name      the `:command` name
 *   keys      default keys, space-separated: a character, C-x, or one of
 *             Up Down Left Right PgUp PgDn Home End Enter Esc Tab Space
 *   argument  NULL: none; "[X]": optional; "X": required.  A key bound to
 *             an action whose argument is required opens the prompt with
 *             the command name typed in.
 */
#ifndef CAMTUNE_TUI_ACTIONS_H
#define CAMTUNE_TUI_ACTIONS_H

#include <stdio.h>

#define TUI_ACTIONS(A) \
	A(DOWN,          "down",          NAV,    "j Down",     NULL,        "select the next camera") \
	A(UP,            "up",            NAV,    "k Up",       NULL,        "select the previous camera") \
	A(PAGE_DOWN,     "page-down",     NAV,    "PgDn C-f",   NULL,        "one page down") \
	A(PAGE_UP,       "page-up",       NAV,    "PgUp C-b",   NULL,        "one page up") \
	A(FIRST,         "first",         NAV,    "g Home",     NULL,        "select the first camera") \
	A(LAST,          "last",          NAV,    "G End",      NULL,        "select the last camera") \
	A(GOTO,          "goto",          NAV,    "",           "STORE[:CAMERA]", "select a camera by name") \
	A(SEARCH,        "search",        NAV,    "/",          "TEXT",      "select the next camera whose name contains TEXT") \
	A(SEARCH_NEXT,   "search-next",   NAV,    "n",          NULL,        "repeat the search forwards") \
	A(SEARCH_PREV,   "search-prev",   NAV,    "N",          NULL,        "repeat the search backwards") \
	A(FILTER,        "filter",        LIST,   "f",          "[TEXT]",    "show only cameras whose name contains TEXT (none: all)") \
	A(SORT,          "sort",          LIST,   "",           "COLUMN",    "sort the list by COLUMN (store camera alerts tp fp precision auc threshold saved lost recall marks)") \
	A(SORT_NEXT,     "sort-next",     LIST,   ">",          NULL,        "sort by the next column") \
	A(SORT_PREV,     "sort-prev",     LIST,   "<",          NULL,        "sort by the previous column") \
	A(SORT_REVERSE,  "sort-reverse",  LIST,   "I",          NULL,        "reverse the sort order") \
	A(TARGET_UP,     "target-up",     SOLVE,  "+ =",        NULL,        "raise the target by one percent of baseline FP") \
	A(TARGET_DOWN,   "target-down",   SOLVE,  "-",          NULL,        "lower the target by one percent of baseline FP") \
	A(TARGET,        "target",        SOLVE,  "t",          "T",         "set the target: a count (20000) or a percentage (12%)") \
	A(STRATEGY_NEXT, "strategy-next", SOLVE,  "s",          NULL,        "switch to the next strategy") \
	A(STRATEGY,      "strategy",      SOLVE,  "",           "NAME",      "use strategy NAME (Tab lists them)") \
	A(LOCK,          "lock",          CAMERA, "L Space",    "[CAMERA]",  "lock the camera at its current threshold, or free it") \
	A(STEP_DOWN,     "step-down",     CAMERA, "Left h",     "[CAMERA]",  "move the camera to its previous option (lower threshold) and lock it") \
	A(STEP_UP,       "step-up",       CAMERA, "Right l",    "[CAMERA]",  "move the camera to its next option (higher threshold) and lock it") \
	A(MUTE,          "mute",          CAMERA, "m",          "[CAMERA]",  "mute the camera (drop all its alerts), or free it") \
	A(EXCLUDE,       "exclude",       CAMERA, "x",          "[CAMERA]",  "keep the camera at baseline, outside the optimisation, or free it") \
	A(FREE,          "free",          CAMERA, "F",          "[CAMERA]",  "remove the camera's lock, mute or exclusion") \
	A(RESET,         "reset",         CAMERA, "",           NULL,        "free every camera") \
	A(UNDO,          "undo",          EDIT,   "u",          NULL,        "undo the last change") \
	A(REDO,          "redo",          EDIT,   "C-r U",      NULL,        "redo the last undone change") \
	A(EXPORT,        "export",        EDIT,   "e",          "[FILE]",    "write the thresholds JSON (default: the last file, or thresholds.json)") \
	A(EVAL,          "eval",          EDIT,   "",           "FILE",      "lock every camera of a thresholds file at its threshold, mute its muted ones") \
	A(PANE_CURVE,    "curve",         VIEW,   "1",          NULL,        "show the curve of the selected camera") \
	A(PANE_FRONTIER, "frontier",      VIEW,   "2 w",        NULL,        "show the fleet frontier (exact, hull, uniform), or the curve again") \
	A(PANE_QUALITY,  "quality",       VIEW,   "3",          NULL,        "show the data-quality panel, or the curve again") \
	A(FLEET,         "fleet",         VIEW,   "4",          NULL,        "show the fleet summary (as camtune report), or the list again") \
	A(PANE_NEXT,     "pane-next",     VIEW,   "Tab",        NULL,        "cycle the lower pane") \
	A(LOG_SCALE,     "log-scale",     VIEW,   "z",          NULL,        "toggle a logarithmic FP axis in the curve") \
	A(HELP,          "help",          VIEW,   "?",          NULL,        "show or hide this help") \
	A(REDRAW,        "redraw",        VIEW,   "C-l",        NULL,        "redraw the screen") \
	A(SUSPEND,       "suspend",       VIEW,   "C-z",        NULL,        "suspend camtune (the shell's fg resumes it)") \
	A(PROMPT,        "prompt",        EDIT,   ":",          NULL,        "open the command prompt") \
	A(CANCEL,        "cancel",        EDIT,   "Esc",        NULL,        "clear the message, close help") \
	A(QUIT,          "quit",          EDIT,   "q",          NULL,        "quit (asks first if there are changes not exported)") \
	A(QUIT_NOW,      "quit!",         EDIT,   "C-c Q",      NULL,        "quit at once") \
	A(SINCE,         "since",         TIME,   "",           "[DATE]",    "only the alerts at or after DATE (YYYY-MM-DD[THH:MM], UTC); none: from the start") \
	A(UNTIL,         "until",         TIME,   "",           "[DATE]",    "only the alerts before DATE (exclusive); none: to the end") \
	A(BACKTEST,      "backtest",      TIME,   "5",          NULL,        "show the backtest of the current strategy and target, or the list again")

#define TUI_GROUPS(G) \
	G(NAV, "Navigation") \
	G(LIST, "List") \
	G(SOLVE, "Target and strategy") \
	G(CAMERA, "Selected camera") \
	G(EDIT, "Changes, export, prompt") \
	G(VIEW, "Panes and screen") \
	G(TIME, "Time")

#define TUI_ACTION_ENUM_(id, name, group, keys, arg, help) TUI_ACT_##id,
enum tui_action { TUI_ACTIONS(TUI_ACTION_ENUM_) TUI_N_ACTIONS };
#undef TUI_ACTION_ENUM_

#define TUI_GROUP_ENUM_(id, title) TUI_GROUP_##id,
enum tui_group { TUI_GROUPS(TUI_GROUP_ENUM_) TUI_N_GROUPS };
#undef TUI_GROUP_ENUM_

typedef struct tui_action_info {
	const char *name;
	enum tui_group group;
	const char *keys;
	const char *arg;
	const char *help;
} tui_action_info;

extern const tui_action_info tui_actions[TUI_N_ACTIONS];
extern const char *const tui_group_titles[TUI_N_GROUPS];

/* The action named name (also accepts the aliases q, q!, w), or -1. */
int tui_action_find(const char *name);
/* The action bound to a curses key, or -1. */
int tui_action_for_key(int key);
/* True when the action's argument is required (a key opens the prompt). */
int tui_action_needs_arg(int action);
/* Key spec name of a curses key, e.g. "Down", "C-r", "q"; static buffer. */
const char *tui_key_name(int key);
/* One line per action: name TAB keys TAB argument TAB help. */
void tui_list_actions(FILE *out);

#endif
