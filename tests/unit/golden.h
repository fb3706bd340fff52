/* golden.h - read golden data written by tests/oracle/ scripts: lines of
 * "NAME COUNT v1 v2 ...". The whole file is loaded once; golden_get finds
 * a line by name and parses its values. */
#ifndef SER_TEST_GOLDEN_H
#define SER_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static inline char *golden_load(const char *path)
{
	long n;
	char *body = test_slurp(path, &n);
	if (!body)
		return NULL;
	/* a leading newline lets golden_get find every line as "\nNAME " */
	char *s = malloc((size_t)n + 2);
	assert_non_null(s);
	s[0] = '\n';
	memcpy(s + 1, body, (size_t)n + 1);
	free(body);
	return s;
}

/* Values of line NAME into out (at most max); returns the count or -1. */
static inline int golden_get(const char *text, const char *name, double *out,
			     int max)
{
	char key[128];
	snprintf(key, sizeof key, "\n%s ", name);
	const char *p = strstr(text, key);
	if (!p)
		return -1;
	char *end;
	p += strlen(key);
	long n = strtol(p, &end, 10);
	if (n > max)
		return -1;
	for (long i = 0; i < n; i++)
		out[i] = strtod(end, &end);
	return (int)n;
}

#endif
