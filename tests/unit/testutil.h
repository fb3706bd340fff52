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

#endif
