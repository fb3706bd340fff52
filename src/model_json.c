/* model_json.c - a model file's content as JSON (ser info --format json);
 * see model.h. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "ser/family.h"
#include "ser/model.h"
#include "json_num.h"

/* {"family":..,<parameters>,"state":"..."} or null for no regressor. */
static cJSON *regressor_json(const ser_regressor *r, ser_err *err)
{
	const ser_family *f = r->spec.family;
	if (!f)
		return cJSON_CreateNull();
	char *js = ser_spec_json(&r->spec, err);
	cJSON *o = js ? cJSON_Parse(js) : NULL;
	free(js);
	if (!o)
		return NULL;
	char state[512], params[512];
	f->describe(ser_spec_cparams(&r->spec), r->fit, state, sizeof state,
		    params, sizeof params);
	cJSON_AddStringToObject(o, "state", state);
	return o;
}

char *ser_model_json(const ser_model *m, ser_err *err)
{
	char seed[24];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;
	ok = ok && cJSON_AddNumberToObject(o, "format_version",
					   ser_model_format_version(m)) &&
	     cJSON_AddStringToObject(o, "space", m->space) &&
	     cJSON_AddBoolToObject(o, "uncalibrated",
				   (m->flags & SER_MODEL_UNCALIBRATED) != 0) &&
	     cJSON_AddBoolToObject(o, "clamp", (m->flags & SER_MODEL_CLAMP) != 0) &&
	     cJSON_AddNumberToObject(o, "features", m->d);
	cJSON *regs = ok ? cJSON_AddObjectToObject(o, "models") : NULL;
	ok = regs != NULL;
	for (int t = 0; ok && t < SER_N_TARGETS; t++) {
		cJSON *r = regressor_json(&m->reg[t], err);
		ok = r && cJSON_AddItemToObject(regs, ser_target_names[t], r);
	}
	ok = ok && cJSON_AddStringToObject(o, "origin", m->origin ? m->origin : "") &&
	     cJSON_AddStringToObject(o, "data", m->data ? m->data : "") &&
	     cJSON_AddItemToObject(o, "seed", cJSON_CreateRaw(seed)) &&
	     cJSON_AddStringToObject(o, "date", m->date ? m->date : "") &&
	     cJSON_AddStringToObject(o, "written_by", m->version ? m->version : "") &&
	     cJSON_AddStringToObject(o, "ranges", m->norm_note ? m->norm_note : "");
	cJSON *norm = ok ? cJSON_AddArrayToObject(o, "normalizer") : NULL;
	ok = norm != NULL;
	for (int j = 0; ok && j < m->d; j++) {
		cJSON *c = cJSON_CreateObject();
		ok = c && cJSON_AddItemToArray(norm, c) &&
		     cJSON_AddStringToObject(c, "feature", m->feat_names[j]) &&
		     cJSON_AddItemToObject(c, "min", ser_json_num(m->min[j])) &&
		     cJSON_AddItemToObject(c, "max", ser_json_num(m->max[j]));
	}
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s)
		ser_fail(err, "out of memory");
	return s;
}
