/* cmd_cv.c - `ser cv` (not implemented yet). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_cv(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: ser cv ...\n(not implemented yet)\n");
		return 0;
	}
	cli_error("cv: not implemented yet");
	return 1;
}
