/* table.c - libcsv-driven CSV reader; see table.h.
 *
 * libcsv reports neither line numbers nor offsets, so the parser is fed one
 * line at a time (up to and including its terminator) and we count line
 * terminators ourselves (CR, LF, CRLF each count once): exact
 * file:line:column errors at libcsv's speed.
 *
 * Every cell is text: valid UTF-8 without control bytes (TAB, and CR/LF
 * inside a quoted cell, excepted). A NUL, any other control byte or a
 * broken UTF-8 sequence is refused while reading, in every cell, header
 * included, so that binary garbage never reaches a caller as the text (or
 * the numeric prefix) before it. */
#define _POSIX_C_SOURCE 200809L
#include "ser/table.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

typedef struct builder {
	ser_table *t;
	ser_err *err;
	int failed;
	/* fields of the row in progress */
	char **row;
	int row_n, row_cap;
	int row_line;
	/* all rows */
	char **cells;
	long cells_n, cells_cap;
	int *lines;
	int rows, lines_cap;
	int width;      /* fields per row, fixed by the first row */
	int cur_line;
	int has_header;
} builder;

/* utf8.h */
int ser_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len;
	unsigned lo = 0x80, hi = 0xBF;  /* range of the second byte */
	if (c < 0x80)
		return 1;
	else if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if ((size_t)len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Refuse a cell holding a byte no text (and no number) has. The field has
 * just ended on line b->cur_line; the bad byte's own line is that minus
 * the line breaks after it inside the (quoted) cell. */
static void check_cell(builder *b, const unsigned char *s, size_t len)
{
	size_t i = 0;
	int k = 0;
	const char *what = NULL;
	char code[40];
	while (i < len) {
		unsigned c = s[i];
		if (c == 0)
			what = "NUL byte";
		else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
			 c == 0x7F) {
			snprintf(code, sizeof code, "control byte 0x%02X", c);
			what = code;
		} else if (!(k = ser_utf8_len(s + i, len - i))) {
			snprintf(code, sizeof code,
				 "invalid UTF-8 (byte 0x%02X)", c);
			what = code;
		}
		if (what)
			break;
		i += (size_t)k;
	}
	if (!what)
		return;
	int line = b->cur_line;
	for (size_t j = i + 1; j < len; j++)
		if (s[j] == '\r' || (s[j] == '\n' && s[j - 1] != '\r'))
			line--;
	/* the header names the column once the first row is in */
	const char *name = b->has_header && b->rows > 0 && b->row_n < b->width
		? b->cells[b->row_n] : "";
	ser_fail(b->err, "%s:%d:%d: %s at byte %zu of the cell%s%s%s; a CSV "
		 "table holds text only", b->t->path, line, b->row_n + 1, what,
		 i + 1, *name ? " (column " : "", name, *name ? ")" : "");
	b->failed = 1;
}

static void on_field(void *s, size_t len, void *data)
{
	builder *b = data;
	if (b->failed)
		return;
	if (b->row_n == 0)
		b->row_line = b->cur_line;
	if (b->row_n == b->row_cap) {
		int cap = b->row_cap ? 2 * b->row_cap : 64;
		char **p = realloc(b->row, (size_t)cap * sizeof *p);
		if (!p)
			goto oom;
		b->row = p;
		b->row_cap = cap;
	}
	const char *src = s ? s : "";
	check_cell(b, (const unsigned char *)src, len);
	if (b->failed)
		return;
	char *f = malloc(len + 1);
	if (!f)
		goto oom;
	memcpy(f, src, len);
	f[len] = '\0';
	b->row[b->row_n++] = f;
	return;
oom:
	b->failed = 1;
	ser_fail(b->err, "%s: out of memory", b->t->path);
}

static void on_row(int c, void *data)
{
	(void)c;
	builder *b = data;
	if (b->failed)
		return;
	if (b->row_n == 0)
		return;
	if (b->width == 0) {
		b->width = b->row_n;
	} else if (b->row_n != b->width) {
		ser_fail(b->err, "%s:%d: expected %d fields, found %d",
			 b->t->path, b->row_line, b->width, b->row_n);
		b->failed = 1;
		return;
	}
	if (b->cells_n + b->row_n > b->cells_cap) {
		long cap = b->cells_cap ? 2 * b->cells_cap : 1024;
		while (cap < b->cells_n + b->row_n)
			cap *= 2;
		char **p = realloc(b->cells, (size_t)cap * sizeof *p);
		if (!p)
			goto oom;
		b->cells = p;
		b->cells_cap = cap;
	}
	if (b->rows == b->lines_cap) {
		int cap = b->lines_cap ? 2 * b->lines_cap : 256;
		int *p = realloc(b->lines, (size_t)cap * sizeof *p);
		if (!p)
			goto oom;
		b->lines = p;
		b->lines_cap = cap;
	}
	memcpy(b->cells + b->cells_n, b->row, (size_t)b->row_n * sizeof *b->row);
	b->cells_n += b->row_n;
	b->lines[b->rows++] = b->row_line;
	b->row_n = 0;
	return;
oom:
	b->failed = 1;
	ser_fail(b->err, "%s: out of memory", b->t->path);
}

static void builder_free(builder *b)
{
	for (int i = 0; i < b->row_n; i++)
		free(b->row[i]);
	free(b->row);
	for (long i = 0; i < b->cells_n; i++)
		free(b->cells[i]);
	free(b->cells);
	free(b->lines);
}

ser_table *ser_table_read(const char *path, int has_header, ser_err *err)
{
	ser_table *t = ser_calloc(1, sizeof *t, err);
	if (!t)
		return NULL;
	t->path = ser_strdup(path, err);
	if (!t->path) {
		free(t);
		return NULL;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ser_fail(err, "%s: cannot open: %s", path, strerror(errno));
		ser_table_free(t);
		return NULL;
	}
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	builder b = { .t = t, .err = err, .cur_line = 1,
		      .has_header = has_header };
	char buf[65536];
	size_t n;
	int prev_cr = 0, first = 1;
	while (!b.failed && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
		/* a UTF-8 byte order mark is no part of the first field: skip
		 * it before libcsv sees it, so that a quoted first field
		 * ("\"file\",...") is still quoted */
		size_t i0 = first && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
		first = 0;
		/* libcsv gets the text up to and including each line
		 * terminator in one call: every callback of that call is on
		 * line cur_line, as if fed byte by byte */
		for (size_t i = i0; i < n && !b.failed;) {
			size_t j = i;
			while (j < n && buf[j] != '\r' && buf[j] != '\n')
				j++;
			size_t len = j < n ? j - i + 1 : j - i;
			if (csv_parse(&p, buf + i, len, on_field, on_row, &b) != len) {
				ser_fail(err, "%s:%d: %s", path, b.cur_line,
					 csv_strerror(csv_error(&p)));
				b.failed = 1;
				break;
			}
			if (len > (j < n ? 1 : 0))
				prev_cr = 0;  /* text since the last terminator */
			i += len;
			if (j == n)
				break;  /* the line goes on in the next buffer */
			/* count the terminator after libcsv has seen it, so a
			 * row ended by it is reported on its own line */
			char c = buf[j];
			if (c == '\r')
				b.cur_line++;
			else if (c == '\n' && !prev_cr)
				b.cur_line++;
			prev_cr = (c == '\r');
		}
	}
	if (!b.failed && ferror(fp)) {
		ser_fail(err, "%s: read error: %s", path, strerror(errno));
		b.failed = 1;
	}
	fclose(fp);
	if (!b.failed)
		csv_fini(&p, on_field, on_row, &b);
	csv_free(&p);
	if (!b.failed && b.rows == 0) {
		ser_fail(err, "%s: empty file (no rows)", path);
		b.failed = 1;
	}
	if (b.failed) {
		builder_free(&b);
		ser_table_free(t);
		return NULL;
	}
	free(b.row);
	t->n_cols = b.width;
	if (has_header) {
		t->header = ser_malloc((size_t)b.width * sizeof *t->header, err);
		if (!t->header) {
			b.row = NULL;
			b.row_n = 0;
			builder_free(&b);
			ser_table_free(t);
			return NULL;
		}
		memcpy(t->header, b.cells, (size_t)b.width * sizeof *b.cells);
		memmove(b.cells, b.cells + b.width,
			(size_t)(b.cells_n - b.width) * sizeof *b.cells);
		memmove(b.lines, b.lines + 1, (size_t)(b.rows - 1) * sizeof *b.lines);
		b.rows--;
	}
	t->n_rows = b.rows;
	t->cell = b.cells;
	t->line = b.lines;
	return t;
}

void ser_table_free(ser_table *t)
{
	if (!t)
		return;
	if (t->header)
		for (int j = 0; j < t->n_cols; j++)
			free(t->header[j]);
	free(t->header);
	if (t->cell)
		for (long i = 0; i < (long)t->n_rows * t->n_cols; i++)
			free(t->cell[i]);
	free(t->cell);
	free(t->line);
	free(t->path);
	free(t);
}

int ser_table_col(const ser_table *t, const char *name)
{
	if (!t->header)
		return -1;
	for (int j = 0; j < t->n_cols; j++)
		if (strcmp(t->header[j], name) == 0)
			return j;
	return -1;
}

int ser_parse_double(const char *s, double *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -1;
	/* decimal only: strtod would also take hex ("0x1p3"), "inf" and
	 * "nan(...)", which no CSV writer means as a number here */
	size_t k = strspn(s, "0123456789.eE+-");
	if (s[k] && s[k + strspn(s + k, " \t")])
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int ser_table_double(const ser_table *t, int row, int col, double *out,
		     ser_err *err)
{
	const char *s = ser_table_get(t, row, col);
	if (ser_parse_double(s, out) == 0)
		return 0;
	const char *name = t->header ? t->header[col] : "";
	return ser_fail(err, "%s:%d:%d: %s'%s' is not a finite number%s%s%s",
			t->path, t->line[row], col + 1, "", s,
			*name ? " (column " : "", name, *name ? ")" : "");
}

void ser_csv_field(FILE *fp, const char *s)
{
	/* libcsv trims blanks around an unquoted field: keep them quoted */
	size_t n = strlen(s);
	int edge = n && (strchr(" \t", s[0]) || strchr(" \t", s[n - 1]));
	if (!edge && !strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}
