/* model_io.c - the .ser file: header (model.h) + payload, written through a
 * memory buffer so the CRC covers exactly what is written, and read into
 * memory whole so every field is bounds-checked before use.
 *
 * Payload (little-endian; str = u32 length + bytes, no NUL):
 *   u32 d; str space; d x str feature name; d x f64 min; d x f64 max
 *   version >= 2: u32 flags (SER_MODEL_*); str normalizer note
 *   str origin; str data; u64 seed; str date; str version
 *   for target in (valence, arousal):
 *     u32 kind: the family id (family.h: 0 none, 1 svr, 2 mlp, 3 ridge)
 *     the family's own fields, written and read by its save()/load()
 *     (family_svr.c, family_mlp.c, family_ridge.c document them)
 * Any payload bytes left over are rejected. */
#include "ser/model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "model_codec.h"
#include "ser/outfile.h"

#define HEADER_SIZE 24
#define MAX_FEATURES 100000       /* sanity bound against corrupt sizes */
#define MAX_STR (1 << 20)
#define MAX_FILE ((uint64_t)1 << 32)

/* ---- writing ---- */

void ser_put(ser_wbuf *b, const void *src, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *q = realloc(b->p, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, src, n);
	b->n += n;
}

void ser_put_u32(ser_wbuf *b, uint32_t v)
{
	unsigned char c[4];
	for (int i = 0; i < 4; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	ser_put(b, c, 4);
}

void ser_put_u64(ser_wbuf *b, uint64_t v)
{
	unsigned char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	ser_put(b, c, 8);
}

void ser_put_f64(ser_wbuf *b, double v)
{
	uint64_t u;
	memcpy(&u, &v, 8);
	ser_put_u64(b, u);
}

void ser_put_f32(ser_wbuf *b, float v)
{
	uint32_t u;
	memcpy(&u, &v, 4);
	ser_put_u32(b, u);
}

void ser_put_str(ser_wbuf *b, const char *s)
{
	size_t n = strlen(s);
	ser_put_u32(b, (uint32_t)n);
	ser_put(b, s, n);
}

int ser_model_save(const ser_model *m, const char *path, ser_err *err)
{
	if (ser_model_check(m, err))
		return ser_fail_prefix(err, "%s: not saved", path);
	ser_wbuf b = { 0 };
	ser_put_u32(&b, (uint32_t)m->d);
	ser_put_str(&b, m->space);
	for (int j = 0; j < m->d; j++)
		ser_put_str(&b, m->feat_names[j]);
	for (int j = 0; j < m->d; j++)
		ser_put_f64(&b, m->min[j]);
	for (int j = 0; j < m->d; j++)
		ser_put_f64(&b, m->max[j]);
	uint32_t version = ser_model_format_version(m);
	if (version >= 2) {
		ser_put_u32(&b, m->flags);
		ser_put_str(&b, m->norm_note);
	}
	ser_put_str(&b, m->origin);
	ser_put_str(&b, m->data);
	ser_put_u64(&b, m->seed);
	ser_put_str(&b, m->date);
	ser_put_str(&b, m->version);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		const ser_regressor *r = &m->reg[t];
		const ser_family *f = r->spec.family;
		ser_put_u32(&b, f ? (uint32_t)f->id : SER_FAMILY_NONE);
		if (f)
			f->save(&b, ser_spec_cparams(&r->spec), r->fit, m->d);
	}
	if (b.oom) {
		free(b.p);
		return ser_fail(err, "%s: out of memory", path);
	}
	ser_wbuf h = { 0 };
	ser_put(&h, SER_MODEL_MAGIC, 8);
	ser_put_u32(&h, version);
	ser_put_u32(&h, (uint32_t)crc32_z(crc32(0L, Z_NULL, 0), b.p, b.n));
	ser_put_u64(&h, (uint64_t)b.n);
	if (h.oom) {
		free(b.p);
		return ser_fail(err, "%s: out of memory", path);
	}
	ser_outfile *o = ser_outfile_open(path, 1, err);
	int rc = -1;
	if (o) {
		if (fwrite(h.p, 1, h.n, o->fp) != h.n ||
		    fwrite(b.p, 1, b.n, o->fp) != b.n) {
			ser_fail(err, "%s: write error: %s", path, strerror(errno));
			ser_outfile_abort(o);
		} else {
			rc = ser_outfile_commit(o, err);
		}
	}
	free(h.p);
	free(b.p);
	return rc;
}

/* ---- reading ---- */

/* One message for every read past the end: the length field was checked,
 * so this means a size inside the payload is wrong. */
static int take(ser_rbuf *r, void *dst, size_t n, const char *what)
{
	if (r->bad)
		return -1;
	if (n > r->n - r->at) {
		r->bad = 1;
		return ser_fail(r->err, "%s: corrupt model: %s runs past the end "
				"of the payload (offset %zu)", r->path, what,
				HEADER_SIZE + r->at);
	}
	memcpy(dst, r->p + r->at, n);
	r->at += n;
	return 0;
}

uint32_t ser_get_u32(ser_rbuf *r, const char *what)
{
	unsigned char c[4] = { 0 };
	take(r, c, 4, what);
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
	       (uint32_t)c[3] << 24;
}

uint64_t ser_get_u64(ser_rbuf *r, const char *what)
{
	uint64_t lo = ser_get_u32(r, what);
	return lo | (uint64_t)ser_get_u32(r, what) << 32;
}

double ser_get_f64(ser_rbuf *r, const char *what)
{
	uint64_t u = ser_get_u64(r, what);
	double v;
	memcpy(&v, &u, 8);
	return v;
}

float ser_get_f32(ser_rbuf *r, const char *what)
{
	uint32_t u = ser_get_u32(r, what);
	float v;
	memcpy(&v, &u, 4);
	return v;
}

int ser_rbuf_fail(ser_rbuf *r, const char *fmt, ...)
{
	if (r->bad)
		return -1;
	r->bad = 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ser_fail(r->err, "%s: corrupt model: %s", r->path, msg);
}

/* Strings: bounded length, no NUL bytes inside. */
static char *get_str(ser_rbuf *r, const char *what)
{
	uint32_t n = ser_get_u32(r, what);
	if (r->bad)
		return NULL;
	if (n > MAX_STR || n > r->n - r->at) {
		ser_rbuf_fail(r, "%s: string length %ld out of range", what, (long)n);
		return NULL;
	}
	char *s = malloc((size_t)n + 1);
	if (!s) {
		r->bad = 1;
		ser_fail(r->err, "%s: out of memory", r->path);
		return NULL;
	}
	take(r, s, n, what);
	s[n] = '\0';
	if (strlen(s) != n) {
		free(s);
		ser_rbuf_fail(r, "%s: string contains a NUL byte", what);
		return NULL;
	}
	return s;
}

static ser_model *parse_payload(ser_rbuf *r, uint32_t version)
{
	uint32_t d = ser_get_u32(r, "feature count");
	if (r->bad)
		return NULL;
	if (d < 1 || d > MAX_FEATURES) {
		ser_rbuf_fail(r, "feature count %ld out of range", (long)d);
		return NULL;
	}
	char *space = get_str(r, "feature space");
	if (!space)
		return NULL;
	if (strlen(space) >= 64 || !space[0]) {
		ser_rbuf_fail(r, "feature space: tag empty or longer than 63 bytes");
		free(space);
		return NULL;
	}
	/* each name takes at least 4 bytes: bound before allocating */
	char **names = calloc(d, sizeof *names);
	ser_model *m = NULL;
	if (!names) {
		ser_fail(r->err, "%s: out of memory", r->path);
		goto done;
	}
	for (uint32_t j = 0; j < d; j++)
		if (!(names[j] = get_str(r, "feature names")))
			goto done;
	m = ser_model_new((int)d, (const char *const *)names, space, r->err);
	if (!m) {
		r->bad = 1;
		goto done;
	}
	for (uint32_t j = 0; j < d; j++)
		m->min[j] = ser_get_f64(r, "normalizer");
	for (uint32_t j = 0; j < d; j++)
		m->max[j] = ser_get_f64(r, "normalizer");
	if (version >= 2) {
		m->flags = ser_get_u32(r, "flags");
		if (r->bad)
			goto bad;
		if (m->flags & ~SER_MODEL_FLAGS_KNOWN) {
			ser_rbuf_fail(r, "unknown flags 0x%lx", (unsigned long)m->flags);
			goto bad;
		}
		char *s = get_str(r, "normalizer note");
		if (!s)
			goto bad;
		free(m->norm_note);
		m->norm_note = s;
	}
	char **strs[] = { &m->origin, &m->data };
	for (int i = 0; i < 2; i++) {
		char *s = get_str(r, "provenance");
		if (!s)
			goto bad;
		free(*strs[i]);
		*strs[i] = s;
	}
	m->seed = ser_get_u64(r, "seed");
	char **strs2[] = { &m->date, &m->version };
	for (int i = 0; i < 2; i++) {
		char *s = get_str(r, "provenance");
		if (!s)
			goto bad;
		free(*strs2[i]);
		*strs2[i] = s;
	}
	for (int t = 0; t < SER_N_TARGETS; t++) {
		uint32_t kind = ser_get_u32(r, "model kind");
		if (r->bad)
			goto bad;
		if (kind == SER_FAMILY_NONE)
			continue;
		const char *tn = ser_target_names[t];
		const ser_family *f = ser_family_by_id((int)kind);
		if (!f) {
			ser_rbuf_fail(r, "%s: unknown model kind %ld", tn, (long)kind);
			goto bad;
		}
		if (f->format > version) {
			ser_rbuf_fail(r, "%s: a %s model needs format version %u, "
				      "the file says %u", tn, f->name,
				      (unsigned)f->format, (unsigned)version);
			goto bad;
		}
		ser_regressor *reg = &m->reg[t];
		ser_spec_default(&reg->spec, f);
		reg->fit = f->load(r, ser_spec_params(&reg->spec), (int)d, tn);
		if (!reg->fit || r->bad)
			goto bad;
	}
	if (r->at != r->n) {
		ser_rbuf_fail(r, "%ld bytes of unknown data after the last field",
		     (long)(r->n - r->at));
		goto bad;
	}
	if (ser_model_check(m, r->err)) {
		ser_fail_prefix(r->err, "%s: corrupt model", r->path);
		goto bad;
	}
	goto done;
bad:
	ser_model_free(m);
	m = NULL;
done:
	if (names)
		for (uint32_t j = 0; j < d; j++)
			free(names[j]);
	free(names);
	free(space);
	return m;
}

ser_model *ser_model_load(const char *path, ser_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ser_fail(err, "%s: cannot open model: %s", path, strerror(errno));
		return NULL;
	}
	unsigned char h[HEADER_SIZE];
	size_t got = fread(h, 1, HEADER_SIZE, fp);
	if (ferror(fp)) {  /* a directory opens, then fails with EISDIR */
		ser_fail(err, "%s: read error: %s", path, strerror(errno));
		fclose(fp);
		return NULL;
	}
	if (got < 8 || memcmp(h, SER_MODEL_MAGIC, 8) != 0) {
		fclose(fp);
		ser_fail(err, "%s: not a ser model file (no SERMODL signature)",
			 path);
		return NULL;
	}
	if (got < HEADER_SIZE) {
		fclose(fp);
		ser_fail(err, "%s: truncated model file (%zu-byte header cut at "
			 "%zu)", path, (size_t)HEADER_SIZE, got);
		return NULL;
	}
	ser_rbuf hr = { h + 8, HEADER_SIZE - 8, 0, path, err, 0 };
	uint32_t version = ser_get_u32(&hr, "version");
	uint32_t crc = ser_get_u32(&hr, "crc");
	uint64_t len = ser_get_u64(&hr, "length");
	if (version < SER_MODEL_VERSION_MIN || version > SER_MODEL_VERSION) {
		fclose(fp);
		ser_fail(err, "%s: model format version %u is not supported "
			 "(this ser reads versions %u to %u)", path, version,
			 SER_MODEL_VERSION_MIN, SER_MODEL_VERSION);
		return NULL;
	}
	if (len > MAX_FILE) {
		fclose(fp);
		ser_fail(err, "%s: corrupt model: payload length %llu", path,
			 (unsigned long long)len);
		return NULL;
	}
	unsigned char *p = malloc(len ? (size_t)len + 1 : 1);
	if (!p) {
		fclose(fp);
		ser_fail(err, "%s: out of memory", path);
		return NULL;
	}
	/* read one byte more than announced to detect trailing garbage */
	size_t n = fread(p, 1, (size_t)len + 1, fp);
	int rerr = ferror(fp);
	fclose(fp);
	ser_model *m = NULL;
	if (rerr)
		ser_fail(err, "%s: read error", path);
	else if (n < len)
		ser_fail(err, "%s: truncated model file (%llu of %llu payload "
			 "bytes)", path, (unsigned long long)n,
			 (unsigned long long)len);
	else if (n > len)
		ser_fail(err, "%s: corrupt model: data after the announced "
			 "%llu-byte payload", path, (unsigned long long)len);
	else if ((uint32_t)crc32_z(crc32(0L, Z_NULL, 0), p, (z_size_t)len) != crc)
		ser_fail(err, "%s: corrupt model: CRC-32 mismatch (file damaged)",
			 path);
	else {
		ser_rbuf r = { p, (size_t)len, 0, path, err, 0 };
		m = parse_payload(&r, version);
	}
	free(p);
	return m;
}
