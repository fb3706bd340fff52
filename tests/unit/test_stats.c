/* test_stats.c - paired t-test and Wilcoxon p-values against scipy
 * (golden data from tests/oracle/scipy_stats.py). */
#include "testutil.h"
#include "golden.h"

#include <math.h>
#include <string.h>

#include "ser/stats.h"

static void close_rel(double got, double want, const char *what, const char *name)
{
	if (fabs(got - want) > 1e-9 * fmax(1, fabs(want)) + 1e-12)
		fail_msg("%s %s: got %.17g, scipy %.17g", name, what, got, want);
}

static void matches_scipy(void **state)
{
	(void)state;
	FILE *fp = fopen("tests/golden/stats.txt", "r");
	assert_non_null(fp);
	char line[8192];
	int cases = 0;
	while (fgets(line, sizeof line, fp)) {
		if (line[0] == '#')
			continue;
		char name[64], *p = line;
		int n, k;
		assert_int_equal(sscanf(p, "%63s %d%n", name, &n, &k), 2);
		p += k;
		double a[128], b[128], want[4];
		for (int i = 0; i < n; i++)
			a[i] = strtod(p, &p);
		for (int i = 0; i < n; i++)
			b[i] = strtod(p, &p);
		for (int i = 0; i < 4; i++)
			want[i] = strtod(p, &p);
		double t, pt, w, pw;
		ser_err err;
		assert_int_equal(ser_ttest_rel(a, b, n, &t, &pt, &err), 0);
		close_rel(t, want[0], "t", name);
		close_rel(pt, want[1], "t-test p", name);
		assert_int_equal(ser_wilcoxon(a, b, n, &w, &pw, &err), 0);
		close_rel(w, want[2], "Wilcoxon statistic", name);
		close_rel(pw, want[3], "Wilcoxon p", name);
		cases++;
	}
	fclose(fp);
	assert_int_equal(cases, 7);
}

static void degenerate_inputs(void **state)
{
	(void)state;
	double a[3] = { 1, 2, 3 }, b[3] = { 1, 2, 3 }, c[3] = { 2, 3, 4 };
	double t, p;
	ser_err err;
	assert_int_equal(ser_ttest_rel(a, b, 3, &t, &p, &err), 0);
	assert_true(t == 0 && p == 1);
	assert_int_equal(ser_ttest_rel(c, a, 3, &t, &p, &err), 0);
	assert_true(isinf(t) && t > 0 && p == 0);
	assert_int_equal(ser_ttest_rel(a, b, 1, &t, &p, &err), -1);
	assert_non_null(strstr(err.msg, "at least 2"));
	assert_int_equal(ser_wilcoxon(a, b, 3, &t, &p, &err), -1);
	assert_non_null(strstr(err.msg, "every paired difference is zero"));
}

static void paired_summary(void **state)
{
	(void)state;
	double a[5] = { 0.80, 0.78, 0.75, 0.79, 0.77 }, b[5] = { 0.70, 0.74, 0.75, 0.72, 0.73 };
	ser_paired s;
	ser_err err;
	assert_int_equal(ser_paired_compare(a, b, 5, &s, &err), 0);
	assert_true(fabs(s.mean_a - 0.778) < 1e-12);
	assert_true(fabs(s.std_a - sqrt(0.000296)) < 1e-12); /* ddof 0 */
	assert_true(fabs(s.diff_mean - 0.05) < 1e-12);
	/* d = .1 .04 0 .07 .04: one zero -> normal approximation */
	double t, p, w, pw;
	assert_int_equal(ser_ttest_rel(a, b, 5, &t, &p, &err), 0);
	assert_int_equal(ser_wilcoxon(a, b, 5, &w, &pw, &err), 0);
	assert_true(s.t == t && s.p_t == p && s.w == w && s.p_w == pw);
	assert_int_equal(ser_paired_compare(a, a, 5, &s, &err), 0);
	assert_true(s.p_t == 1 && s.p_w == 1 && s.diff_mean == 0);
	assert_int_equal(ser_paired_compare(a, b, 1, &s, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_scipy),
		cmocka_unit_test(degenerate_inputs),
		cmocka_unit_test(paired_summary),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
