/* svr_cv.c - library-level bench driver (no loading or report in the
 * timing, unlike `ser cv`): K-fold SVR CV on a CSV
 * "fold,arousal,valence,x1..xd" (bench/sklearn_svr_cv.py emo2csv writes
 * it), both targets, default SVR (C 1, epsilon 0.1, gamma auto). Prints the CV time
 * (training + prediction, data loading excluded) and writes every held-out
 * prediction as "target,row,y_pred".
 *
 * By default all folds and both targets share one ser_svr_kernel (as `ser
 * cv` does); --per-fold-kernel trains each model from its own copy of the
 * rows with ser_svr_train, i.e. recomputes kernel values per fit like
 * sklearn.
 *
 *   svr_cv DATA.csv PRED.csv [--double-kernel] [--no-shrinking]
 *          [--per-fold-kernel] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ser/svr.h"
#include "ser/table.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: svr_cv DATA.csv PRED.csv [--double-kernel] [--no-shrinking]\n");
		return 2;
	}
	ser_svr_params p;
	ser_svr_params_default(&p);
	int per_fold = 0;
	for (int a = 3; a < argc; a++) {
		if (!strcmp(argv[a], "--double-kernel"))
			p.kernel_f32 = 0;
		else if (!strcmp(argv[a], "--no-shrinking"))
			p.shrinking = 0;
		else if (!strcmp(argv[a], "--per-fold-kernel"))
			per_fold = 1;
	}
	ser_err err;
	ser_table *t = ser_table_read(argv[1], 1, &err);
	if (!t) {
		fprintf(stderr, "svr_cv: %s\n", err.msg);
		return 1;
	}
	int n = t->n_rows, d = t->n_cols - 3, nfold = 0;
	int *fold = malloc(n * sizeof *fold);
	double *y[2] = { malloc(n * sizeof(double)), malloc(n * sizeof(double)) };
	double *X = malloc((size_t)n * d * sizeof *X);
	double *Xtr = malloc((size_t)n * d * sizeof *X);
	double *Xte = malloc((size_t)n * d * sizeof *X);
	double *ytr = malloc(n * sizeof *ytr), *out = malloc(n * sizeof *out);
	double *pred = malloc(2 * n * sizeof *pred);
	int *idx = malloc(n * sizeof *idx), *trrows = malloc(n * sizeof *idx);
	for (int i = 0; i < n; i++) {
		double v;
		for (int c = 0; c < t->n_cols; c++) {
			if (ser_table_double(t, i, c, &v, &err) < 0) {
				fprintf(stderr, "svr_cv: %s\n", err.msg);
				return 1;
			}
			if (c == 0)
				fold[i] = (int)v;
			else if (c < 3)
				y[c - 1][i] = v;
			else
				X[(size_t)i * d + c - 3] = v;
		}
		if (fold[i] + 1 > nfold)
			nfold = fold[i] + 1;
	}
	ser_table_free(t);
	long nsv = 0, iters = 0;
	double t0 = now();
	ser_svr_kernel *K = NULL;
	if (!per_fold && !(K = ser_svr_kernel_new(X, n, d, &p, &err))) {
		fprintf(stderr, "svr_cv: %s\n", err.msg);
		return 1;
	}
	for (int tg = 0; tg < 2; tg++)
		for (int k = 0; k < nfold; k++) {
			int m = 0, mt = 0;
			for (int i = 0; i < n; i++) {
				if (fold[i] == k) {
					memcpy(Xte + (size_t)mt * d, X + (size_t)i * d, d * sizeof *X);
					idx[mt++] = i;
				} else {
					memcpy(Xtr + (size_t)m * d, X + (size_t)i * d, d * sizeof *X);
					trrows[m] = i;
					ytr[m++] = y[tg][i];
				}
			}
			ser_svr *s = K ? ser_svr_train_rows(K, trrows, m, ytr, &p, &err)
				     : ser_svr_train(Xtr, ytr, m, d, &p, &err);
			if (!s) {
				fprintf(stderr, "svr_cv: %s\n", err.msg);
				return 1;
			}
			ser_svr_predict_batch(s, Xte, mt, out);
			for (int q = 0; q < mt; q++)
				pred[tg * n + idx[q]] = out[q];
			nsv += s->n_sv;
			iters += s->n_iter;
			ser_svr_free(s);
		}
	ser_svr_kernel_free(K);
	double dt = now() - t0;
	FILE *fp = fopen(argv[2], "w");
	if (!fp) {
		perror(argv[2]);
		return 1;
	}
	fprintf(fp, "target,row,y_pred\n");
	for (int tg = 0; tg < 2; tg++)
		for (int i = 0; i < n; i++)
			fprintf(fp, "%s,%d,%.17g\n", tg ? "valence" : "arousal", i,
				pred[tg * n + i]);
	fclose(fp);
	printf("ser_seconds %.4f n_sv %ld iter %ld\n", dt, nsv, iters);
	free(fold); free(y[0]); free(y[1]); free(X); free(Xtr); free(Xte);
	free(ytr); free(out); free(pred); free(idx); free(trrows);
	return 0;
}
