/* plot.c - stub; the gnuplot driver lands in the next commit. */
#include "ser/plot.h"

ser_plot_format ser_plot_format_of(const char *output, const char *terminal)
{
	(void)output;
	(void)terminal;
	return SER_PLOT_UNKNOWN;
}

int ser_plot(const ser_plot_row *rows, int n, const ser_plot_opts *opts,
	     ser_err *err)
{
	(void)rows;
	(void)n;
	(void)opts;
	return ser_fail(err, "plot: not implemented yet");
}

ser_plot_row *ser_plot_read_csv(const char *path, int *n, ser_err *err)
{
	*n = 0;
	ser_fail(err, "%s: plot: not implemented yet", path);
	return NULL;
}
