/* index_db.c - the library database: schema, open with a version check,
 * model identity and shard hash (index.h; schema in docs/index.md). */
#define _POSIX_C_SOURCE 200809L
#include "index_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Tables are WITHOUT ROWID so that they are stored in primary-key order:
 * a scan of predictions for one model and a scan of files come out sorted
 * by path, which lets --like merge them without a lookup per row. */
static const char schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"CREATE TABLE models(id TEXT PRIMARY KEY, path TEXT NOT NULL,"
	" space TEXT NOT NULL, d INTEGER NOT NULL, names TEXT NOT NULL,"
	" min BLOB NOT NULL, max BLOB NOT NULL, clamp INTEGER NOT NULL)"
	" WITHOUT ROWID;"
	"CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
	" mtime_ns INTEGER NOT NULL, fingerprint INTEGER NOT NULL,"
	" space TEXT, features BLOB, error TEXT) WITHOUT ROWID;"
	"CREATE TABLE predictions(model TEXT NOT NULL, path TEXT NOT NULL,"
	" valence REAL NOT NULL, arousal REAL NOT NULL,"
	" quadrant TEXT NOT NULL, emotion TEXT NOT NULL,"
	" PRIMARY KEY(model, path)) WITHOUT ROWID;"
	"CREATE INDEX predictions_va ON predictions(model, valence, arousal,"
	" emotion);";

int ser_index_sqlfail(ser_index *ix, ser_err *err)
{
	return ser_fail(err, "%s: %s", ix->path, sqlite3_errmsg(ix->db));
}

int ser_index_exec(ser_index *ix, const char *sql, ser_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(ix->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	ser_fail(err, "%s: %s", ix->path, msg ? msg : "SQLite error");
	sqlite3_free(msg);
	return -1;
}

sqlite3_stmt *ser_index_prepare(ser_index *ix, const char *sql, ser_err *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK) {
		ser_index_sqlfail(ix, err);
		return NULL;
	}
	return st;
}

void ser_index_close(ser_index *ix)
{
	if (!ix)
		return;
	sqlite3_close(ix->db);
	free(ix->path);
	free(ix);
}

/* -1 error, 0 no meta table (an empty or foreign database), else the
 * schema version stored in it. */
static int stored_version(ser_index *ix, ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix,
		"SELECT count(*) FROM sqlite_master", err);
	if (!st)
		return -1;
	int tables = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (tables < 0)
		return ser_index_sqlfail(ix, err);
	if (tables == 0)
		return 0;
	st = NULL;
	if (sqlite3_prepare_v2(ix->db, "SELECT value FROM meta WHERE key = "
			       "'schema_version'", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return ser_fail(err, "%s: not a ser index (an SQLite database "
				"without ser's meta table)", ix->path);
	}
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v > 0 ? v : ser_fail(err, "%s: bad schema_version", ix->path);
}

ser_index *ser_index_open(const char *path, int create, ser_err *err)
{
	if (!create && access(path, F_OK) != 0) {
		ser_fail(err, "%s: no such index (create it with ser index)", path);
		return NULL;
	}
	ser_index *ix = ser_calloc(1, sizeof *ix, err);
	if (!ix || !(ix->path = ser_strdup(path, err))) {
		free(ix);
		return NULL;
	}
	/* NOMUTEX: a connection is only ever used by the thread that opened
	 * it, and a --like scan makes millions of API calls */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &ix->db, flags, NULL) != SQLITE_OK) {
		ser_index_sqlfail(ix, err);
		goto fail;
	}
	sqlite3_busy_timeout(ix->db, 10000);
	int v = stored_version(ix, err);
	if (v < 0)
		goto fail;
	if (v > 0 && v != SER_INDEX_SCHEMA) {
		ser_fail(err, "%s: index schema version %d, this ser reads "
			 "version %d: rebuild it with this ser's 'ser index'",
			 path, v, SER_INDEX_SCHEMA);
		goto fail;
	}
	/* WAL: readers never block the writer and a kill -9 loses at most
	 * the transaction in progress; synchronous=NORMAL keeps that
	 * guarantee in WAL mode without an fsync per commit. */
	/* 16 KiB pages: a scan of a million feature rows makes a quarter of
	 * the reads of the default 4 KiB (only a new, empty database takes
	 * it, and only before it is switched to WAL) */
	if (v == 0 && ser_index_exec(ix, "PRAGMA page_size=16384", err))
		goto fail;
	if (ser_index_exec(ix, "PRAGMA journal_mode=WAL;"
			   "PRAGMA synchronous=NORMAL;", err))
		goto fail;
	if (v == 0) {
		char sql[sizeof schema + 200];
		snprintf(sql, sizeof sql, "BEGIN;%sINSERT INTO meta VALUES"
			 "('schema_version','%d');PRAGMA user_version=%d;COMMIT;",
			 schema, SER_INDEX_SCHEMA, SER_INDEX_SCHEMA);
		if (ser_index_exec(ix, sql, err))
			goto fail;
	}
	return ix;
fail:
	ser_index_close(ix);
	return NULL;
}

int ser_index_model_id(const char *model_path, char id[9], ser_err *err)
{
	FILE *fp = fopen(model_path, "rb");
	if (!fp)
		return ser_fail(err, "%s: cannot open", model_path);
	uLong crc = crc32(0L, Z_NULL, 0);
	unsigned char buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
		crc = crc32(crc, buf, (uInt)k);
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return ser_fail(err, "%s: read error", model_path);
	snprintf(id, 9, "%08lx", (unsigned long)crc);
	return 0;
}

int ser_index_shard_of(const char *path, int n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return n > 1 ? 1 + (int)(h % (uint64_t)n) : 1;
}

int ser_index_pick_model(ser_index *ix, const char *want, char id[9],
			 ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix, "SELECT id, path FROM models "
					     "ORDER BY id", err);
	if (!st)
		return -1;
	int n = 0, found = 0;
	char list[512] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(st, 0);
		const char *mp = (const char *)sqlite3_column_text(st, 1);
		if (want ? !strcmp(want, mid) : n == 0) {
			snprintf(id, 9, "%s", mid);
			found = 1;
		}
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s%s (%s)", n ? ", " : "",
			 mp, mid);
		n++;
	}
	sqlite3_finalize(st);
	if (n == 0)
		return ser_fail(err, "%s: no model indexed yet (run ser index)",
				ix->path);
	if (want && !found)
		return ser_fail(err, "%s: model %s is not indexed here; it holds "
				"%s", ix->path, want, list);
	if (!want && n > 1)
		return ser_fail(err, "%s: several models indexed (%s): choose "
				"one with -m", ix->path, list);
	return 0;
}

int ser_index_model_space(ser_index *ix, const char *model_id,
			  ser_space *space, ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix, "SELECT space FROM models "
					     "WHERE id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, model_id, -1, SQLITE_STATIC);
	*space = SER_SPACE_DEFAULT;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *tag = (const char *)sqlite3_column_text(st, 0);
		if (!tag || ser_space_parse(tag, space))
			*space = SER_SPACE_DEFAULT;
	} else {
		rc = ser_fail(err, "%s: no model %s", ix->path, model_id);
	}
	sqlite3_finalize(st);
	return rc;
}

int ser_index_features(ser_index *ix, const char *path, ser_space space,
		       double out[], int n_out, ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix, "SELECT features FROM files "
					     "WHERE path = ?1 AND space = ?2 "
					     "AND features IS NOT NULL", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ser_space_tag(space), -1, SQLITE_STATIC);
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const float *f = sqlite3_column_blob(st, 0);
		int nb = sqlite3_column_bytes(st, 0);
		if (nb != n_out * (int)sizeof(float)) {
			rc = ser_fail(err, "%s: %s: stored features have %d bytes, "
				      "not %d", ix->path, path, nb,
				      n_out * (int)sizeof(float));
		} else {
			for (int k = 0; k < n_out; k++)
				out[k] = f[k];
			rc = 1;
		}
	}
	sqlite3_finalize(st);
	return rc;
}
