/* tap.h -- a minimal TAP producer for the unit tests, read by automake's
 * tap-driver.sh.  Header-only: each test program includes it once. */
#ifndef CAMTUNE_TAP_H
#define CAMTUNE_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n_, tap_failed_;

static int tap_ok_(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), unused));
static int tap_ok_(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n_);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed_++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                               \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		if (!ok(g_ == w_, __VA_ARGS__))                              \
			printf("#   got %lld, want %lld\n", g_, w_);         \
	} while (0)

#define is_double(got, want, eps, ...)                                       \
	do {                                                                 \
		double g_ = (got), w_ = (want);                              \
		int same_ = (isnan(g_) && isnan(w_)) || fabs(g_ - w_) <= (eps); \
		if (!ok(same_, __VA_ARGS__))                                 \
			printf("#   got %.17g, want %.17g\n", g_, w_);       \
	} while (0)

#define is_str(got, want, ...)                                               \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		int same_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;       \
		if (!ok(same_, __VA_ARGS__))                                 \
			printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", \
			       w_ ? w_ : "(null)");                          \
	} while (0)

/* A test not run here, and why (TAP's SKIP directive). */
static void tap_skip(const char *why) __attribute__((unused));
static void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n_, why);
}

static void tap_diag(const char *fmt, ...) __attribute__((unused, format(printf, 1, 2)));
static void tap_diag(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Print the plan and return the exit status. */
static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
	printf("1..%d\n", tap_n_);
	return tap_failed_ ? 1 : 0;
}

#endif
