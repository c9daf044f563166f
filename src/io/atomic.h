/* atomic.h -- write a file completely or not at all.
 *
 * Writes go to a temporary file in the target's directory, which is
 * fsync'ed and renamed over the target on commit.  An abort, an error, a
 * crash or an interrupting signal (SIGINT, SIGTERM, SIGHUP: the temporary
 * file is removed before the signal takes effect) leaves the target as it
 * was.
 *
 *   FILE *f = ct_atomic_open(&a, path, err, sizeof err);   NULL: a.code, err say why
 *   fprintf(f, ...);
 *   int rc = ct_atomic_commit(&a, err, sizeof err);       0, or an exit code
 * or ct_atomic_abort(&a);  or, when a write failed, ct_atomic_fail(&a, errno, ...)
 *
 * What the path names decides how it is written:
 *   "-", or the file standard output already is ("/dev/stdout",
 *   /proc/self/fd/1): standard output, commit flushes (errors: 74);
 *   a device or a FIFO: written in place, never replaced (errors: 73);
 *   a symbolic link to a regular file: the file it points to is replaced,
 *   the link stays;
 *   a regular file or nothing: the temporary file and rename (errors: 73);
 *   an existing file keeps its permission bits and, where the user may
 *   give them (root), its owner and group;
 *   a directory, a socket, a dangling link: refused (73).
 */
#ifndef CAMTUNE_ATOMIC_H
#define CAMTUNE_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The temporary file's name: the target's and this (mkstemp's XXXXXX).
 * A file name longer than NAME_MAX less its length cannot be written. */
#define CT_ATOMIC_TMP_SUFFIX ".tmpXXXXXX"

typedef struct ct_atomic {
	FILE *f;
	char *path;   /* the file replaced (a link's target), or NULL */
	char *tmp;
	bool in_place; /* a device or FIFO: written directly, never replaced */
	int code;      /* after a failed open: the exit code (io/exit.h) */
	int slot;      /* in the signal clean-up list, or -1 */
} ct_atomic;

/* A call the one handler of SIGINT, SIGTERM and SIGHUP makes first,
 * before it removes the temporary files and lets the signal take effect
 * (the database source cancels the server's query: source_pg.c).  It must
 * be async-signal-safe.  NULL removes it. */
void ct_signal_hook_set(void (*hook)(void));

FILE *ct_atomic_open(ct_atomic *a, const char *path, char *err, size_t errlen);
int ct_atomic_commit(ct_atomic *a, char *err, size_t errlen);
/* ct_atomic_commit without the fsync: still all or nothing (rename), but
 * not forced to disk first.  For many small files that can be made again
 * (camtune plot writes one picture per camera: an fsync each costs minutes
 * on a large fleet). */
int ct_atomic_commit_nosync(ct_atomic *a, char *err, size_t errlen);
void ct_atomic_abort(ct_atomic *a);
/* A write into the file failed with errno saved (0: unknown): abort, say
 * so in err in the words commit uses, and return the exit code (standard
 * output 74, a file 73). */
int ct_atomic_fail(ct_atomic *a, int saved, char *err, size_t errlen);

/* True when path names the input file in (same device and inode, through
 * links too): writing it would destroy the data being read. */
bool ct_same_file(const char *path, const char *in);

/* ---- a set of files that appear together (camtune plot) ----------------
 *
 * Files are written into a hidden directory inside dir; commit moves them
 * into dir in the order they were added (put the index last) with the
 * interrupting signals held, then removes the hidden directory.  Abort, or
 * an interrupting signal before commit, removes everything written, so dir
 * keeps its old contents or gets all the new ones.
 *
 *   ct_staging s;
 *   if (ct_staging_open(&s, dir, err, sizeof err) != 0) ...    s.code
 *   FILE *f = ct_staging_file(&s, &a, "index.html", err, sizeof err);  then
 *   ct_atomic_commit_nosync(&a, ...) as for any file
 *   rc = ct_staging_commit(&s, err, sizeof err);  or ct_staging_abort(&s);
 */
typedef struct ct_staging {
	char *dir;      /* the output directory */
	char *tmp;      /* dir/.camtune-XXXXXX */
	int dir_fd, tmp_fd;
	char **names;   /* files added, in commit order */
	size_t n, cap;
	int code;
	int slot;
} ct_staging;

int ct_staging_open(ct_staging *s, const char *dir, char *err, size_t errlen);
/* Open name inside the staging directory through a (commit it there with
 * ct_atomic_commit_nosync); NULL with a->code and err on failure. */
FILE *ct_staging_file(ct_staging *s, ct_atomic *a, const char *name, char *err,
                      size_t errlen);
int ct_staging_commit(ct_staging *s, char *err, size_t errlen);
void ct_staging_abort(ct_staging *s);

#endif
