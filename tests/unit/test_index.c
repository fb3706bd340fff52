/* test_index.c - the library database: shard hash, schema version check,
 * and the bounding-box --va search against brute force. */
#include "testutil.h"
#include <math.h>
#include <sqlite3.h>
#include <unistd.h>
#include "ser/index.h"
#include "ser/rng.h"

static void shard_hash(void **state)
{
	(void)state;
	/* FNV-1a-64 of "" is the offset basis: fixed forever (shards of
	 * different ser builds must agree) */
	assert_int_equal(ser_index_shard_of("", 7),
			 1 + (int)(0xcbf29ce484222325ULL % 7));
	assert_int_equal(ser_index_shard_of("a/b.wav", 1), 1);
	int count[4] = { 0 };
	char p[64];
	for (int i = 0; i < 4000; i++) {
		snprintf(p, sizeof p, "lib/%05d.wav", i);
		int k = ser_index_shard_of(p, 4);
		assert_true(k >= 1 && k <= 4);
		assert_int_equal(k, ser_index_shard_of(p, 4));
		count[k - 1]++;
	}
	for (int k = 0; k < 4; k++)
		assert_true(count[k] > 850 && count[k] < 1150);
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void version_check(void **state)
{
	(void)state;
	char path[512];
	test_tmp_path(path, sizeof path, "ver.db");
	unlink(path);
	ser_err err;
	assert_null(ser_index_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "no such index"));
	ser_index *ix = ser_index_open(path, 1, &err);
	assert_non_null(ix);
	ser_index_close(ix);
	ix = ser_index_open(path, 0, &err);
	assert_non_null(ix);
	ser_index_close(ix);
	exec_sql(path, "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
	assert_null(ser_index_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "index schema version 2, this ser reads version 1"));
	assert_non_null(strstr(err.msg, path));
}

/* 2000 random points; --va for several points and k = brute force */
static void va_matches_brute_force(void **state)
{
	(void)state;
	char path[512];
	test_tmp_path(path, sizeof path, "va.db");
	unlink(path);
	ser_err err;
	ser_index *ix = ser_index_open(path, 1, &err);
	assert_non_null(ix);
	ser_index_close(ix);
	enum { N = 2000 };
	static double v[N], a[N];
	ser_rng r;
	ser_rng_seed(&r, 7);
	char *sql = malloc(N * 120 + 100);
	strcpy(sql, "BEGIN;");
	for (int i = 0; i < N; i++) {
		/* a few far outside [-1, 1], as an uncalibrated model gives */
		double s = i % 100 == 0 ? 30 : 1;
		v[i] = s * (2 * ser_rng_uniform(&r) - 1);
		a[i] = s * (2 * ser_rng_uniform(&r) - 1);
		sprintf(sql + strlen(sql), "INSERT INTO predictions VALUES('m',"
			"'f%05d',%.17g,%.17g,'q','w');", i, v[i], a[i]);
	}
	strcat(sql, "COMMIT;");
	exec_sql(path, sql);
	free(sql);
	ix = ser_index_open(path, 0, &err);
	assert_non_null(ix);
	const double qs[][2] = { { 0, 0 }, { 0.9, -0.9 }, { 5, 5 }, { -40, 2 } };
	const long ks[] = { 1, 10, 100, N + 5 };
	for (int t = 0; t < 4; t++)
		for (int u = 0; u < 4; u++) {
			ser_query q = { 0 };
			q.kind = SER_QUERY_VA;
			q.v = qs[t][0];
			q.a = qs[t][1];
			q.k = ks[u];
			long n;
			ser_hit *h = ser_index_search(ix, "m", &q, &n, &err);
			assert_non_null(h);
			assert_int_equal(n, ks[u] < N ? ks[u] : N);
			/* the k-th distance equals brute force's k-th */
			static double d[N];
			for (int i = 0; i < N; i++)
				d[i] = hypot(v[i] - q.v, a[i] - q.a);
			int below = 0;
			for (int i = 0; i < N; i++)
				below += d[i] < h[n - 1].distance;
			assert_true(below <= n - 1);
			for (long i = 1; i < n; i++)
				assert_true(h[i - 1].distance <= h[i].distance);
			ser_hits_free(h, n);
		}
	ser_index_close(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shard_hash),
		cmocka_unit_test(version_check),
		cmocka_unit_test(va_matches_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
