/* index_merge.c - merge shard databases into one (index.h). Each source
 * is checked like any index (schema version), attached, and copied in one
 * transaction; rows are the same bytes as a single run's because every
 * shard wrote them with the same code and model. */
#include "index_impl.h"

#include <stdio.h>
#include <string.h>

/* The source's model ids, comma-joined in id order, into buf. */
static int model_set(ser_index *ix, const char *schema, char *buf,
		     size_t size, ser_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM %s.models ORDER BY id", schema);
	sqlite3_stmt *st = ser_index_prepare(ix, sql, err);
	if (!st)
		return -1;
	buf[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t l = strlen(buf);
		snprintf(buf + l, size - l, "%s%s", l ? "," : "",
			 (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return 0;
}

int ser_index_merge(ser_index *ix, const char *src, ser_err *err)
{
	ser_index *s = ser_index_open(src, 0, err);   /* version check */
	if (!s)
		return -1;
	ser_index_close(s);
	sqlite3_stmt *st = ser_index_prepare(ix, "ATTACH ?1 AS src", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, src, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ser_fail(err, "%s: cannot attach %s: %s", ix->path, src,
				sqlite3_errmsg(ix->db));
	char mine[1024], theirs[1024];
	rc = -1;
	if (model_set(ix, "main", mine, sizeof mine, err) ||
	    model_set(ix, "src", theirs, sizeof theirs, err))
		goto detach;
	if (mine[0] && theirs[0] && strcmp(mine, theirs)) {
		ser_fail(err, "%s: made with model(s) %s, but %s holds %s: merge "
			 "only shards indexed with the same model", src, theirs,
			 ix->path, mine);
		goto detach;
	}
	if (ser_index_exec(ix, "BEGIN IMMEDIATE;"
			   "INSERT OR REPLACE INTO models SELECT * FROM src.models;"
			   "INSERT OR REPLACE INTO files SELECT * FROM src.files;"
			   "INSERT OR REPLACE INTO predictions"
			   " SELECT * FROM src.predictions;"
			   "COMMIT;", err)) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		ser_fail_prefix(err, "merging %s", src);
		goto detach;
	}
	rc = 0;
detach:
	sqlite3_exec(ix->db, "DETACH src", NULL, NULL, NULL);
	return rc;
}
