/* plot.c - the valence-arousal plane, drawn by an external gnuplot.
 *
 * We write one gnuplot script (labels and objects only, no data file: every
 * point is a `set label ... point`, which lets each point carry its own
 * colour, hover text and label placement), run gnuplot on it with stdout
 * redirected into a ser_outfile temp file, and rename that into place only
 * if gnuplot exited 0 (plot_gnuplot.c runs it; plot_labels.c places the
 * labels).
 *
 * Strings from the user (file names, title) are emitted in gnuplot
 * single-quoted strings, where nothing but '' is special, and every label
 * is `noenhanced` so '_', '^', '{' and '@' in names stay literal. gnuplot's
 * svg terminal copies hover text raw into an XML attribute (it escapes <
 * and & only), so a '"' there is replaced by a typographic quote. */
#define _POSIX_C_SOURCE 200809L
#include "ser/plot.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ser/emotion.h"
#include "ser/outfile.h"
#include "ser/table.h"
#include "plot_gnuplot.h"
#include "plot_labels.h"
#include "utf8.h"

/* Okabe-Ito colours (colour-blind safe), in ser_quadrant order. */
static const char *const quad_colour[4] = {
	"#E69F00", /* pleasant-eventful: orange */
	"#D55E00", /* unpleasant-eventful: vermillion */
	"#0072B2", /* unpleasant-uneventful: blue */
	"#009E73", /* pleasant-uneventful: green */
};

#define WORD_RADIUS 0.84   /* circle the circumplex words sit on */

/* ---- growable string buffer -------------------------------------------- */

typedef struct sbuf {
	char *s;
	size_t n, cap;
	int oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->n + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < sizeof tmp) {
		sb_putn(b, tmp, (size_t)k);
		return;
	}
	char *big = malloc((size_t)k + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)k + 1, fmt, ap);
	va_end(ap);
	sb_putn(b, big, (size_t)k);
	free(big);
}

/* A gnuplot single-quoted string literal. Control characters (a newline in
 * a file name would end the command) and bytes that are not UTF-8 (file
 * names are arbitrary bytes; the SVG must stay valid XML) become '?';
 * hover != 0 also replaces '"', which gnuplot's svg terminal would write
 * raw into an attribute. */
static void sb_quote(sbuf *b, const char *s, int hover)
{
	sb_putn(b, "'", 1);
	const unsigned char *end = (const unsigned char *)s + strlen(s);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = ser_utf8_len(p, (size_t)(end - p));
		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f)))
			sb_putn(b, "?", 1), n = 1;
		else if (*p == '\'')
			sb_putn(b, "''", 2);
		else if (hover && *p == '"')
			sb_putn(b, "\xE2\x80\x9D", 3);   /* U+201D */
		else
			sb_putn(b, (const char *)p, (size_t)n);
		p += n;
	}
	sb_putn(b, "'", 1);
}

/* ---- format and gnuplot lookup ----------------------------------------- */

ser_plot_format ser_plot_format_of(const char *output, const char *terminal)
{
	if (terminal && *terminal)
		return strcasecmp(terminal, "dumb") == 0 ? SER_PLOT_DUMB
							 : SER_PLOT_UNKNOWN;
	if (!output)
		return SER_PLOT_UNKNOWN;
	const char *dot = strrchr(output, '.');
	const char *slash = strrchr(output, '/');
	if (!dot || (slash && dot < slash))
		return SER_PLOT_UNKNOWN;
	if (!strcasecmp(dot, ".png"))
		return SER_PLOT_PNG;
	if (!strcasecmp(dot, ".svg"))
		return SER_PLOT_SVG;
	if (!strcasecmp(dot, ".pdf"))
		return SER_PLOT_PDF;
	return SER_PLOT_UNKNOWN;
}

/* ---- script ------------------------------------------------------------ */

static double clamp1(double v)
{
	return v < -1 ? -1 : v > 1 ? 1 : v;
}

static const char *align_word(int a)
{
	return a < 0 ? "right" : a > 0 ? "left" : "center";
}

static void emit_terminal(sbuf *b, ser_plot_format f, int w, int h)
{
	switch (f) {
	case SER_PLOT_PNG:
		/* pngcairo draws antialiased text; plain png (libgd) is the
		 * fallback of gnuplot builds without cairo */
		sb_printf(b,
			  "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
			  "  set terminal pngcairo size %d,%d font 'sans,11' noenhanced\n"
			  "} else {\n"
			  "  set terminal png size %d,%d noenhanced\n"
			  "}\n", w, h, w, h);
		break;
	case SER_PLOT_SVG:
		/* mouse + standalone: the hover-text script is inlined */
		sb_printf(b, "set terminal svg size %d,%d mouse standalone "
			  "font 'sans,11' noenhanced background '#ffffff'\n", w, h);
		break;
	case SER_PLOT_PDF:
		/* one pixel of the png = one point of the pdf, so fonts,
		 * margins and the label layout computed in pixels match */
		sb_printf(b, "set terminal pdfcairo size %.2fin,%.2fin "
			  "font 'sans,11' noenhanced\n", w / 144.0, h / 144.0);
		break;
	default:
		sb_printf(b, "set terminal dumb size %d,%d noenhanced\n", w, h);
		break;
	}
}

/* ---- the library form: density plus a chosen few ----------------------- */

/* Above this many points the plane shows their density (a 60 x 60 grid of
 * cells shaded by log count) and labels only the point farthest from the
 * origin in each of 16 directions: the most characteristic sound of each
 * part of the circumplex. 10,000 named points are a blot, not a map. */
#define DENSE_GRID 60
#define DENSE_DIRS 16

/* The image as a datablock of x y r g b alpha (gnuplot rgbalpha), one line
 * per cell, empty cells transparent; on the text plot one character per
 * non-empty cell of a coarser grid (" .:+#", by log count). */
static void emit_density(sbuf *b, const ser_plot_row *rows, int n, int dumb,
			 int cols, int lines)
{
	int gx = dumb ? cols : DENSE_GRID, gy = dumb ? lines : DENSE_GRID;
	int *cnt = calloc((size_t)gx * (size_t)gy, sizeof *cnt);
	if (!cnt) {
		b->oom = 1;
		return;
	}
	int top = 1;
	for (int i = 0; i < n; i++) {
		int cx = (int)((clamp1(rows[i].valence) + 1) / 2 * gx);
		int cy = (int)((clamp1(rows[i].arousal) + 1) / 2 * gy);
		cx = cx < gx ? cx : gx - 1;
		cy = cy < gy ? cy : gy - 1;
		int *c = &cnt[cy * gx + cx];
		if (++*c > top)
			top = *c;
	}
	double lt = log1p(top);
	if (dumb) {
		static const char ramp[] = ".:+#";
		for (int y = 0; y < gy; y++)
			for (int x = 0; x < gx; x++) {
				int c = cnt[y * gx + x];
				if (!c)
					continue;
				int k = (int)(log1p(c) / lt * 3.999);
				sb_printf(b, "set label '%c' at %.4f,%.4f center back\n",
					  ramp[k], -1 + (x + 0.5) * 2.0 / gx,
					  -1 + (y + 0.5) * 2.0 / gy);
			}
		free(cnt);
		return;
	}
	sb_printf(b, "$density << EOD\n");
	for (int y = 0; y < gy; y++)
		for (int x = 0; x < gx; x++) {
			int c = cnt[y * gx + x];
			/* dark slate blue, opacity 0.12 .. 0.9 by log count */
			double a = c ? 0.12 + 0.78 * log1p(c) / lt : 0;
			sb_printf(b, "%.4f %.4f 40 60 110 %d\n",
				  -1 + (x + 0.5) * 2.0 / gx,
				  -1 + (y + 0.5) * 2.0 / gy, (int)(a * 255 + 0.5));
		}
	sb_printf(b, "EOD\n");
	free(cnt);
}

/* Indices of the chosen few (at most DENSE_DIRS): per direction sector,
 * the point farthest from the origin beyond the neutral radius (ties: the
 * smaller path). Returns their count. */
static int pick_few(const ser_plot_row *rows, int n, int *sel)
{
	int best[DENSE_DIRS];
	for (int k = 0; k < DENSE_DIRS; k++)
		best[k] = -1;
	for (int i = 0; i < n; i++) {
		double v = clamp1(rows[i].valence), a = clamp1(rows[i].arousal);
		double r = hypot(v, a);
		if (r < SER_NEUTRAL_RADIUS)
			continue;
		double ang = atan2(a, v);
		int k = (int)floor((ang + M_PI) / (2 * M_PI) * DENSE_DIRS);
		k = k < 0 ? 0 : k >= DENSE_DIRS ? DENSE_DIRS - 1 : k;
		int j = best[k];
		if (j < 0) {
			best[k] = i;
			continue;
		}
		double rj = hypot(clamp1(rows[j].valence), clamp1(rows[j].arousal));
		const char *fi = rows[i].file ? rows[i].file : "";
		const char *fj = rows[j].file ? rows[j].file : "";
		if (r > rj || (r == rj && strcmp(fi, fj) < 0))
			best[k] = i;
	}
	int m = 0;
	for (int k = 0; k < DENSE_DIRS; k++)
		if (best[k] >= 0)
			sel[m++] = best[k];
	return m;
}

/* Where labels can go: the plot area in (approximate) pixels, one
 * character's size, and the boxes file-name labels must avoid (corner
 * names and circumplex words). */
typedef struct plot_layout {
	double pw, ph, cw, chh;
	box fixed[4 + 64];
	int n_fixed;
} plot_layout;

/* Terminal, title, ranges, axis labels, quadrant tints and lines. */
static void emit_frame(sbuf *b, int n, const ser_plot_opts *o,
		       ser_plot_format f, int w, int h)
{
	int dumb = f == SER_PLOT_DUMB;
	sb_printf(b, "set encoding utf8\n");
	emit_terminal(b, f, w, h);
	sb_printf(b, "set title ");
	if (o->title) {
		sb_quote(b, o->title, 0);
	} else {
		sb_printf(b, "'Valence-arousal plane (%d sound%s)'", n,
			  n == 1 ? "" : "s");
	}
	sb_printf(b, "%s\n", dumb ? "" : " font ',14'");
	sb_printf(b, "set xrange [-1:1]\nset yrange [-1:1]\n"
		      "set xtics -1,0.5,1\nset ytics -1,0.5,1\n"
		      "unset key\n");
	if (dumb) {
		sb_printf(b, "set xlabel 'valence (unpleasant .. pleasant)'\n"
			      "set ylabel 'arousal (uneventful .. eventful)'\n");
	} else {
		sb_printf(b,
			  "set size ratio -1\n"
			  "set xlabel '\xE2\x86\x90 unpleasant          valence          pleasant \xE2\x86\x92'\n"
			  "set ylabel '\xE2\x86\x90 uneventful          arousal          eventful \xE2\x86\x92'\n"
			  "set grid xtics ytics lc rgb '#eeeeee' lw 1 dt 1\n"
			  "set border lc rgb '#666666'\n");
		/* a faint tint per quadrant, so colour reads as region */
		static const int sx[4] = { 1, -1, -1, 1 }, sy[4] = { 1, 1, -1, -1 };
		for (int q = 0; q < 4; q++)
			sb_printf(b, "set object rect from 0,0 to %d,%d behind "
				  "fc rgb '%s' fs transparent solid 0.05 noborder\n",
				  sx[q], sy[q], quad_colour[q]);
		sb_printf(b, "set object circle at first 0,0 size first %.2f "
			  "behind fs empty border lc rgb '#c8c8c8' dt 3 lw %s\n",
			  WORD_RADIUS, f == SER_PLOT_PDF ? "0.5" : "1");
	}
	/* quadrant lines through the origin */
	sb_printf(b, "set arrow from -1,0 to 1,0 nohead back lc rgb '#888888' lw 1\n"
		      "set arrow from 0,-1 to 0,1 nohead back lc rgb '#888888' lw 1\n");
}

/* The quadrant names in the corners, each an obstacle for labels. */
static void emit_corners(sbuf *b, int dumb, plot_layout *L)
{
	/* quadrant names in the corners */
	static const double cx[4] = { 0.985, 0.015, 0.015, 0.985 };
	static const double cy[4] = { 0.975, 0.975, 0.025, 0.025 };
	for (int q = 0; q < 4; q++) {
		const char *qn = ser_quadrant_name((ser_quadrant)q);
		sb_printf(b, "set label '%s' at graph %.3f,%.3f %s front "
			  "tc rgb '%s'%s\n", qn, cx[q], cy[q],
			  q == 0 || q == 3 ? "right" : "left",
			  dumb ? "#000000" : quad_colour[q],
			  dumb ? "" : " font ',11'");
		double qw = L->cw * (dumb ? 1 : 1.2) * (double)strlen(qn);
		box *fb = &L->fixed[L->n_fixed++];
		fb->x0 = q == 0 || q == 3 ? cx[q] * L->pw - qw : cx[q] * L->pw;
		fb->x1 = fb->x0 + qw;
		fb->y0 = cy[q] * L->ph - L->chh / 2;
		fb->y1 = cy[q] * L->ph + L->chh / 2;
		if (dumb) {   /* our frame is a guess of gnuplot's cells:
			       * keep a cell clear all round */
			fb->x0 -= 1, fb->x1 += 1;
			fb->y0 -= 1, fb->y1 += 1;
		}
	}
}

/* Russell's circumplex words at their angles: close neighbours
 * (< 12 degrees apart) share one multi-line label so they don't print
 * over each other. Not on the text plot: too few cells. */
static void emit_words(sbuf *b, ser_plot_format f, plot_layout *L)
{
	int nt;
	const ser_emotion_term *t = ser_emotion_terms(&nt);
	for (int i = 0; i < nt;) {
		int j = i + 1;
		while (j < nt && t[j].angle_deg - t[j - 1].angle_deg < 12)
			j++;
		double a = 0;
		int longest = 0;
		for (int k = i; k < j; k++) {
			double r = t[k].angle_deg * M_PI / 180;
			sb_printf(b, "set label '' at %.4f,%.4f point pt 7 "
				  "ps %.2f lc rgb '#b0b0b0' back\n",
				  WORD_RADIUS * cos(r), WORD_RADIUS * sin(r),
				  f == SER_PLOT_PDF ? 0.2 : 0.35);
			a += t[k].angle_deg;
			int len = (int)strlen(t[k].word);
			longest = len > longest ? len : longest;
		}
		a = a / (j - i) * M_PI / 180;
		double c = cos(a), s = sin(a);
		int al = c > 0.35 ? 1 : c < -0.35 ? -1 : 0;
		double lx = (WORD_RADIUS + 0.04) * c;
		double ly = (WORD_RADIUS + 0.04 + (al ? 0 : 0.02 * (j - i))) * s;
		/* double-quoted: our own words, and "\n" must work */
		sb_printf(b, "set label \"");
		for (int k = i; k < j; k++)
			sb_printf(b, "%s%s", k > i ? "\\n" : "", t[k].word);
		sb_printf(b, "\" at %.4f,%.4f %s back tc rgb '#a0a0a0' "
			  "font ',9'\n", lx, ly, align_word(al));
		if (L->n_fixed < (int)(sizeof L->fixed / sizeof L->fixed[0])) {
			double gx = (lx + 1) / 2 * L->pw, gy = (ly + 1) / 2 * L->ph;
			double ww = L->cw * longest, hh = L->chh * (j - i);
			box *fb = &L->fixed[L->n_fixed++];
			fb->x0 = al > 0 ? gx : al < 0 ? gx - ww : gx - ww / 2;
			fb->x1 = fb->x0 + ww;
			/* gnuplot puts a multi-line label's FIRST line at
			 * the anchor; the rest hang below it */
			fb->y1 = gy + L->chh / 2;
			fb->y0 = fb->y1 - hh;
		}
		i = j;
	}
}

/* The m chosen points (rows[sel[j]]) and their file-name labels (placed
 * by pl, where labels is set); returns how many were labelled. */
static int emit_points(sbuf *b, const ser_plot_row *rows, const int *sel,
		       int m, int n, const char **names, const placed *pl,
		       int labels, ser_plot_format f, const plot_layout *L)
{
	int dumb = f == SER_PLOT_DUMB;
	/* smaller points when there are many, so the cloud keeps a shape */
	int dense = n > SER_PLOT_DENSE_ABOVE;
	double ps = n > 300 && !dense ? 0.7 : n > SER_PLOT_THIN_ABOVE ? 1 : 1.4;
	if (f == SER_PLOT_PDF)   /* pdfcairo draws points ~1.6x larger */
		ps *= 0.6;
	int n_labelled = 0;
	for (int j = 0; j < m; j++) {
		const ser_plot_row *r = &rows[sel[j]];
		double v = clamp1(r->valence), a = clamp1(r->arousal);
		ser_quadrant q = ser_quadrant_of(v, a);
		const char *col = dumb ? "#000000" : quad_colour[q];
		/* a point clamped to the frame is hollow ('x' on the text
		 * plot): its place on the edge is not its value */
		int outside = v != r->valence || a != r->arousal;
		int pt = outside ? 6 : 7;
		if (f == SER_PLOT_SVG) {
			/* hover text: name, values, word (lines split at \n);
			 * ser_plot copies it into the point's <title> too */
			sb_printf(b, "set label ");
			sbuf ht = { 0 };
			sb_printf(&ht, "%s\\nvalence %.3f, arousal %.3f\\n%s (%s)",
				  names[j], r->valence, r->arousal,
				  ser_emotion_word(r->valence, r->arousal),
				  ser_quadrant_name(q));
			if (ht.oom)
				b->oom = 1;
			else
				sb_quote(b, ht.s, 1);
			free(ht.s);
			sb_printf(b, " at %.5f,%.5f hypertext point pt %d ps %.2f "
				  "lc rgb '%s' front\n", v, a, pt, ps, col);
		} else if (dumb) {
			/* dumb draws point types as letters (pt 7 is 'G');
			 * an 'o' in the point's cell reads better */
			sb_printf(b, "set label '%s' at %.5f,%.5f center front\n",
				  outside ? "x" : "o", v, a);
		} else {
			sb_printf(b, "set label '' at %.5f,%.5f point pt %d "
				  "ps %.2f lc rgb '%s' lw %s front\n", v, a, pt, ps,
				  col, f == SER_PLOT_PDF ? "1" : "2");
		}
		if (labels && !pl[j].hidden) {
			double lx = pl[j].x / L->pw * 2 - 1, ly = pl[j].y / L->ph * 2 - 1;
			if (pl[j].leader && !dumb)
				sb_printf(b, "set arrow from %.5f,%.5f to %.5f,%.5f "
					  "nohead back lc rgb '#a8a8a8' lw 0.8\n",
					  v, a, lx, ly);
			sb_printf(b, "set label ");
			sb_quote(b, names[j], 0);
			sb_printf(b, " at %.5f,%.5f %s front tc rgb '#303030'%s\n",
				  lx, ly, align_word(pl[j].align),
				  dumb ? "" : " font ',9'");
			n_labelled++;
		}
	}
	return n_labelled;
}

/* How many points carry a name, and how many lie outside [-1, 1]. */
static void emit_note(sbuf *b, const ser_plot_row *rows, int n,
		      int n_labelled, ser_plot_format f)
{
	int dumb = f == SER_PLOT_DUMB, dense = n > SER_PLOT_DENSE_ABOVE;
	int n_out = 0;
	for (int i = 0; i < n; i++)
		n_out += rows[i].valence != clamp1(rows[i].valence) ||
			 rows[i].arousal != clamp1(rows[i].arousal);
	/* every plot says how many of its points carry a name */
	sb_printf(b, "set label '");
	if (dense)
		sb_printf(b, "%d points as density; %d labelled", n, n_labelled);
	else
		sb_printf(b, "%d of %d point%s labelled%s", n_labelled, n,
			  n == 1 ? "" : "s", n_labelled < n && f == SER_PLOT_SVG
			  ? " (hover: all)" : "");
	/* in a free corner of the canvas: top left, beside the title (the
	 * text plot: its free last line) */
	sb_printf(b, "' at screen %s front tc rgb '#555555'%s\n",
		  dumb ? "0,0.012 left" : "0.01,0.988 left",
		  dumb ? "" : " font ',9'");
	if (n_out > 0)
		sb_printf(b, "set label '%s %d of %d outside [-1, 1], drawn on "
			  "the edge' at graph 0.5,1 offset 0,%s center front "
			  "tc rgb '#555555'%s\n", dumb ? "x:" : "\xE2\x97\x8B", n_out,
			  n, dumb ? "0.5" : "0.8", dumb ? "" : " font ',10'");
}

static char *build_script(const ser_plot_row *rows, int n,
			  const ser_plot_opts *o, ser_plot_format f,
			  ser_err *err)
{
	int dumb = f == SER_PLOT_DUMB;
	int w = o->width > 0 ? o->width : dumb ? 79 : 900;
	int h = o->height > 0 ? o->height : dumb ? 40 : 900;
	sbuf b = { 0 };
	emit_frame(&b, n, o, f, w, h);

	/* The pixel frame of the plot area, for label placement: gnuplot's
	 * margins are ~112 px at these font sizes, and one character of the
	 * 9-point label font is ~6.6 px wide; rows are 16 px apart so that two
	 * labels never touch (13 px is the glyph height). */
	plot_layout L = { .n_fixed = 0 };
	L.pw = dumb ? w - 12 : (w < h ? w : h) - 112;
	L.ph = dumb ? h - 6 : L.pw;
	if (L.pw < 50)
		L.pw = L.ph = 50;
	L.cw = dumb ? 1 : 6.6;
	L.chh = dumb ? 1 : 16.0;
	emit_corners(&b, dumb, &L);
	if (!dumb)
		emit_words(&b, f, &L);
	/* the library form: density, and only a chosen few as points */
	int dense = n > SER_PLOT_DENSE_ABOVE;
	size_t nn = (size_t)(n > 0 ? n : 1);
	int *sel = malloc(nn * sizeof *sel);
	double *px = malloc(nn * 2 * sizeof *px);
	const char **paths = malloc(nn * sizeof *paths);
	const char **names = malloc(nn * sizeof *names);
	placed *pl = malloc(nn * sizeof *pl);
	if (!sel || !px || !paths || !names || !pl) {
		free(sel);
		free(px);
		free(paths);
		free(names);
		free(pl);
		free(b.s);
		ser_fail(err, "out of memory");
		return NULL;
	}
	int m = n;
	if (dense) {
		emit_density(&b, rows, n, dumb, (int)L.pw, (int)L.ph);
		m = pick_few(rows, n, sel);
	} else {
		for (int i = 0; i < n; i++)
			sel[i] = i;
	}
	double *py = px + nn;
	for (int j = 0; j < m; j++) {
		const ser_plot_row *r = &rows[sel[j]];
		px[j] = (clamp1(r->valence) + 1) / 2 * L.pw;
		py[j] = (clamp1(r->arousal) + 1) / 2 * L.ph;
		paths[j] = r->file ? r->file : "";
	}
	/* colliding base names (three speech.wav) grow to the shortest path
	 * that tells them apart */
	if (ser_plot_short_names(paths, m, names))
		b.oom = 1, m = 0;
	int labels = !o->no_labels;
	if (labels && ser_plot_place_labels(px, py, (char **)names, m, L.pw, L.ph,
					    L.cw, L.chh, L.fixed, L.n_fixed, dumb, pl))
		labels = 0, b.oom = 1;
	int n_labelled = emit_points(&b, rows, sel, m, n, names, pl, labels, f,
				     &L);
	free(sel);
	free(px);
	free(paths);
	free(names);
	free(pl);
	emit_note(&b, rows, n, n_labelled, f);
	/* everything else is a label: plot the density image, or a function
	 * that is never drawn */
	if (dense && !dumb)
		sb_printf(&b, "plot $density using 1:2:3:4:5:6 with rgbalpha "
			  "notitle\n");
	else
		sb_printf(&b, "plot NaN notitle\n");
	if (b.oom) {
		free(b.s);
		ser_fail(err, "out of memory");
		return NULL;
	}
	return b.s;
}

/* gnuplot's svg terminal gives each hypertext point an empty <title> and
 * shows the text only through its JavaScript: copy the text (already
 * XML-escaped by gnuplot, "\n" made a line break) into the <title>, so
 * that every viewer shows the name on hover, scripts or not. The rest is
 * copied as is. 0 ok, -1 read error or out of memory. */
static int svg_titles(FILE *in, FILE *out)
{
	static const char mark[] = "showHypertext(evt,'", empty[] = "<title> </title>";
	if (fseek(in, 0, SEEK_END) != 0)
		return -1;
	long len = ftell(in);
	rewind(in);
	char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!s || fread(s, 1, (size_t)len, in) != (size_t)len) {
		free(s);
		return -1;
	}
	s[len] = '\0';
	const char *p = s;
	for (const char *m; (m = strstr(p, mark));) {
		const char *t = m + sizeof mark - 1;
		const char *e = strstr(t, "')\"");
		const char *eol = e ? strchr(e, '\n') : NULL;
		const char *ti = e ? strstr(e, empty) : NULL;
		if (!ti || (eol && ti > eol)) {
			fwrite(p, 1, (size_t)(t - p), out);
			p = t;
			continue;
		}
		fwrite(p, 1, (size_t)(ti - p), out);
		fputs("<title>", out);
		for (const char *c = t; c < e; c++) {
			if (c[0] == '\\' && c[1] == 'n') {
				fputc('\n', out);
				c++;
			} else {
				fputc(*c, out);
			}
		}
		fputs("</title>", out);
		p = ti + sizeof empty - 1;
	}
	fputs(p, out);
	free(s);
	return 0;
}

int ser_plot(const ser_plot_row *rows, int n, const ser_plot_opts *o,
	     ser_err *err)
{
	ser_plot_format f = ser_plot_format_of(o->output, o->terminal);
	if (f == SER_PLOT_UNKNOWN) {
		if (o->terminal && *o->terminal)
			return ser_fail(err, "plot: unknown terminal '%s' "
					"(only 'dumb'; else give OUT.png/.svg/.pdf)",
					o->terminal);
		return ser_fail(err, "%s: unknown plot format "
				"(use .png, .svg or .pdf, or terminal dumb)",
				o->output ? o->output : "(no output)");
	}
	const char *out = o->output;
	if (f != SER_PLOT_DUMB && (!out || !strcmp(out, "-")))
		return ser_fail(err, "plot: an output file is needed for "
				"png/svg/pdf");
	for (int i = 0; i < n; i++)
		if (!isfinite(rows[i].valence) || !isfinite(rows[i].arousal))
			return ser_fail(err, "plot: %s: valence or arousal is "
					"not a finite number",
					rows[i].file ? rows[i].file : "?");
	char *gp = ser_gnuplot_find(o, err);
	if (!gp)
		return -1;
	char *script = build_script(rows, n, o, f, err);
	if (!script) {
		free(gp);
		return -1;
	}
	ser_outfile *of = ser_outfile_open(out, 1, err);
	if (!of) {
		free(script);
		free(gp);
		return -1;
	}
	/* gnuplot exits 0 even when its writes fail (a full disk, a closed
	 * pipe): into our temp file that is caught on commit, but stdout and
	 * devices are written in place, so gnuplot writes those into an
	 * anonymous file that we copy over, through of->fp, whose errors
	 * commit reports; an SVG always goes that way, to fill its <title>s */
	FILE *via = NULL;
	int rc = 0;
	if ((!of->tmp || f == SER_PLOT_SVG) && !(via = tmpfile()))
		rc = ser_fail(err, "plot: cannot create a temporary file: %s",
			      strerror(errno));
	fflush(of->fp);   /* stdout: keep earlier output before gnuplot's */
	if (rc == 0)
		rc = ser_gnuplot_run(gp, script, fileno(via ? via : of->fp), err);
	free(script);
	free(gp);
	if (rc == 0 && via && f == SER_PLOT_SVG) {
		if (svg_titles(via, of->fp))
			rc = ser_fail(err, "plot: cannot read gnuplot's output back");
	} else if (rc == 0 && via) {
		char buf[65536];
		size_t k;
		rewind(via);  /* gnuplot moved the shared file offset */
		while ((k = fread(buf, 1, sizeof buf, via)) > 0 &&
		       fwrite(buf, 1, k, of->fp) == k)
			;
		if (ferror(via))
			rc = ser_fail(err, "plot: cannot read gnuplot's output back");
	}
	if (via)
		fclose(via);
	if (rc == 0 && of->tmp) {  /* a regular file (a FIFO has no size) */
		struct stat st;
		if (fstat(fileno(of->fp), &st) == 0 && st.st_size == 0)
			rc = ser_fail(err, "%s: gnuplot wrote nothing", out);
	}
	if (rc != 0) {
		if (out && strcmp(out, "-"))
			ser_fail_prefix(err, "%s", out);
		ser_outfile_abort(of);
		return -1;
	}
	return ser_outfile_commit(of, err);
}

/* ---- predictions CSV --------------------------------------------------- */

/* An empty cell (only blanks): what ser predict writes for the target a
 * one-target model does not predict. */
static int blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

ser_plot_row *ser_plot_read_csv(const char *path, int *n, ser_err *err)
{
	*n = 0;
	ser_table *t = ser_table_read(path, 1, err);
	if (!t)
		return NULL;
	static const char *const want[3] = { "file", "valence", "arousal" };
	int col[3];
	for (int k = 0; k < 3; k++) {
		col[k] = ser_table_col(t, want[k]);
		if (col[k] < 0) {
			ser_fail(err, "%s:1: no '%s' column (a predictions CSV "
				 "has the header file,valence,arousal[,...])",
				 path, want[k]);
			ser_table_free(t);
			return NULL;
		}
	}
	/* rows and names in one block so the caller frees once */
	size_t names = 0;
	for (int i = 0; i < t->n_rows; i++)
		names += strlen(ser_table_get(t, i, col[0])) + 1;
	size_t head = (size_t)t->n_rows * sizeof(ser_plot_row);
	ser_plot_row *rows = ser_malloc(head + names, err);
	if (!rows) {
		ser_table_free(t);
		return NULL;
	}
	char *s = (char *)rows + head;
	int k = 0;
	for (int i = 0; i < t->n_rows; i++) {
		const char *name = ser_table_get(t, i, col[0]);
		size_t len = strlen(name) + 1;
		if (len == 1) {
			ser_fail(err, "%s:%d:%d: empty file name", path,
				 t->line[i], col[0] + 1);
			goto fail;
		}
		/* a row without both coordinates has no place on the
		 * plane; an unparsable one is an error */
		if (blank(ser_table_get(t, i, col[1])) ||
		    blank(ser_table_get(t, i, col[2])))
			continue;
		memcpy(s, name, len);
		rows[k].file = s;
		s += len;
		if (ser_table_double(t, i, col[1], &rows[k].valence, err) ||
		    ser_table_double(t, i, col[2], &rows[k].arousal, err))
			goto fail;
		k++;
	}
	if (k == 0 && t->n_rows > 0) {
		ser_fail(err, "%s: no row has both valence and arousal "
			 "(predictions of a one-target model?)", path);
		goto fail;
	}
	*n = k;
	ser_table_free(t);
	return rows;
fail:
	free(rows);
	ser_table_free(t);
	return NULL;
}
