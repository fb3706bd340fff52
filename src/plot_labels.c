/* plot_labels.c - where each file-name label goes on the valence-arousal
 * plane: next to its point if there is room, else moved away along a
 * leader line, else (in crowded plots) left out. Geometry only; plot.c
 * turns the result into gnuplot labels. */
#include "plot_labels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>



static double overlap(const box *a, const box *b)
{
	double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
	double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
	return w > 0 && h > 0 ? w * h : 0;
}

/* Count UTF-8 code points: the label's width in characters. */
int ser_plot_text_width(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *ser_plot_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* The suffix of path with k components (the whole path if it has fewer). */
static const char *suffix(const char *path, int k)
{
	const char *s = path + strlen(path);
	while (s > path && s[-1] == '/')   /* "dir/" ends in its name */
		s--;
	for (; s > path; s--)
		if (s[-1] == '/' && --k == 0)
			return s;
	return path;
}

typedef struct named {
	const char *name;
	int i;
} named;

static int cmp_named(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->i - y->i;
}

/* Sort by the current names; every group of equal names whose members
 * are not all whole paths grows one component. Repeat until no group
 * grows: n log n per round, rounds = the deepest collision. */
int ser_plot_short_names(const char *const *paths, int n, const char **out)
{
	named *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
	int *depth = malloc((size_t)(n > 0 ? n : 1) * sizeof *depth);
	if (!v || !depth) {
		free(v);
		free(depth);
		return -1;
	}
	for (int i = 0; i < n; i++)
		depth[i] = 1;
	for (int grew = 1; grew;) {
		grew = 0;
		for (int i = 0; i < n; i++)
			v[i] = (named){ suffix(paths[i], depth[i]), i };
		qsort(v, (size_t)n, sizeof *v, cmp_named);
		for (int a = 0, b; a < n; a = b) {
			for (b = a + 1; b < n && !strcmp(v[a].name, v[b].name); b++)
				;
			if (b - a < 2)
				continue;
			for (int j = a; j < b; j++)
				if (v[j].name != paths[v[j].i]) {
					depth[v[j].i]++;
					grew = 1;
				}
		}
	}
	for (int i = 0; i < n; i++)
		out[i] = suffix(paths[i], depth[i]);
	free(v);
	free(depth);
	return 0;
}


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
	/* a label belongs in its point's quadrant: the part across an axis
	 * costs four times its area; a leader never crosses one */
	double mx = L->pw / 2, my = L->ph / 2;
	int right = L->px[i] >= mx, up = L->py[i] >= my;
	box q = { right ? mx : -1e9, up ? my : -1e9, right ? 1e9 : mx,
		  up ? 1e9 : my };
	ov += 4 * (w * h - overlap(c, &q));
	if (seg && ((seg[2] >= mx) != right || (seg[3] >= my) != up))
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
	double w = L->cw * ser_plot_text_width(name);
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

/* see plot_labels.h */
int ser_plot_place_labels(const double *px, const double *py, char **names,
			int n, double pw, double ph, double cw, double chh,
			const box *fixed, int n_fixed, int dumb_cells,
			placed *out)
{
	cand cs[MAX_CANDS];
	int n_cands = make_cands(cs);
	/* a dense cloud: leaders don't help, time does; the text plot draws
	 * no leader lines, so a label away from its point reads as another
	 * point's */
	if (n > 150 || dumb_cells)
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
		double w = cw * ser_plot_text_width(names[i]);
		/* text cells cannot share: on the text plot any overlap
		 * would overwrite a point, a corner name or another label */
		out[i].hidden = dumb_cells ? ov[i] > 0
				: n > SER_PLOT_THIN_ABOVE && ov[i] > w * chh / 3;
	}
done:
	free(L.boxes);
	free(L.live);
	free(L.lead);
	free(L.has_lead);
	free(ov);
	return rc;
}
