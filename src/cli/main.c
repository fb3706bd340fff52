/* main.c - `ser`, git-style: ser COMMAND [ARGS]. Dispatch only. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ser/version.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *summary;
} commands[] = {
	{ "extract", cmd_extract, "extract the 74 features from audio files" },
	{ "cv", cmd_cv, "cross-validate SVR / MLP on a labelled data set" },
	{ "train", cmd_train, "train a model and save it as a .ser file" },
	{ "predict", cmd_predict, "predict valence and arousal of sounds" },
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

int main(int argc, char **argv)
{
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
