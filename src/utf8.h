/* utf8.h - the one UTF-8 validator of libser (internal; table.c): the
 * strict table reader refuses what it rejects, the plot script replaces
 * it with '?'. */
#ifndef SER_UTF8_H
#define SER_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (n bytes left, n >= 1), 0 if
 * invalid: no overlong forms, no surrogates, nothing above U+10FFFF (RFC
 * 3629). */
int ser_utf8_len(const unsigned char *s, size_t n);

#endif
