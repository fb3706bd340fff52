/* bench/index_query.c - time ser_index_search in one process: the query
 * alone, without start-up and open (bench_index.sh times those too).
 *
 *   index_query LIB.db LIKE_FILE
 *
 * Prints one line per query: label, median and min of 7 runs in ms. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ser/features.h"
#include "ser/index.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void run(ser_index *ix, const char *id, const char *label,
		const ser_query *q)
{
	double t[7];
	ser_err err;
	for (int r = 0; r < 7; r++) {
		long n;
		double t0 = now();
		ser_hit *h = ser_index_search(ix, id, q, &n, &err);
		t[r] = (now() - t0) * 1e3;
		if (!h) {
			fprintf(stderr, "%s\n", err.msg);
			exit(1);
		}
		ser_hits_free(h, n);
	}
	qsort(t, 7, sizeof t[0], cmp);
	printf("| `%s` | %.1f | %.1f |\n", label, t[3], t[0]);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: index_query LIB.db LIKE_FILE\n");
		return 2;
	}
	ser_err err;
	char id[9];
	double f[SER_N_FEATURES];
	ser_index *ix = ser_index_open(argv[1], 0, &err);
	if (!ix || ser_index_pick_model(ix, NULL, id, &err) ||
	    ser_index_features(ix, argv[2], f, SER_N_FEATURES, &err) != 1) {
		fprintf(stderr, "%s\n", ix ? err.msg : err.msg);
		return 1;
	}
	ser_query q = { .kind = SER_QUERY_VA, .v = 0.3, .a = -0.2, .k = 10 };
	run(ix, id, "--va 0.3,-0.2 -k 10", &q);
	q.v = q.a = 0.95;
	run(ix, id, "--va 0.95,0.95 -k 10", &q);
	q.v = 0.7 * 0.719;   /* calm: 316 degrees at radius 0.7 */
	q.a = -0.7 * 0.695;
	run(ix, id, "--emotion calm -k 10", &q);
	q = (ser_query){ .kind = SER_QUERY_QUADRANT, .quadrant = 0, .k = 10 };
	run(ix, id, "--quadrant pleasant-eventful -k 10", &q);
	q = (ser_query){ .kind = SER_QUERY_LIKE, .feat = f, .exclude = argv[2],
			 .k = 10 };
	run(ix, id, "--like FILE -k 10", &q);
	ser_index_close(ix);
	return 0;
}
