/* meta.c - the "meta" object of JSON results and the data fingerprint
 * (meta.h, dataset.h). */
#include "ser/meta.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/version.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* v's 8 bytes least significant first, whatever the host's order */
static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t fnv_double(uint64_t h, double x)
{
	uint64_t v;
	memcpy(&v, &x, sizeof v);
	return fnv_u64(h, v);
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv_bytes(h, s, strlen(s) + 1);  /* with its 0 byte */
}

uint64_t ser_dataset_fingerprint(const ser_dataset *ds)
{
	uint64_t h = FNV_OFFSET;
	h = fnv_u64(h, (uint64_t)ds->n);
	h = fnv_u64(h, (uint64_t)ds->d);
	for (int i = 0; i < ds->n; i++)
		h = fnv_str(h, ds->files[i]);
	for (int j = 0; j < ds->d; j++)
		h = fnv_str(h, ds->feat_names[j]);
	for (long i = 0; i < (long)ds->n * ds->d; i++)
		h = fnv_double(h, ds->X[i]);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		unsigned char present = ds->y[t] != NULL;
		h = fnv_bytes(h, &present, 1);
		for (int i = 0; present && i < ds->n; i++)
			h = fnv_double(h, ds->y[t][i]);
	}
	return h;
}

static int plain(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("_./,:=+@%-", c);
}

char *ser_command_line(int argc, char *const *argv, ser_err *err)
{
	size_t size = 1;
	for (int i = 0; i < argc; i++)
		size += 4 * strlen(argv[i]) + 3;  /* ' -> '\'' at worst */
	char *s = ser_malloc(size, err), *p = s;
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int q = !*a;
		for (const char *c = a; *c && !q; c++)
			q = !plain(*c);
		if (i)
			*p++ = ' ';
		if (q)
			*p++ = '\'';
		for (const char *c = a; *c; c++) {
			if (*c == '\'' && q) {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *c;
			}
		}
		if (q)
			*p++ = '\'';
	}
	*p = '\0';
	return s;
}

char *ser_meta_json(const char *command, const char *path,
		    const ser_dataset *ds, ser_err *err)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o && cJSON_AddStringToObject(o, "ser_version", ser_version());
	if (ok && command)
		ok = cJSON_AddStringToObject(o, "command", command) != NULL;
	if (ok && (path || ds)) {
		cJSON *d = cJSON_AddObjectToObject(o, "data");
		ok = d != NULL;
		if (ok && path)
			ok = cJSON_AddStringToObject(d, "path", path) != NULL;
		if (ok && ds) {
			char fp[40];
			snprintf(fp, sizeof fp, "fnv1a64:%016llx",
				 (unsigned long long)ser_dataset_fingerprint(ds));
			ok = cJSON_AddNumberToObject(d, "rows", ds->n) &&
			     cJSON_AddNumberToObject(d, "features", ds->d) &&
			     cJSON_AddStringToObject(d, "fingerprint", fp);
		}
	}
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s)
		ser_fail(err, "out of memory");
	return s;
}
