/* test_base.c - rng, K-fold, CSV table reader, atomic output. */
#include "testutil.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ser/emotion.h"
#include "ser/folds.h"
#include "ser/outfile.h"
#include "ser/rng.h"
#include "ser/table.h"
#include "ser/version.h"

static void rng_is_deterministic(void **state)
{
	(void)state;
	ser_rng a, b;
	ser_rng_seed(&a, 42);
	ser_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		assert_true(ser_rng_next(&a) == ser_rng_next(&b));
	ser_rng_seed(&b, 43);
	assert_false(ser_rng_next(&a) == ser_rng_next(&b));
	/* xoshiro256** from splitmix64(0): pinned so the stream never
	 * changes silently (it defines every seeded result of ser) */
	ser_rng_seed(&a, 0);
	assert_true(ser_rng_next(&a) == 0x99ec5f36cb75f2b4ULL);
	for (int i = 0; i < 1000; i++) {
		double u = ser_rng_uniform(&a);
		assert_true(u >= 0 && u < 1);
		assert_true(ser_rng_below(&a, 7) < 7);
	}
}

static void kfold_matches_sklearn_sizes(void **state)
{
	(void)state;
	/* KFold(10) on 1213 rows: 3 folds of 122, then 7 of 121, in order */
	int n = 1213, fold[1213], count[10] = { 0 };
	ser_err err;
	assert_int_equal(ser_kfold(n, 10, 0, 0, fold, &err), 0);
	for (int i = 0; i < n; i++)
		count[fold[i]]++;
	for (int f = 0; f < 10; f++)
		assert_int_equal(count[f], f < 3 ? 122 : 121);
	assert_int_equal(fold[0], 0);
	assert_int_equal(fold[121], 0);
	assert_int_equal(fold[122], 1);
	assert_int_equal(fold[1212], 9);
	/* shuffled: same sizes, not in order, same seed same folds */
	int f1[1213], f2[1213];
	assert_int_equal(ser_kfold(n, 10, 1, 7, f1, &err), 0);
	assert_int_equal(ser_kfold(n, 10, 1, 7, f2, &err), 0);
	assert_memory_equal(f1, f2, sizeof f1);
	assert_memory_not_equal(f1, fold, sizeof f1);
	memset(count, 0, sizeof count);
	for (int i = 0; i < n; i++)
		count[f1[i]]++;
	for (int f = 0; f < 10; f++)
		assert_int_equal(count[f], f < 3 ? 122 : 121);
	assert_int_equal(ser_kfold(5, 10, 0, 0, fold, &err), -1);
	assert_non_null(strstr(err.msg, "cannot make 10 folds from 5 rows"));
	assert_int_equal(ser_kfold(5, 1, 0, 0, fold, &err), -1);
}

static void table_reads_cr_fixture(void **state)
{
	(void)state;
	char p[512];
	ser_err err;
	ser_table *t = ser_table_read(TEST_PATH(p, "%s/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Rankings/Arousal.csv", test_shared()), 0, &err);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 9);
	assert_int_equal(t->n_cols, 2);
	assert_string_equal(ser_table_get(t, 0, 0), "mix_between_human_indicator_1-12_1-6.wav");
	assert_string_equal(ser_table_get(t, 0, 1), "290");
	assert_int_equal(t->line[8], 9);
	ser_table_free(t);

	t = ser_table_read(TEST_PATH(p, "%s/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv", test_shared()), 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 9);
	assert_int_equal(ser_table_col(t, "fileName"), 0);
	assert_true(ser_table_col(t, "rms_mean") == 1);
	double v;
	assert_int_equal(ser_table_double(t, 0, 1, &v, &err), 0);
	assert_true(v == 0.057916431);
	ser_table_free(t);
}

static char *write_tmp(const char *name, const char *text)
{
	static char p[512];
	test_write_text(test_tmp_path(p, sizeof p, name), text);
	return p;
}

static void table_formats_and_errors(void **state)
{
	(void)state;
	ser_err err;
	/* BOM, CRLF, quoted field with comma and newline, blank line */
	ser_table *t = ser_table_read(write_tmp("a.csv",
		"\xEF\xBB\xBF" "file,x\r\n\"a,b.wav\",1\r\n\r\n\"multi\nline\",2\r\n"), 1, &err);
	assert_non_null(t);
	assert_string_equal(t->header[0], "file");
	assert_int_equal(t->n_rows, 2);
	assert_string_equal(ser_table_get(t, 0, 0), "a,b.wav");
	assert_string_equal(ser_table_get(t, 1, 0), "multi\nline");
	assert_int_equal(t->line[0], 2);
	ser_table_free(t);
	/* ragged row reported with its line (LF) */
	t = ser_table_read(write_tmp("b.csv", "f,x,y\na,1,2\nb,1\n"), 1, &err);
	assert_null(t);
	assert_non_null(strstr(err.msg, "b.csv:3: expected 3 fields, found 2"));
	/* same with CR endings */
	t = ser_table_read(write_tmp("c.csv", "f,x,y\ra,1,2\rb,1,2\rc,1\r"), 1, &err);
	assert_null(t);
	assert_non_null(strstr(err.msg, "c.csv:4: expected 3 fields, found 2"));
	/* lines across the reader's 64 KiB buffers: a CRLF split between
	 * two reads counts once, a CR then text on the next read twice */
	for (int cut = 0; cut < 2; cut++) {
		size_t big = 65536 + 10;
		char *txt = malloc(big + 64);
		memset(txt, 'a', big);
		/* header "f,aaa...", the CR at byte 65535, its LF (or the
		 * next row) at 65536 */
		memcpy(txt, "f,", 2);
		txt[65535] = '\r';
		strcpy(txt + 65536, cut ? "\nb,1\r\nc,1,2\n" : "b,1\r\nc,1,2\n");
		t = ser_table_read(write_tmp("long.csv", txt), 1, &err);
		free(txt);
		assert_null(t);
		assert_non_null(strstr(err.msg, "long.csv:3: expected 2 fields, found 3"));
	}
	/* empty file, missing file */
	assert_null(ser_table_read(write_tmp("d.csv", ""), 1, &err));
	assert_non_null(strstr(err.msg, "empty"));
	assert_null(ser_table_read("/nonexistent/x.csv", 1, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/x.csv: cannot open"));
	/* numbers: strict */
	t = ser_table_read(write_tmp("e.csv", "f,x\na,abc\nb,nan\nc, 2.5 \n"), 1, &err);
	assert_non_null(t);
	double v;
	assert_int_equal(ser_table_double(t, 0, 1, &v, &err), -1);
	assert_non_null(strstr(err.msg, "e.csv:2:2: 'abc' is not a finite number (column x)"));
	assert_int_equal(ser_table_double(t, 1, 1, &v, &err), -1);
	assert_int_equal(ser_table_double(t, 2, 1, &v, &err), 0);
	assert_true(v == 2.5);
	ser_table_free(t);
}

/* Read n bytes as a table; NULL and the error, or the table. */
static ser_table *read_bytes(const char *name, const char *bytes, long n,
			     ser_err *err)
{
	char p[512];
	test_write_bytes(test_tmp_path(p, sizeof p, name), bytes, n);
	return ser_table_read(p, 1, err);
}
#define READ_BYTES(lit, err) read_bytes("h.csv", lit, (long)sizeof lit - 1, err)

#define REFUSED(lit, want) do { ser_err e_; \
	ser_table *t_ = READ_BYTES(lit, &e_); \
	if (t_) { ser_table_free(t_); fail_msg("accepted: %s", #lit); } \
	if (!strstr(e_.msg, want)) fail_msg("'%s' lacks '%s'", e_.msg, want); \
	} while (0)

/* issue 9: a byte that is not text is an error naming file:line:column,
 * in numeric and text cells alike, header included */
static void table_refuses_binary(void **state)
{
	(void)state;
	ser_err err;
	/* the NUL cell: once read as its numeric prefix 0.00206 */
	REFUSED("file,x\na.wav,0.00206\0junk\n",
		"h.csv:2:2: NUL byte at byte 8 of the cell (column x)");
	REFUSED("file,x\na.wav\0,1\n", "h.csv:2:1: NUL byte at byte 6");
	REFUSED("fi\0le,x\na,1\n", "h.csv:1:1: NUL byte at byte 3");
	REFUSED("file,x\na,1\nb,\x01\n", "h.csv:3:2: control byte 0x01");
	REFUSED("file,x\na,1\nb\x1b[2J,2\n", "h.csv:3:1: control byte 0x1B");
	REFUSED("file,x\na,1\x7f\n", "h.csv:2:2: control byte 0x7F");
	REFUSED("file,x\na,1\x0c\n", "h.csv:2:2: control byte 0x0C");
	/* invalid UTF-8: stray continuation, overlong, surrogate, beyond
	 * U+10FFFF, truncated at the end of the cell, bad second byte */
	REFUSED("file,x\n\x80.wav,1\n", "h.csv:2:1: invalid UTF-8 (byte 0x80) at byte 1");
	REFUSED("file,x\n\xc0\xaf.wav,1\n", "invalid UTF-8 (byte 0xC0)");
	REFUSED("file,x\n\xe0\x80\xaf.wav,1\n", "invalid UTF-8 (byte 0xE0)");
	REFUSED("file,x\n\xed\xa0\x80.wav,1\n", "invalid UTF-8 (byte 0xED)");
	REFUSED("file,x\n\xf4\x90\x80\x80.wav,1\n", "invalid UTF-8 (byte 0xF4)");
	REFUSED("file,x\n\xf5\x80\x80\x80.wav,1\n", "invalid UTF-8 (byte 0xF5)");
	REFUSED("file,x\nab\xe2\x82,1\n", "h.csv:2:1: invalid UTF-8 (byte 0xE2) at byte 3");
	REFUSED("file,x\n\xc3\x28,1\n", "invalid UTF-8 (byte 0xC3)");
	REFUSED("file,x\na,1\xff\n", "h.csv:2:2: invalid UTF-8 (byte 0xFF)");
	/* the line is the bad byte's own, inside a multi-line quoted cell;
	 * CR-only files count lines too; a last line without newline */
	REFUSED("file,x\n\"a\nb\r\nc\x02\nd\",1\n", "h.csv:4:1: control byte 0x02");
	REFUSED("file,x\ra,1\rb,\x03\r", "h.csv:3:2: control byte 0x03");
	REFUSED("file,x\na,1\nb,2\0", "h.csv:3:2: NUL byte");
	/* text that is fine: TAB, CR/LF in quotes, 2-, 3- and 4-byte UTF-8
	 * up to U+10FFFF, a BOM */
	static const char ok[] = "\xEF\xBB\xBF" "file,x\n"
		"caf\xc3\xa9.wav,\t1.5\t\n\"a\r\nb\",2\n"
		"\xe2\x82\xac\xf0\x9f\x94\x94\xf4\x8f\xbf\xbf\xed\x9f\xbf,3\n";
	ser_table *t = READ_BYTES(ok, &err);
	if (!t)
		fail_msg("%s", err.msg);
	assert_int_equal(t->n_rows, 3);
	assert_string_equal(ser_table_get(t, 0, 0), "caf\xc3\xa9.wav");
	double v;
	assert_int_equal(ser_table_double(t, 0, 1, &v, &err), 0);
	assert_true(v == 1.5);
	ser_table_free(t);
	/* a number followed by junk is not its prefix */
	t = READ_BYTES("file,x\na,0.00206junk\nb,1e5e\nc,0x\n", &err);
	assert_non_null(t);
	assert_int_equal(ser_table_double(t, 0, 1, &v, &err), -1);
	assert_non_null(strstr(err.msg, "h.csv:2:2: '0.00206junk' is not a finite number (column x)"));
	assert_int_equal(ser_table_double(t, 1, 1, &v, &err), -1);
	assert_non_null(strstr(err.msg, "h.csv:3:2: '1e5e'"));
	assert_int_equal(ser_table_double(t, 2, 1, &v, &err), -1);
	ser_table_free(t);
	/* decimal numbers only, blanks around them allowed */
	static const char *const bad[] = { "0x10", "0x1p3", "inf", "-Infinity",
		"nan(1)", "1 2", "1e", "--1", "1,5", "\t" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (ser_parse_double(bad[i], &v) == 0)
			fail_msg("'%s' read as %g", bad[i], v);
	static const char *const good[] = { " 1", "-2.5e-3 ", "+.5", "1E+2\t", "7." };
	static const double want[] = { 1, -2.5e-3, 0.5, 100, 7 };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(ser_parse_double(good[i], &v), 0);
		assert_true(v == want[i]);
	}
}

/* Found by fuzzing (tests/fuzz/table/regress/bom-quoted-first-field.csv):
 * the BOM was stripped from the first field after libcsv had parsed it,
 * so a quoted first field after a BOM kept its quotes; and a ragged row
 * with a bad byte past the header's width read beyond the header. */
static void table_bom_then_quote(void **state)
{
	(void)state;
	ser_err err;
	ser_table *t = READ_BYTES("\xEF\xBB\xBF\"file\",\"x\"\n\"a,b\",1\n", &err);
	assert_non_null(t);
	assert_string_equal(t->header[0], "file");
	assert_int_equal(ser_table_col(t, "file"), 0);
	assert_string_equal(ser_table_get(t, 0, 0), "a,b");
	ser_table_free(t);
	/* a BOM anywhere else is text, kept */
	t = READ_BYTES("f,x\n\xEF\xBB\xBF" "a,1\n", &err);
	assert_non_null(t);
	assert_string_equal(ser_table_get(t, 0, 0), "\xEF\xBB\xBF" "a");
	ser_table_free(t);
	REFUSED("f,x\na,1,\"\x01\"\n", "h.csv:2:3: control byte 0x01 at byte 1 of the cell; a CSV");
}

/* ser_csv_field output reads back as the same strings, blanks at either
 * end of a name included (libcsv trims them from unquoted fields) */
static void csv_field_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = {
		" a.wav", "b.wav ", "\tc.wav", "d e.wav", "f,g.wav", "say \"hi\".wav",
		"multi\nline", "cr\rlf", "", "caf\xc3\xa9 .wav", "  ", "x"
	};
	const int n = (int)(sizeof names / sizeof *names);
	char p[512];
	test_tmp_path(p, sizeof p, "rt.csv");
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	fputs("file,x\n", fp);
	for (int i = 0; i < n; i++) {
		ser_csv_field(fp, names[i]);
		fprintf(fp, ",%d\n", i);
	}
	assert_int_equal(fclose(fp), 0);
	ser_err err;
	ser_table *t = ser_table_read(p, 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_rows, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(ser_table_get(t, i, 0), names[i]);
	ser_table_free(t);
}

static void outfile_is_atomic(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	TEST_PATH(p, "%s/out.txt", test_tmp());
	ser_outfile *o = ser_outfile_open(p, 0, &err);
	assert_non_null(o);
	fputs("hello\n", o->fp);
	assert_int_equal(access(p, F_OK), -1); /* not there until commit */
	assert_int_equal(ser_outfile_commit(o, &err), 0);
	assert_int_equal(access(p, F_OK), 0);
	o = ser_outfile_open(p, 0, &err);
	fputs("half", o->fp);
	ser_outfile_abort(o);
	FILE *fp = fopen(p, "r");
	char line[32];
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	assert_string_equal(line, "hello\n");
	assert_null(ser_outfile_open("/nonexistent-dir/x.csv", 0, &err));
	assert_non_null(strstr(err.msg, "/nonexistent-dir/x.csv: cannot write"));
}

/* New outputs get 0666 less the umask, as open(2) would give them; a
 * replaced file keeps its bits; a device is written into, not replaced. */
static void outfile_modes(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	struct stat st;
	mode_t old = umask(027);
	TEST_PATH(p, "%s/mode-new.txt", test_tmp());
	unlink(p);
	ser_outfile *o = ser_outfile_open(p, 0, &err);
	assert_non_null(o);
	fputs("x\n", o->fp);
	assert_int_equal(ser_outfile_commit(o, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(chmod(p, 0600), 0);
	o = ser_outfile_open(p, 0, &err);
	assert_non_null(o);
	fputs("y\n", o->fp);
	assert_int_equal(ser_outfile_commit(o, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	umask(old);
	/* through a symbolic link: the target is replaced, the link stays */
	char link[512];
	TEST_PATH(link, "%s/mode-link.txt", test_tmp());
	unlink(link);
	assert_int_equal(symlink(p, link), 0);
	o = ser_outfile_open(link, 0, &err);
	assert_non_null(o);
	fputs("via link\n", o->fp);
	assert_int_equal(ser_outfile_commit(o, &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	FILE *fp = fopen(p, "r");
	char line[32];
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	assert_string_equal(line, "via link\n");
	o = ser_outfile_open("/dev/null", 0, &err);
	assert_non_null(o);
	fputs("z\n", o->fp);
	assert_int_equal(ser_outfile_commit(o, &err), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void emotion_words(void **state)
{
	(void)state;
	assert_string_equal(ser_emotion_word(0.9, 0.05), "happy");
	assert_string_equal(ser_emotion_word(0.5, 0.6), "excited");
	assert_string_equal(ser_emotion_word(-0.05, 0.9), "tense");
	assert_string_equal(ser_emotion_word(-0.6, -0.3), "sad");
	assert_string_equal(ser_emotion_word(-0.03, -0.8), "tired");
	assert_string_equal(ser_emotion_word(0.62, -0.62), "calm");
	assert_string_equal(ser_emotion_word(0.05, -0.05), "neutral");
	/* the user's point that read "tense": inside SER_NEUTRAL_RADIUS */
	assert_string_equal(ser_emotion_word(0.0004, 0.117), "neutral");
	assert_string_equal(ser_emotion_word(0.0004, 0.16), "tense");
	double v, a;
	assert_int_equal(ser_emotion_point("neutral", &v, &a), 0);
	assert_true(v == 0 && a == 0);
	assert_int_equal(ser_emotion_point("calm", &v, &a), 0);
	assert_true(v > 0 && a < 0);
	assert_float_equal(hypot(v, a), SER_EMOTION_POINT_RADIUS, 1e-12);
	assert_string_equal(ser_emotion_word(v, a), "calm");
	assert_int_equal(ser_emotion_point("blissful", &v, &a), -1);
	assert_string_equal(ser_quadrant_name(ser_quadrant_of(0.1, 0.2)), "pleasant-eventful");
	assert_string_equal(ser_quadrant_name(ser_quadrant_of(-0.1, 0.2)), "unpleasant-eventful");
	assert_string_equal(ser_quadrant_name(ser_quadrant_of(-0.1, -0.2)), "unpleasant-uneventful");
	assert_string_equal(ser_quadrant_name(ser_quadrant_of(0.1, -0.2)), "pleasant-uneventful");
}

/* The linked library's version is the headers' and matches its parts;
 * ser_strv_free takes NULL entries and a NULL array. */
static void version_and_strv(void **state)
{
	(void)state;
	char want[32];
	snprintf(want, sizeof want, "%d.%d.%d", SER_VERSION_MAJOR,
		 SER_VERSION_MINOR, SER_VERSION_PATCH);
	assert_string_equal(ser_version(), SER_VERSION);
	assert_string_equal(ser_version(), want);
	char **v = calloc(3, sizeof *v);
	assert_non_null(v);
	v[0] = strdup("a");
	v[2] = strdup("c");
	ser_strv_free(v, 3);
	ser_strv_free(NULL, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rng_is_deterministic),
		cmocka_unit_test(kfold_matches_sklearn_sizes),
		cmocka_unit_test(table_reads_cr_fixture),
		cmocka_unit_test(table_formats_and_errors),
		cmocka_unit_test(table_refuses_binary),
		cmocka_unit_test(table_bom_then_quote),
		cmocka_unit_test(csv_field_round_trip),
		cmocka_unit_test(outfile_is_atomic),
		cmocka_unit_test(outfile_modes),
		cmocka_unit_test(emotion_words),
		cmocka_unit_test(version_and_strv),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
