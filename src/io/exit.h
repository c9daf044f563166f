/* exit.h -- the exit codes of camtune (sysexits-style), one list for the
 * io layer and the command line alike; camtune(1) EXIT STATUS documents
 * them.  Functions of src/io that can fail return one of these, so the
 * caller never tells "out of memory" from "bad data" by a message's words. */
#ifndef CAMTUNE_EXIT_H
#define CAMTUNE_EXIT_H

typedef enum ct_exit {
	CT_EXIT_OK = 0,
	CT_EXIT_FAILURE = 1,     /* internal error, out of memory */
	CT_EXIT_UNREACHABLE = 3, /* target not reachable */
	CT_EXIT_NOT_HOLDING = 4, /* monitor --strict: the deployed thresholds
	                            no longer hold (target missed, a camera
	                            drifted) */
	CT_EXIT_USAGE = 64,      /* EX_USAGE: bad option or argument */
	CT_EXIT_DATAERR = 65,    /* EX_DATAERR: the input is not usable */
	CT_EXIT_NOINPUT = 66,    /* EX_NOINPUT: an input cannot be opened */
	CT_EXIT_CANTCREAT = 73,  /* EX_CANTCREAT: an output cannot be created */
	CT_EXIT_IOERR = 74,      /* EX_IOERR: a read or write failed */
} ct_exit;

#define CT_EXIT_NOMEM CT_EXIT_FAILURE /* out of memory: exit 1 */

#endif
