/* cmd_import.c - `ser import` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_import(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser import ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("import: not implemented yet");
	return 1;
}
