/* test_plot.c - predictions CSV reader and the gnuplot driver: formats and
 * magic bytes, SVG names and hover text, text plots, awkward file names,
 * missing/failing gnuplot, unwritable output and atomic replacement. */
#include "testutil.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ser/plot.h"

/* no leftover "*.tmp.*" file from ser_outfile in dir */
static int temp_files_in(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int k = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		k += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return k;
}

static const ser_plot_row rows[] = {
	{ "/x/dog_bark.wav", -0.42, 0.07 },
	{ "rain on roof.wav", -0.21, 0.17 },
	{ "sub/it's \"quoted\".wav", 0.54, -0.04 },
	{ "caf\xC3\xA9_ambience^{x}@.wav", 0.21, 0.59 },
	{ "line\nbreak.wav", 0.60, -0.65 },
	{ "latin1-\xE9t\xE9.wav", -0.6, -0.6 },   /* not UTF-8 */
	{ "cut-\xE2\x82", -0.7, -0.2 },            /* truncated sequence */
	{ "far_out.wav", 3.0, -7.0 },   /* clamped to the corner */
};
#define N_ROWS (int)(sizeof rows / sizeof rows[0])

/* The tests that draw need gnuplot (ser's default: "gnuplot" on PATH, or
 * $SER_GNUPLOT). Without it they are skipped with the reason, never
 * failed; tests/run.sh lists the skips. */
static void need_gnuplot(void)
{
	const char *g = getenv("SER_GNUPLOT");
	if (g && *g) {
		if (access(g, X_OK) == 0)
			return;
	} else {
		const char *path = getenv("PATH");
		char buf[4096];
		snprintf(buf, sizeof buf, "%s", path ? path : "");
		for (char *dir = strtok(buf, ":"); dir; dir = strtok(NULL, ":")) {
			char f[4200];
			snprintf(f, sizeof f, "%s/gnuplot", dir);
			if (access(f, X_OK) == 0)
				return;
		}
	}
	print_message("skip: no gnuplot (install gnuplot-nox)\n");
	skip();
}

static void format_from_extension(void **state)
{
	(void)state;
	assert_int_equal(ser_plot_format_of("a.png", NULL), SER_PLOT_PNG);
	assert_int_equal(ser_plot_format_of("d/A.PNG", NULL), SER_PLOT_PNG);
	assert_int_equal(ser_plot_format_of("a.svg", NULL), SER_PLOT_SVG);
	assert_int_equal(ser_plot_format_of("a.pdf", NULL), SER_PLOT_PDF);
	assert_int_equal(ser_plot_format_of("a.gif", NULL), SER_PLOT_UNKNOWN);
	assert_int_equal(ser_plot_format_of("d.png/a", NULL), SER_PLOT_UNKNOWN);
	assert_int_equal(ser_plot_format_of(NULL, NULL), SER_PLOT_UNKNOWN);
	assert_int_equal(ser_plot_format_of(NULL, "dumb"), SER_PLOT_DUMB);
	assert_int_equal(ser_plot_format_of("a.png", "dumb"), SER_PLOT_DUMB);
	assert_int_equal(ser_plot_format_of("a.png", "x11"), SER_PLOT_UNKNOWN);
}

static void reads_predictions_csv(void **state)
{
	(void)state;
	char p[512];
	ser_err err;
	int n;
	/* columns found by name, in any order; CR line endings; quotes */
	test_write_text(TEST_PATH(p, "%s/pred_ok.csv", test_tmp()),
		   "emotion,arousal,file,valence\r"
		   "calm,-0.5,\"a, \"\"b\"\".wav\",0.25\r"
		   "tense,0.75,c.wav,-1\r");
	ser_plot_row *r = ser_plot_read_csv(p, &n, &err);
	assert_non_null(r);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].file, "a, \"b\".wav");
	assert_true(r[0].valence == 0.25 && r[0].arousal == -0.5);
	assert_string_equal(r[1].file, "c.wav");
	assert_true(r[1].valence == -1 && r[1].arousal == 0.75);
	free(r);

	/* rows without both targets are skipped; none left is an error */
	test_write_text(p, "file,valence,arousal,quadrant,emotion\n"
		      "a.wav,0.5,,,\nb.wav,0.1,-0.2,x,y\nc.wav, ,0.3,,\n");
	r = ser_plot_read_csv(p, &n, &err);
	assert_non_null(r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].file, "b.wav");
	assert_true(r[0].valence == 0.1 && r[0].arousal == -0.2);
	free(r);
	test_write_text(p, "file,valence,arousal\na.wav,0.5,\nb.wav,0.1,\n");
	assert_null(ser_plot_read_csv(p, &n, &err));
	assert_non_null(strstr(err.msg, "no row has both valence and arousal"));

	/* header only: zero rows is fine (an empty plane) */
	test_write_text(p, "file,valence,arousal\n");
	r = ser_plot_read_csv(p, &n, &err);
	assert_non_null(r);
	assert_int_equal(n, 0);
	free(r);
}

static void bad_csv_names_file_line_column(void **state)
{
	(void)state;
	char p[512], want[600];
	ser_err err;
	int n = 7;
	test_write_text(TEST_PATH(p, "%s/pred_bad.csv", test_tmp()),
		   "file,valence,arousal\na.wav,0.1,0.2\nb.wav,0.3,abc\n");
	assert_null(ser_plot_read_csv(p, &n, &err));
	assert_int_equal(n, 0);
	snprintf(want, sizeof want, "%s:3:3: 'abc' is not a finite number", p);
	assert_non_null(strstr(err.msg, want));

	test_write_text(p, "file,valence,arousal\na.wav,nan,0.2\n");
	assert_null(ser_plot_read_csv(p, &n, &err));
	snprintf(want, sizeof want, "%s:2:2:", p);
	assert_non_null(strstr(err.msg, want));

	test_write_text(p, "file,valence\na.wav,0.1\n");
	assert_null(ser_plot_read_csv(p, &n, &err));
	assert_non_null(strstr(err.msg, "no 'arousal' column"));

	test_write_text(p, "file,valence,arousal\n,0.1,0.2\n");
	assert_null(ser_plot_read_csv(p, &n, &err));
	snprintf(want, sizeof want, "%s:2:1: empty file name", p);
	assert_non_null(strstr(err.msg, want));

	assert_null(ser_plot_read_csv("/nonexistent/pred.csv", &n, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/pred.csv: cannot open"));
}

static void png_svg_pdf_have_their_magic(void **state)
{
	(void)state;
	need_gnuplot();
	static const struct {
		const char *ext;
		const char *magic;
		size_t len;
	} fmt[] = {
		{ "png", "\x89PNG\r\n\x1a\n", 8 },
		{ "svg", "<?xml", 5 },
		{ "pdf", "%PDF-", 5 },
	};
	char p[512];
	ser_err err;
	for (int i = 0; i < 3; i++) {
		ser_plot_opts o = { .output = TEST_PATH(p, "%s/plot.%s",
							test_tmp(), fmt[i].ext) };
		assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), 0);
		long n;
		char *s = test_slurp(p, &n);
		assert_non_null(s);
		assert_true(n > 1000);
		assert_memory_equal(s, fmt[i].magic, fmt[i].len);
		free(s);
	}
	assert_int_equal(temp_files_in(test_tmp()), 0);
}

static void svg_has_names_and_hover_text(void **state)
{
	(void)state;
	need_gnuplot();
	char p[512];
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/names.svg", test_tmp()),
			    .title = "Title with 'quotes' & <tags>" };
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), 0);
	char *s = test_slurp(p, NULL);
	assert_non_null(s);
	/* visible labels: basenames, XML-escaped by gnuplot, literal '_' */
	assert_non_null(strstr(s, "<text>dog_bark.wav</text>"));
	assert_null(strstr(s, "/x/dog_bark.wav"));
	assert_non_null(strstr(s, "<text>it's \"quoted\".wav</text>"));
	assert_non_null(strstr(s, "caf\xC3\xA9_ambience^{x}@.wav"));
	assert_non_null(strstr(s, "line?break.wav"));
	assert_non_null(strstr(s, "<text>latin1-?t?.wav</text>"));
	assert_non_null(strstr(s, "<text>cut-?" "?</text>"));   /* no trigraph */
	assert_non_null(strstr(s, "Title with 'quotes' &amp; &lt;tags"));
	/* hover text: name, values, emotion word and quadrant */
	assert_non_null(strstr(s, "showHypertext(evt,'rain on roof.wav\\n"
				  "valence -0.210, arousal 0.170\\n"));
	assert_non_null(strstr(s, "pleasant-eventful"));
	/* a '"' inside an attribute would end it: it becomes U+201D */
	assert_non_null(strstr(s, "showHypertext(evt,'it's "
				  "\xE2\x80\x9Dquoted\xE2\x80\x9D.wav"));
	free(s);

	/* --no-labels: hover text stays, visible name labels go */
	o.no_labels = 1;
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), 0);
	s = test_slurp(p, NULL);
	assert_null(strstr(s, "<text>dog_bark.wav</text>"));
	assert_non_null(strstr(s, "showHypertext(evt,'dog_bark.wav"));
	free(s);
}

static int count(const char *s, const char *needle)
{
	int k = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		k++;
	return k;
}

static void crowded_labels_are_thinned(void **state)
{
	(void)state;
	need_gnuplot();
	/* 200 points in a dense patch: every point keeps its hover text,
	 * but only the name labels that fit are drawn */
	enum { N = 200 };
	ser_plot_row r[N];
	char names[N][32], p[512];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "clip_%03d.wav", i);
		/* a 17 x 13 grid over 0.4 x 0.4: ~9 px apart */
		r[i] = (ser_plot_row){ names[i], 0.2 + 0.4 * (i % 17) / 17.0,
				       -0.6 + 0.4 * (i % 13) / 13.0 };
	}
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/dense.svg", test_tmp()) };
	assert_int_equal(ser_plot(r, N, &o, &err), 0);
	char *s = test_slurp(p, NULL);
	assert_int_equal(count(s, "showHypertext(evt,'clip_"), N);
	int shown = count(s, "<text>clip_");
	print_message("dense: %d of %d labels shown\n", shown, N);
	assert_true(shown >= 5 && shown < 60);
	free(s);
	/* a handful of points: every one is labelled, crowded or not */
	assert_int_equal(ser_plot(r, 12, &o, &err), 0);
	s = test_slurp(p, NULL);
	assert_int_equal(count(s, "<text>clip_"), 12);
	free(s);
}

static void dumb_text_plot(void **state)
{
	(void)state;
	need_gnuplot();
	char p[512];
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/plot.txt", test_tmp()),
			    .terminal = "dumb" };
	assert_int_equal(ser_plot(rows, 2, &o, &err), 0);
	char *s = test_slurp(p, NULL);
	assert_non_null(s);
	assert_non_null(strstr(s, "Valence-arousal plane (2 sounds)"));
	assert_non_null(strstr(s, "valence (unpleasant .. pleasant)"));
	assert_non_null(strstr(s, "unpleasant-eventful"));
	assert_non_null(strstr(s, "pleasant-uneventful"));
	assert_non_null(strstr(s, "dog_bark.wav"));
	assert_non_null(strstr(s, "rain on roof.wav"));
	assert_non_null(strstr(s, "+----"));   /* the frame */
	free(s);

	/* an empty plane is still a plot */
	o.title = "nothing";
	assert_int_equal(ser_plot(rows, 0, &o, &err), 0);
	s = test_slurp(p, NULL);
	assert_non_null(strstr(s, "nothing"));
	free(s);
}

static void missing_gnuplot_is_a_clear_error(void **state)
{
	(void)state;
	char p[512];
	ser_err err;
	ser_plot_opts o = { .output = TEST_PATH(p, "%s/none.png", test_tmp()),
			    .gnuplot = "/nonexistent/gnuplot" };
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "gnuplot not found"));
	assert_non_null(strstr(err.msg, "install gnuplot-nox"));
	o.gnuplot = "no-such-gnuplot-binary";
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "'no-such-gnuplot-binary' is not on PATH"));
	assert_int_equal(access(p, F_OK), -1);
}

static void failing_gnuplot_keeps_old_output(void **state)
{
	(void)state;
	char p[512], fake[512];
	ser_err err;
	/* a "gnuplot" that writes half a file, complains and fails */
	test_write_text(TEST_PATH(fake, "%s/fake-gnuplot", test_tmp()),
		   "#!/bin/sh\ncat >/dev/null\nprintf 'partial'\n"
		   "echo '         \"-\", line 3: something broke' >&2\nexit 1\n");
	chmod(fake, 0755);
	test_write_text(TEST_PATH(p, "%s/keep.png", test_tmp()), "old");
	ser_plot_opts o = { .output = p, .gnuplot = fake };
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "keep.png: gnuplot failed (exit 1): "
				      "\"-\", line 3: something broke"));
	char *s = test_slurp(p, NULL);
	assert_string_equal(s, "old");
	free(s);
	assert_int_equal(temp_files_in(test_tmp()), 0);

	/* dies without reading a script bigger than any socket buffer:
	 * an error, not a SIGPIPE killing the caller */
	enum { BIG = 8000 };
	ser_plot_row *big = calloc(BIG, sizeof *big);
	assert_non_null(big);
	for (int i = 0; i < BIG; i++)
		big[i] = (ser_plot_row){ "x.wav", (i % 100) / 100.0, 0.5 };
	test_write_text(fake, "#!/bin/sh\nexit 3\n");
	o.no_labels = 1;
	assert_int_equal(ser_plot(big, BIG, &o, &err), -1);
	assert_non_null(strstr(err.msg, "gnuplot failed (exit 3)"));
	free(big);
	o.no_labels = 0;

	/* exits 0 but writes nothing: also a failure */
	test_write_text(fake, "#!/bin/sh\ncat >/dev/null\nexit 0\n");
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "gnuplot wrote nothing"));
	s = test_slurp(p, NULL);
	assert_string_equal(s, "old");
	free(s);
}

static void bad_output_and_values(void **state)
{
	(void)state;
	need_gnuplot();
	ser_err err;
	ser_plot_opts o = { .output = "/nonexistent/dir/x.png" };
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/x.png: cannot write"));
	o.output = "x.gif";
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "x.gif: unknown plot format"));
	o.output = NULL;
	o.terminal = "x11";
	assert_int_equal(ser_plot(rows, N_ROWS, &o, &err), -1);
	assert_non_null(strstr(err.msg, "unknown terminal 'x11'"));
	ser_plot_row nan_row = { "n.wav", 0.0 / 0.0, 0 };
	o.terminal = "dumb";
	assert_int_equal(ser_plot(&nan_row, 1, &o, &err), -1);
	assert_non_null(strstr(err.msg, "n.wav: valence or arousal is not"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_from_extension),
		cmocka_unit_test(reads_predictions_csv),
		cmocka_unit_test(bad_csv_names_file_line_column),
		cmocka_unit_test(png_svg_pdf_have_their_magic),
		cmocka_unit_test(svg_has_names_and_hover_text),
		cmocka_unit_test(crowded_labels_are_thinned),
		cmocka_unit_test(dumb_text_plot),
		cmocka_unit_test(missing_gnuplot_is_a_clear_error),
		cmocka_unit_test(failing_gnuplot_keeps_old_output),
		cmocka_unit_test(bad_output_and_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
