/* familyutil.h - build a model's regressors by hand in tests: a fitted SVR
 * or MLP put into a model through the family interface (family.h). */
#ifndef SER_TEST_FAMILYUTIL_H
#define SER_TEST_FAMILYUTIL_H

#include <string.h>

#include "ser/dataset.h"
#include "ser/family.h"
#include "ser/mlp.h"
#include "ser/model.h"
#include "ser/predict.h"
#include "ser/svr.h"
#include "ser/train.h"

static inline void test_set_svr(ser_model *m, ser_target t, ser_svr *s,
				const ser_svr_params *p)
{
	ser_spec spec;
	ser_spec_default(&spec, ser_family_by_id(SER_FAMILY_SVR));
	memcpy(ser_spec_params(&spec), p, sizeof *p);
	ser_model_set(m, t, &spec, s);
}

static inline void test_set_mlp(ser_model *m, ser_target t, ser_mlp *n,
				const ser_mlp_params *p)
{
	ser_spec spec;
	ser_spec_default(&spec, ser_family_by_id(SER_FAMILY_MLP));
	ser_mlp_spec *s = ser_spec_params(&spec);
	s->p = *p;
	s->n_hidden = n->n_layers - 1;
	for (int l = 0; l < s->n_hidden; l++)
		s->hidden[l] = n->sizes[l + 1];
	ser_model_set(m, t, &spec, n);
}

/* The family id of target t's regressor (SER_FAMILY_NONE without one). */
static inline int test_family_id(const ser_model *m, ser_target t)
{
	return m->reg[t].spec.family ? m->reg[t].spec.family->id
				     : SER_FAMILY_NONE;
}

static inline ser_svr_params *test_svr_params(ser_model *m, ser_target t)
{
	return ser_spec_params(&m->reg[t].spec);
}

static inline ser_mlp_params *test_mlp_params(ser_model *m, ser_target t)
{
	return &((ser_mlp_spec *)ser_spec_params(&m->reg[t].spec))->p;
}

/* Train o on ds (the model's file format must be version), save it as
 * name under the test's directory and load it back; the loaded model
 * predicts every row of ds exactly as the trained one. Returns the loaded
 * model (the trained one is freed). */
static inline ser_model *test_train_save_load(const ser_dataset *ds,
					      const ser_train_opts *o,
					      uint32_t version,
					      const char *name)
{
	ser_err err;
	char p[512];
	ser_model *m = ser_train(ds, o, NULL, NULL, &err);
	if (!m)
		fail_msg("%s", err.msg);
	assert_int_equal(ser_model_format_version(m), version);
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, name),
					&err), 0);
	ser_model *r = ser_model_load(p, &err);
	if (!r)
		fail_msg("%s", err.msg);
	double *o1 = calloc(2 * (size_t)ds->n, sizeof *o1);
	double *o2 = calloc(2 * (size_t)ds->n, sizeof *o2);
	assert_true(o1 && o2);
	assert_int_equal(ser_predict_rows(m, ds->X, ds->n, SER_NORM_MODEL, o1,
					  &err), 0);
	assert_int_equal(ser_predict_rows(r, ds->X, ds->n, SER_NORM_MODEL, o2,
					  &err), 0);
	assert_memory_equal(o1, o2, 2 * (size_t)ds->n * sizeof *o1);
	free(o1);
	free(o2);
	ser_model_free(m);
	return r;
}

#endif
