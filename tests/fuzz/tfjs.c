/* model_tfjs.c - fuzz the TF.js layers-model import (model_tfjs.h): one input is
 * model.json, then a line "=====SHARD=====", then the bytes of its one
 * weight shard, group1-shard1of1.bin (absent when the line is). An
 * imported model must pass the model check and predict. */
#include "driver.h"

#include <sys/stat.h>

#include "ser/tfjs.h"

#define SEP "\n=====SHARD=====\n"

static int fuzz_one(const unsigned char *data, size_t n)
{
	static char dir[1024];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "%s", fuzz_path("v"));
		mkdir(dir, 0700);
	}
	size_t n1, n2;
	const unsigned char *shard = fuzz_split(data, n, SEP, &n1, &n2);
	fuzz_file("v/model.json", data, n1);
	if (shard)
		fuzz_file("v/group1-shard1of1.bin", shard, n2);
	else
		unlink(fuzz_path("v/group1-shard1of1.bin"));
	ser_err err;
	float drop;
	int ok = 0;
	ser_mlp *net = ser_tfjs_read_mlp(dir, &drop, &err);
	if (net) {
		ok = 1;
		FUZZ_ASSERT(drop >= 0 && drop < 1);
		FUZZ_ASSERT(net->n_layers >= 1 && net->sizes[net->n_layers] == 1);
		float *x = calloc((size_t)net->sizes[0], sizeof *x), y;
		FUZZ_ASSERT(x);
		FUZZ_ASSERT(ser_mlp_predict(net, x, 1, &y, &err) == 0);
		free(x);
		ser_mlp_free(net);
	}
	ser_model *m = ser_tfjs_import(dir, NULL, &err);
	if (m) {
		ok = 1;
		int rc = ser_model_check(m, &err);
		if (rc)
			fprintf(stderr, "%s\n", err.msg);
		FUZZ_ASSERT(rc == 0);
		ser_model_free(m);
	}
	return ok;
}
