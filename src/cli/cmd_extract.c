/* cmd_extract.c - `ser extract` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_extract(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser extract ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("extract: not implemented yet");
	return 1;
}
