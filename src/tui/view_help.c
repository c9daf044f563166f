/* view_help.c -- the help screen, generated from the action table (every
 * key and every `:command`, grouped as in actions.h) and the list's legend
 * (every column and mark). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/app.h"
#include "tui/scroll.h"
#include "tui/view_list.h"

typedef struct help_state {
	tui_scroll scroll; /* no cursor: the text moves */
} help_state;

/* Line `i` of the help text (0-based); false past the end. */
static bool help_line(int i, char *buf, size_t len, int *role)
{
	static const char *const intro[] = {
		" camtune explorer: keys and commands (:command ARG at the prompt; Tab completes)",
		" The list shows each camera's baseline and its setting in the current solution.",
		" Above the curve: the camera's figures from camtune report (4: the fleet's).",
		" Intervals are 95 % (recall: Wilson; AUC: Hanley-McNeil).  A count before a",
		" key repeats it (10<Right>).  q, Esc or ? closes this help.",
		" Expected figures come from the model of new alerts; the quality panel (3)",
		" says where its variance came from: the history's weeks or folds, a prior",
		" (no times, one period, a summary), or --volume-cv.",
		"",
		" TP lost and FP saved count the history loaded; \"expected\" is the model's",
		" forecast for new alerts of the same volume: the thefts the setting would lose",
		" there (90 % interval) and P(target holds), the chance the FP target is met.",
		"",
		" The list's columns and marks",
	};
	int n_intro = (int)(sizeof intro / sizeof intro[0]);
	if (i < n_intro) {
		snprintf(buf, len, "%s", intro[i]);
		*role = i == 0 ? TUI_ROLE_TITLE : i == n_intro - 1 ? TUI_ROLE_HEADER : TUI_ROLE_NORMAL;
		return true;
	}
	i -= n_intro;
	char legend[400];
	if (tui_list_legend(i, legend, sizeof legend)) {
		snprintf(buf, len, "  %s", legend); /* two blanks: wrapped under itself */
		*role = TUI_ROLE_NORMAL;
		return true;
	}
	for (int k = 0; tui_list_legend(k, legend, sizeof legend); k++)
		i--;
	for (int g = 0; g < TUI_N_GROUPS; g++) {
		if (i == 0) {
			buf[0] = '\0';
			*role = TUI_ROLE_NORMAL;
			return true;
		}
		if (i == 1) {
			snprintf(buf, len, " %s", tui_group_titles[g]);
			*role = TUI_ROLE_HEADER;
			return true;
		}
		i -= 2;
		for (int a = 0; a < TUI_N_ACTIONS; a++) {
			if (tui_actions[a].group != (enum tui_group)g)
				continue;
			if (i-- == 0) {
				char cmd[64];
				snprintf(cmd, sizeof cmd, ":%s%s%s", tui_actions[a].name,
				         tui_actions[a].arg ? " " : "", tui_actions[a].arg ? tui_actions[a].arg : "");
				snprintf(buf, len, "   %-14s %-26s %s", tui_actions[a].keys, cmd, tui_actions[a].help);
				*role = TUI_ROLE_NORMAL;
				return true;
			}
		}
	}
	return false;
}

/* Walk the physical rows of the help at width w (long help texts wrap
 * under their own column), handing each to emit (which may be NULL).
 * Returns the number of rows.  One walk per frame: the screen used to ask
 * for each row from the start, which made a frame quadratic. */
typedef void help_emit(void *ctx, int row, const char *text, int role);

static int help_walk(int w, help_emit *emit, void *ctx)
{
	char line[512], buf[512];
	int role, rows = 0;
	for (int l = 0; help_line(l, line, sizeof line, &role); l++) {
		int n = (int)strlen(line);
		/* the help text column starts after keys and command */
		int indent = n > 45 && line[0] == ' ' && line[1] == ' ' && line[2] == ' ' ? 45
		             : line[0] == ' ' && line[1] == ' ' ? 4 : 0;
		int pos = 0, first = 1;
		do {
			int room = first ? w : w - indent;
			if (room < 10)
				room = 10;
			int take = n - pos;
			if (take > room) {
				take = room;
				for (int k = room; k > room / 2; k--)
					if (line[pos + k] == ' ') {
						take = k;
						break;
					}
			}
			if (emit) {
				snprintf(buf, sizeof buf, "%*s%.*s", first ? 0 : indent, "", take, line + pos);
				emit(ctx, rows, buf, role);
			}
			rows++;
			pos += take;
			while (pos < n && line[pos] == ' ')
				pos++;
			first = 0;
		} while (pos < n);
	}
	return rows;
}

typedef struct help_frame {
	const help_state *h;
	tui_rect r;
} help_frame;

static void help_draw_row(void *ctx, int row, const char *text, int role)
{
	help_frame *f = ctx;
	int y = row - (int)f->h->scroll.top;
	if (y < 0 || y >= f->r.h)
		return;
	attrset(tui_attr(role));
	tui_addnstr(f->r.y + y, f->r.x, text, f->r.w);
}

static void help_draw(tui_app *a, tui_view *v, tui_rect r)
{
	(void)a;
	help_state *h = v->priv;
	int lines = help_walk(r.w, NULL, NULL);
	tui_scroll_fit(&h->scroll, (size_t)lines, (size_t)r.h);
	help_frame f = {h, r};
	help_walk(r.w, help_draw_row, &f);
	attrset(A_NORMAL);
}

/* Only its scrolling: q, Esc and ? close it (the stack), and no key
 * reaches the views under it but those that mean the same everywhere. */
static int help_action(tui_app *a, tui_view *v, int action, const char *arg)
{
	(void)arg;
	help_state *h = v->priv;
	if (tui_scroll_move(&h->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	return -1;
}

static const int help_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_PAGE_DOWN, TUI_ACT_PAGE_UP,
                                 TUI_ACT_CANCEL, TUI_ACT_HELP, -1};

const tui_view_ops tui_view_help = {
	.name = "help",
	.private_size = sizeof(help_state),
	.takes = 0,
	.over = true, /* over any view; closing it goes back there */
	.draw = help_draw,
	.action = help_action,
	.hints = help_hints,
};
