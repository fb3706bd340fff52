/* version.h - libser's version. SER_VERSION is the version of the headers a
 * program was compiled with, ser_version() the version of the library it
 * runs with; the shared library's soname (libser.so.0) changes with the
 * major number. The Makefile reads the three numbers from here. */
#ifndef SER_VERSION_H
#define SER_VERSION_H

#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_VERSION_MAJOR 0
#define SER_VERSION_MINOR 1
#define SER_VERSION_PATCH 0
#define SER_VERSION "0.1.0"

/* "MAJOR.MINOR.PATCH" of the linked library. */
SER_API const char *ser_version(void);

#ifdef __cplusplus
}
#endif

#endif
