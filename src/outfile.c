/* outfile.c - temp file + rename; see outfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "ser/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What open(2) gives a new file: 0666 less the umask. The umask has no
 * getter; setting it and putting it straight back is the usual way. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
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
	struct stat st;
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
		return o;
	}
	size_t n = strlen(path);
	o->path = ser_strdup(path, err);
	o->tmp = ser_malloc(n + 16, err);
	if (!o->path || !o->tmp)
		goto fail;
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".tmp.XXXXXX", 12);
	int fd = mkstemp(o->tmp);
	if (fd >= 0)
		/* mkstemp makes 0600: give the file the mode the target has,
		 * or would get from open(2) */
		fchmod(fd, exists ? st.st_mode & 0777 : new_file_mode());
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
	return o;
fail:
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
