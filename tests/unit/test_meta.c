/* test_meta.c - the data fingerprint, the command line and the "meta"
 * object of JSON results (meta.h). */
#include "testutil.h"

#include <string.h>

#include "ser/dataset.h"
#include "ser/meta.h"
#include "ser/version.h"

/* 2 rows, 1 feature, valence only: the layout the fingerprint walks */
typedef struct mini {
	char *files[2], *names[1];
	double X[2], yv[2];
	ser_dataset ds;
} mini;

static void mini_init(mini *m)
{
	memset(m, 0, sizeof *m);
	m->files[0] = "a.wav";
	m->files[1] = "b.wav";
	m->names[0] = "x";
	m->X[0] = 0.5;
	m->X[1] = -1;
	m->yv[0] = 0.1;
	m->yv[1] = 0.2;
	m->ds.n = 2;
	m->ds.d = 1;
	m->ds.files = m->files;
	m->ds.feat_names = m->names;
	m->ds.X = m->X;
	m->ds.y[SER_VALENCE] = m->yv;
}

static void fingerprint_is_fnv1a_of_names_and_values(void **state)
{
	(void)state;
	mini m;
	mini_init(&m);
	/* FNV-1a 64 of the documented byte string, computed independently:
	 * python3: struct.pack('<QQ', 2, 1) + b'a.wav\0b.wav\0x\0' +
	 * struct.pack('<dd', .5, -1) + b'\1' + struct.pack('<dd', .1, .2) +
	 * b'\0' through the textbook FNV-1a loop */
	assert_true(ser_dataset_fingerprint(&m.ds) == 0x3ed824cf8a492e5cULL);
	uint64_t h = ser_dataset_fingerprint(&m.ds);
	m.X[1] = -0.999999;
	assert_true(ser_dataset_fingerprint(&m.ds) != h);
	m.X[1] = -1;
	m.files[1] = "c.wav";
	assert_true(ser_dataset_fingerprint(&m.ds) != h);
	m.files[1] = "b.wav";
	m.ds.y[SER_AROUSAL] = m.yv;  /* a target more */
	assert_true(ser_dataset_fingerprint(&m.ds) != h);
	m.ds.y[SER_AROUSAL] = NULL;
	m.yv[0] = 0.3;
	assert_true(ser_dataset_fingerprint(&m.ds) != h);
	m.yv[0] = 0.1;
	assert_true(ser_dataset_fingerprint(&m.ds) == h);
	/* the same rows in another order are other data */
	m.files[0] = "b.wav";
	m.files[1] = "a.wav";
	assert_true(ser_dataset_fingerprint(&m.ds) != h);
}

static void command_line_quotes_for_the_shell(void **state)
{
	(void)state;
	ser_err err;
	char *argv[] = { "ser", "cv", "--dataset", "my data", "it's", "",
			 "--svr-C=5", "a,b" };
	char *s = ser_command_line(8, argv, &err);
	assert_non_null(s);
	assert_string_equal(s, "ser cv --dataset 'my data' 'it'\\''s' '' "
			       "--svr-C=5 a,b");
	free(s);
	s = ser_command_line(0, argv, &err);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void meta_json_has_version_command_and_data(void **state)
{
	(void)state;
	mini m;
	mini_init(&m);
	ser_err err;
	char *s = ser_meta_json("ser cv \"x\"", "d/ir", &m.ds, &err);
	assert_non_null(s);
	char want[256];
	snprintf(want, sizeof want, "{\"ser_version\":\"%s\",\"command\":"
		 "\"ser cv \\\"x\\\"\",\"data\":{\"path\":\"d/ir\",\"rows\":2,"
		 "\"features\":1,\"fingerprint\":\"fnv1a64:3ed824cf8a492e5c\"}}",
		 ser_version());
	assert_string_equal(s, want);
	free(s);
	s = ser_meta_json(NULL, NULL, NULL, &err);
	assert_non_null(s);
	snprintf(want, sizeof want, "{\"ser_version\":\"%s\"}", ser_version());
	assert_string_equal(s, want);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fingerprint_is_fnv1a_of_names_and_values),
		cmocka_unit_test(command_line_quotes_for_the_shell),
		cmocka_unit_test(meta_json_has_version_command_and_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
