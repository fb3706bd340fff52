/* testutil.h - cmocka prerequisites and paths for unit tests. Tests run
 * from the repository root; $SHARED points at ../shared (read-only) and
 * $SER_TEST_TMP at a scratch directory removed after the run. */
#ifndef SER_TESTUTIL_H
#define SER_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static inline const char *test_shared(void)
{
	const char *s = getenv("SHARED");
	return s ? s : "../shared";
}

static inline const char *test_tmp(void)
{
	const char *s = getenv("SER_TEST_TMP");
	return s ? s : "/tmp";
}

/* snprintf into a static-lifetime buffer owned by the caller */
#define TEST_PATH(buf, ...) (snprintf(buf, sizeof buf, __VA_ARGS__), buf)

/* name under the test's temporary directory, in buf */
static inline char *test_tmp_path(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", test_tmp(), name);
	return buf;
}

/* Write n bytes to path (create or replace); the test fails on an error. */
static inline void test_write_bytes(const char *path, const void *data,
				    long n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, (size_t)n, fp), (size_t)n);
	assert_int_equal(fclose(fp), 0);
}

static inline void test_write_text(const char *path, const char *text)
{
	test_write_bytes(path, text, (long)strlen(text));
}

/* Read at most cap bytes of path into buf; returns the count. The file
 * must exist. */
static inline long test_read_bytes(const char *path, void *buf, long cap)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	long n = (long)fread(buf, 1, (size_t)cap, fp);
	fclose(fp);
	return n;
}

/* The whole file as a malloc'd NUL-terminated string (*n, when not NULL,
 * receives its size), or NULL when it cannot be opened. */
static inline char *test_slurp(const char *path, long *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *s = malloc((size_t)len + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)len, fp), (size_t)len);
	s[len] = '\0';
	fclose(fp);
	if (n)
		*n = len;
	return s;
}

#endif
