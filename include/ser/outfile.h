/* outfile.h - atomic output: write to a temp file beside the target, then
 * rename over it on commit. A failed or interrupted run leaves the old file
 * (or none) in place, never a half-written one. Path NULL or "-" means
 * stdout (not atomic, nothing to rename); so does a path that exists and
 * is not a regular file (/dev/stdout, /dev/null, a FIFO): it is written
 * into, never replaced. The file gets the target's permissions, or for a
 * new one 0666 less the umask, as open(2) would give it. A path that is
 * a symbolic link writes (atomically) the file the link points to. */
#ifndef SER_OUTFILE_H
#define SER_OUTFILE_H

#include <stdio.h>
#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_outfile {
	FILE *fp;        /* write here */
	char *path;      /* final path, NULL for stdout */
	char *tmp;       /* temp path in the same directory; NULL when
			  * writing into a non-regular file */
} ser_outfile;

/* binary != 0 opens in binary mode (no difference on POSIX; documents intent). */
SER_API ser_outfile *ser_outfile_open(const char *path, int binary, ser_err *err);
/* Flush, fsync, close and rename into place; frees o. -1 on any write error
 * (the temp file is removed and the target left untouched). */
SER_API int ser_outfile_commit(ser_outfile *o, ser_err *err);
/* Discard: close and remove the temp file; frees o. NULL is a no-op. */
SER_API void ser_outfile_abort(ser_outfile *o);

#ifdef __cplusplus
}
#endif

#endif
