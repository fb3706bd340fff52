/* model_tfjs.c - TF.js layers-model -> ser_mlp (see model_tfjs.h). model.json is parsed
 * with cJSON; the weight shards are plain little-endian float32 blobs. */
#include "ser/tfjs.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/features.h"

#define MAX_JSON (16L << 20)

/* Read a whole file; *n receives its size. */
static unsigned char *slurp(const char *path, long max, long *n, ser_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ser_fail(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	unsigned char *p = NULL;
	long size = -1;
	if (fseek(fp, 0, SEEK_END) == 0)
		size = ftell(fp);
	if (size < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		ser_fail(err, "%s: cannot read: %s", path, strerror(errno));
	} else if (size > max) {
		ser_fail(err, "%s: too large (%ld bytes)", path, size);
	} else if ((p = ser_malloc((size_t)size + 1, err))) {
		if (fread(p, 1, (size_t)size, fp) != (size_t)size) {
			ser_fail(err, "%s: read error", path);
			free(p);
			p = NULL;
		} else {
			p[size] = 0;
			*n = size;
		}
	}
	fclose(fp);
	return p;
}

static void join(char *out, size_t n, const char *dir, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

/* Layer description collected from the topology. */
typedef struct dense {
	const char *name;
	int units;
	int relu;
	int use_bias;
} dense;

static int get_input_dim(const cJSON *cfg)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(cfg, "batch_input_shape");
	if (!cJSON_IsArray(s))
		s = cJSON_GetObjectItemCaseSensitive(cfg, "batchInputShape");
	if (!cJSON_IsArray(s) || cJSON_GetArraySize(s) != 2)
		return -1;
	const cJSON *v = cJSON_GetArrayItem(s, 1);
	return cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble <= 1e6
		? (int)v->valuedouble : -1;
}

/* The Sequential model's layer list, in either Keras 2 ({"layers": [...]})
 * or old ([...]) form, under modelTopology or modelTopology.model_config. */
static const cJSON *layer_list(const cJSON *root, const char *path,
			       ser_err *err)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (cJSON_IsString(fmt) && strcmp(fmt->valuestring, "layers-model")) {
		ser_fail(err, "%s: format '%s' is not a TF.js layers-model "
			 "(graph models cannot be imported)", path, fmt->valuestring);
		return NULL;
	}
	const cJSON *topo = cJSON_GetObjectItemCaseSensitive(root, "modelTopology");
	const cJSON *mc = cJSON_GetObjectItemCaseSensitive(topo, "model_config");
	if (mc)
		topo = mc;
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(topo, "class_name");
	if (!cJSON_IsString(cls)) {
		ser_fail(err, "%s: no modelTopology with a class_name: not a TF.js "
			 "layers model", path);
		return NULL;
	}
	if (strcmp(cls->valuestring, "Sequential")) {
		ser_fail(err, "%s: model class '%s' is not supported (Sequential "
			 "only)", path, cls->valuestring);
		return NULL;
	}
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(topo, "config");
	const cJSON *layers = cJSON_IsArray(cfg) ? cfg
		: cJSON_GetObjectItemCaseSensitive(cfg, "layers");
	if (!cJSON_IsArray(layers)) {
		ser_fail(err, "%s: Sequential model without a layer list", path);
		return NULL;
	}
	return layers;
}

/* Fill L[] with the Dense layers; returns their count or -1. */
static int read_layers(const cJSON *layers, const char *path, dense *L,
		       int *inputs, float *dropout, ser_err *err)
{
	int n = 0;
	*inputs = -1;
	const cJSON *ly;
	cJSON_ArrayForEach(ly, layers) {
		const cJSON *cls = cJSON_GetObjectItemCaseSensitive(ly, "class_name");
		const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(ly, "config");
		if (!cJSON_IsString(cls) || !cJSON_IsObject(cfg))
			return ser_fail(err, "%s: layer without class_name/config", path);
		const char *c = cls->valuestring;
		if (*inputs < 0 && n == 0)
			*inputs = get_input_dim(cfg);
		if (!strcmp(c, "InputLayer"))
			continue;
		if (!strcmp(c, "Dropout")) {
			const cJSON *rate = cJSON_GetObjectItemCaseSensitive(cfg, "rate");
			/* Keras's own bound: a rate of 1 drops everything */
			if (cJSON_IsNumber(rate) &&
			    !(rate->valuedouble >= 0 && rate->valuedouble < 1))
				return ser_fail(err, "%s: Dropout rate %g outside "
						"[0, 1)", path, rate->valuedouble);
			if (*dropout == 0 && cJSON_IsNumber(rate))
				*dropout = (float)rate->valuedouble;
			continue;
		}
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(cfg, "name");
		const char *nm = cJSON_IsString(name) ? name->valuestring : "?";
		if (strcmp(c, "Dense"))
			return ser_fail(err, "%s: layer '%s' is a %s: only Dense and "
					"Dropout layers can be imported", path, nm, c);
		if (n == SER_MLP_MAX_LAYERS)
			return ser_fail(err, "%s: more than %d Dense layers", path,
					SER_MLP_MAX_LAYERS);
		const cJSON *units = cJSON_GetObjectItemCaseSensitive(cfg, "units");
		const cJSON *act = cJSON_GetObjectItemCaseSensitive(cfg, "activation");
		const cJSON *bias = cJSON_GetObjectItemCaseSensitive(cfg, "use_bias");
		if (!cJSON_IsString(name))
			return ser_fail(err, "%s: Dense layer without a name", path);
		if (!cJSON_IsNumber(units) || units->valuedouble < 1 ||
		    units->valuedouble > 1e6 ||
		    units->valuedouble != (int)units->valuedouble)
			return ser_fail(err, "%s: layer '%s': bad 'units'", path, nm);
		const char *a = cJSON_IsString(act) ? act->valuestring : "linear";
		if (strcmp(a, "relu") && strcmp(a, "linear"))
			return ser_fail(err, "%s: layer '%s': activation '%s' is not "
					"supported (relu or linear)", path, nm, a);
		L[n].name = nm;
		L[n].units = (int)units->valuedouble;
		L[n].relu = !strcmp(a, "relu");
		L[n].use_bias = !cJSON_IsFalse(bias);
		n++;
	}
	if (n == 0)
		return ser_fail(err, "%s: no Dense layers", path);
	if (*inputs < 1)
		return ser_fail(err, "%s: input shape unknown (no batch_input_shape "
				"[null, N])", path);
	/* ser_mlp's fixed shape: ReLU hidden layers, one linear output */
	for (int l = 0; l < n - 1; l++)
		if (!L[l].relu)
			return ser_fail(err, "%s: hidden layer '%s' is linear: only "
					"relu hidden layers are supported", path,
					L[l].name);
	if (L[n - 1].relu)
		return ser_fail(err, "%s: output layer '%s' uses relu: a linear "
				"output is required", path, L[n - 1].name);
	if (L[n - 1].units != 1)
		return ser_fail(err, "%s: output layer '%s' has %d units: one "
				"output is required", path, L[n - 1].name,
				L[n - 1].units);
	return n;
}

/* Does manifest weight name `w` denote `layer`/`what` (":0" suffix allowed)? */
static int weight_is(const char *w, const char *layer, const char *what)
{
	size_t nl = strlen(layer), nw = strlen(what);
	if (strncmp(w, layer, nl) || w[nl] != '/' || strncmp(w + nl + 1, what, nw))
		return 0;
	const char *rest = w + nl + 1 + nw;
	return !*rest || !strcmp(rest, ":0");
}

/* Copy the manifest's weights into the network. */
static int read_weights(const cJSON *root, const char *dir, const char *path,
			const dense *L, int n, ser_mlp *m, ser_err *err)
{
	const cJSON *man = cJSON_GetObjectItemCaseSensitive(root, "weightsManifest");
	if (!cJSON_IsArray(man))
		return ser_fail(err, "%s: no weightsManifest", path);
	/* 2 per layer: kernel, bias; found[] catches duplicates and gaps */
	int found[2 * SER_MLP_MAX_LAYERS] = { 0 };
	const cJSON *grp;
	cJSON_ArrayForEach(grp, man) {
		const cJSON *paths = cJSON_GetObjectItemCaseSensitive(grp, "paths");
		const cJSON *ws = cJSON_GetObjectItemCaseSensitive(grp, "weights");
		if (!cJSON_IsArray(paths) || !cJSON_IsArray(ws))
			return ser_fail(err, "%s: weightsManifest group without "
					"paths/weights", path);
		/* concatenate the group's shards */
		unsigned char *blob = NULL;
		long size = 0;
		const cJSON *pp;
		char shard[4096];
		cJSON_ArrayForEach(pp, paths) {
			if (!cJSON_IsString(pp) || strchr(pp->valuestring, '/')) {
				free(blob);
				return ser_fail(err, "%s: bad shard path in manifest", path);
			}
			join(shard, sizeof shard, dir, pp->valuestring);
			long k = 0;
			unsigned char *part = slurp(shard, 1L << 30, &k, err);
			unsigned char *nb = part ? realloc(blob, (size_t)(size + k) + 1) : NULL;
			if (!nb) {
				if (part)
					ser_fail(err, "%s: out of memory", shard);
				free(part);
				free(blob);
				return -1;
			}
			blob = nb;
			memcpy(blob + size, part, (size_t)k);
			size += k;
			free(part);
		}
		long at = 0;
		const cJSON *w;
		int rc = 0;
		cJSON_ArrayForEach(w, ws) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(w, "name");
			const cJSON *shape = cJSON_GetObjectItemCaseSensitive(w, "shape");
			const cJSON *dt = cJSON_GetObjectItemCaseSensitive(w, "dtype");
			if (!cJSON_IsString(name) || !cJSON_IsArray(shape)) {
				rc = ser_fail(err, "%s: manifest weight without name/shape", path);
				break;
			}
			const char *wn = name->valuestring;
			if (cJSON_GetObjectItemCaseSensitive(w, "quantization")) {
				rc = ser_fail(err, "%s: weight '%s' is quantized: only "
					      "float32 weights can be imported", path, wn);
				break;
			}
			if (cJSON_IsString(dt) && strcmp(dt->valuestring, "float32")) {
				rc = ser_fail(err, "%s: weight '%s' has dtype %s: only "
					      "float32 can be imported", path, wn,
					      dt->valuestring);
				break;
			}
			long count = 1;
			int dims[2] = { 0, 0 }, nd = 0;
			const cJSON *s;
			cJSON_ArrayForEach(s, shape) {
				if (!cJSON_IsNumber(s) || s->valuedouble < 0 ||
				    s->valuedouble > 1e7 || nd == 2) {
					nd = 3;
					break;
				}
				dims[nd++] = (int)s->valuedouble;
				count *= (long)s->valuedouble;
			}
			if (nd > 2 || nd == 0) {
				rc = ser_fail(err, "%s: weight '%s': unsupported shape", path, wn);
				break;
			}
			if (count * 4 > size - at) {
				rc = ser_fail(err, "%s: weight shards too short: '%s' needs "
					      "bytes %ld..%ld, the shards hold %ld", path,
					      wn, at, at + count * 4, size);
				break;
			}
			int l, kind = -1;
			for (l = 0; l < n; l++) {
				if (weight_is(wn, L[l].name, "kernel"))
					kind = 0;
				else if (weight_is(wn, L[l].name, "bias"))
					kind = 1;
				if (kind >= 0)
					break;
			}
			if (kind < 0) {
				rc = ser_fail(err, "%s: weight '%s' belongs to no Dense "
					      "layer", path, wn);
				break;
			}
			int in = m->sizes[l], ou = m->sizes[l + 1];
			int okshape = kind == 0 ? (nd == 2 && dims[0] == in && dims[1] == ou)
					       : (nd == 1 && dims[0] == ou);
			if (!okshape) {
				rc = ser_fail(err, "%s: weight '%s' has the wrong shape "
					      "(layer '%s' is %d -> %d)", path, wn,
					      L[l].name, in, ou);
				break;
			}
			if (found[2 * l + kind]++) {
				rc = ser_fail(err, "%s: weight '%s' listed twice", path, wn);
				break;
			}
			float *dst = kind == 0 ? m->W[l] : m->b[l];
			for (long i = 0; i < count && !rc; i++) {
				const unsigned char *c = blob + at + 4 * i;
				uint32_t u = (uint32_t)c[0] | (uint32_t)c[1] << 8 |
					     (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
				memcpy(&dst[i], &u, 4);
				/* a damaged shard: refused here, naming the
				 * weight, not later by the model check */
				if (!isfinite(dst[i]))
					rc = ser_fail(err, "%s: weight '%s' holds NaN or "
						      "Inf (value %ld; shard bytes %ld..%ld)",
						      path, wn, i, at + 4 * i, at + 4 * i + 4);
			}
			if (rc)
				break;
			at += count * 4;
		}
		if (!rc && at != size)
			rc = ser_fail(err, "%s: weight shards hold %ld bytes, the "
				      "manifest describes %ld", path, size, at);
		free(blob);
		if (rc)
			return -1;
	}
	for (int l = 0; l < n; l++) {
		if (!found[2 * l])
			return ser_fail(err, "%s: no kernel for layer '%s' in the "
					"manifest", path, L[l].name);
		if (L[l].use_bias && !found[2 * l + 1])
			return ser_fail(err, "%s: no bias for layer '%s' in the "
					"manifest", path, L[l].name);
	}
	return 0;
}

ser_mlp *ser_tfjs_read_mlp(const char *dir, float *dropout, ser_err *err)
{
	char path[4096];
	join(path, sizeof path, dir, "model.json");
	long n = 0;
	unsigned char *text = slurp(path, MAX_JSON, &n, err);
	if (!text)
		return NULL;
	cJSON *root = cJSON_ParseWithLength((const char *)text, (size_t)n);
	free(text);
	if (!root) {
		ser_fail(err, "%s: not valid JSON", path);
		return NULL;
	}
	ser_mlp *m = NULL;
	dense L[SER_MLP_MAX_LAYERS];
	int inputs;
	float drop = 0;
	const cJSON *layers = layer_list(root, path, err);
	int nl = layers ? read_layers(layers, path, L, &inputs, &drop, err) : -1;
	if (nl > 0) {
		int hidden[SER_MLP_MAX_LAYERS];
		for (int l = 0; l < nl - 1; l++)
			hidden[l] = L[l].units;
		m = ser_mlp_new(inputs, hidden, nl - 1, err);
		/* zero biases stand for use_bias = false */
		if (m && read_weights(root, dir, path, L, nl, m, err)) {
			ser_mlp_free(m);
			m = NULL;
		}
	}
	cJSON_Delete(root);
	if (m && dropout)
		*dropout = drop;
	return m;
}

ser_model *ser_tfjs_import(const char *valence_dir, const char *arousal_dir,
			   ser_err *err)
{
	if (!valence_dir && !arousal_dir) {
		ser_fail(err, "import: no TF.js model directory given");
		return NULL;
	}
	ser_model *m = ser_model_new(SER_N_FEATURES, ser_feature_names,
				     SER_SPACE_EMO, err);
	if (!m)
		return NULL;
	const char *dirs[SER_N_TARGETS];
	dirs[SER_VALENCE] = valence_dir;
	dirs[SER_AROUSAL] = arousal_dir;
	char origin[8192];
	int k = snprintf(origin, sizeof origin, "imported from TF.js layers-model"),
	    first = 1;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		if (!dirs[t])
			continue;
		float drop = 0;
		ser_mlp *net = ser_tfjs_read_mlp(dirs[t], &drop, err);
		if (!net)
			goto fail;
		if (net->sizes[0] != SER_N_FEATURES) {
			ser_fail(err, "%s/model.json: the network takes %d inputs; "
				 "ser imports models of its %d features", dirs[t],
				 net->sizes[0], SER_N_FEATURES);
			ser_mlp_free(net);
			goto fail;
		}
		/* TF.js files do not record epochs, batch or seed: 0 = unknown */
		ser_spec spec;
		ser_spec_default(&spec, ser_family_by_id(SER_FAMILY_MLP));
		ser_mlp_spec *p = ser_spec_params(&spec);
		p->p.dropout = drop;
		p->p.epochs = 0;
		p->p.batch = 0;
		p->n_hidden = net->n_layers - 1;
		for (int l = 0; l < p->n_hidden; l++)
			p->hidden[l] = net->sizes[l + 1];
		ser_model_set(m, (ser_target)t, &spec, net);
		if (k > 0 && (size_t)k < sizeof origin)
			k += snprintf(origin + k, sizeof origin - (size_t)k,
				      "%s %s %s", first ? ":" : ",",
				      ser_target_names[t], dirs[t]);
		first = 0;
	}
	if (ser_model_set_str(&m->origin, origin, err))
		goto fail;
	return m;
fail:
	ser_model_free(m);
	return NULL;
}
