/* test_plot_lib.c - the plot at library scale and the fixes a user asked
 * for with 95 sounds: every plot says how many points are labelled, labels
 * stay in their point's quadrant (leaders too), text-plot labels sit next
 * to their points, SVG <title>s carry the name, colliding base names get
 * the shortest distinguishing path, and 10,000 points become a density
 * map with a chosen few labelled. The gnuplot scripts are inspected
 * through a fake gnuplot that keeps its input. */
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/plot.h"

static int count(const char *s, const char *needle)
{
	int k = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		k++;
	return k;
}

/* Run ser_plot with a gnuplot that saves its script; return the script. */
static char *script_of(const ser_plot_row *r, int n, const char *terminal)
{
	char fake[512], keep[512], out[512], body[1200];
	TEST_PATH(fake, "%s/keep-gnuplot", test_tmp());
	TEST_PATH(keep, "%s/kept.gp", test_tmp());
	TEST_PATH(body, "#!/bin/sh\ncat >'%s'\necho plotted\n", keep);
	test_write_text(fake, body);
	chmod(fake, 0755);
	ser_plot_opts o = { .output = TEST_PATH(out, "%s/kept.%s", test_tmp(),
						terminal ? "txt" : "png"),
			    .terminal = terminal, .gnuplot = fake };
	ser_err err;
	assert_int_equal(ser_plot(r, n, &o, &err), 0);
	return test_slurp(keep, NULL);
}

/* 95 points spread over the plane, three of them "speech.wav" */
static ser_plot_row *user_rows(int n, char (*names)[40])
{
	ser_plot_row *r = calloc((size_t)n, sizeof *r);
	assert_non_null(r);
	unsigned s = 12345;
	for (int i = 0; i < n; i++) {
		s = s * 1103515245u + 12345u;
		double v = ((s >> 8) % 1000) / 500.0 - 1;
		s = s * 1103515245u + 12345u;
		double a = ((s >> 8) % 1000) / 500.0 - 1;
		snprintf(names[i], 40, "lib/clip_%03d.wav", i);
		r[i] = (ser_plot_row){ names[i], 0.9 * v, 0.9 * a };
	}
	return r;
}

static void labels_stay_in_their_quadrant(void **state)
{
	(void)state;
	enum { N = 95 };
	char names[N][40];
	ser_plot_row *r = user_rows(N, names);
	char *s = script_of(r, N, NULL);
	int labelled = 0;
	for (const char *p = s; (p = strstr(p, "set label '' at "));) {
		double v, a, lx, ly;
		assert_int_equal(sscanf(p, "set label '' at %lf,%lf", &v, &a), 2);
		p = strchr(p, '\n') + 1;
		if (!strncmp(p, "set arrow from ", 15)) {
			double x0, y0;
			assert_int_equal(sscanf(p, "set arrow from %lf,%lf to %lf,%lf",
						&x0, &y0, &lx, &ly), 4);
			/* a leader never crosses an axis */
			assert_true((lx >= 0) == (v >= 0) && (ly >= 0) == (a >= 0));
			p = strchr(p, '\n') + 1;
		}
		if (strncmp(p, "set label 'lib/", 15) && strncmp(p, "set label 'clip_", 16))
			continue;
		const char *at = strstr(p, "' at ");
		assert_int_equal(sscanf(at, "' at %lf,%lf", &lx, &ly), 2);
		labelled++;
		/* the anchor is on the point's side of both axes */
		assert_true((lx >= 0) == (v >= 0));
		assert_true((ly >= 0) == (a >= 0));
	}
	char note[64];
	snprintf(note, sizeof note, "'%d of %d points labelled", labelled, N);
	assert_non_null(strstr(s, note));
	print_message("%d of %d labelled\n", labelled, N);
	assert_true(labelled >= N / 2);
	free(s);
	free(r);
}

static void text_plot_labels_sit_by_their_points(void **state)
{
	(void)state;
	enum { N = 95 };
	char names[N][40];
	ser_plot_row *r = user_rows(N, names);
	char *s = script_of(r, N, "dumb");
	int labelled = 0;
	for (const char *p = s; (p = strstr(p, "set label 'o' at "));) {
		double v, a, lx, ly;
		assert_int_equal(sscanf(p, "set label 'o' at %lf,%lf", &v, &a), 2);
		p = strchr(p, '\n') + 1;
		if (strncmp(p, "set label 'clip_", 16))
			continue;
		assert_int_equal(sscanf(strstr(p, "' at "), "' at %lf,%lf", &lx, &ly), 2);
		labelled++;
		/* the user saw a label at valence -1 for a point at 0.27: here
		 * the anchor is within a few cells (a cell is ~0.03 x 0.06) */
		assert_true(fabs(ly - a) < 0.15);
		assert_true(fabs(lx - v) < 0.2);
	}
	char note[64];
	snprintf(note, sizeof note, "'%d of %d points labelled", labelled, N);
	assert_non_null(strstr(s, note));
	assert_true(labelled > 10);
	free(s);
	free(r);
}

static void colliding_names_and_svg_titles(void **state)
{
	(void)state;
	static const ser_plot_row r[] = {
		{ "a/speech.wav", 0.5, 0.5 },
		{ "b/speech.wav", -0.5, 0.5 },
		{ "x/c/speech.wav", -0.5, -0.5 },
		{ "y/c/speech.wav", 0.5, -0.5 },
		{ "/abs/only.wav", 0.2, 0.8 },
	};
	char p[512];
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/titles.svg", test_tmp()) };
	assert_int_equal(ser_plot(r, 5, &o, &err), 0);
	char *s = test_slurp(p, NULL);
	assert_non_null(strstr(s, "<text>a/speech.wav</text>"));
	assert_non_null(strstr(s, "<text>b/speech.wav</text>"));
	assert_non_null(strstr(s, "<text>x/c/speech.wav</text>"));
	assert_non_null(strstr(s, "<text>y/c/speech.wav</text>"));
	assert_non_null(strstr(s, "<text>only.wav</text>"));
	/* the name in <title>, so that hover works without JavaScript */
	assert_int_equal(count(s, "<title> </title>"), 0);
	assert_non_null(strstr(s, "<title>a/speech.wav\nvalence 0.500, arousal 0.500\n"));
	assert_non_null(strstr(s, "<title>only.wav\n"));
	assert_non_null(strstr(s, "5 of 5 points labelled"));
	free(s);
}

static void library_scale_is_a_density_map(void **state)
{
	(void)state;
	enum { N = 10000 };
	static char names[N][40];
	ser_plot_row *r = user_rows(N, names);
	char *s = script_of(r, N, NULL);
	assert_non_null(strstr(s, "$density << EOD"));
	assert_non_null(strstr(s, "with rgbalpha"));
	int named = count(s, "set label 'clip_");
	assert_true(named >= 8 && named <= 16);
	char note[64];
	snprintf(note, sizeof note, "'%d points as density; %d labelled", N, named);
	assert_non_null(strstr(s, note));
	/* a few hundred kB at most, not one object per point */
	assert_true(strlen(s) < 400000);
	free(s);
	/* the text plot shades with characters */
	s = script_of(r, N, "dumb");
	assert_true(count(s, "set label '#'") > 0);
	free(s);
	/* and gnuplot draws it */
	char p[512];
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/dense.png", test_tmp()) };
	assert_int_equal(ser_plot(r, N, &o, &err), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_size > 10000);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_stay_in_their_quadrant),
		cmocka_unit_test(text_plot_labels_sit_by_their_points),
		cmocka_unit_test(colliding_names_and_svg_titles),
		cmocka_unit_test(library_scale_is_a_density_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
