/* version.c - the library's own version, for programs that want to know
 * which libser they run with (SER_VERSION is the headers'). */
#include "ser/version.h"

const char *ser_version(void)
{
	return SER_VERSION;
}
