/* cmd_train.c - `ser train` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_train(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser train ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("train: not implemented yet");
	return 1;
}
