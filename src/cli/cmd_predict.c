/* cmd_predict.c - `ser predict`: valence, arousal, quadrant and emotion word
 * for audio files (extracted on the fly) or a features CSV. Argument
 * parsing and reporting only; the work is in libser (predict.h). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ser/audiofiles.h"
#include "ser/features.h"
#include "ser/outfile.h"
#include "ser/plot.h"
#include "ser/predict.h"


static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser predict [-m MODEL] (PATH... | --features-csv F) [-r] [-j N]\n"
		"                   [-o OUT] [--format csv|json] [--normalize model|batch]\n"
		"                   [--space S] [--input-space TAG] [--plot OUT.png|svg|pdf]\n"
		"                   [-q]\n"
		"Predict valence and arousal (each in [-1, 1]) of sounds, with the\n"
		"quadrant of the valence-arousal plane and the nearest emotion word\n"
		"(Russell's circumplex; \"neutral\" within 0.15 of the origin).\n"
		"Audio PATHs (files, or directories of audio files) are extracted on\n"
		"the fly; files that cannot be read are reported and skipped (exit 1);\n"
		"a file shorter than 0.5 s gets a warning (too short to judge).\n"
		"CSV columns: file,valence,arousal,quadrant,emotion. With a model of one\n"
		"target the other column, quadrant and emotion are empty (JSON: null).\n"
		"The shipped default model is UNCALIBRATED on audio (the thesis's\n"
		"networks, input ranges from a reference corpus): a rough guide whose\n"
		"values can leave [-1, 1]; see `ser info` and models/README.md.\n\n"
		"  -m, --model FILE      model (.ser); default: $SER_MODEL, else\n"
		"                        models/default.ser of ser's source tree, else\n"
		"                        ../share/ser/models/default.ser beside bin/, else\n"
		"                        " SER_MODELDIR "/default.ser\n"
		"      --features-csv F  predict rows of a features table instead of audio\n"
		"                        (file column 'file' or 'fileName', the model's\n"
		"                        features found by name)\n"
		"  -r, --recursive       descend into subdirectories of PATH\n"
		"  -j, --jobs N          extraction threads (default: CPUs online)\n"
		"  -o, --output FILE     write here (atomically) instead of stdout; a name\n"
		"                        ending in .json implies --format json\n"
		"      --format FMT      csv (default) or json\n"
		"      --json            the same as --format json\n"
		"      --normalize MODE  model (default): the model's stored min/max, so\n"
		"                        a file's answer never depends on the batch;\n"
		"                        batch: min/max over the inputs of this run, the\n"
		"                        thesis app's behaviour with its formula fixed\n"
		"      --space S         the space audio is extracted in: meyda\n"
		"                        (ser-meyda-v1) or robust (ser-robust-v1).\n"
		"                        Default: the model's own, when it is one of\n"
		"                        these two (the shipped model's is robust), else\n"
		"                        robust. See docs/features.md\n"
		"      --input-space TAG the inputs' feature space, if the guess is wrong\n"
		"                        (audio: the --space extracted in; CSV: from its\n"
		"                        header, a ser extract table taken to be in the\n"
		"                        model's space when that is one of ser's)\n"
		"      --plot FILE       also draw the predictions on the valence-arousal\n"
		"                        plane (gnuplot; .png, .svg or .pdf); rows\n"
		"                        without both targets are left out\n"
		"  -q, --quiet           no progress line, no short-file warnings on\n"
		"                        stderr (errors, and a model in another\n"
		"                        feature space, are still reported)\n"
		"  -h, --help            this help\n");
}

static void on_file(void *ctx, int done, int total, const char *file)
{
	const char *base = strrchr(file, '/');
	cli_progress(ctx, done, total, "predict: %d/%d %.40s", done, total,
		     base ? base + 1 : file);
}

/* Extract audio into model-ordered inputs (libser); report the files that
 * could not be read, which are left out. *failed receives their count. */
static ser_inputs *audio_inputs(char **files, int n, int jobs,
				ser_space space, int quiet, const ser_model *m,
				int *failed, ser_err *err)
{
	char **errs = ser_calloc((size_t)(n ? n : 1), sizeof *errs, err);
	if (!errs)
		return NULL;
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	ser_inputs *in = ser_inputs_from_audio(m, files, n, jobs, space, errs,
					       failed,
					       on_file, &prog, err);
	cli_progress_end(&prog);
	for (int i = 0; in && i < n; i++)
		if (errs[i])
			cli_error("%s", errs[i]);
	for (int i = 0; in && !quiet && i < in->n; i++)
		cli_warn_short(in->files[i]);
	ser_strv_free(errs, n);
	return in;
}

/* The plot shows the rows that have both coordinates. */
static int draw(const char *path, const ser_inputs *in, const double *pred,
		ser_err *err)
{
	ser_plot_row *rows = ser_malloc((size_t)(in->n ? in->n : 1) *
					sizeof *rows, err);
	if (!rows)
		return -1;
	int k = 0;
	for (int i = 0; i < in->n; i++)
		if (!isnan(pred[2 * i]) && !isnan(pred[2 * i + 1])) {
			rows[k].file = in->files[i];
			rows[k].valence = pred[2 * i];
			rows[k].arousal = pred[2 * i + 1];
			k++;
		}
	ser_plot_opts po = { 0 };
	po.output = path;
	int rc = ser_plot(rows, k, &po, err);
	free(rows);
	return rc;
}

int cmd_predict(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "features-csv", required_argument, NULL, 'F' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'J' },
		{ "normalize", required_argument, NULL, 'N' },
		{ "input-space", required_argument, NULL, 'S' },
		{ "space", required_argument, NULL, 's' },
		{ "plot", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *model = NULL, *csv = NULL, *out = NULL, *space = NULL,
		   *plot = NULL;
	int recursive = 0, quiet = 0, space_given = 0;
	ser_space xspace = SER_SPACE_DEFAULT;
	long jobs = cli_default_jobs();
	cli_format given = CLI_FMT_NONE;
	ser_norm_mode norm = SER_NORM_MODEL;
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("predict", argc, argv, "m:rj:o:qh", opts)) != -1) {
		switch (c) {
		case 'm': model = optarg; break;
		case 'F': csv = optarg; break;
		case 'r': recursive = 1; break;
		case 'j':
			if (cli_parse_jobs("predict", optarg, &jobs))
				return 2;
			break;
		case 'o': out = optarg; break;
		case 'f':
			if (cli_parse_format("predict", optarg, "csv|json", &given))
				return 2;
			break;
		case 'J': given = CLI_FMT_JSON; break;
		case 'N':
			if (!strcmp(optarg, "model"))
				norm = SER_NORM_MODEL;
			else if (!strcmp(optarg, "batch"))
				norm = SER_NORM_BATCH;
			else
				return cli_usage_error("predict", "--normalize: '%s' "
						       "is not model or batch", optarg);
			break;
		case 'S': space = optarg; break;
		case 's':
			if (cli_parse_space("predict", optarg, &xspace))
				return 2;
			space_given = 1;
			break;
		case 'P':
			if (ser_plot_format_of(optarg, NULL) == SER_PLOT_UNKNOWN)
				return cli_usage_error("predict", "--plot: '%s' is not "
						       ".png, .svg or .pdf", optarg);
			plot = optarg;
			break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	ser_pred_format fmt = cli_output_format(given, out, CLI_FMT_CSV) ==
			      CLI_FMT_JSON ? SER_FMT_JSON : SER_FMT_CSV;
	int npaths = argc - optind;
	if (csv && npaths)
		return cli_usage_error("predict", "give audio PATHs or "
				       "--features-csv, not both");
	if (!csv && !npaths)
		return cli_usage_error("predict", "no input: give audio PATHs "
				       "or --features-csv F");
	char found[PATH_MAX + 32];
	if (!model) {
		if (cli_find_model(found, sizeof found)) {
			cli_no_model();
			return 1;
		}
		model = found;
	}

	ser_err err;
	int status = 0, failed = 0;
	ser_inputs *in = NULL;
	double *pred = NULL;
	ser_outfile *o = NULL;
	ser_model *m = ser_model_load(model, &err);
	if (!m)
		goto fail;
	/* a model in one of ser's spaces is fed features of that space unless
	 * --space says otherwise: the right space is the one it was made in */
	ser_space own;
	int own_known = ser_space_parse(m->space, &own) == 0;
	if (!space_given)
		xspace = ser_model_audio_space(m);
	if (csv) {
		in = ser_inputs_read_csv(csv, m, &err);
		/* a ser extract table does not record its space */
		ser_space any;
		if (in && own_known && !ser_space_parse(in->space, &any))
			snprintf(in->space, sizeof in->space, "%s", m->space);
	} else {
		int n = 0;
		char **files = ser_audio_files(argv + optind, npaths, recursive,
					       &n, &err);
		if (!files)
			goto fail;
		if (n == 0) {
			ser_strv_free(files, n);
			ser_fail(&err, "no audio files in the given paths%s",
				 recursive ? "" : " (directories: add -r to descend)");
			goto fail;
		}
		in = audio_inputs(files, n, (int)jobs, xspace, quiet, m, &failed,
				  &err);
		ser_strv_free(files, n);
	}
	if (!in)
		goto fail;
	if (space)
		snprintf(in->space, sizeof in->space, "%s", space);
	char wbuf[512];
	const char *warn = ser_space_warning(m, in->space, wbuf, sizeof wbuf);
	if (warn) {
		cli_error("%s", warn);
		if (ser_space_parse(in->space, &own) == 0)
			cli_error("hint: a model in ser's own feature space comes "
				  "from 'ser train --labels L --audio' on labelled "
				  "sounds (see models/README.md)");
	}
	pred = ser_malloc((size_t)(in->n ? in->n : 1) * 2 * sizeof *pred, &err);
	if (!pred || ser_predict_rows(m, in->X, in->n, norm, pred, &err))
		goto fail;
	if (!(o = ser_outfile_open(out, 0, &err)))
		goto fail;
	if (ser_predictions_write(o->fp, fmt, in->files, pred, in->n,
				  out ? out : "stdout", &err)) {
		ser_outfile_abort(o);
		goto fail;
	}
	if (ser_outfile_commit(o, &err))
		goto fail;
	if (plot && draw(plot, in, pred, &err))
		goto fail;
	if (failed) {
		cli_error("%d of %d files could not be read (reported above)",
			  failed, failed + in->n);
		status = 1;
	}
	goto done;
fail:
	cli_error("%s", err.msg);
	status = 1;
done:
	free(pred);
	ser_inputs_free(in);
	ser_model_free(m);
	return status;
}
