/* error.h - the one error type of libser.
 *
 * Every libser function that can fail takes a `ser_err *` last and returns
 * a status (0 ok, -1 failed) or a pointer (NULL failed). On failure the
 * message in err->msg is one line, names the file (and line/column where it
 * applies) and needs no further context to be printed: "ser: <msg>". */
#ifndef SER_ERROR_H
#define SER_ERROR_H

#include "ser/export.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_err {
	char msg[1024];
} ser_err;

/* Format a message into err (err may be NULL). Always returns -1 so callers
 * can write `return ser_fail(err, "...", ...);`. */
SER_API int ser_fail(ser_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix an existing message: "PREFIX: old message". Returns -1. */
SER_API int ser_fail_prefix(ser_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checked allocation helpers: NULL and an "out of memory" message. */
SER_API void *ser_malloc(size_t n, ser_err *err);
SER_API void *ser_calloc(size_t count, size_t size, ser_err *err);
SER_API char *ser_strdup(const char *s, ser_err *err);

/* The one convention for arrays of strings libser hands over (file lists,
 * per-file error messages, warnings): a malloc'd array of n malloc'd
 * strings, entries may be NULL; free them all and the array with
 * ser_strv_free. v NULL is a no-op. */
SER_API void ser_strv_free(char **v, int n);

#ifdef __cplusplus
}
#endif

#endif
