/* modelio.c - the .ser file: header (model.h) + payload, written through a
 * memory buffer so the CRC covers exactly what is written, and read into
 * memory whole so every field is bounds-checked before use.
 *
 * Payload (little-endian; str = u32 length + bytes, no NUL):
 *   u32 d; str space; d x str feature name; d x f64 min; d x f64 max
 *   version 2 only: u32 flags (SER_MODEL_*); str normalizer note
 *   str origin; str data; u64 seed; str date; str version
 *   for target in (valence, arousal):
 *     u32 kind (0 none, 1 svr, 2 mlp)
 *     svr: f64 C, f64 epsilon, u32 gamma_mode, f64 gamma, f64 tol,
 *          u32 shrinking, f64 cache_mb, u32 kernel_f32,
 *          u32 n_sv, f64 gamma (resolved), f64 b,
 *          n_sv*d x f64 support vectors, n_sv x f64 coef
 *     mlp: f32 dropout, u32 optimizer, f32 lr, u32 epochs, u32 batch,
 *          u64 seed, u32 n_layers, (n_layers+1) x u32 sizes,
 *          per layer: sizes[l]*sizes[l+1] x f32 kernel, sizes[l+1] x f32 bias
 * Any payload bytes left over are rejected. */
#include "ser/model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ser/outfile.h"

#define HEADER_SIZE 24
#define MAX_FEATURES 100000       /* sanity bound against corrupt sizes */
#define MAX_STR (1 << 20)
#define MAX_FILE ((uint64_t)1 << 32)

/* ---- writing ---- */

typedef struct wbuf {
	unsigned char *p;
	size_t n, cap;
	int oom;
} wbuf;

static void put(wbuf *b, const void *src, size_t n)
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

static void put_u32(wbuf *b, uint32_t v)
{
	unsigned char c[4];
	for (int i = 0; i < 4; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	put(b, c, 4);
}

static void put_u64(wbuf *b, uint64_t v)
{
	unsigned char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	put(b, c, 8);
}

static void put_f64(wbuf *b, double v)
{
	uint64_t u;
	memcpy(&u, &v, 8);
	put_u64(b, u);
}

static void put_f32(wbuf *b, float v)
{
	uint32_t u;
	memcpy(&u, &v, 4);
	put_u32(b, u);
}

static void put_str(wbuf *b, const char *s)
{
	size_t n = strlen(s);
	put_u32(b, (uint32_t)n);
	put(b, s, n);
}

static void put_svr(wbuf *b, const ser_regressor *r, int d)
{
	const ser_svr_params *p = &r->svr_params;
	put_f64(b, p->C);
	put_f64(b, p->epsilon);
	put_u32(b, (uint32_t)p->gamma_mode);
	put_f64(b, p->gamma);
	put_f64(b, p->tol);
	put_u32(b, (uint32_t)p->shrinking);
	put_f64(b, p->cache_mb);
	put_u32(b, (uint32_t)p->kernel_f32);
	const ser_svr *s = r->svr;
	put_u32(b, (uint32_t)s->n_sv);
	put_f64(b, s->gamma);
	put_f64(b, s->b);
	for (long i = 0; i < (long)s->n_sv * d; i++)
		put_f64(b, s->sv[i]);
	for (int i = 0; i < s->n_sv; i++)
		put_f64(b, s->coef[i]);
}

static void put_mlp(wbuf *b, const ser_regressor *r)
{
	const ser_mlp_params *p = &r->mlp_params;
	put_f32(b, p->dropout);
	put_u32(b, (uint32_t)p->opt);
	put_f32(b, p->lr);
	put_u32(b, (uint32_t)p->epochs);
	put_u32(b, (uint32_t)p->batch);
	put_u64(b, p->seed);
	const ser_mlp *m = r->mlp;
	put_u32(b, (uint32_t)m->n_layers);
	for (int l = 0; l <= m->n_layers; l++)
		put_u32(b, (uint32_t)m->sizes[l]);
	for (int l = 0; l < m->n_layers; l++) {
		long nw = (long)m->sizes[l] * m->sizes[l + 1];
		for (long i = 0; i < nw; i++)
			put_f32(b, m->W[l][i]);
		for (int i = 0; i < m->sizes[l + 1]; i++)
			put_f32(b, m->b[l][i]);
	}
}

int ser_model_save(const ser_model *m, const char *path, ser_err *err)
{
	if (ser_model_check(m, err))
		return ser_fail_prefix(err, "%s: not saved", path);
	wbuf b = { 0 };
	put_u32(&b, (uint32_t)m->d);
	put_str(&b, m->space);
	for (int j = 0; j < m->d; j++)
		put_str(&b, m->feat_names[j]);
	for (int j = 0; j < m->d; j++)
		put_f64(&b, m->min[j]);
	for (int j = 0; j < m->d; j++)
		put_f64(&b, m->max[j]);
	uint32_t version = ser_model_format_version(m);
	if (version >= 2) {
		put_u32(&b, m->flags);
		put_str(&b, m->norm_note);
	}
	put_str(&b, m->origin);
	put_str(&b, m->data);
	put_u64(&b, m->seed);
	put_str(&b, m->date);
	put_str(&b, m->version);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		const ser_regressor *r = &m->reg[t];
		put_u32(&b, (uint32_t)r->kind);
		if (r->kind == SER_REG_SVR)
			put_svr(&b, r, m->d);
		else if (r->kind == SER_REG_MLP)
			put_mlp(&b, r);
	}
	if (b.oom) {
		free(b.p);
		return ser_fail(err, "%s: out of memory", path);
	}
	wbuf h = { 0 };
	put(&h, SER_MODEL_MAGIC, 8);
	put_u32(&h, version);
	put_u32(&h, (uint32_t)crc32_z(crc32(0L, Z_NULL, 0), b.p, b.n));
	put_u64(&h, (uint64_t)b.n);
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

typedef struct rbuf {
	const unsigned char *p;
	size_t n, at;
	const char *path;
	ser_err *err;
	int bad;
} rbuf;

/* One message for every read past the end: the length field was checked,
 * so this means a size inside the payload is wrong. */
static int take(rbuf *r, void *dst, size_t n, const char *what)
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

static uint32_t get_u32(rbuf *r, const char *what)
{
	unsigned char c[4] = { 0 };
	take(r, c, 4, what);
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
	       (uint32_t)c[3] << 24;
}

static uint64_t get_u64(rbuf *r, const char *what)
{
	uint64_t lo = get_u32(r, what);
	return lo | (uint64_t)get_u32(r, what) << 32;
}

static double get_f64(rbuf *r, const char *what)
{
	uint64_t u = get_u64(r, what);
	double v;
	memcpy(&v, &u, 8);
	return v;
}

static float get_f32(rbuf *r, const char *what)
{
	uint32_t u = get_u32(r, what);
	float v;
	memcpy(&v, &u, 4);
	return v;
}

static int fail(rbuf *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(rbuf *r, const char *fmt, ...)
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
static char *get_str(rbuf *r, const char *what)
{
	uint32_t n = get_u32(r, what);
	if (r->bad)
		return NULL;
	if (n > MAX_STR || n > r->n - r->at) {
		fail(r, "%s: string length %ld out of range", what, (long)n);
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
		fail(r, "%s: string contains a NUL byte", what);
		return NULL;
	}
	return s;
}

static int read_svr(rbuf *r, ser_regressor *reg, int d, const char *tn)
{
	ser_svr_params *p = &reg->svr_params;
	p->C = get_f64(r, "SVR C");
	p->epsilon = get_f64(r, "SVR epsilon");
	uint32_t gm = get_u32(r, "SVR gamma mode");
	p->gamma = get_f64(r, "SVR gamma");
	p->tol = get_f64(r, "SVR tol");
	p->shrinking = (int)get_u32(r, "SVR shrinking");
	p->cache_mb = get_f64(r, "SVR cache");
	p->kernel_f32 = (int)get_u32(r, "SVR kernel_f32");
	if (r->bad)
		return -1;
	if (gm > SER_GAMMA_VALUE)
		return fail(r, "%s: unknown SVR gamma mode %ld", tn, (long)gm);
	p->gamma_mode = (ser_gamma_mode)gm;
	uint32_t n_sv = get_u32(r, "SVR size");
	if (r->bad)
		return -1;
	/* every support vector needs 8*(d+1) payload bytes: checking here
	 * keeps a corrupt count from asking for gigabytes */
	if ((uint64_t)n_sv * 8u * ((uint64_t)d + 1) > r->n - r->at)
		return fail(r, "%s: %ld support vectors do not fit in the file",
			    tn, (long)n_sv);
	ser_svr *s = ser_svr_alloc(d, (int)n_sv, r->err);
	if (!s) {
		r->bad = 1;
		return -1;
	}
	reg->kind = SER_REG_SVR;
	reg->svr = s;
	s->gamma = get_f64(r, "SVR gamma");
	s->b = get_f64(r, "SVR intercept");
	for (long i = 0; i < (long)n_sv * d; i++)
		s->sv[i] = get_f64(r, "support vectors");
	for (uint32_t i = 0; i < n_sv; i++)
		s->coef[i] = get_f64(r, "SVR coefficients");
	return r->bad ? -1 : 0;
}

static int read_mlp(rbuf *r, ser_regressor *reg, int d, const char *tn)
{
	ser_mlp_params *p = &reg->mlp_params;
	p->dropout = get_f32(r, "MLP dropout");
	uint32_t opt = get_u32(r, "MLP optimizer");
	p->lr = get_f32(r, "MLP learning rate");
	p->epochs = (int)get_u32(r, "MLP epochs");
	p->batch = (int)get_u32(r, "MLP batch");
	p->seed = get_u64(r, "MLP seed");
	uint32_t nl = get_u32(r, "MLP layer count");
	if (r->bad)
		return -1;
	if (opt > SER_OPT_SGD)
		return fail(r, "%s: unknown MLP optimizer %ld", tn, (long)opt);
	p->opt = (ser_mlp_opt)opt;
	if (nl < 1 || nl > SER_MLP_MAX_LAYERS)
		return fail(r, "%s: MLP has %ld layers", tn, (long)nl);
	int sizes[SER_MLP_MAX_LAYERS + 1];
	uint64_t need = 0;
	for (uint32_t l = 0; l <= nl; l++) {
		uint32_t s = get_u32(r, "MLP sizes");
		if (r->bad)
			return -1;
		if (s < 1 || s > MAX_FEATURES)
			return fail(r, "%s: MLP layer size %ld out of range", tn,
				    (long)s);
		sizes[l] = (int)s;
		if (l > 0)
			need += 4u * ((uint64_t)sizes[l - 1] * s + s);
	}
	if (sizes[0] != d)
		return fail(r, "%s: MLP takes %d inputs, the model has %d features",
			    tn, sizes[0], d);
	if (sizes[nl] != 1)
		return fail(r, "%s: MLP has %d outputs, not 1", tn, sizes[nl]);
	if (need > r->n - r->at)
		return fail(r, "%s: MLP weights (%ld bytes) do not fit in the file",
			    tn, (long)need);
	ser_mlp *m = ser_mlp_new(d, sizes + 1, (int)nl - 1, r->err);
	if (!m) {
		r->bad = 1;
		return -1;
	}
	reg->kind = SER_REG_MLP;
	reg->mlp = m;
	for (uint32_t l = 0; l < nl; l++) {
		long nw = (long)sizes[l] * sizes[l + 1];
		for (long i = 0; i < nw; i++)
			m->W[l][i] = get_f32(r, "MLP weights");
		for (int i = 0; i < sizes[l + 1]; i++)
			m->b[l][i] = get_f32(r, "MLP biases");
	}
	return r->bad ? -1 : 0;
}

static ser_model *parse_payload(rbuf *r, uint32_t version)
{
	uint32_t d = get_u32(r, "feature count");
	if (r->bad)
		return NULL;
	if (d < 1 || d > MAX_FEATURES) {
		fail(r, "feature count %ld out of range", (long)d);
		return NULL;
	}
	char *space = get_str(r, "feature space");
	if (!space)
		return NULL;
	if (strlen(space) >= 64 || !space[0]) {
		fail(r, "feature space: tag empty or longer than 63 bytes");
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
		m->min[j] = get_f64(r, "normalizer");
	for (uint32_t j = 0; j < d; j++)
		m->max[j] = get_f64(r, "normalizer");
	if (version >= 2) {
		m->flags = get_u32(r, "flags");
		if (r->bad)
			goto bad;
		if (m->flags & ~SER_MODEL_FLAGS_KNOWN) {
			fail(r, "unknown flags 0x%lx", (unsigned long)m->flags);
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
	m->seed = get_u64(r, "seed");
	char **strs2[] = { &m->date, &m->version };
	for (int i = 0; i < 2; i++) {
		char *s = get_str(r, "provenance");
		if (!s)
			goto bad;
		free(*strs2[i]);
		*strs2[i] = s;
	}
	for (int t = 0; t < SER_N_TARGETS; t++) {
		uint32_t kind = get_u32(r, "model kind");
		if (r->bad)
			goto bad;
		const char *tn = ser_target_names[t];
		if (kind == SER_REG_SVR) {
			if (read_svr(r, &m->reg[t], (int)d, tn))
				goto bad;
		} else if (kind == SER_REG_MLP) {
			if (read_mlp(r, &m->reg[t], (int)d, tn))
				goto bad;
		} else if (kind != SER_REG_NONE) {
			fail(r, "%s: unknown model kind %ld", tn, (long)kind);
			goto bad;
		}
	}
	if (r->at != r->n) {
		fail(r, "%ld bytes of unknown data after the last field",
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
	rbuf hr = { h + 8, HEADER_SIZE - 8, 0, path, err, 0 };
	uint32_t version = get_u32(&hr, "version");
	uint32_t crc = get_u32(&hr, "crc");
	uint64_t len = get_u64(&hr, "length");
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
		rbuf r = { p, (size_t)len, 0, path, err, 0 };
		m = parse_payload(&r, version);
	}
	free(p);
	return m;
}
