/* test_ab.c - the fair A/B in the CV engine: SVR and MLP on the same
 * folds, the MLP's per-fold fits reproducible by hand, the thesis's
 * protocol on separate folds, paired comparisons and repeated K-fold. */
#include "synthdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/cv.h"
#include "ser/folds.h"
#include "ser/metrics.h"
#include "familyutil.h"

static void ab_opts(ser_cv_opts *o, int k, uint64_t seed)
{
	ser_cv_opts_default(o);
	o->k = k;
	o->seed = seed;
	o->n_models = 2;
	ser_spec_default(&o->models[0], ser_family_by_name("svr"));
	ser_spec_default(&o->models[1], ser_family_by_name("mlp"));
	ser_mlp_spec *s = ser_spec_params(&o->models[1]);
	s->p.epochs = 2;
	s->hidden[0] = 12;
	s->hidden[1] = 6;
}

static int epochs_seen;
static void count_epochs(void *ctx, int done, int total, const char *model,
			 const char *target, int fold, int epoch, int epochs)
{
	(void)ctx, (void)target, (void)fold;
	assert_string_equal(model, "mlp");
	assert_true(done >= 0 && done < total);
	assert_int_equal(epochs, 2);
	assert_true(epoch >= 1 && epoch <= 2);
	epochs_seen++;
}

static void fair_ab_shares_folds(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("ab", 80, 5);
	ser_cv_opts o;
	ab_opts(&o, 4, 3);
	o.epoch_progress = count_epochs;
	epochs_seen = 0;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_int_equal(epochs_seen, 2 * 4 * 2); /* targets x folds x epochs */
	assert_true(ser_cv_same_folds(r, 0, 1));
	assert_null(r->model_fold_of[0]);
	assert_null(r->model_fold_of[1]);
	assert_ptr_equal(ser_cv_folds(r, 1), r->fold_of);
	/* the MLP's fold 2 on valence (target index 1) by hand */
	int f = 2, t = 1, ntr = 0, nte = 0, d = ds->d;
	static double Xtr[80 * 74], Xte[80 * 74], ytr[80], yte[80], out[80];
	const double *y = ds->y[SER_VALENCE];
	for (int i = 0; i < ds->n; i++) {
		if (r->fold_of[i] == f) {
			memcpy(&Xte[nte * d], &ds->X[i * d], (size_t)d * sizeof(double));
			yte[nte++] = y[i];
		} else {
			memcpy(&Xtr[ntr * d], &ds->X[i * d], (size_t)d * sizeof(double));
			ytr[ntr++] = y[i];
		}
	}
	ser_fit_rows rows = { Xtr, ytr, ntr, d, NULL, NULL };
	assert_int_equal(ser_spec_fit_predict(&o.models[1], &rows,
					      ser_fit_seed(3, SER_VALENCE, f),
					      Xte, nte, out, NULL, NULL, &err), 0);
	assert_true(r->r2[ser_cv_at(r, 1, t) * 4 + f] == ser_r2(yte, out, nte));
	/* seeds differ across folds and targets */
	assert_true(ser_fit_seed(3, SER_AROUSAL, 1) != ser_fit_seed(3, SER_VALENCE, 0));
	assert_true(ser_fit_seed(3, SER_AROUSAL, 0) != ser_fit_seed(4, SER_AROUSAL, 0));
	/* cv's seeds from before the family interface (its goldens) */
	assert_true(ser_fit_seed(3, SER_AROUSAL, 2) == 3 + 0x9e3779b97f4a7c15ULL * 3);
	assert_true(ser_fit_seed(3, SER_VALENCE, 2) ==
		    3 + 0x9e3779b97f4a7c15ULL * (3 + 65536));
	/* the paired summary is made of the per-fold scores */
	ser_paired q, q2;
	assert_int_equal(ser_cv_paired(r, 0, 1, 0, 0, &q, &err), 0);
	assert_int_equal(ser_paired_compare(&r->r2[ser_cv_at(r, 0, 0) * 4],
					    &r->r2[ser_cv_at(r, 1, 0) * 4], 4,
					    &q2, &err), 0);
	assert_memory_equal(&q, &q2, sizeof q);
	assert_int_equal(ser_cv_paired(r, 0, 1, 1, 1, &q, &err), 0);
	assert_true(q.mean_a == ser_mean(&r->mse[ser_cv_at(r, 0, 1) * 4], 4));
	assert_int_equal(ser_cv_paired(r, 0, 2, 0, 0, &q, &err), -1);
	/* the SVR's scores do not depend on the MLP being there */
	ser_cv_opts o1 = o;
	o1.n_models = 1;
	ser_cv_result *r1 = ser_cv_run(ds, &o1, &err);
	assert_non_null(r1);
	assert_memory_equal(r1->r2, r->r2, 2 * 4 * sizeof(double));
	ser_cv_result_free(r1);
	ser_cv_result_free(r);
	ser_dataset_free(ds);
}

/* A target's MLP fits do not depend on which other targets the CV was
 * asked for: --targets valence scores valence exactly as the default
 * --targets arousal,valence does. */
static void mlp_seed_follows_the_target_not_its_position(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("ab_targets", 40, 9);
	ser_cv_opts o;
	ab_opts(&o, 4, 3);
	ser_cv_result *both = ser_cv_run(ds, &o, &err);
	if (!both)
		fail_msg("%s", err.msg);
	o.n_targets = 1;
	o.targets[0] = SER_VALENCE;
	ser_cv_result *one = ser_cv_run(ds, &o, &err);
	if (!one)
		fail_msg("%s", err.msg);
	/* model 1 is the MLP; valence is index 1 of both, 0 of one */
	assert_memory_equal(&one->r2[ser_cv_at(one, 1, 0) * 4],
			    &both->r2[ser_cv_at(both, 1, 1) * 4], 4 * sizeof(double));
	assert_memory_equal(&one->pred[ser_cv_at(one, 1, 0) * ds->n],
			    &both->pred[ser_cv_at(both, 1, 1) * ds->n],
			    (size_t)ds->n * sizeof(double));
	ser_cv_result_free(one);
	ser_cv_result_free(both);
	ser_dataset_free(ds);
}

static void thesis_protocol_uses_other_folds(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("th", 60, 6);
	ser_cv_opts o;
	ab_opts(&o, 3, 11);
	o.model_folds[0] = 1;   /* SVR: KFold(shuffle=True) */
	o.model_folds[1] = 0;   /* MLP: KFold() */
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	assert_false(ser_cv_same_folds(r, 0, 1));
	assert_null(r->model_fold_of[0]);
	assert_non_null(r->model_fold_of[1]);
	int want[60];
	assert_int_equal(ser_kfold(60, 3, 0, 0, want, &err), 0);
	assert_memory_equal(ser_cv_folds(r, 1), want, sizeof want);
	assert_int_equal(ser_kfold(60, 3, 1, 11, want, &err), 0);
	assert_memory_equal(ser_cv_folds(r, 0), want, sizeof want);
	ser_paired q;
	assert_int_equal(ser_cv_paired(r, 0, 1, 0, 0, &q, &err), -1);
	assert_non_null(strstr(err.msg, "svr and mlp were scored on different folds"));
	/* its MLP equals an MLP-only run without shuffling */
	ser_cv_opts o2 = o;
	o2.n_models = 1;
	o2.models[0] = o.models[1];
	o2.model_folds[0] = -1;
	o2.model_folds[1] = -1;
	o2.shuffle = 0;
	ser_cv_result *r2 = ser_cv_run(ds, &o2, &err);
	assert_non_null(r2);
	assert_memory_equal(&r2->r2[0], &r->r2[ser_cv_at(r, 1, 0) * 3], 2 * 3 * sizeof(double));
	assert_memory_equal(&r2->pred[0], &r->pred[ser_cv_at(r, 1, 0) * 60], 2 * 60 * sizeof(double));
	ser_cv_result_free(r2);
	ser_cv_result_free(r);
	ser_dataset_free(ds);
}

static int last_done, last_total;
static void record(void *ctx, int done, int total, const char *model,
		   const char *target, int fold)
{
	(void)ctx, (void)model, (void)target, (void)fold;
	assert_int_equal(done, last_done + 1);
	last_done = done;
	last_total = total;
}

static void repeats_are_runs_with_next_seeds(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("rep", 50, 7);
	ser_cv_opts o;
	ab_opts(&o, 5, 20);
	o.progress = record;
	last_done = 0;
	ser_cv_repeats *rr = ser_cv_run_repeats(ds, &o, 3, &err);
	assert_non_null(rr);
	assert_int_equal(rr->n, 3);
	assert_int_equal(last_done, 3 * 2 * 2 * 5);
	assert_int_equal(last_total, 3 * 2 * 2 * 5);
	o.progress = NULL;
	o.seed = 22;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	assert_int_equal((int)rr->run[2]->seed, 22);
	assert_memory_equal(r->fold_of, rr->run[2]->fold_of, 50 * sizeof(int));
	assert_memory_equal(r->r2, rr->run[2]->r2, 2 * 2 * 5 * sizeof(double));
	assert_memory_not_equal(rr->run[0]->r2, rr->run[1]->r2, 2 * 2 * 5 * sizeof(double));
	ser_cv_result_free(r);
	ser_cv_repeats_free(rr);
	assert_null(ser_cv_run_repeats(ds, &o, 0, &err));
	ser_dataset_free(ds);
}

/* 12 rows in 10 folds: folds 0 and 1 have 2 test rows, the other 8 one,
 * whose R^2 is undefined (NaN, as sklearn's r2_score). Means, stds and
 * paired tests use the defined folds only; MSE stays defined everywhere. */
static void undefined_r2_folds(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("undef", 12, 4);
	ser_cv_opts o;
	ab_opts(&o, 10, 1);
	ser_cv_repeats *rr = ser_cv_run_repeats(ds, &o, 2, &err);
	if (!rr)
		fail_msg("%s", err.msg);
	const ser_cv_result *r = rr->run[0];
	for (int m = 0; m < 2; m++)
		for (int t = 0; t < 2; t++) {
			const double *r2 = &r->r2[ser_cv_at(r, m, t) * 10];
			const double *mse = &r->mse[ser_cv_at(r, m, t) * 10];
			for (int f = 0; f < 10; f++) {
				assert_true(isnan(r2[f]) == (f >= 2));
				assert_false(isnan(mse[f]));
			}
			double mean, sd, mm, ms;
			int n_def;
			ser_cv_score_summary(r, m, t, 0, &mean, &sd, &n_def);
			assert_int_equal(n_def, 2);
			assert_true(mean == (r2[0] + r2[1]) / 2);
			assert_true(fabs(sd - fabs(r2[0] - r2[1]) / 2) < 1e-12);
			ser_cv_summary(r, m, t, &mean, &sd, &mm, &ms);
			assert_true(mm == ser_mean(mse, 10) && ms == ser_std(mse, 10));
		}
	ser_paired q;
	assert_int_equal(ser_cv_paired(r, 0, 1, 0, 0, &q, &err), 0);
	assert_int_equal(q.n, 2);
	const double *a = &r->r2[ser_cv_at(r, 0, 0) * 10];
	const double *b = &r->r2[ser_cv_at(r, 1, 0) * 10];
	double t, p;
	assert_int_equal(ser_ttest_rel(a, b, 2, &t, &p, &err), 0);
	assert_true(q.t == t && q.p_t == p);
	assert_int_equal(ser_cv_paired(r, 0, 1, 0, 1, &q, &err), 0);
	assert_int_equal(q.n, 10);
	/* pooled over both runs: 2 x 2 defined R^2 pairs, 1/(K-1) */
	ser_cv_pooled c;
	const ser_cv_result *const *runs = (const ser_cv_result *const *)rr->run;
	assert_int_equal(ser_cv_pooled_ttest(runs, 2, 0, 1, 1, 0, &c, &err), 0);
	assert_int_equal(c.n, 4);
	assert_true(c.test_train == 1.0 / 9);
	double xa[4], xb[4];
	for (int i = 0; i < 2; i++)
		for (int f = 0; f < 2; f++) {
			xa[2 * i + f] = rr->run[i]->r2[ser_cv_at(rr->run[i], 0, 1) * 10 + f];
			xb[2 * i + f] = rr->run[i]->r2[ser_cv_at(rr->run[i], 1, 1) * 10 + f];
		}
	assert_int_equal(ser_ttest_corrected(xa, xb, 4, 1.0 / 9, &t, &p, &err), 0);
	assert_true(fabs(c.t - t) < 1e-12 && fabs(c.p - p) < 1e-12);
	assert_true(c.p > c.p_plain);
	assert_int_equal(ser_cv_pooled_ttest(runs, 2, 0, 1, 1, 1, &c, &err), 0);
	assert_int_equal(c.n, 20);
	/* JSON: undefined scores are null, never 0 or nan */
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(ser_cv_write_json(r, ds, fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(buf, ",null,null,null,null,null,null,null,null]"));
	assert_null(strstr(buf, "nan"));
	assert_non_null(strstr(buf, "\"corrected\":[{\"a\":\"svr\",\"b\":\"mlp\",\"target\":\"arousal\",\"metric\":\"r2\",\"folds\":2,"));
	free(buf);
	ser_cv_repeats_free(rr);
	/* a fold whose every score is undefined leaves the paired test
	 * undefined, not failed */
	ser_cv_opts o2;
	ab_opts(&o2, 12, 1);
	ser_cv_result *r12 = ser_cv_run(ds, &o2, &err);
	assert_non_null(r12);
	assert_int_equal(ser_cv_paired(r12, 0, 1, 0, 0, &q, &err), 0);
	assert_true(q.n == 0 && isnan(q.p_t) && isnan(q.diff_mean));
	ser_cv_result_free(r12);
	ser_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fair_ab_shares_folds),
		cmocka_unit_test(mlp_seed_follows_the_target_not_its_position),
		cmocka_unit_test(thesis_protocol_uses_other_folds),
		cmocka_unit_test(repeats_are_runs_with_next_seeds),
		cmocka_unit_test(undefined_r2_folds),
	};
	return cmocka_run_group_tests_name("ab", tests, NULL, NULL);
}
