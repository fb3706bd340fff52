/* cmd_info.c - `ser info` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_info(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser info ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("info: not implemented yet");
	return 1;
}
