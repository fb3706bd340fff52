/* cmd_synth_dataset.c - `ser synth-dataset` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_synth_dataset(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser synth-dataset ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("synth-dataset: not implemented yet");
	return 1;
}
