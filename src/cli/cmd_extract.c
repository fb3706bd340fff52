/* cmd_extract.c - `ser extract`: the 74 features of audio files as CSV.
 * Argument parsing and reporting; the file list (audio_files.h), the
 * thread pool (predict.h), the features and their CSV (features.h) are
 * libser's.
 * Rows come out in input order whatever -j is. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ser/audiofiles.h"
#include "ser/features.h"
#include "ser/outfile.h"
#include "ser/predict.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser extract [-o OUT] [--format csv|json] [-j N] [-r] [--space S]\n"
		"                   [-q] PATH...\n"
		"Extract the 74 features (Meyda 5.6 definitions; mean and population\n"
		"std over 1024-sample Hann frames, hop 512 in the meyda space) of each\n"
		"audio file, in a feature space (--space).\n"
		"PATH is a file or a directory; from directories the files with an audio\n"
		"extension (.wav .flac .ogg .mp3 .aiff ...) or that libsndfile can open\n"
		"are taken, in sorted order, as by ser predict (hidden names skipped;\n"
		"-r does not follow symlinked directories). Any format libsndfile decodes;\n"
		"channels are averaged, other rates resampled to 44,100 Hz.\n\n"
		"Options:\n"
		"  -o, --output FILE  write to FILE atomically (default stdout); a name\n"
		"                     ending in .json implies --format json\n"
		"      --format FMT   csv (default) or json: an array of one object per\n"
		"                     file with the CSV's columns as keys\n"
		"  -j, --jobs N       extract with N threads (default: CPUs online; 1:\n"
		"                     serial); row order is the input order regardless\n"
		"  -r, --recursive    descend into subdirectories of directory PATHs\n"
		"      --space S      robust (default; ser-robust-v1): Meyda's per-frame\n"
		"                     formulas, but inaudible detail does not decide the\n"
		"                     features (frames > 60 dB below the loudest or\n"
		"                     below -90 dBFS left out, rms-weighted stats, hop\n"
		"                     256 centred, spectral shape below 16 kHz and\n"
		"                     above a -60 dB floor, zero-crossing hysteresis),\n"
		"                     so an encoding (Ogg, MP3, 48 kHz) barely moves them;\n"
		"                     meyda (ser-meyda-v1): Meyda's values exactly.\n"
		"                     See docs/features.md\n"
		"  -q, --quiet        no progress line, no short-file warnings on\n"
		"                     stderr (errors are still printed)\n"
		"  -h, --help         show this help\n\n"
		"Output: header 'file,' + the 74 feature names, one row per file,\n"
		"values printed with %%.9g. A file that cannot be read is reported as\n"
		"'ser: FILE: reason' and skipped; the exit status is then 1. A file\n"
		"shorter than 0.5 s is extracted with a warning (its features rest on\n"
		"few frames; under 23 ms, on one zero-padded frame).\n");
}

static void on_progress(void *ctx, double progress, int done, int total)
{
	cli_progress(ctx, progress, total, "extract %d/%d", done, total);
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "space", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outpath = NULL;
	long jobs = cli_default_jobs();
	cli_format fmt = CLI_FMT_NONE;
	int recursive = 0, quiet = 0, c;
	ser_space space = SER_SPACE_DEFAULT;
	cli_getopt_begin();
	while ((c = cli_getopt("extract", argc, argv, "o:j:rqh", opts)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case 'j':
			if (cli_parse_jobs("extract", optarg, &jobs))
				return 2;
			break;
		case 'f':
			if (cli_parse_format("extract", optarg, "csv|json", &fmt))
				return 2;
			break;
		case 'r': recursive = 1; break;
		case 'S':
			if (cli_parse_space("extract", optarg, &space))
				return 2;
			break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no PATH given");
	fmt = cli_output_format(fmt, outpath, CLI_FMT_CSV);

	int status = 0, nfiles = 0;
	ser_err err;
	char **files = ser_audio_files(argv + optind, argc - optind, recursive,
				       &nfiles, &err);
	if (!files) {
		cli_error("%s", err.msg);
		return 1;
	}
	ser_outfile *o = ser_outfile_open(outpath, 0, &err);
	if (!o) {
		cli_error("%s", err.msg);
		ser_strv_free(files, nfiles);
		return 1;
	}
	cli_guard_outfile(o);

	int n = nfiles;
	double *F = malloc((size_t)(n ? n : 1) * SER_N_FEATURES * sizeof *F);
	char **errs = calloc((size_t)(n ? n : 1), sizeof *errs);
	if (!F || !errs) {
		cli_error("out of memory");
		status = 1;
		n = 0;
	}
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	int failed = n ? ser_extract_files_frac(files, n, (int)jobs, space, F, errs,
						on_progress, &prog, &err) : 0;
	cli_progress_end(&prog);
	if (failed < 0) {
		cli_error("%s", err.msg);
		status = 1;
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		if (!isnan(F[(long)i * SER_N_FEATURES])) {
			if (!quiet)
				cli_warn_short(files[i]);
			continue;
		}
		/* NULL: strdup of the message failed */
		if (errs[i])
			cli_error("%s", errs[i]);
		else
			cli_error("%s: out of memory", files[i]);
		status = 1;
	}
	/* failed files (NaN rows) are left out by the writer */
	ser_feature_table t = {
		.n = n, .d = SER_N_FEATURES, .files = files, .X = F,
		.names = ser_feature_names, .digits = 9,
	};
	int rc = fmt == CLI_FMT_JSON ? ser_features_write_json(o->fp, &t, outpath, &err)
				     : ser_features_write_csv(o->fp, &t, outpath, &err);
	cli_unguard_outfile();
	if (rc < 0) {
		ser_outfile_abort(o);
	} else if (ser_outfile_commit(o, &err) != 0) {
		rc = -1;
	}
	if (rc < 0) {
		cli_error("%s", err.msg);
		status = 1;
	}
	ser_strv_free(errs, nfiles);
	free(F);
	ser_strv_free(files, nfiles);
	return status;
}
