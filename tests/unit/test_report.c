/* test_report.c - the HTML report builder (report.h): escaping, the
 * optional-sections hook of ser_report_cv, plot names, errors. Needs
 * gnuplot (a build and test dependency, as for test_plot). */
#include "synthdata.h"

#include <stdlib.h>
#include <string.h>

#include "ser/cv.h"
#include "ser/report.h"

static void escapes_text(void **state)
{
	(void)state;
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);
	ser_report_escape(fp, "<a href=\"x\">&'</a>");
	fclose(fp);
	assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	free(s);
}

static int failing_section(ser_report *rp, void *ctx, ser_err *err)
{
	(void)rp, (void)ctx;
	return ser_fail(err, "importance: no model");
}

/* what a later feature (importance bars, a tune heat map) would add */
static int extra_section(ser_report *rp, void *ctx, ser_err *err)
{
	(*(int *)ctx)++;
	ser_report_section(rp, "importance", "Permutation importance");
	ser_report_text(rp, "drop in R^2 <when permuted>");
	return ser_report_plot(rp, "importance-svr-arousal", 300, 200,
			       "bars", "plot '-' using 1:2 with boxes\n1 0.5\n2 0.25\ne\n",
			       err);
}

static void cv_report_with_extra_section(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("rep", 40, 3);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = 4;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	char dir[1024], p[1100];
	test_tmp_path(dir, sizeof dir, "rep-out");
	int calls = 0;
	ser_report_kv kv[1] = { { "data", "a <synthetic> set" } };
	ser_report_cv_info info = { "ser cv --dataset x", kv, 1, NULL,
				    extra_section, &calls };
	const ser_cv_result *runs[1] = { r };
	if (ser_report_cv(dir, runs, 1, ds, &info, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(calls, 1);
	char *h = test_slurp(TEST_PATH(p, "%s/index.html", dir), NULL);
	assert_non_null(h);
	/* the hook's section comes after the built-in ones, in the contents */
	const char *folds = strstr(h, "<h2 id=\"folds\">");
	const char *imp = strstr(h, "<h2 id=\"importance\">Permutation importance</h2>");
	assert_non_null(folds);
	assert_non_null(imp);
	assert_true(imp > folds);
	assert_non_null(strstr(h, "<li><a href=\"#importance\">Permutation importance</a></li>"));
	assert_non_null(strstr(h, "<p>drop in R^2 &lt;when permuted&gt;</p>"));
	assert_non_null(strstr(h, "<img src=\"importance-svr-arousal.svg\""));
	assert_non_null(strstr(h, "<td>a &lt;synthetic&gt; set</td>"));
	/* one model: no paired section */
	assert_null(strstr(h, "<h2 id=\"paired\">"));
	assert_true(test_read_bytes(TEST_PATH(p, "%s/importance-svr-arousal.svg", dir),
				    (char[64]){ 0 }, 64) == 64);
	/* a failing hook fails the report, and index.html is not replaced */
	free(h);
	info.extra = failing_section;
	assert_int_equal(ser_report_cv(dir, runs, 1, ds, &info, &err), -1);
	assert_string_equal(err.msg, "importance: no model");
	h = test_slurp(TEST_PATH(p, "%s/index.html", dir), NULL);
	assert_non_null(strstr(h, "<h2 id=\"importance\">"));
	free(h);
	assert_int_equal(ser_report_cv(dir, runs, 0, ds, &info, &err), -1);
	ser_cv_result_free(r);
	ser_dataset_free(ds);
}

static void plot_names_and_errors(void **state)
{
	(void)state;
	ser_err err;
	char dir[1024];
	test_tmp_path(dir, sizeof dir, "rep-names");
	ser_report *rp = ser_report_open(dir, "t", NULL, &err);
	assert_non_null(rp);
	assert_int_equal(ser_report_plot(rp, "../escape", 100, 100, "c", "plot x\n", &err), -1);
	assert_non_null(strstr(err.msg, "bad plot name"));
	assert_int_equal(ser_report_plot(rp, "broken", 100, 100, "c", "plot nosuchvar\n", &err), -1);
	assert_non_null(strstr(err.msg, "gnuplot failed"));
	ser_report_free(rp);
	assert_null(ser_report_open(dir, "t", "/nonexistent/gnuplot", &err));
	assert_non_null(strstr(err.msg, "gnuplot not found"));
	char p[1100];
	assert_null(ser_report_open(TEST_PATH(p, "%s/no/such", dir), "t", NULL, &err));
	assert_non_null(strstr(err.msg, "cannot create the report directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_text),
		cmocka_unit_test(cv_report_with_extra_section),
		cmocka_unit_test(plot_names_and_errors),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
