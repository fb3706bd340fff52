/* test_stats.c - paired t-test and Wilcoxon p-values against scipy
 * (golden data from tests/oracle/scipy_stats.py). */
#include "testutil.h"
#include "golden.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/stats.h"

static void close_rel(double got, double want, const char *what, const char *name)
{
	if (fabs(got - want) > 1e-9 * fmax(1, fabs(want)) + 1e-12)
		fail_msg("%s %s: got %.17g, scipy %.17g", name, what, got, want);
}

/* One golden case: "NAME n [x] a_1..a_n b_1..b_n want_1..want_4", x
 * present when with_x; 0 at the end of the file. */
typedef struct golden_case {
	char name[64];
	int n;
	double x, a[128], b[128], want[4];
} golden_case;

static int next_case(FILE *fp, int with_x, golden_case *c)
{
	char line[8192];
	while (fgets(line, sizeof line, fp)) {
		if (line[0] == '#')
			continue;
		char *p = line;
		int k;
		assert_int_equal(sscanf(p, "%63s %d%n", c->name, &c->n, &k), 2);
		assert_true(c->n <= 128);
		p += k;
		c->x = with_x ? strtod(p, &p) : 0;
		for (int i = 0; i < c->n; i++)
			c->a[i] = strtod(p, &p);
		for (int i = 0; i < c->n; i++)
			c->b[i] = strtod(p, &p);
		for (int i = 0; i < 4; i++)
			c->want[i] = strtod(p, &p);
		return 1;
	}
	return 0;
}

static void matches_scipy(void **state)
{
	(void)state;
	FILE *fp = fopen("tests/golden/stats.txt", "r");
	assert_non_null(fp);
	golden_case c;
	int cases = 0;
	while (next_case(fp, 0, &c)) {
		double t, pt, w, pw;
		ser_err err;
		assert_int_equal(ser_ttest_rel(c.a, c.b, c.n, &t, &pt, &err), 0);
		close_rel(t, c.want[0], "t", c.name);
		close_rel(pt, c.want[1], "t-test p", c.name);
		assert_int_equal(ser_wilcoxon(c.a, c.b, c.n, &w, &pw, &err), 0);
		close_rel(w, c.want[2], "Wilcoxon statistic", c.name);
		close_rel(pw, c.want[3], "Wilcoxon p", c.name);
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

/* tests/golden/stats_corrected.txt: NAME J r a.. b.. t p t_plain p_plain */
static void corrected_matches_scipy(void **state)
{
	(void)state;
	FILE *fp = fopen("tests/golden/stats_corrected.txt", "r");
	assert_non_null(fp);
	golden_case c;
	int cases = 0;
	while (next_case(fp, 1, &c)) {
		double t, pt;
		ser_err err;
		assert_int_equal(ser_ttest_corrected(c.a, c.b, c.n, c.x, &t, &pt,
						     &err), 0);
		close_rel(t, c.want[0], "corrected t", c.name);
		close_rel(pt, c.want[1], "corrected p", c.name);
		assert_int_equal(ser_ttest_rel(c.a, c.b, c.n, &t, &pt, &err), 0);
		close_rel(t, c.want[2], "plain t", c.name);
		close_rel(pt, c.want[3], "plain p", c.name);
		/* the correction only ever makes p larger */
		assert_true(c.want[1] >= c.want[3]);
		cases++;
	}
	fclose(fp);
	assert_int_equal(cases, 4);
}

static void corrected_edges(void **state)
{
	(void)state;
	double a[4] = { 0.75, 1.25, 1.75, 2.25 }, b[4] = { 0.5, 1, 1.5, 2 };
	double t, p, t0, p0;
	ser_err err;
	/* test_train 0 is the plain paired t-test, bit for bit */
	double c[4] = { 0.5, 1.11, 1.69, 2.2 };
	assert_int_equal(ser_ttest_corrected(c, b, 4, 0, &t, &p, &err), 0);
	assert_int_equal(ser_ttest_rel(c, b, 4, &t0, &p0, &err), 0);
	assert_true(t == t0 && p == p0);
	/* constant difference: infinite t, as ser_ttest_rel */
	assert_int_equal(ser_ttest_corrected(a, b, 4, 1.0 / 3, &t, &p, &err), 0);
	assert_true(isinf(t) && p == 0);
	assert_int_equal(ser_ttest_corrected(a, a, 4, 1.0 / 3, &t, &p, &err), 0);
	assert_true(t == 0 && p == 1);
	assert_int_equal(ser_ttest_corrected(a, b, 1, 0.1, &t, &p, &err), -1);
	assert_non_null(strstr(err.msg, "at least 2"));
	assert_int_equal(ser_ttest_corrected(a, b, 4, -1, &t, &p, &err), -1);
}

static void nan_mean_std(void **state)
{
	(void)state;
	double x[5] = { 1, NAN, 3, NAN, 5 }, m, s;
	int n;
	ser_nan_mean_std(x, 5, 0, &m, &s, &n);
	assert_int_equal(n, 3);
	assert_true(m == 3 && fabs(s - sqrt(8.0 / 3)) < 1e-15);
	ser_nan_mean_std(x, 5, 1, &m, &s, NULL);
	assert_true(fabs(s - 2) < 1e-15);  /* sample std */
	ser_nan_mean_std(x + 1, 1, 0, &m, &s, &n);
	assert_true(n == 0 && isnan(m) && isnan(s));
	ser_nan_mean_std(x, 1, 1, &m, &s, &n);
	assert_true(n == 1 && m == 1 && isnan(s));  /* ddof 1 needs 2 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_scipy),
		cmocka_unit_test(corrected_matches_scipy),
		cmocka_unit_test(corrected_edges),
		cmocka_unit_test(nan_mean_std),
		cmocka_unit_test(degenerate_inputs),
		cmocka_unit_test(paired_summary),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
