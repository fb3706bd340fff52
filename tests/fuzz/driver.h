/* driver.h - the main() shared by every fuzz harness in tests/fuzz/.
 *
 * A harness defines fuzz_one(data, n): feed one input to one parser of
 * untrusted input and return 1 if it was accepted, 0 if refused; a crash, an abort() (a broken invariant) or a
 * sanitizer report is the finding. Built two ways from the same source:
 *
 *  - with afl-cc (make fuzz): AFL++ persistent mode, the input comes from
 *    shared memory and the process runs many inputs (__AFL_LOOP);
 *  - with the normal compiler (make test, make check-asan): a replay
 *    driver that runs every file named on the command line, so the seeds
 *    and every crash AFL++ found stay regression tests.
 *
 * The parsers under test take paths, so inputs go through files in one
 * private temporary directory ($TMPDIR), removed at exit. */
#ifndef SER_FUZZ_DRIVER_H
#define SER_FUZZ_DRIVER_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fuzz_one(const unsigned char *data, size_t n);

static char fuzz_dir[512];
static char fuzz_names[8][128];
static int fuzz_n_names;

static void fuzz_cleanup(void)
{
	char p[2048];
	for (int i = 0; i < fuzz_n_names; i++) {
		snprintf(p, sizeof p, "%s/%s", fuzz_dir, fuzz_names[i]);
		unlink(p);
		rmdir(p);  /* names may be directories (tfjs, emo) */
	}
	rmdir(fuzz_dir);
}

/* Path of NAME in the private directory, valid until 8 more calls. Names are registered for removal
 * at exit in creation order, so a harness creates subdirectories first. */
static const char *fuzz_path(const char *name)
{
	static char p[8][600];
	static int next;
	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/ser-fuzz.XXXXXX",
			 t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dir)) {
			perror(fuzz_dir);
			exit(2);
		}
		atexit(fuzz_cleanup);
	}
	int known = 0;
	for (int i = 0; i < fuzz_n_names; i++)
		known |= !strcmp(fuzz_names[i], name);
	if (!known && fuzz_n_names < 8) {
		/* removal in reverse order of creation: files before dirs */
		memmove(fuzz_names[1], fuzz_names[0],
			(size_t)fuzz_n_names * sizeof fuzz_names[0]);
		snprintf(fuzz_names[0], sizeof fuzz_names[0], "%s", name);
		fuzz_n_names++;
	}
	char *s = p[next++ % 8];
	snprintf(s, sizeof p[0], "%s/%s", fuzz_dir, name);
	return s;
}

/* Write n bytes to NAME in the private directory; its path. */
static const char *fuzz_file(const char *name, const void *data, size_t n)
{
	const char *path = fuzz_path(name);
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, n, fp) != n || fclose(fp)) {
		perror(path);
		exit(2);
	}
	return path;
}

/* Split data at the first `sep` into [0, *n1) and the rest after sep
 * (NULL if absent): how a harness takes several files from one input. */
__attribute__((unused))
static const unsigned char *fuzz_split(const unsigned char *data, size_t n,
				       const char *sep, size_t *n1, size_t *n2)
{
	size_t k = strlen(sep);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(data + i, sep, k)) {
			*n1 = i;
			*n2 = n - i - k;
			return data + i + k;
		}
	*n1 = n;
	*n2 = 0;
	return NULL;
}

/* A broken invariant is a finding: abort so AFL++ records a crash. */
#define FUZZ_ASSERT(c) do { if (!(c)) { \
	fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c); \
	abort(); } } while (0)

#ifdef __AFL_COMPILER
__AFL_FUZZ_INIT();
int main(void)
{
	__AFL_INIT();
	unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(10000))
		fuzz_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
#else
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		if (!fp) {
			perror(argv[i]);
			return 2;
		}
		size_t cap = 1 << 16, n = 0, k;
		unsigned char *buf = malloc(cap);
		while (buf && (k = fread(buf + n, 1, cap - n, fp)) > 0)
			if ((n += k) == cap) {
				unsigned char *b = realloc(buf, cap *= 2);
				if (!b)
					free(buf);
				buf = b;
			}
		fclose(fp);
		if (!buf) {
			fprintf(stderr, "%s: out of memory\n", argv[i]);
			return 2;
		}
		int ok = fuzz_one(buf, n);
		free(buf);
		/* FUZZ_VERBOSE=1: does a seed get past the checks? */
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "%s: %s\n", argv[i], ok ? "accepted" : "refused");
	}
	return 0;
}
#endif

#endif
