/* test_svg.c -- round axis ticks, labels, escaping and file names of the
 * SVG writer. */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "report/svg.h"

static void ticks_case(double min, double max, int n, bool integral, double lo,
                       double hi, double step, int count, const char *what)
{
	ct_ticks t = ct_ticks_linear(min, max, n, integral);
	int same = fabs(t.lo - lo) < 1e-9 && fabs(t.hi - hi) < 1e-9
	           && fabs(t.step - step) < 1e-12 && t.n == count;
	if (!ok(same, "%s", what))
		tap_diag("got lo %g hi %g step %g n %d", t.lo, t.hi, t.step, t.n);
}

static void test_ticks(void)
{
	ticks_case(0, 6, 8, true, 0, 6, 1, 7, "6 FP: 0..6 by 1");
	ticks_case(0, 1234, 8, true, 0, 1400, 200, 8, "1,234 FP: 0..1,400 by 200");
	ticks_case(0, 12600, 8, true, 0, 14000, 2000, 8, "12,600 FP: 0..14,000 by 2,000");
	ticks_case(0, 154336, 9, true, 0, 160000, 20000, 9, "154,336: 0..160,000 by 20,000");
	ticks_case(0, 1, 6, false, 0, 1, 0.2, 6, "recall 0..1 by 0.2");
	ticks_case(-0.05, 0.4, 8, false, -0.1, 0.4, 0.1, 6, "scores -0.05..0.4: -0.1..0.4 by 0.1");
	ticks_case(0.2, 0.6, 8, false, 0.2, 0.6, 0.1, 5, "0.2..0.6 needs no extra tick");
	ticks_case(0, 0, 8, true, 0, 1, 1, 2, "flat 0: 0..1");
	ticks_case(0, 3, 8, true, 0, 3, 1, 4, "integral: no step below 1");
	ticks_case(5, 2, 8, true, 4, 6, 1, 3, "max < min: around min");

	ct_ticks t = ct_ticks_linear(0, 1, 6, false);
	char buf[32];
	is_str(ct_tick_label(&t, 3, buf, sizeof buf), "0.6", "label 0.6, not 0.6000000000000001");
	is_str(ct_tick_label(&t, 5, buf, sizeof buf), "1.0", "last label is hi");
	t = ct_ticks_linear(0, 154336, 9, true);
	is_str(ct_tick_label(&t, 6, buf, sizeof buf), "120,000", "thousands separators");
	t = ct_ticks_linear(-0.05, 0.4, 8, false);
	is_str(ct_tick_label(&t, 0, buf, sizeof buf), "-0.1", "negative label");
	is_str(ct_tick_label(&t, 1, buf, sizeof buf), "0.0", "zero, not -0.0");
	t = ct_ticks_linear(-3000, 0, 8, true);
	is_str(ct_tick_label(&t, 0, buf, sizeof buf), "-3,000", "negative count label");

	t = ct_ticks_log(6);
	is_int(t.n, 3, "log axis for 6: 0, 1, 10");
	is_double(ct_tick_value(&t, 0), 0, 0, "log tick 0 first");
	is_double(ct_tick_value(&t, 2), 10, 0, "log tick 10");
	t = ct_ticks_log(12600);
	is_int(t.n, 7, "log axis for 12,600: 0, 1 .. 100,000");
	is_str(ct_tick_label(&t, 6, buf, sizeof buf), "100,000", "log label");
	t = ct_ticks_log(1000);
	is_int(t.n, 5, "log axis for exactly 1,000 ends at 1,000");
}

static void test_text(void)
{
	char buf[48];
	is_str(ct_format_count(0, buf, sizeof buf), "0", "count 0");
	is_str(ct_format_count(999, buf, sizeof buf), "999", "count 999");
	is_str(ct_format_count(1000, buf, sizeof buf), "1,000", "count 1,000");
	is_str(ct_format_count(1234567, buf, sizeof buf), "1,234,567", "count 1,234,567");

	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ct_svg_escape(f, "a&b<c>\"d'\xff\x01\xc3\xa9\xe2\x89\xa4");
	fclose(f);
	is_str(text, "a&amp;b&lt;c&gt;&quot;d&#39;\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9\xe2\x89\xa4",
	       "markup escaped, bad bytes and controls become U+FFFD, UTF-8 kept");
	free(text);

	ct_camera c = {.store = "../a b/ü", .camera_id = "7"};
	char *name = ct_svg_file_name(&c, -1);
	is_str(name, "_._a_b____cam7.svg", "file name: only safe bytes (one _ per byte), no leading dot");
	free(name);
}

int main(void)
{
	test_ticks();
	test_text();
	return tap_done();
}
