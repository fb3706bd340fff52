/* plot.h - predictions on the valence-arousal plane, drawn by gnuplot.
 *
 * gnuplot runs as an external process (never linked): found on PATH, or
 * named by opts->gnuplot, or by $SER_GNUPLOT. Valence is on x, arousal on
 * y, both [-1, 1], square; quadrant lines and names, the circumplex words
 * (emotion.h) on a faint circle, points coloured by quadrant and labelled
 * with the file's basename (SVG: hover text). The output format comes from
 * the extension (.png, .svg, .pdf) or from opts->terminal = "dumb" (a text
 * plot). Files are written atomically (temp path, then rename). */
#ifndef SER_PLOT_H
#define SER_PLOT_H

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_plot_row {
	const char *file;   /* path or name; the plot shows its basename */
	double valence;     /* [-1, 1]; values outside are clamped to the edge */
	double arousal;
} ser_plot_row;

typedef struct ser_plot_opts {
	const char *output;   /* .png/.svg/.pdf path; for "dumb": a path, or
			       * NULL / "-" for stdout */
	const char *terminal; /* NULL: from the extension; "dumb": text plot */
	const char *title;    /* NULL: "Valence-arousal plane" */
	int no_labels;        /* 1: no file-name labels (SVG hover text stays) */
	int width, height;    /* pixels (dumb: characters); 0: default */
	const char *gnuplot;  /* NULL: $SER_GNUPLOT, else "gnuplot" on PATH */
} ser_plot_opts;

typedef enum ser_plot_format {
	SER_PLOT_UNKNOWN = -1,
	SER_PLOT_PNG = 0,
	SER_PLOT_SVG,
	SER_PLOT_PDF,
	SER_PLOT_DUMB
} ser_plot_format;

/* Format from terminal (if set) or output extension (case-insensitive);
 * SER_PLOT_UNKNOWN if neither says. */
SER_API ser_plot_format ser_plot_format_of(const char *output, const char *terminal);

/* Draw n rows (n may be 0: an empty plane). 0 ok; -1 with a message for a
 * missing gnuplot ("gnuplot not found: install gnuplot-nox"), an unknown
 * format, an unwritable output, or gnuplot failing (its stderr quoted). */
SER_API int ser_plot(const ser_plot_row *rows, int n, const ser_plot_opts *opts,
	     ser_err *err);

/* Read a predictions CSV (header with at least file, valence, arousal;
 * other columns ignored; columns found by name). Rows with an empty
 * valence or arousal (a one-target model's output) are skipped; if that
 * leaves none of several, it is an error. Returns n rows in ONE
 * allocation (names included): release with free(). Errors name
 * file:line:column. */
SER_API ser_plot_row *ser_plot_read_csv(const char *path, int *n, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
