/* atomic.c -- temporary file + fsync + rename. */
#include "config.h"

#include "io/atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void clear(ct_atomic *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

FILE *ct_atomic_open(ct_atomic *a, const char *path, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	if (strcmp(path, "-") == 0) {
		a->f = stdout;
		return a->f;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		return NULL;
	}
	size_t n = strlen(path);
	a->path = strdup(path);
	a->tmp = malloc(n + 16);
	if (!a->path || !a->tmp) {
		snprintf(err, errlen, "%s: out of memory", path);
		clear(a);
		return NULL;
	}
	/* Same directory as the target, so rename() stays atomic. */
	snprintf(a->tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(a->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		clear(a);
		return NULL;
	}
	/* mkstemp makes 0600; a thresholds file is ordinary data. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	a->f = fdopen(fd, "w");
	if (!a->f) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		close(fd);
		unlink(a->tmp);
		clear(a);
		return NULL;
	}
	return a->f;
}

int ct_atomic_commit(ct_atomic *a, char *err, size_t errlen)
{
	if (!a->f)
		return -1;
	if (a->f == stdout) {
		int bad = fflush(stdout) != 0 || ferror(stdout);
		a->f = NULL;
		if (bad) {
			snprintf(err, errlen, "standard output: write error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	int bad = fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0;
	int saved = errno;
	if (fclose(a->f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!bad && rename(a->tmp, a->path) != 0) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		snprintf(err, errlen, "%s: cannot write: %s", a->path, strerror(saved));
		unlink(a->tmp);
		clear(a);
		return -1;
	}
	clear(a);
	return 0;
}

void ct_atomic_abort(ct_atomic *a)
{
	if (a->f && a->f != stdout) {
		fclose(a->f);
		unlink(a->tmp);
	}
	clear(a);
}

/* Added for camtune plot (see atomic.h): the commit above, minus fsync. */
int ct_atomic_commit_nosync(ct_atomic *a, char *err, size_t errlen)
{
	if (!a->f)
		return -1;
	if (a->f == stdout)
		return ct_atomic_commit(a, err, errlen);
	int bad = fflush(a->f) != 0 || ferror(a->f);
	int saved = errno;
	if (fclose(a->f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!bad && rename(a->tmp, a->path) != 0) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		snprintf(err, errlen, "%s: cannot write: %s", a->path, strerror(saved));
		unlink(a->tmp);
		clear(a);
		return -1;
	}
	clear(a);
	return 0;
}
