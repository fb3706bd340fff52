/* main.c - `ser`, git-style: ser COMMAND [ARGS]. Dispatch only. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ser/version.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *summary;
} commands[] = {
	{ "extract", cmd_extract, "extract the 74 features from audio files" },
	{ "cv", cmd_cv, "cross-validate SVR / MLP / ridge / xgb on a labelled data set" },
	{ "tune", cmd_tune, "grid search of hyper-parameters by K-fold CV" },
	{ "train", cmd_train, "train a model and save it as a .ser file" },
	{ "predict", cmd_predict, "predict valence and arousal of sounds" },
	{ "index", cmd_index, "index a sound library in an SQLite database" },
	{ "search", cmd_search, "find sounds in an index by emotion or likeness" },
	{ "plot", cmd_plot, "plot predictions on the valence-arousal plane" },
	{ "import", cmd_import, "import the thesis's TensorFlow.js models" },
	{ "info", cmd_info, "describe a .ser model file" },
	{ "synth-dataset", cmd_synth_dataset,
	  "write a synthetic data set in the Emo-Soundscapes format" },
};
#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser COMMAND [OPTIONS] [ARGS]\n"
		"       ser --help | --version\n\n"
		"Sound emotion recognition: where a sound sits on the\n"
		"valence (unpleasant..pleasant) / arousal (calm..eventful) plane.\n\n"
		"Commands:\n");
	for (int i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nRun 'ser COMMAND --help' (or 'ser help COMMAND') for a "
		"command's options.\n");
}

/* OpenBLAS starts a pool of (cores - 1) threads as it is loaded, before
 * main; they spin on sched_yield for up to ~0.1 s before they sleep, and
 * any BLAS call large enough would fan out to them. ser never wants that:
 * its BLAS calls are small (svr.c keeps its gemv panels under OpenBLAS's
 * threading size for that reason) and ser's own threads (-j) are its
 * parallelism, so a BLAS call in a worker must stay on its core. The pool
 * itself cannot be avoided from here (OPENBLAS_NUM_THREADS is read at
 * load; re-executing ser with it set cost more CPU, 24 ms per run, than
 * the pool's spin, ~6 ms, measured in bench/RESULTS.md). A user's own
 * OPENBLAS_NUM_THREADS is respected.
 *
 * The spin did cost more than measured then: on 2 cores the pool's thread
 * yields against ser's own -j workers for its first ~0.1 s, 5% of a
 * one-second `ser tune`. OpenBLAS's blas_thread_shutdown_ (exported for
 * its fork handler) joins the pool at once; with one thread set, no BLAS
 * call starts it again. Weak, so another BLAS without it still links. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

static void one_blas_thread(void)
{
	if (!getenv("OPENBLAS_NUM_THREADS")) {
		openblas_set_num_threads(1);
		if (blas_thread_shutdown_)
			blas_thread_shutdown_();
	}
}

/* Calling OpenBLAS's setter again would restart the pool main stopped
 * (goto_set_num_threads starts its threads afresh), so only a user's own
 * OPENBLAS_NUM_THREADS is overridden here. */
void cli_blas_for_jobs(long jobs)
{
	if (jobs > 1 && getenv("OPENBLAS_NUM_THREADS"))
		openblas_set_num_threads(1);
}

int main(int argc, char **argv)
{
	one_blas_thread();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	/* `ser help CMD` is `ser CMD --help`, to the byte */
	if (!strcmp(cmd, "help") && argc >= 3) {
		char help[] = "--help";
		char *av[] = { argv[2], help, NULL };
		for (int i = 0; i < N_COMMANDS; i++)
			if (!strcmp(argv[2], commands[i].name))
				return commands[i].run(2, av);
		fprintf(stderr, "ser: '%s' is not a ser command. See 'ser --help'.\n",
			argv[2]);
		return 2;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    (!strcmp(cmd, "help") && argc == 2)) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("ser %s\n", ser_version());
		return 0;
	}
	for (int i = 0; i < N_COMMANDS; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ser: '%s' is not a ser command. See 'ser --help'.\n",
		cmd);
	return 2;
}
