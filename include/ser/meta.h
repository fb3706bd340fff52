/* meta.h - what a result says about the run that made it: ser's version,
 * the command line, and the data it was computed on (path, size and a
 * fingerprint), so a JSON report read months later still tells which
 * data and settings produced it. Every JSON result of `ser` (cv, train,
 * info) carries this object under the key "meta". */
#ifndef SER_META_H
#define SER_META_H

#include "ser/dataset.h"
#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The command line as one string a POSIX shell would split back into
 * argv: words quoted with '...' when they hold anything but
 * [A-Za-z0-9_./,:=+@%-]. malloc'd; NULL when out of memory. */
SER_API char *ser_command_line(int argc, char *const *argv, ser_err *err);

/* {"ser_version":"0.1.0","command":COMMAND,"data":{"path":PATH,"rows":N,
 *  "features":D,"fingerprint":"fnv1a64:<16 hex digits>"}} as JSON text.
 * command, path and ds may be NULL (their keys are then left out).
 * malloc'd; NULL when out of memory. */
SER_API char *ser_meta_json(const char *command, const char *path,
			    const ser_dataset *ds, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
