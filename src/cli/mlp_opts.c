/* mlp_opts.c - parsing and help of the --mlp-* options (mlp_opts.h). */
#include "mlp_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_mlp_opts_default(cli_mlp_opts *o)
{
	memset(o, 0, sizeof *o);
	ser_mlp_params_default(&o->p);
	o->hidden[0] = 50;
	o->hidden[1] = 20;
	o->n_hidden = 2;
}

/* "50,20" into hidden[]: the count, or -1 for anything but 1 to
 * SER_MLP_MAX_LAYERS-1 positive sizes separated by single commas. */
static int parse_layers(const char *s, int *hidden)
{
	int n = 0;
	const char *p = s;
	if (!*p)
		return -1;
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 100000 || n == SER_MLP_MAX_LAYERS - 1 ||
		    (*end && (*end != ',' || !end[1])))
			return -1;
		hidden[n++] = (int)v;
		p = *end ? end + 1 : end;
	}
	return n;
}

int cli_mlp_opts_parse(cli_mlp_opts *o, const char *cmd, int c,
		       const char *arg)
{
	double dv;
	long lv;
	int v, hidden[SER_MLP_MAX_LAYERS];
	switch (c) {
	case CLI_MLP_LAYERS:
		if ((v = parse_layers(arg, hidden)) < 0) {
			cli_usage_error(cmd, "--mlp-layers: '%s' is not a list of 1 to "
					"%d positive sizes like 50,20", arg,
					SER_MLP_MAX_LAYERS - 1);
			return -1;
		}
		memcpy(o->hidden, hidden, (size_t)v * sizeof *hidden);
		o->n_hidden = v;
		return 1;
	case CLI_MLP_DROPOUT:
		if (cli_parse_double(cmd, "--mlp-dropout", arg, &dv) < 0)
			return -1;
		if (!(dv >= 0 && dv < 1)) {
			cli_usage_error(cmd, "--mlp-dropout: must be in [0, 1)");
			return -1;
		}
		o->p.dropout = (float)dv;
		return 1;
	case CLI_MLP_OPTIMIZER:
		if ((v = ser_mlp_opt_from_name(arg)) < 0) {
			cli_usage_error(cmd, "--mlp-optimizer: '%s' is not rmsprop, "
					"adam or sgd", arg);
			return -1;
		}
		o->p.opt = (ser_mlp_opt)v;
		return 1;
	case CLI_MLP_LR:
		if (cli_parse_double(cmd, "--mlp-lr", arg, &dv) < 0)
			return -1;
		if (!(dv > 0 && dv < 1e6)) {
			cli_usage_error(cmd, "--mlp-lr: must be > 0 (and < 1e6)");
			return -1;
		}
		o->p.lr = (float)dv;
		o->lr_set = 1;
		return 1;
	case CLI_MLP_EPOCHS:
		if (cli_parse_int(cmd, "--mlp-epochs", arg, 1, 1000000, &lv) < 0)
			return -1;
		o->p.epochs = (int)lv;
		o->epochs_set = 1;
		return 1;
	case CLI_MLP_BATCH:
		if (cli_parse_int(cmd, "--mlp-batch", arg, 1, 100000000, &lv) < 0)
			return -1;
		o->p.batch = (int)lv;
		o->batch_set = 1;
		return 1;
	case CLI_MLP_EPS:
		if ((v = ser_mlp_eps_from_name(arg)) < 0) {
			cli_usage_error(cmd, "--mlp-rmsprop-eps: '%s' is not outside "
					"or inside", arg);
			return -1;
		}
		o->p.rmsprop_eps_inside = v;
		return 1;
	default:
		return 0;
	}
}

void cli_mlp_opts_finish(cli_mlp_opts *o)
{
	if (!o->lr_set)
		o->p.lr = ser_mlp_default_lr(o->p.opt);
}

void cli_mlp_opts_usage(FILE *fp)
{
	fputs("  --mlp-layers LIST      hidden layer sizes (default 50,20)\n"
	      "  --mlp-dropout X        dropout rate after each hidden layer (default 0.2)\n"
	      "  --mlp-optimizer NAME   rmsprop (default), adam or sgd\n"
	      "  --mlp-lr X             learning rate (default 0.001; sgd 0.01)\n"
	      "  --mlp-epochs N         epochs (default 10)\n"
	      "  --mlp-batch N          mini-batch size (default 1)\n"
	      "  --mlp-rmsprop-eps outside|inside\n"
	      "                         where RMSprop adds eps (1e-7): outside (default),\n"
	      "                         w -= lr g / (sqrt(ms) + eps), is what Keras 2.8's\n"
	      "                         RMSprop computes; inside, w -= lr g / sqrt(ms + eps),\n"
	      "                         is what TF.js and tf.raw_ops.ApplyRMSProp compute\n"
	      "                         (and what THESIS.md states; see docs/ab.md)\n",
	      fp);
}
