/* export.h - SER_API marks the declarations libser exports. libser is
 * built with -fvisibility=hidden, so a function without SER_API stays
 * private to the shared library (tests/cli/test_api.sh checks that every
 * function of the public headers is exported and nothing else is). */
#ifndef SER_EXPORT_H
#define SER_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define SER_API __attribute__((visibility("default")))
#else
#define SER_API
#endif

#endif
