/* plot_labels.h - label placement for plot.c (internal to libser). */
#ifndef SER_PLOT_LABELS_H
#define SER_PLOT_LABELS_H

/* Boxes in pixel-like units of the plot area (origin bottom-left). */
typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct placed {
	double x, y;    /* label anchor, data units */
	int align;      /* -1 right-aligned (left of point), 0 centre, 1 left */
	int hidden;     /* crowded out: no label (the point stays) */
	int leader;     /* moved away from its point: draw a leader line */
} placed;

/* More points than this: labels that stay crowded are left out. */
#define SER_PLOT_THIN_ABOVE 40
/* More points than this: density shading and a chosen few (plot.c). */
#define SER_PLOT_DENSE_ABOVE 2000

/* Width of s in characters (UTF-8 code points). */
int ser_plot_text_width(const char *s);
/* The last path component (the label shown for a file). */
const char *ser_plot_base_name(const char *path);

/* The shortest distinguishing path of each of n paths: the base name, or
 * when base names collide, as many trailing components as make it unique
 * (three speech.wav become a/speech.wav, b/speech.wav, x/c/speech.wav).
 * out[i] points into paths[i]. -1 out of memory. */
int ser_plot_short_names(const char *const *paths, int n, const char **out);

/* Greedy placement, then a few sweeps that re-place each label against
 * all the others (the first labels were placed before their neighbours
 * existed). Past SER_PLOT_THIN_ABOVE points, a label that still covers a third of
 * its own area is left out: a cloud of unreadable names helps nobody,
 * and the SVG's hover text still names every point. Not optimal, but it
 * keeps a few dozen labels readable without a solver. A label keeps to
 * its point's quadrant (the axes are at pw/2, ph/2), a leader line never
 * crosses an axis, and on the text plot (dumb_cells) labels sit next to
 * their points or are left out wherever they would overwrite anything. */
int ser_plot_place_labels(const double *px, const double *py, char **names,
			int n, double pw, double ph, double cw, double chh,
			const box *fixed, int n_fixed, int dumb_cells,
			placed *out);

#endif
