/* cmd_predict.c - `ser predict` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_predict(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser predict ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("predict: not implemented yet");
	return 1;
}
