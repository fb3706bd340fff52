/* plot_gnuplot.h - running the external gnuplot for plot.c (internal). */
#ifndef SER_GNUPLOT_H
#define SER_GNUPLOT_H

#include "ser/error.h"
#include "ser/plot.h"

/* The gnuplot to run: o->gnuplot, else $SER_GNUPLOT, else "gnuplot" on
 * PATH. Looking it up ourselves (instead of letting exec fail in the
 * child) gives one clear message. malloc'd path, or NULL and an error. */
char *ser_gnuplot_find(const ser_plot_opts *o, ser_err *err);
/* Run gnuplot with script on stdin and stdout to out_fd. 0 if it exited
 * 0; else an error quoting the last line of its stderr. */
int ser_gnuplot_run(const char *gnuplot, const char *script, int out_fd,
		    ser_err *err);

#endif
