/* scroll.c -- scrolling for every view (scroll.h). */
#include "config.h"

#include "tui/actions.h"
#include "tui/scroll.h"

bool tui_scroll_move(tui_scroll *s, int action, size_t count)
{
	size_t page = s->page > 1 ? s->page - 1 : 1;
	size_t last = s->cursor ? (s->n ? s->n - 1 : 0) : (s->n > s->page ? s->n - s->page : 0);
	size_t *at = s->cursor ? &s->cur : &s->top;
	size_t step;
	if (count < 1)
		count = 1;
	switch (action) {
	case TUI_ACT_DOWN:
	case TUI_ACT_PAGE_DOWN:
		step = (action == TUI_ACT_DOWN ? 1 : page) * count;
		*at = *at + step < last && *at + step >= *at ? *at + step : last;
		break;
	case TUI_ACT_UP:
	case TUI_ACT_PAGE_UP:
		step = (action == TUI_ACT_UP ? 1 : page) * count;
		*at = *at > step ? *at - step : 0;
		break;
	case TUI_ACT_FIRST:
		*at = 0;
		break;
	case TUI_ACT_LAST:
		*at = last;
		break;
	default:
		return false;
	}
	if (!s->cursor && *at > last)
		*at = last;
	return true;
}

void tui_scroll_fit(tui_scroll *s, size_t n, size_t page)
{
	s->n = n;
	s->page = page;
	if (s->cursor) {
		if (s->cur >= n)
			s->cur = n ? n - 1 : 0;
		if (s->cur < s->top)
			s->top = s->cur;
		if (page > 0 && s->cur >= s->top + page)
			s->top = s->cur - page + 1;
	}
	if (s->top + page > n)
		s->top = n > page ? n - page : 0;
}
