/* plot.c - the valence-arousal plane, drawn by an external gnuplot.
 *
 * We write one gnuplot script (labels and objects only, no data file: every
 * point is a `set label ... point`, which lets each point carry its own
 * colour, hover text and label placement), run gnuplot on it with stdout
 * redirected into a ser_outfile temp file, and rename that into place only
 * if gnuplot exited 0. The script goes in through a pipe and gnuplot's
 * stderr comes back through another, multiplexed with poll() so neither
 * side can block the other.
 *
 * Strings from the user (file names, title) are emitted in gnuplot
 * single-quoted strings, where nothing but '' is special, and every label
 * is `noenhanced` so '_', '^', '{' and '@' in names stay literal. gnuplot's
 * svg terminal copies hover text raw into an XML attribute (it escapes <
 * and & only), so a '"' there is replaced by a typographic quote. */
#define _POSIX_C_SOURCE 200809L
#include "ser/plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ser/emotion.h"
#include "ser/outfile.h"
#include "ser/table.h"

extern char **environ;

/* Okabe-Ito colours (colour-blind safe), in ser_quadrant order. */
static const char *const quad_colour[4] = {
	"#E69F00", /* pleasant-eventful: orange */
	"#D55E00", /* unpleasant-eventful: vermillion */
	"#0072B2", /* unpleasant-uneventful: blue */
	"#009E73", /* pleasant-uneventful: green */
};

#define WORD_RADIUS 0.84   /* circle the circumplex words sit on */
#define THIN_ABOVE 40      /* more points than this: drop crowded labels */

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

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if it is not one
 * (stray continuation byte, truncated, overlong or surrogate). */
static int utf8_len(const unsigned char *p)
{
	int n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2
	      : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	for (int k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	if ((n == 2 && p[0] < 0xC2) ||
	    (n == 3 && p[0] == 0xE0 && p[1] < 0xA0) ||
	    (n == 3 && p[0] == 0xED && p[1] >= 0xA0) ||
	    (n == 4 && (p[0] > 0xF4 || (p[0] == 0xF0 && p[1] < 0x90) ||
			(p[0] == 0xF4 && p[1] >= 0x90))))
		return 0;
	return n;
}

/* A gnuplot single-quoted string literal. Control characters (a newline in
 * a file name would end the command) and bytes that are not UTF-8 (file
 * names are arbitrary bytes; the SVG must stay valid XML) become '?';
 * hover != 0 also replaces '"', which gnuplot's svg terminal would write
 * raw into an attribute. */
static void sb_quote(sbuf *b, const char *s, int hover)
{
	sb_putn(b, "'", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = utf8_len(p);
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

static int is_exec(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/* Resolve gnuplot to an absolute or relative path we can exec; NULL and an
 * error if there is none. Looking it up ourselves (instead of letting
 * execvp fail in the child) gives the user one clear message. */
static char *find_gnuplot(const ser_plot_opts *o, ser_err *err)
{
	const char *name = o->gnuplot;
	if (!name || !*name)
		name = getenv("SER_GNUPLOT");
	int explicit = name && *name;
	if (!explicit)
		name = "gnuplot";
	if (strchr(name, '/')) {
		if (is_exec(name))
			return ser_strdup(name, err);
		ser_fail(err, "gnuplot not found at %s: install gnuplot-nox "
			 "or fix $SER_GNUPLOT", name);
		return NULL;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	size_t nlen = strlen(name);
	for (const char *p = path; *p;) {
		const char *e = strchr(p, ':');
		size_t dlen = e ? (size_t)(e - p) : strlen(p);
		char *cand = ser_malloc(dlen + nlen + 3, err);
		if (!cand)
			return NULL;
		if (dlen == 0)
			cand[0] = '.', dlen = 1;
		else
			memcpy(cand, p, dlen);
		cand[dlen] = '/';
		memcpy(cand + dlen + 1, name, nlen + 1);
		if (is_exec(cand))
			return cand;
		free(cand);
		if (!e)
			break;
		p = e + 1;
	}
	if (explicit)
		ser_fail(err, "gnuplot not found: '%s' is not on PATH "
			 "(install gnuplot-nox or fix $SER_GNUPLOT)", name);
	else
		ser_fail(err, "gnuplot not found: install gnuplot-nox");
	return NULL;
}

/* ---- label placement --------------------------------------------------- */

/* Boxes in pixel-like units of the plot area (origin bottom-left). */
typedef struct box {
	double x0, y0, x1, y1;
} box;

static double overlap(const box *a, const box *b)
{
	double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
	double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
	return w > 0 && h > 0 ? w * h : 0;
}

/* Count UTF-8 code points: the label's width in characters. */
static int text_width(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

typedef struct placed {
	double x, y;    /* label anchor, data units */
	int align;      /* -1 right-aligned (left of point), 0 centre, 1 left */
	int hidden;     /* crowded out: no label (the point stays) */
	int leader;     /* moved away from its point: draw a leader line */
} placed;

/* Candidate label positions around a point, best first: side 1 = label
 * right of the point, -1 left, 0 centred above/below; rows = shift up in
 * text rows; dist = gap from the point in label gaps. The first
 * N_NEAR sit next to the point; the rest move the label away along a side
 * (drawn with a leader line back to the point). */
typedef struct cand {
	int side;
	double rows, dist;
} cand;

#define N_NEAR 12
static const cand near_cands[N_NEAR] = {
	{ 1, 0, 1 },     { -1, 0, 1 },     { 0, 0.8, 1 },  { 0, -0.8, 1 },
	{ 1, 0.55, 1 },  { -1, 0.55, 1 },  { 1, -0.55, 1 }, { -1, -0.55, 1 },
	{ 1, 0, 2.2 },   { -1, 0, 2.2 },   { 0, 1.8, 1 },  { 0, -1.8, 1 },
};

/* near_cands, then rings of leader positions of growing reach */
#define N_DISTS 6
#define N_ROWS 11
#define MAX_CANDS (N_NEAR + N_DISTS * N_ROWS * 2)
static int make_cands(cand *c)
{
	static const double dists[N_DISTS] = { 2.5, 4, 6, 9, 14, 20 };
	static const double rows[N_ROWS] = { 1.5, -1.5, 2.5, -2.5, 3.5, -3.5,
					     4.5, -4.5, 6, -6, 0 };
	int k = 0;
	for (int i = 0; i < N_NEAR; i++)
		c[k++] = near_cands[i];
	for (int d = 0; d < N_DISTS; d++)
		for (int r = 0; r < N_ROWS; r++)
			for (int side = 1; side >= -1; side -= 2)
				c[k++] = (cand){ side, rows[r], dists[d] };
	return k;
}

/* Does segment (x0,y0)-(x1,y1) pass through box b? (Liang-Barsky) */
static int seg_hits_box(const double *sg, const box *b)
{
	double t0 = 0, t1 = 1, dx = sg[2] - sg[0], dy = sg[3] - sg[1];
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { sg[0] - b->x0, b->x1 - sg[0], sg[1] - b->y0,
			b->y1 - sg[1] };
	for (int k = 0; k < 4; k++) {
		if (p[k] == 0) {
			if (q[k] < 0)
				return 0;
			continue;
		}
		double t = q[k] / p[k];
		if (p[k] < 0 && t > t0)
			t0 = t;
		else if (p[k] > 0 && t < t1)
			t1 = t;
		if (t0 > t1)
			return 0;
	}
	return 1;
}

static double orient(double ax, double ay, double bx, double by, double cx,
		     double cy)
{
	return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Do segments a and b cross (strictly: sharing an end point is fine,
 * leaders of points on the same spot start together)? */
static int segs_cross(const double *a, const double *b)
{
	double d1 = orient(a[0], a[1], a[2], a[3], b[0], b[1]);
	double d2 = orient(a[0], a[1], a[2], a[3], b[2], b[3]);
	double d3 = orient(b[0], b[1], b[2], b[3], a[0], a[1]);
	double d4 = orient(b[0], b[1], b[2], b[3], a[2], a[3]);
	return d1 * d2 < 0 && d3 * d4 < 0;
}

typedef struct layout {
	const double *px, *py;
	int n;
	double pw, ph, cw, chh;
	const box *fixed;
	int n_fixed;
	int dumb_cells;
	box *boxes;     /* each label's box; ignored where !live[i] */
	char *live;
	double *lead;   /* each label's leader x0,y0,x1,y1 ... */
	char *has_lead; /* ... if it has one */
} layout;

/* Box of candidate cd for a w-wide label at point (x, y); *ay receives
 * the label's vertical centre. */
static box cand_box(const layout *L, const cand *cd, double x, double y,
		    double w, double *ay)
{
	box c;
	/* on the text plot, whole cells: a fraction of a row rounds back
	 * onto the point's own row */
	double gap = (L->dumb_cells ? 2.0 : 0.9) * L->cw * cd->dist;
	if (cd->side > 0)
		c.x0 = x + gap, c.x1 = c.x0 + w;
	else if (cd->side < 0)
		c.x1 = x - gap, c.x0 = c.x1 - w;
	else
		c.x0 = x - w / 2, c.x1 = x + w / 2;
	if (!L->dumb_cells) {   /* half a character of air either side */
		c.x0 -= 0.5 * L->cw;
		c.x1 += 0.5 * L->cw;
	}
	double rows = cd->rows;
	if (L->dumb_cells)
		rows = rows > 0 ? ceil(rows) : floor(rows);
	*ay = y + rows * L->chh;
	c.y0 = *ay - L->chh / 2;
	c.y1 = *ay + L->chh / 2;
	return c;
}

/* How much box c of label i (with leader seg, or NULL) covers: other
 * live labels, fixed texts, other points (double weight: a hidden point
 * is worse), the frame; a leader crossing a label or another leader
 * costs as much as covering two characters. */
static double crowding(const layout *L, int i, const box *c,
		       const double *seg)
{
	double w = c->x1 - c->x0, h = c->y1 - c->y0, ov = 0;
	double pr = 0.6 * L->chh;   /* half-size of a point's box */
	double cross = 2 * L->cw * L->chh;
	if (c->x0 < 0 || c->x1 > L->pw || c->y0 < 0 || c->y1 > L->ph)
		ov += 100 * w * h;
	for (int j = 0; j < L->n; j++) {
		if (j == i)
			continue;
		if (L->live[j]) {
			const double *lj = L->has_lead[j] ? L->lead + 4 * j : NULL;
			ov += overlap(c, &L->boxes[j]);
			if (seg && seg_hits_box(seg, &L->boxes[j]))
				ov += cross;
			if (lj && seg_hits_box(lj, c))
				ov += cross;
			if (seg && lj && segs_cross(seg, lj))
				ov += cross;
		}
		box p = { L->px[j] - pr, L->py[j] - pr, L->px[j] + pr,
			  L->py[j] + pr };
		ov += 2 * overlap(c, &p);
	}
	for (int j = 0; j < L->n_fixed; j++)
		ov += overlap(c, &L->fixed[j]);
	return ov;
}

/* Best candidate for label i given all other live labels. */
static double place_one(layout *L, int i, const char *name, const cand *cs,
			int n_cands, placed *out)
{
	double w = L->cw * text_width(name);
	double best = INFINITY, best_ov = 0;
	for (int k = 0; k < n_cands; k++) {
		double ay;
		box c = cand_box(L, &cs[k], L->px[i], L->py[i], w, &ay);
		double pad = L->dumb_cells ? 0 : 0.5 * L->cw;
		double ax = cs[k].side > 0 ? c.x0 + pad
			  : cs[k].side < 0 ? c.x1 - pad : L->px[i];
		double seg[4] = { L->px[i], L->py[i], ax, ay };
		int lead = k >= N_NEAR;
		double ov = crowding(L, i, &c, lead ? seg : NULL);
		/* a small cost per step, so that without overlaps near and
		 * plain positions win; leaders cost next to nothing more
		 * each, as any overlap is worse than a longer leader */
		double step = k < N_NEAR ? 0.03 * k
					 : 0.4 + 0.002 * (k - N_NEAR);
		double score = ov + step * L->cw * L->chh;
		if (score < best) {
			best = score;
			best_ov = ov;
			L->boxes[i] = c;
			out->align = cs[k].side;
			out->x = ax;
			out->y = ay;
			out->leader = lead;
			L->has_lead[i] = (char)lead;
			memcpy(L->lead + 4 * i, seg, sizeof seg);
		}
	}
	return best_ov;
}

/* Greedy placement, then a few sweeps that re-place each label against
 * all the others (the first labels were placed before their neighbours
 * existed). Past THIN_ABOVE points, a label that still covers a third of
 * its own area is left out: a cloud of unreadable names helps nobody,
 * and the SVG's hover text still names every point. Not optimal, but it
 * keeps a few dozen labels readable without a solver. */
static int place_labels(const double *px, const double *py, char **names,
			int n, double pw, double ph, double cw, double chh,
			const box *fixed, int n_fixed, int dumb_cells,
			placed *out)
{
	cand cs[MAX_CANDS];
	int n_cands = make_cands(cs);
	if (n > 150)   /* a dense cloud: leaders don't help, time does */
		n_cands = N_NEAR;
	size_t m = (size_t)(n > 0 ? n : 1);
	layout L = { px, py, n, pw, ph, cw, chh, fixed, n_fixed, dumb_cells,
		     malloc(m * sizeof(box)), calloc(m, 1),
		     malloc(4 * m * sizeof(double)), calloc(m, 1) };
	double *ov = malloc(m * sizeof *ov);
	int rc = 0;
	if (!L.boxes || !L.live || !L.lead || !L.has_lead || !ov) {
		rc = -1;
		goto done;
	}
	for (int i = 0; i < n; i++) {
		ov[i] = place_one(&L, i, names[i], cs, n_cands, &out[i]);
		L.live[i] = 1;
	}
	/* sweeps cost n^2 per candidate: only where the eye can tell */
	int sweeps = n <= 150 ? 3 : 0;
	for (int s = 0; s < sweeps; s++)
		for (int i = 0; i < n; i++)
			if (ov[i] > 0)
				ov[i] = place_one(&L, i, names[i], cs, n_cands,
						  &out[i]);
	for (int i = 0; i < n; i++) {
		double w = cw * text_width(names[i]);
		out[i].hidden = n > THIN_ABOVE && ov[i] > w * chh / 3;
	}
done:
	free(L.boxes);
	free(L.live);
	free(L.lead);
	free(L.has_lead);
	free(ov);
	return rc;
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

static char *build_script(const ser_plot_row *rows, int n,
			  const ser_plot_opts *o, ser_plot_format f,
			  ser_err *err)
{
	int dumb = f == SER_PLOT_DUMB;
	int w = o->width > 0 ? o->width : dumb ? 79 : 900;
	int h = o->height > 0 ? o->height : dumb ? 40 : 900;
	sbuf b = { 0 };
	sb_printf(&b, "set encoding utf8\n");
	emit_terminal(&b, f, w, h);
	sb_printf(&b, "set title ");
	if (o->title) {
		sb_quote(&b, o->title, 0);
	} else {
		sb_printf(&b, "'Valence-arousal plane (%d sound%s)'", n,
			  n == 1 ? "" : "s");
	}
	sb_printf(&b, "%s\n", dumb ? "" : " font ',14'");
	sb_printf(&b, "set xrange [-1:1]\nset yrange [-1:1]\n"
		      "set xtics -1,0.5,1\nset ytics -1,0.5,1\n"
		      "unset key\n");
	if (dumb) {
		sb_printf(&b, "set xlabel 'valence (unpleasant .. pleasant)'\n"
			      "set ylabel 'arousal (uneventful .. eventful)'\n");
	} else {
		sb_printf(&b,
			  "set size ratio -1\n"
			  "set xlabel '\xE2\x86\x90 unpleasant          valence          pleasant \xE2\x86\x92'\n"
			  "set ylabel '\xE2\x86\x90 uneventful          arousal          eventful \xE2\x86\x92'\n"
			  "set grid xtics ytics lc rgb '#eeeeee' lw 1 dt 1\n"
			  "set border lc rgb '#666666'\n");
		/* a faint tint per quadrant, so colour reads as region */
		static const int sx[4] = { 1, -1, -1, 1 }, sy[4] = { 1, 1, -1, -1 };
		for (int q = 0; q < 4; q++)
			sb_printf(&b, "set object rect from 0,0 to %d,%d behind "
				  "fc rgb '%s' fs transparent solid 0.05 noborder\n",
				  sx[q], sy[q], quad_colour[q]);
		sb_printf(&b, "set object circle at first 0,0 size first %.2f "
			  "behind fs empty border lc rgb '#c8c8c8' dt 3 lw %s\n",
			  WORD_RADIUS, f == SER_PLOT_PDF ? "0.5" : "1");
	}
	/* quadrant lines through the origin */
	sb_printf(&b, "set arrow from -1,0 to 1,0 nohead back lc rgb '#888888' lw 1\n"
		      "set arrow from 0,-1 to 0,1 nohead back lc rgb '#888888' lw 1\n");

	/* The pixel frame of the plot area, for label placement: gnuplot's
	 * margins are ~112 px at these font sizes, and one character of the
	 * 9-point label font is ~6.6 px wide; rows are 16 px apart so that two
	 * labels never touch (13 px is the glyph height). */
	double pw = dumb ? w - 12 : (w < h ? w : h) - 112;
	double ph = dumb ? h - 6 : pw;
	if (pw < 50)
		pw = ph = 50;
	double cw = dumb ? 1 : 6.6, chh = dumb ? 1 : 16.0;
	/* obstacles for the file-name labels: corner names and words */
	box fixed[4 + 64];
	int n_fixed = 0;

	/* quadrant names in the corners */
	static const double cx[4] = { 0.985, 0.015, 0.015, 0.985 };
	static const double cy[4] = { 0.975, 0.975, 0.025, 0.025 };
	for (int q = 0; q < 4; q++) {
		const char *qn = ser_quadrant_name((ser_quadrant)q);
		sb_printf(&b, "set label '%s' at graph %.3f,%.3f %s front "
			  "tc rgb '%s'%s\n", qn, cx[q], cy[q],
			  q == 0 || q == 3 ? "right" : "left",
			  dumb ? "#000000" : quad_colour[q],
			  dumb ? "" : " font ',11'");
		double qw = cw * (dumb ? 1 : 1.2) * (double)strlen(qn);
		box *fb = &fixed[n_fixed++];
		fb->x0 = q == 0 || q == 3 ? cx[q] * pw - qw : cx[q] * pw;
		fb->x1 = fb->x0 + qw;
		fb->y0 = cy[q] * ph - chh / 2;
		fb->y1 = cy[q] * ph + chh / 2;
	}

	/* Russell's circumplex words at their angles: close neighbours
	 * (< 12 degrees apart) share one multi-line label so they don't
	 * print over each other. Not on the text plot: too few cells. */
	int nt;
	const ser_emotion_term *t = ser_emotion_terms(&nt);
	for (int i = 0; i < nt && !dumb;) {
		int j = i + 1;
		while (j < nt && t[j].angle_deg - t[j - 1].angle_deg < 12)
			j++;
		double a = 0;
		int longest = 0;
		for (int k = i; k < j; k++) {
			double r = t[k].angle_deg * M_PI / 180;
			sb_printf(&b, "set label '' at %.4f,%.4f point pt 7 "
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
		sb_printf(&b, "set label \"");
		for (int k = i; k < j; k++)
			sb_printf(&b, "%s%s", k > i ? "\\n" : "", t[k].word);
		sb_printf(&b, "\" at %.4f,%.4f %s back tc rgb '#a0a0a0' "
			  "font ',9'\n", lx, ly, align_word(al));
		if (n_fixed < (int)(sizeof fixed / sizeof fixed[0])) {
			double gx = (lx + 1) / 2 * pw, gy = (ly + 1) / 2 * ph;
			double ww = cw * longest, hh = chh * (j - i);
			box *fb = &fixed[n_fixed++];
			fb->x0 = al > 0 ? gx : al < 0 ? gx - ww : gx - ww / 2;
			fb->x1 = fb->x0 + ww;
			/* gnuplot puts a multi-line label's FIRST line at
			 * the anchor; the rest hang below it */
			fb->y1 = gy + chh / 2;
			fb->y0 = fb->y1 - hh;
		}
		i = j;
	}

	/* points, in the pixel frame */
	double *px = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *px);
	char **names = malloc((size_t)(n > 0 ? n : 1) * sizeof *names);
	placed *pl = malloc((size_t)(n > 0 ? n : 1) * sizeof *pl);
	if (!px || !names || !pl) {
		free(px);
		free(names);
		free(pl);
		free(b.s);
		ser_fail(err, "out of memory");
		return NULL;
	}
	double *py = px + (n > 0 ? n : 1);
	for (int i = 0; i < n; i++) {
		px[i] = (clamp1(rows[i].valence) + 1) / 2 * pw;
		py[i] = (clamp1(rows[i].arousal) + 1) / 2 * ph;
		names[i] = (char *)base_name(rows[i].file ? rows[i].file : "");
	}
	int labels = !o->no_labels;
	if (labels && place_labels(px, py, names, n, pw, ph, cw, chh, fixed,
				   n_fixed, dumb, pl))
		labels = 0, b.oom = 1;
	/* smaller points when there are many, so the cloud keeps a shape */
	double ps = n > 300 ? 0.7 : n > THIN_ABOVE ? 1 : 1.4;
	if (f == SER_PLOT_PDF)   /* pdfcairo draws points ~1.6x larger */
		ps *= 0.6;
	int n_out = 0;
	for (int i = 0; i < n; i++) {
		double v = clamp1(rows[i].valence), a = clamp1(rows[i].arousal);
		ser_quadrant q = ser_quadrant_of(v, a);
		const char *col = dumb ? "#000000" : quad_colour[q];
		/* a point clamped to the frame is hollow ('x' on the text
		 * plot): its place on the edge is not its value */
		int outside = v != rows[i].valence || a != rows[i].arousal;
		n_out += outside;
		int pt = outside ? 6 : 7;
		if (f == SER_PLOT_SVG) {
			/* hover text: name, values, word (lines split at \n) */
			sb_printf(&b, "set label ");
			sbuf ht = { 0 };
			sb_printf(&ht, "%s\\nvalence %.3f, arousal %.3f\\n%s (%s)",
				  names[i], rows[i].valence, rows[i].arousal,
				  ser_emotion_word(rows[i].valence, rows[i].arousal),
				  ser_quadrant_name(q));
			if (ht.oom)
				b.oom = 1;
			else
				sb_quote(&b, ht.s, 1);
			free(ht.s);
			sb_printf(&b, " at %.5f,%.5f hypertext point pt %d ps %.2f "
				  "lc rgb '%s' front\n", v, a, pt, ps, col);
		} else if (dumb) {
			/* dumb draws point types as letters (pt 7 is 'G');
			 * an 'o' in the point's cell reads better */
			sb_printf(&b, "set label '%s' at %.5f,%.5f center front\n",
				  outside ? "x" : "o", v, a);
		} else {
			sb_printf(&b, "set label '' at %.5f,%.5f point pt %d "
				  "ps %.2f lc rgb '%s' lw %s front\n", v, a, pt, ps,
				  col, f == SER_PLOT_PDF ? "1" : "2");
		}
		if (labels && !pl[i].hidden) {
			double lx = pl[i].x / pw * 2 - 1, ly = pl[i].y / ph * 2 - 1;
			if (pl[i].leader && !dumb)
				sb_printf(&b, "set arrow from %.5f,%.5f to %.5f,%.5f "
					  "nohead back lc rgb '#a8a8a8' lw 0.8\n",
					  v, a, lx, ly);
			sb_printf(&b, "set label ");
			sb_quote(&b, names[i], 0);
			sb_printf(&b, " at %.5f,%.5f %s front tc rgb '#303030'%s\n",
				  lx, ly, align_word(pl[i].align),
				  dumb ? "" : " font ',9'");
		}
	}
	free(px);
	free(names);
	free(pl);
	if (n_out > 0)
		sb_printf(&b, "set label '%s %d of %d outside [-1, 1], drawn on "
			  "the edge' at graph 0.5,1 offset 0,%s center front "
			  "tc rgb '#555555'%s\n", dumb ? "x:" : "\xE2\x97\x8B", n_out,
			  n, dumb ? "0.5" : "0.8", dumb ? "" : " font ',10'");
	/* everything is a label: plot a function that is never drawn */
	sb_printf(&b, "plot NaN notitle\n");
	if (b.oom) {
		free(b.s);
		ser_fail(err, "out of memory");
		return NULL;
	}
	return b.s;
}

/* ---- running gnuplot --------------------------------------------------- */

/* Last non-blank line of gnuplot's stderr, trimmed: its error message
 * ('"-", line 12: undefined variable: x'). */
static const char *last_line(char *s)
{
	char *end = s + strlen(s);
	while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	char *start = end;
	while (start > s && start[-1] != '\n')
		start--;
	while (*start == ' ' || *start == '\t')
		start++;
	return start;
}

/* Run gnuplot with the script on stdin, stdout to out_fd; collect stderr.
 * 0 if it exited 0. */
static int run_gnuplot(const char *gnuplot, const char *script, int out_fd,
		       ser_err *err)
{
	int in[2] = { -1, -1 }, ep[2] = { -1, -1 };
	/* the script goes through a socket, not a pipe: send() with
	 * MSG_NOSIGNAL turns a gnuplot that died early into EPIPE instead of
	 * a SIGPIPE, without touching the process's signal dispositions */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, in) != 0 || pipe(ep) != 0) {
		ser_fail(err, "gnuplot: cannot create pipes: %s", strerror(errno));
		goto fail_pipes;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, ep[0]);
	char *argv[] = { (char *)gnuplot, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(ep[1]);
	in[0] = ep[1] = -1;
	if (rc != 0) {
		ser_fail(err, "cannot run %s: %s", gnuplot, strerror(rc));
		goto fail_pipes;
	}

	/* feed the script and drain stderr together: a big script and a
	 * chatty gnuplot would otherwise deadlock on full pipe buffers */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	size_t len = strlen(script), off = 0;
	char msg[4096];
	size_t msg_n = 0;
	int write_err = 0;
	while (ep[0] >= 0) {
		struct pollfd pfd[2] = { { ep[0], POLLIN, 0 }, { in[1], POLLOUT, 0 } };
		int nfd = in[1] >= 0 ? 2 : 1;
		if (poll(pfd, (nfds_t)nfd, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (nfd == 2 && (pfd[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t k = send(in[1], script + off, len - off,
					 MSG_NOSIGNAL);
			if (k > 0)
				off += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				write_err = 1;
			if (off == len || write_err) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			char buf[1024];
			ssize_t k = read(ep[0], buf, sizeof buf);
			if (k > 0) {
				/* keep the tail (buf is smaller than msg): the
				 * error is gnuplot's last line */
				if (msg_n + (size_t)k > sizeof msg - 1) {
					size_t drop = msg_n + (size_t)k - (sizeof msg - 1);
					memmove(msg, msg + drop, msg_n - drop);
					msg_n -= drop;
				}
				memcpy(msg + msg_n, buf, (size_t)k);
				msg_n += (size_t)k;
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(ep[0]);
				ep[0] = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	msg[msg_n] = '\0';
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		return ser_fail(err, "gnuplot killed by signal %d", WTERMSIG(st));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		const char *m = last_line(msg);
		return ser_fail(err, "gnuplot failed (exit %d)%s%s",
				WIFEXITED(st) ? WEXITSTATUS(st) : -1,
				*m ? ": " : "", m);
	}
	if (write_err)
		return ser_fail(err, "gnuplot: could not send the script");
	return 0;

fail_pipes:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return -1;
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
	char *gp = find_gnuplot(o, err);
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
	fflush(of->fp);   /* stdout: keep earlier output before gnuplot's */
	int rc = run_gnuplot(gp, script, fileno(of->fp), err);
	free(script);
	free(gp);
	if (rc == 0 && out && strcmp(out, "-")) {
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
