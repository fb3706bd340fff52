/* index_impl.h - shared by the index_*.c files (internal to libser). */
#ifndef SER_INDEX_IMPL_H
#define SER_INDEX_IMPL_H

#include <sqlite3.h>
#include "ser/index.h"

struct ser_index {
	sqlite3 *db;
	char *path;
};

/* Run SQL that returns no rows; a failure becomes "DB: sqlite message". */
int ser_index_exec(ser_index *ix, const char *sql, ser_err *err);
/* The last SQLite error as "DB: message"; returns -1. */
int ser_index_sqlfail(ser_index *ix, ser_err *err);
/* Prepare or fail with the message above. */
sqlite3_stmt *ser_index_prepare(ser_index *ix, const char *sql, ser_err *err);

#endif
