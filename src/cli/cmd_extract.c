/* cmd_extract.c - `ser extract`: the 74 features of audio files as CSV.
 * Argument parsing, the file list and the thread pool; the features are
 * libser's (features.h). Rows come out in input order whatever -j is. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "ser/audio.h"
#include "ser/audiofiles.h"
#include "ser/features.h"
#include "ser/outfile.h"
#include "ser/table.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser extract [-o OUT.csv] [-j N] [-r] [-q] PATH...\n"
		"Extract the 74 features (Meyda 5.6 definitions; mean and population\n"
		"std over 1024-sample Hann frames, hop 512) of each audio file.\n"
		"PATH is a file or a directory; from directories the files with an audio\n"
		"extension (.wav .flac .ogg .mp3 .aiff ...) or that libsndfile can open\n"
		"are taken, in sorted order, as by ser predict (hidden names skipped;\n"
		"-r does not follow symlinked directories). Any format libsndfile decodes;\n"
		"channels are averaged, other rates resampled to 44,100 Hz.\n\n"
		"Options:\n"
		"  -o, --output FILE  write the CSV to FILE atomically (default stdout)\n"
		"  -j, --jobs N       extract with N threads (default 1); row order is\n"
		"                     the input order regardless\n"
		"  -r, --recursive    descend into subdirectories of directory PATHs\n"
		"  -q, --quiet        no progress line on stderr\n"
		"  -h, --help         show this help\n\n"
		"Output: header 'file,' + the 74 feature names, one row per file,\n"
		"values printed with %%.9g. A file that cannot be read is reported as\n"
		"'ser: FILE: reason' and skipped; the exit status is then 1.\n");
}

/* The pool: workers take the next file index; the main thread prints
 * results in index order as they complete. */
typedef struct {
	char **path;
	int n;
	int next;                 /* next index to hand out */
	double (*feat)[SER_N_FEATURES];
	char **errmsg;            /* NULL on success */
	char *done;               /* 1 extracted, 2 failed */
	double partial;           /* sum of the running files' fractions */
	pthread_mutex_t mu;
	pthread_cond_t cv;
} pool;

typedef struct {
	pool *p;
	ser_extractor *x;
	double frac;              /* of the file this worker is on */
} worker;

/* progress callback: keep the pool's sum of partial fractions current */
static void on_progress(void *ud, double f)
{
	worker *w = ud;
	pthread_mutex_lock(&w->p->mu);
	w->p->partial += f - w->frac;
	w->frac = f;
	pthread_mutex_unlock(&w->p->mu);
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *p = w->p;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		int i = p->next < p->n ? p->next++ : -1;
		pthread_mutex_unlock(&p->mu);
		if (i < 0)
			return NULL;
		ser_err err;
		int failed = ser_extract_file(w->x, p->path[i], p->feat[i], &err) != 0;
		pthread_mutex_lock(&p->mu);
		if (failed)
			p->errmsg[i] = strdup(err.msg); /* NULL: reported as OOM */
		p->done[i] = failed ? 2 : 1;
		p->partial -= w->frac;
		w->frac = 0;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outpath = NULL;
	long jobs = 1;
	int recursive = 0, quiet = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:rqh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case 'j':
			if (cli_parse_int("extract", "--jobs", optarg, 1, 256, &jobs))
				return 2;
			break;
		case 'r': recursive = 1; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return cli_usage_error("extract", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no PATH given");

	int status = 0, nfiles = 0;
	ser_err err;
	char **files = ser_audio_files(argv + optind, argc - optind, recursive,
				       &nfiles, &err);
	if (!files) {
		cli_error("%s", err.msg);
		return 1;
	}
	ser_outfile *o = ser_outfile_open(outpath, 0, &err);
	if (!o) {
		cli_error("%s", err.msg);
		ser_audio_files_free(files, nfiles);
		return 1;
	}
	fputs("file", o->fp);
	for (int k = 0; k < SER_N_FEATURES; k++)
		fprintf(o->fp, ",%s", ser_feature_names[k]);
	fputc('\n', o->fp);

	int n = nfiles;
	if (jobs > n)
		jobs = n > 0 ? n : 1;
	pool p = { .path = files, .n = n };
	p.feat = calloc((size_t)(n ? n : 1), sizeof *p.feat);
	p.errmsg = calloc((size_t)(n ? n : 1), sizeof *p.errmsg);
	p.done = calloc((size_t)(n ? n : 1), 1);
	worker *w = calloc((size_t)jobs, sizeof *w);
	pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
	if (!p.feat || !p.errmsg || !p.done || !w || !tid) {
		cli_error("out of memory");
		status = 1;
		goto out;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	int started = 0;
	for (long t = 0; t < jobs; t++) {
		w[t].p = &p;
		if (!(w[t].x = ser_extractor_new(&err))) {
			cli_error("%s", err.msg);
			status = 1;
			break;
		}
		ser_extractor_set_progress(w[t].x, on_progress, &w[t]);
		if (pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
			ser_extractor_free(w[t].x);
			w[t].x = NULL;
			break;
		}
		started++;
	}
	if (started == 0) {
		cli_error("cannot start an extraction thread");
		status = 1;
		n = 0;
	}

	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	int finished = 0; /* files done, in any order, for the progress line */
	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		while (!p.done[i]) {
			if (prog.enabled) {
				/* redraw a few times a second while waiting */
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				ts.tv_nsec += 250000000L;
				if (ts.tv_nsec >= 1000000000L) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000L;
				}
				pthread_cond_timedwait(&p.cv, &p.mu, &ts);
				finished = 0;
				for (int k = 0; k < n; k++)
					finished += p.done[k] != 0;
				double frac = finished + p.partial;
				pthread_mutex_unlock(&p.mu);
				cli_progress(&prog, frac, n, "extract %d/%d",
					     finished, n);
				pthread_mutex_lock(&p.mu);
			} else {
				pthread_cond_wait(&p.cv, &p.mu);
			}
		}
		pthread_mutex_unlock(&p.mu);
		if (p.done[i] == 2) {
			cli_progress_end(&prog);
			if (p.errmsg[i])
				cli_error("%s", p.errmsg[i]);
			else
				cli_error("%s: out of memory", files[i]);
			status = 1;
		} else {
			ser_csv_field(o->fp, files[i]);
			for (int k = 0; k < SER_N_FEATURES; k++)
				fprintf(o->fp, ",%.9g", p.feat[i][k]);
			fputc('\n', o->fp);
		}
	}
	cli_progress_end(&prog);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
out:
	for (long t = 0; w && t < jobs; t++)
		ser_extractor_free(w[t].x);
	if (ser_outfile_commit(o, &err) != 0) {
		cli_error("%s", err.msg);
		status = 1;
	}
	for (int i = 0; p.errmsg && i < nfiles; i++)
		free(p.errmsg[i]);
	free(p.errmsg);
	free(p.feat);
	free(p.done);
	free(w);
	free(tid);
	ser_audio_files_free(files, nfiles);
	return status;
}
