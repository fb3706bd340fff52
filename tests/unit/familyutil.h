/* familyutil.h - build a model's regressors by hand in tests: a fitted SVR
 * or MLP put into a model through the family interface (family.h). */
#ifndef SER_TEST_FAMILYUTIL_H
#define SER_TEST_FAMILYUTIL_H

#include <string.h>

#include "ser/family.h"
#include "ser/mlp.h"
#include "ser/model.h"
#include "ser/svr.h"

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

#endif
