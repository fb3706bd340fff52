/* error.c - formatting of ser_err messages and checked allocation. */
#include "ser/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ser_fail(ser_err *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int ser_fail_prefix(ser_err *err, const char *fmt, ...)
{
	if (err) {
		char prefix[512], old[sizeof err->msg];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(prefix, sizeof prefix, fmt, ap);
		va_end(ap);
		memcpy(old, err->msg, sizeof old);
		size_t k = (size_t)snprintf(err->msg, sizeof err->msg, "%s: ", prefix);
		if (k < sizeof err->msg) {
			size_t room = sizeof err->msg - k - 1;
			size_t n = strnlen(old, room);
			memcpy(err->msg + k, old, n);
			err->msg[k + n] = '\0';
		}
	}
	return -1;
}

void *ser_malloc(size_t n, ser_err *err)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		ser_fail(err, "out of memory (%zu bytes)", n);
	return p;
}

void *ser_calloc(size_t count, size_t size, ser_err *err)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		ser_fail(err, "out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void ser_strv_free(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

char *ser_strdup(const char *s, ser_err *err)
{
	size_t n = strlen(s) + 1;
	char *p = ser_malloc(n, err);
	if (p)
		memcpy(p, s, n);
	return p;
}
