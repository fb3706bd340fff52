/* outfile.c - temp file + rename; see outfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "ser/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ser/rng.h"

/* Create a new temp file beside path: path + ".tmp.XXXXXX" with a random
 * suffix, opened O_EXCL with mode 0666 so that the kernel applies the
 * umask (mkstemp would make it 0600, and reading the umask means setting
 * it, a process-wide race). -1 with errno set on failure. */
static int open_temp(char *tmp, size_t n)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ser_rng r;
	ser_rng_seed(&r, (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
			 ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)tmp);
	for (int attempt = 0; attempt < 100; attempt++) {
		for (int i = 0; i < 6; i++)
			tmp[n + 5 + i] = digits[ser_rng_below(&r, sizeof digits - 1)];
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

ser_outfile *ser_outfile_open(const char *path, int binary, ser_err *err)
{
	(void)binary;
	ser_outfile *o = ser_calloc(1, sizeof *o, err);
	if (!o)
		return NULL;
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	/* -o LINK writes the file the link points to (renaming a temp file
	 * over the link itself would replace the link, leaving the target
	 * as it was) */
	struct stat st;
	char *resolved = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (resolved = realpath(path, NULL)))
		path = resolved;
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		/* a device, FIFO or socket (/dev/stdout, /dev/null, a named
		 * pipe): renaming a temp file over it would replace the node
		 * with a plain file (or fail for want of rights in /dev), and
		 * it cannot be half-written anyway: write into it */
		o->path = ser_strdup(path, err);
		if (!o->path)
			goto fail;
		if (!(o->fp = fopen(path, "w"))) {
			ser_fail(err, "%s: cannot write: %s", path, strerror(errno));
			goto fail;
		}
		free(resolved);
		return o;
	}
	size_t n = strlen(path);
	o->path = ser_strdup(path, err);
	o->tmp = ser_malloc(n + 16, err);
	if (!o->path || !o->tmp)
		goto fail;
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".tmp.XXXXXX", 12);
	int fd = open_temp(o->tmp, n);
	if (fd >= 0 && exists)
		/* replacing a file: keep its permission bits */
		fchmod(fd, st.st_mode & 0777);
	if (fd < 0) {
		ser_fail(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		ser_fail(err, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	free(resolved);
	return o;
fail:
	free(resolved);
	free(o->path);
	free(o->tmp);
	free(o);
	return NULL;
}

int ser_outfile_commit(ser_outfile *o, ser_err *err)
{
	int rc = 0;
	if (!o->path) {
		if (fflush(o->fp) != 0 || ferror(o->fp))
			rc = ser_fail(err, "stdout: write error: %s", strerror(errno));
		free(o);
		return rc;
	}
	if (!o->tmp) {  /* written in place (see open) */
		if (fflush(o->fp) != 0 || ferror(o->fp)) {
			rc = ser_fail(err, "%s: write error: %s", o->path,
				      strerror(errno));
			fclose(o->fp);
		} else if (fclose(o->fp) != 0) {
			rc = ser_fail(err, "%s: write error: %s", o->path,
				      strerror(errno));
		}
		free(o->path);
		free(o);
		return rc;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		rc = ser_fail(err, "%s: write error: %s", o->path, strerror(errno));
		fclose(o->fp);
	} else if (fclose(o->fp) != 0) {
		rc = ser_fail(err, "%s: write error: %s", o->path, strerror(errno));
	} else if (rename(o->tmp, o->path) != 0) {
		rc = ser_fail(err, "%s: cannot rename into place: %s", o->path,
			      strerror(errno));
	}
	if (rc)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o);
	return rc;
}

void ser_outfile_abort(ser_outfile *o)
{
	if (!o)
		return;
	if (o->path) {
		fclose(o->fp);
		if (o->tmp)
			unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	free(o);
}
