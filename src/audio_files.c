/* audio_files.c - PATH arguments -> sorted audio file list (audio_files.h). */
#define _POSIX_C_SOURCE 200809L
#include "ser/audiofiles.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ser/audio.h"

typedef struct list {
	char **v;
	int n, cap;
} list;

static int push(list *l, const char *s, ser_err *err)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		char **v = realloc(l->v, (size_t)cap * sizeof *v);
		if (!v)
			return ser_fail(err, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = ser_strdup(s, err)))
		return -1;
	l->n++;
	return 0;
}

int ser_is_audio_name(const char *name)
{
	static const char *const ext[] = { "wav", "wave", "flac", "ogg", "oga",
		"opus", "mp3", "aif", "aiff", "aifc", "au", "snd", "caf", "w64",
		"rf64" };
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return 0;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (!strcasecmp(dot + 1, ext[i]))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *dir, int recursive, list *out, ser_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return ser_fail(err, "%s: cannot read directory: %s", dir,
				strerror(errno));
	list names = { 0 };
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && (rc = push(&names, e->d_name, err)))
			break;
	closedir(d);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_str);
	size_t dl = strlen(dir);
	int slash = dl > 0 && dir[dl - 1] == '/';
	for (int i = 0; !rc && i < names.n; i++) {
		size_t len = dl + strlen(names.v[i]) + 2;
		char *p = ser_malloc(len, err);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, len, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
		struct stat st, lst;
		if (stat(p, &st) != 0) {
			/* a dangling link named like audio: let the caller say
			 * why it cannot be read */
			if (ser_is_audio_name(names.v[i]))
				rc = push(out, p, err);
		} else if (S_ISDIR(st.st_mode)) {
			if (recursive && lstat(p, &lst) == 0 &&
			    !S_ISLNK(lst.st_mode))
				rc = walk(p, recursive, out, err);
		} else if (S_ISREG(st.st_mode) &&
			   (ser_is_audio_name(names.v[i]) || ser_audio_probe(p))) {
			/* only regular files: opening a FIFO would block */
			rc = push(out, p, err);
		}
		free(p);
	}
	ser_strv_free(names.v, names.n);
	return rc;
}

char **ser_audio_files(char *const *paths, int n, int recursive, int *count,
		       ser_err *err)
{
	list out = { 0 };
	for (int i = 0; i < n; i++) {
		struct stat st;
		int rc = stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)
			? walk(paths[i], recursive, &out, err)
			: push(&out, paths[i], err);
		if (rc) {
			ser_strv_free(out.v, out.n);
			return NULL;
		}
	}
	*count = out.n;
	if (!out.v)
		out.v = ser_calloc(1, sizeof *out.v, err);
	return out.v;
}

