/* cmd_plot.c - `ser plot` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_plot(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser plot ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("plot: not implemented yet");
	return 1;
}
