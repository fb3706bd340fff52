/* test_dataset.c - Emo-Soundscapes and generic loaders, alignment by name,
 * rankings -> ratings, every bad input; metrics against hand values. */
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/dataset.h"
#include "ser/features.h"
#include "ser/metrics.h"
#include "ser/synth.h"

#include <unistd.h>

#define FIX "%s/fixtures/emo-soundscapes-mini"

/* The fixture's Ratings/Arousal.csv and Valence.csv, in file order. */
static const double fix_arousal[9] = {
	0.523495, 0.211871, 0.589448, 0.396538, 0.764221, 0.515251,
	-0.284419, -0.384996, 0.056884 };

static void write_file(const char *rel, const char *text)
{
	char p[1024];
	test_write_text(test_tmp_path(p, sizeof p, rel), text);
}

static void mkdirs(const char *rel)
{
	char p[1024], q[1200];
	test_tmp_path(p, sizeof p, rel);
	for (char *s = p + strlen(test_tmp()) + 1; *s; s++)
		if (*s == '/') {
			snprintf(q, sizeof q, "%.*s", (int)(s - p), p);
			mkdir(q, 0755);
		}
	mkdir(p, 0755);
}

/* Copy a fixture file into the temp tree. */
static void copy_fixture(const char *rel_src, const char *rel_dst)
{
	char s[1024], d[1024];
	snprintf(s, sizeof s, FIX "/Emo-Soundscapes/%s", test_shared(), rel_src);
	FILE *in = fopen(s, "rb");
	assert_non_null(in);
	FILE *out = fopen(test_tmp_path(d, sizeof d, rel_dst), "wb");
	assert_non_null(out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
}

static void loads_fixture(void **state)
{
	(void)state;
	char p[1024];
	ser_err err;
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	/* the parent of the root works as well as the root */
	ser_dataset *ds = ser_dataset_load_emo(TEST_PATH(p, FIX, test_shared()), &o, &err);
	assert_non_null(ds);
	assert_int_equal(ds->n, 9);
	assert_int_equal(ds->d, 74);
	assert_int_equal(ds->n_warn, 0);
	assert_string_equal(ds->files[0], "mix_between_human_indicator_1-12_1-6.wav");
	assert_string_equal(ds->feat_names[0], "rms_mean");
	assert_string_equal(ds->feat_names[42], "chromagram_mean_1");
	assert_string_equal(ds->feat_names[73], "spectral_slope_std");
	assert_true(ds->X[0] == 0.057916431);
	/* zerocross_mean is column 6 of the file, feature 2 of the set */
	assert_true(ds->X[2] == 0.080720214);
	for (int i = 0; i < 9; i++)
		assert_true(ds->y[SER_AROUSAL][i] == fix_arousal[i]);
	assert_true(ds->y[SER_VALENCE][0] == -0.767519);
	assert_non_null(strstr(ds->y_source[SER_AROUSAL], "Ratings/Arousal.csv"));
	assert_string_equal(ds->space, SER_SPACE_EMO);
	ser_dataset_free(ds);

	o.features = SER_FEATSET_ALL;
	ds = ser_dataset_load_emo(TEST_PATH(p, FIX "/Emo-Soundscapes", test_shared()), &o, &err);
	assert_non_null(ds);
	assert_int_equal(ds->d, 122);
	assert_string_equal(ds->feat_names[0], "rms_mean");
	assert_string_equal(ds->feat_names[2], "decreaseslope_mean");
	assert_string_equal(ds->feat_names[121], "spectral_var_std");
	ser_dataset_free(ds);

	assert_null(ser_dataset_load_emo("/nonexistent", &o, &err));
	assert_non_null(strstr(err.msg, "/nonexistent: no such directory"));
	assert_null(ser_dataset_load_emo(test_shared(), &o, &err));
	assert_non_null(strstr(err.msg, "not an Emo-Soundscapes directory"));
}

/* A root in the temp tree with the fixture's features and rankings only. */
static void rankings_become_ratings(void **state)
{
	(void)state;
	char p[1024];
	ser_err err;
	mkdirs("rk/Emo-Soundscapes-Features");
	mkdirs("rk/Emo-Soundscapes-Rankings");
	copy_fixture("Emo-Soundscapes-Features/Normalized_Features.csv",
		     "rk/Emo-Soundscapes-Features/Normalized_Features.csv");
	copy_fixture("Emo-Soundscapes-Rankings/Arousal.csv",
		     "rk/Emo-Soundscapes-Rankings/Arousal.csv");
	copy_fixture("Emo-Soundscapes-Rankings/Valence.csv",
		     "rk/Emo-Soundscapes-Rankings/Valence.csv");
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	/* N defaults to the rows of the rankings file (9): the mini set's
	 * ranks come from the full 1213-row ranking, so they are out of range */
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "rk"), &o, &err));
	assert_non_null(strstr(err.msg, "Rankings/Valence.csv:1:2: rank 1073 outside 1..9"));
	/* with N = 1213 the ratings equal the fixture's Ratings files */
	o.rank_n = 1213;
	ser_dataset *ds = ser_dataset_load_emo(test_tmp_path(p, sizeof p, "rk"), &o, &err);
	assert_non_null(ds);
	assert_int_equal(ds->n, 9);
	for (int i = 0; i < 9; i++)
		assert_true(fabs(ds->y[SER_AROUSAL][i] - fix_arousal[i]) < 5e-7);
	assert_true(fabs(ds->y[SER_AROUSAL][0] - 0.523495) < 5e-7); /* rank 290 */
	assert_non_null(strstr(ds->y_source[SER_AROUSAL], "Rankings/Arousal.csv"));
	ser_dataset_free(ds);
	/* a complete ranking of the 9 rows, N = 9: rank 1 -> 1, rank 9 -> -7/9 */
	write_file("rk/Emo-Soundscapes-Rankings/Arousal.csv",
		   "mix_between_human_indicator_1-12_1-6.wav,1\r"
		   "mix_between_human_indicator_1-6_1-12.wav,9\r"
		   "mix_between_human_indicator_1-6_1-6.wav,2\r"
		   "mix_between_human_indicator_2-12_2-6.wav,3\r"
		   "mix_between_human_indicator_2-6_2-12.wav,4\r"
		   "mix_between_human_indicator_2-6_2-6.wav,5\r"
		   "mix_between_human_indicator_3-12_3-6.wav,6\r"
		   "mix_between_human_indicator_3-6_3-12.wav,7\r"
		   "mix_between_human_indicator_3-6_3-6.wav,8\r");
	o.rank_n = 0;
	mkdirs("rk/Emo-Soundscapes-Ratings");  /* Valence from ratings */
	copy_fixture("Emo-Soundscapes-Ratings/Valence.csv",
		     "rk/Emo-Soundscapes-Ratings/Valence.csv");
	ds = ser_dataset_load_emo(test_tmp_path(p, sizeof p, "rk"), &o, &err);
	assert_non_null(ds);
	assert_true(ds->y[SER_AROUSAL][0] == 1.0);
	assert_true(fabs(ds->y[SER_AROUSAL][1] - (1 - 2.0 * 8 / 9)) < 1e-15);
	assert_true(ds->y[SER_VALENCE][0] == -0.767519);
	ser_dataset_free(ds);
	/* ranks must be integers */
	write_file("rk/Emo-Soundscapes-Rankings/Arousal.csv", "a.wav,1.5\r");
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "rk"), &o, &err));
	assert_non_null(strstr(err.msg, "Arousal.csv:1:2: rank 1.5 outside 1..1"));
	write_file("rk/Emo-Soundscapes-Rankings/Arousal.csv", "a.wav,0\rb.wav,2\r");
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "rk"), &o, &err));
	assert_non_null(strstr(err.msg, "Arousal.csv:1:2: rank 0 outside 1..2"));
}

/* 74-column header and one row of values v, v+0.001, ... */
static void emo_row(char *buf, size_t cap, const char *name, double v)
{
	size_t k = (size_t)snprintf(buf, cap, "%s", name);
	for (int j = 0; j < SER_N_FEATURES; j++)
		k += (size_t)snprintf(buf + k, cap - k, ",%.6f", v + 0.001 * j);
}

static void emo_header(char *buf, size_t cap, const char *first)
{
	size_t k = (size_t)snprintf(buf, cap, "%s", first);
	for (int j = 0; j < SER_N_FEATURES; j++)
		k += (size_t)snprintf(buf + k, cap - k, ",%s", ser_feature_names[j]);
}

static void aligns_by_name(void **state)
{
	(void)state;
	char p[1024], line[4096], text[16384];
	ser_err err;
	mkdirs("al/Emo-Soundscapes/Emo-Soundscapes-Features");
	mkdirs("al/Emo-Soundscapes/Emo-Soundscapes-Ratings");
	/* raw Features.csv: empty first header name, CR endings, BOM */
	emo_header(line, sizeof line, "\xEF\xBB\xBF");
	size_t k = (size_t)snprintf(text, sizeof text, "%s\r", line);
	const char *names[4] = { "a.wav", "b.wav", "c.wav", "d.wav" };
	for (int i = 0; i < 4; i++) {
		emo_row(line, sizeof line, names[i], i);
		k += (size_t)snprintf(text + k, sizeof text - k, "%s\r", line);
	}
	write_file("al/Emo-Soundscapes/Emo-Soundscapes-Features/Features.csv", text);
	/* ratings in another order, CRLF, a quoted name; d.wav has no
	 * arousal; x.wav has no features */
	write_file("al/Emo-Soundscapes/Emo-Soundscapes-Ratings/Arousal.csv",
		   "c.wav,0.3\r\n\"a.wav\",0.1\r\nx.wav,0.9\r\nb.wav,-0.2\r\n");
	write_file("al/Emo-Soundscapes/Emo-Soundscapes-Ratings/Valence.csv",
		   "d.wav,1\nc.wav,-1\nb.wav,0\na.wav,0.5\n");
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.raw = 1;
	ser_dataset *ds = ser_dataset_load_emo(test_tmp_path(p, sizeof p, "al"), &o, &err);
	assert_non_null(ds);
	assert_string_equal(ds->space, SER_SPACE_EMO_RAW);
	assert_int_equal(ds->n_feature_rows, 4);
	assert_int_equal(ds->n, 3);
	assert_string_equal(ds->files[0], "a.wav");
	assert_string_equal(ds->files[2], "c.wav");
	assert_true(ds->y[SER_AROUSAL][0] == 0.1);
	assert_true(ds->y[SER_AROUSAL][1] == -0.2);
	assert_true(ds->y[SER_AROUSAL][2] == 0.3);
	assert_true(ds->y[SER_VALENCE][0] == 0.5);
	assert_true(ds->y[SER_VALENCE][2] == -1);
	assert_true(ds->X[2 * 74 + 1] == 2.001);
	assert_int_equal(ds->n_warn, 2);
	assert_non_null(strstr(ds->warn[0], "Arousal.csv:3: 'x.wav' has no row in"));
	assert_non_null(strstr(ds->warn[1], "no arousal label for 'd.wav'"));
	ser_dataset_free(ds);
	/* the normalized table is required unless raw */
	o.raw = 0;
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "al"), &o, &err));
	assert_non_null(strstr(err.msg, "Normalized_Features.csv: cannot open"));
}

static void generic_tables(void **state)
{
	(void)state;
	char f[1024], l[1024];
	ser_err err;
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.features = SER_FEATSET_ALL;
	write_file("g_feat.csv", "\xEF\xBB\xBF" "file,x1,note,x2\r\n"
		   "\"s,1.wav\",1,hello,2\r\ns2.wav,3,,4\r\ns3.wav,5,z,6\r\n");
	write_file("g_lab.csv", "file,arousal\ns3.wav,0.5\n\"s,1.wav\",-0.5\n");
	ser_dataset *ds = ser_dataset_load_csv(test_tmp_path(f, sizeof f, "g_feat.csv"),
					       test_tmp_path(l, sizeof l, "g_lab.csv"), &o, &err);
	assert_non_null(ds);
	assert_int_equal(ds->d, 2);  /* "note" is not numeric */
	assert_string_equal(ds->feat_names[1], "x2");
	assert_int_equal(ds->n, 2);
	assert_string_equal(ds->files[0], "s,1.wav");
	assert_true(ds->X[0] == 1 && ds->X[1] == 2 && ds->X[2] == 5);
	assert_null(ds->y[SER_VALENCE]);
	assert_true(ds->y[SER_AROUSAL][0] == -0.5);
	assert_true(ds->y[SER_AROUSAL][1] == 0.5);
	assert_int_equal(ds->n_warn, 1);
	assert_non_null(strstr(ds->warn[0], "no arousal label for 's2.wav'"));
	/* the feature space comes from the header read once: "file" is
	 * ser extract's layout, "fileName" the data set's normalized table */
	assert_string_equal(ds->space, SER_FEATURE_SPACE);
	ser_dataset_free(ds);
	write_file("g_feat2.csv", "fileName,x1\ns3.wav,1\ns4.wav,2\n");
	char f2[1024];
	ds = ser_dataset_load_csv(test_tmp_path(f2, sizeof f2, "g_feat2.csv"), l,
				  &o, &err);
	assert_non_null(ds);
	assert_string_equal(ds->space, SER_SPACE_EMO);
	ser_dataset_free(ds);
	/* the 74 set looks columns up by name and says which is missing */
	o.features = SER_FEATSET_74;
	assert_null(ser_dataset_load_csv(f, l, &o, &err));
	assert_non_null(strstr(err.msg, "g_feat.csv:1: missing column 'rms_mean'"));
}

/* Load a generic pair made of two texts; return the error message. */
static const char *csv_error(const char *feat, const char *lab)
{
	static ser_err err;
	char f[1024], l[1024];
	write_file("e_feat.csv", feat);
	write_file("e_lab.csv", lab);
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.features = SER_FEATSET_ALL;
	ser_dataset *ds = ser_dataset_load_csv(test_tmp_path(f, sizeof f, "e_feat.csv"),
					       test_tmp_path(l, sizeof l, "e_lab.csv"), &o, &err);
	assert_null(ds);
	return err.msg;
}

#define ERR_HAS(msg, want) do { const char *m_ = (msg); \
	if (!strstr(m_, want)) fail_msg("'%s' lacks '%s'", m_, want); } while (0)

static void bad_inputs(void **state)
{
	(void)state;
	const char *lab = "file,valence,arousal\na,0,0\nb,0.5,0.5\n";
	const char *feat = "file,x\na,1\nb,2\n";
	ERR_HAS(csv_error("file,x,y\na,1,2\nb,3\n", lab), "e_feat.csv:3: expected 3 fields, found 2");
	ERR_HAS(csv_error("file,x\ra,1\rb,oops\r", lab), "e_feat.csv:3:2: 'oops' is not a finite number (column x)");
	ERR_HAS(csv_error("file,x\na,1\nb,nan\n", lab), "e_feat.csv:3:2: 'nan' is not a finite number");
	ERR_HAS(csv_error("file,x\na,nan\nb,1\n", lab), "e_feat.csv:2:2: 'nan'");
	ERR_HAS(csv_error("file,x\na,1\nb,2\na,3\n", lab), "e_feat.csv:4: duplicate file name 'a' (also on line 2)");
	ERR_HAS(csv_error("name,x\na,1\n", lab), "e_feat.csv:1: no file-name column");
	ERR_HAS(csv_error("", lab), "e_feat.csv: empty file");
	ERR_HAS(csv_error("file,x\n", lab), "e_feat.csv: no data rows");
	ERR_HAS(csv_error("file,note\na,x\n", lab), "e_feat.csv: no numeric feature columns");
	ERR_HAS(csv_error(feat, ""), "e_lab.csv: empty file");
	ERR_HAS(csv_error(feat, "file,valence\n"), "e_lab.csv: no data rows");
	ERR_HAS(csv_error(feat, "f,valence\na,1\n"), "e_lab.csv:1: no 'file' column");
	ERR_HAS(csv_error(feat, "file,happiness\na,1\n"), "e_lab.csv:1: no 'valence' or 'arousal' column");
	ERR_HAS(csv_error(feat, "file,valence\na,1\nb,1.5\n"), "e_lab.csv:3:2: valence 1.5 outside [-1, 1]");
	ERR_HAS(csv_error(feat, "file,arousal\na,-1.01\n"), "e_lab.csv:2:2: arousal -1.01 outside [-1, 1]");
	ERR_HAS(csv_error(feat, "file,arousal\na,\n"), "e_lab.csv:2:2: '' is not a finite number");
	ERR_HAS(csv_error(feat, "file,arousal\na,0\nb,1\na,1\n"), "e_lab.csv:4: duplicate file name 'a' (also on line 2)");
	ERR_HAS(csv_error(feat, "file,arousal\nc,0\nd,1\n"), "no file has both features and labels");
	ERR_HAS(csv_error(feat, "file,arousal\na,0\nb\n"), "e_lab.csv:3: expected 2 fields, found 1");

	/* Emo-Soundscapes ratings files */
	char p[1024];
	ser_err err;
	mkdirs("bad/Emo-Soundscapes-Features");
	mkdirs("bad/Emo-Soundscapes-Ratings");
	copy_fixture("Emo-Soundscapes-Features/Normalized_Features.csv",
		     "bad/Emo-Soundscapes-Features/Normalized_Features.csv");
	copy_fixture("Emo-Soundscapes-Ratings/Valence.csv",
		     "bad/Emo-Soundscapes-Ratings/Valence.csv");
	write_file("bad/Emo-Soundscapes-Ratings/Arousal.csv", "a.wav,0.5\rb.wav,1.2\r");
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "bad"), NULL, &err));
	ERR_HAS(err.msg, "Ratings/Arousal.csv:2:2: rating 1.2 outside [-1, 1]");
	write_file("bad/Emo-Soundscapes-Ratings/Arousal.csv", "a.wav,0.5,1\r");
	assert_null(ser_dataset_load_emo(p, NULL, &err));
	ERR_HAS(err.msg, "Ratings/Arousal.csv:1: expected 2 fields (file,rating), found 3");
	write_file("bad/Emo-Soundscapes-Ratings/Arousal.csv", "");
	assert_null(ser_dataset_load_emo(p, NULL, &err));
	ERR_HAS(err.msg, "Ratings/Arousal.csv: empty file");
	write_file("bad/Emo-Soundscapes-Ratings/Arousal.csv", "file,rating\ra.wav,0\r");
	assert_null(ser_dataset_load_emo(p, NULL, &err));
	ERR_HAS(err.msg, "Ratings/Arousal.csv:1:2: 'rating' is not a finite number");
	/* missing column of the 74 in the Emo tables */
	write_file("bad/Emo-Soundscapes-Features/Normalized_Features.csv",
		   "fileName,rms_mean\ra.wav,1\r");
	assert_null(ser_dataset_load_emo(p, NULL, &err));
	ERR_HAS(err.msg, "Normalized_Features.csv:1: missing column 'rms_std'");
}

static void write_bytes(const char *rel, const char *b, long n)
{
	char p[1024];
	test_write_bytes(test_tmp_path(p, sizeof p, rel), b, n);
}

/* Generic tables given as byte literals (NULs included) must be refused
 * with an error holding `want`. */
static void csv_refused(const char *feat, long nf, const char *lab, long nl,
			const char *want)
{
	char f[1024], l[1024];
	ser_err err;
	write_bytes("h_feat.csv", feat, nf);
	write_bytes("h_lab.csv", lab, nl);
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.features = SER_FEATSET_ALL;
	assert_null(ser_dataset_load_csv(test_tmp_path(f, sizeof f, "h_feat.csv"),
					 test_tmp_path(l, sizeof l, "h_lab.csv"), &o, &err));
	ERR_HAS(err.msg, want);
}
#define CSV_REFUSED(feat, lab, want) \
	csv_refused(feat, (long)sizeof feat - 1, lab, (long)sizeof lab - 1, want)

/* The Emo-Soundscapes layout under hb/ with file `rel` replaced by a byte
 * literal must be refused with an error holding `want`. */
static void emo_refused(const char *rel, const char *b, long n, const char *want)
{
	char p[1024];
	ser_err err;
	write_bytes(rel, b, n);
	assert_null(ser_dataset_load_emo(test_tmp_path(p, sizeof p, "hb"), NULL, &err));
	ERR_HAS(err.msg, want);
}
#define EMO_REFUSED(rel, lit, want) emo_refused(rel, lit, (long)sizeof lit - 1, want)

/* issue 9: NUL, control bytes, invalid UTF-8 and junk after a number are
 * errors with file:line:column in every table the loaders read */
static void hostile_cells(void **state)
{
	(void)state;
	char p[1024];
	const char lab[] = "file,valence\na,0\nb,0.5\n", feat[] = "file,x\na,1\nb,2\n";
	/* features: the NUL cell, and junk in the first row, which must not
	 * hide its column in the all-numeric set */
	CSV_REFUSED("file,x\na,0.00206\0junk\nb,2\n", lab,
		    "h_feat.csv:2:2: NUL byte at byte 8 of the cell (column x)");
	CSV_REFUSED("file,x,y\na,0.00206junk,1\nb,2,2\n", lab,
		    "h_feat.csv:2:2: '0.00206junk' is not a finite number (column x)");
	CSV_REFUSED("file,x\na\x1b.wav,1\nb,2\n", lab, "h_feat.csv:2:1: control byte 0x1B");
	/* labels */
	CSV_REFUSED(feat, "file,valence\na,0\nb,0.5\0\n",
		    "h_lab.csv:3:2: NUL byte at byte 4 of the cell (column valence)");
	CSV_REFUSED(feat, "file,valence\na,0\n\xff\xfe,0.5\n",
		    "h_lab.csv:3:1: invalid UTF-8 (byte 0xFF)");
	CSV_REFUSED(feat, "file,valence\na,0\nb,0.5x\n",
		    "h_lab.csv:3:2: '0.5x' is not a finite number");
	/* Emo-Soundscapes ratings (headerless, CR lines), then rankings */
	mkdirs("hb/Emo-Soundscapes-Features");
	mkdirs("hb/Emo-Soundscapes-Ratings");
	mkdirs("hb/Emo-Soundscapes-Rankings");
	copy_fixture("Emo-Soundscapes-Features/Normalized_Features.csv",
		     "hb/Emo-Soundscapes-Features/Normalized_Features.csv");
	copy_fixture("Emo-Soundscapes-Ratings/Valence.csv",
		     "hb/Emo-Soundscapes-Ratings/Valence.csv");
	EMO_REFUSED("hb/Emo-Soundscapes-Ratings/Arousal.csv", "a.wav,0.5\rb.wav,0.1\0\r",
		    "Ratings/Arousal.csv:2:2: NUL byte at byte 4 of the cell");
	EMO_REFUSED("hb/Emo-Soundscapes-Ratings/Arousal.csv", "a.wav,0.5\rb.wav,0.1;2\r",
		    "Ratings/Arousal.csv:2:2: '0.1;2' is not a finite number");
	remove(test_tmp_path(p, sizeof p, "hb/Emo-Soundscapes-Ratings/Arousal.csv"));
	EMO_REFUSED("hb/Emo-Soundscapes-Rankings/Arousal.csv", "a.wav,1\rb\x7f.wav,2\r",
		    "Rankings/Arousal.csv:2:1: control byte 0x7F");
	EMO_REFUSED("hb/Emo-Soundscapes-Rankings/Arousal.csv", "a.wav,1\rb.wav,2\0\r",
		    "Rankings/Arousal.csv:2:2: NUL byte");
	/* the features table of the layout */
	EMO_REFUSED("hb/Emo-Soundscapes-Features/Normalized_Features.csv",
		    "fileName,rms_mean\ra.wav,0.1\0\r", "Normalized_Features.csv:2:2: NUL byte");
}

/* The generator's output loads as Emo-Soundscapes; its Ratings equal the
 * formula applied to its Rankings (N = rows); raw and normalized agree. */
static void synth_loads(void **state)
{
	(void)state;
	char p[1024], q[1200];
	ser_err err;
	assert_int_equal(ser_synth_dataset(test_tmp_path(p, sizeof p, "syn"), 60, 5, &err), 0);
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	ser_dataset *a = ser_dataset_load_emo(p, &o, &err);
	assert_non_null(a);
	assert_int_equal(a->n, 60);
	assert_int_equal(a->d, 74);
	assert_int_equal(a->n_warn, 0);
	/* normalized columns span [0, 1] */
	double lo = 1, hi = 0;
	for (int i = 0; i < a->n; i++) {
		double v = a->X[(long)i * a->d + 5];
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	assert_true(lo == 0 && hi == 1);
	/* ratings are a permutation of 1 - 2 (r - 1) / 60 */
	double s = 0;
	for (int i = 0; i < a->n; i++)
		s += a->y[SER_AROUSAL][i];
	assert_true(fabs(s - (60 - 2.0 * 59 * 60 / 2 / 60)) < 1e-4);
	o.raw = 1;
	o.features = SER_FEATSET_ALL;
	ser_dataset *b = ser_dataset_load_emo(p, &o, &err);
	assert_non_null(b);
	assert_int_equal(b->d, 122);
	assert_string_equal(b->files[7], a->files[7]);
	ser_dataset_free(b);
	/* drop the Ratings: the loader computes them from the Rankings */
	snprintf(q, sizeof q, "%s/Emo-Soundscapes-Ratings/Arousal.csv", p);
	assert_int_equal(unlink(q), 0);
	snprintf(q, sizeof q, "%s/Emo-Soundscapes-Ratings/Valence.csv", p);
	assert_int_equal(unlink(q), 0);
	ser_dataset_opts_default(&o);
	b = ser_dataset_load_emo(p, &o, &err);
	assert_non_null(b);
	assert_non_null(strstr(b->y_source[SER_VALENCE], "Rankings/Valence.csv"));
	for (int t = 0; t < SER_N_TARGETS; t++)
		for (int i = 0; i < a->n; i++)
			assert_true(fabs(a->y[t][i] - b->y[t][i]) < 5e-7);
	ser_dataset_free(a);
	ser_dataset_free(b);
	assert_int_equal(ser_synth_dataset(p, 1, 5, &err), -1);
	assert_non_null(strstr(err.msg, "rows must be"));
}

static void metrics_hand_values(void **state)
{
	(void)state;
	const double y[4] = { 1, 2, 3, 4 }, yh[4] = { 1.5, 2, 2, 4 };
	assert_true(fabs(ser_mean(y, 4) - 2.5) < 1e-15);
	assert_true(fabs(ser_std(y, 4) - sqrt(1.25)) < 1e-15); /* ddof 0 */
	assert_true(fabs(ser_mse(y, yh, 4) - 1.25 / 4) < 1e-15);
	/* SS_res = 0.25 + 1 = 1.25, SS_tot = 5 */
	assert_true(fabs(ser_r2(y, yh, 4) - 0.75) < 1e-15);
	/* worse than the mean: negative */
	const double bad[4] = { 4, 3, 2, 1 };
	assert_true(fabs(ser_r2(y, bad, 4) - (1 - 20.0 / 5)) < 1e-15);
	/* constant truth: sklearn gives 1 for a perfect fit, else 0 */
	const double c[3] = { 2, 2, 2 }, c2[3] = { 2, 2, 2.5 };
	assert_true(ser_r2(c, c, 3) == 1.0);
	assert_true(ser_r2(c, c2, 3) == 0.0);
	assert_true(ser_std(c, 3) == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_fixture),
		cmocka_unit_test(rankings_become_ratings),
		cmocka_unit_test(aligns_by_name),
		cmocka_unit_test(generic_tables),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(hostile_cells),
		cmocka_unit_test(synth_loads),
		cmocka_unit_test(metrics_hand_values),
	};
	return cmocka_run_group_tests_name("dataset", tests, NULL, NULL);
}
