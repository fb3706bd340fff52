/* table.h - CSV tables read with libcsv, with line numbers for errors.
 *
 * Handles CR (old Mac), LF and CRLF line endings, a UTF-8 BOM, quoted
 * fields and blank lines. Every row must have the same number of fields as
 * the first (the header, when there is one); a ragged row is an error that
 * names file and line.
 *
 * Every cell, header included, must be text: valid UTF-8 with no NUL and
 * no control byte other than TAB (and CR/LF inside a quoted cell). Anything
 * else is an error naming file:line:column (column = field number) and the
 * byte, so binary garbage is never read as text or as its numeric prefix
 * ("0.00206<NUL>junk"). */
#ifndef SER_TABLE_H
#define SER_TABLE_H

#include <stdio.h>

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_table {
	char *path;
	int n_cols;
	char **header;  /* n_cols names, or NULL when read without header */
	int n_rows;     /* data rows (header excluded) */
	char **cell;    /* n_rows * n_cols strings, row-major */
	int *line;      /* 1-based line of each data row in the file */
} ser_table;

/* has_header: first non-blank row is the header. An empty file (no rows at
 * all) is an error. */
SER_API ser_table *ser_table_read(const char *path, int has_header, ser_err *err);
SER_API void ser_table_free(ser_table *t);

static inline const char *ser_table_get(const ser_table *t, int row, int col)
{
	return t->cell[(long)row * t->n_cols + col];
}

/* Column index of `name` in the header (exact match), -1 if absent. */
SER_API int ser_table_col(const ser_table *t, const char *name);

/* Parse a finite decimal double from the whole of s (leading/trailing
 * blanks allowed; digits, '.', 'e', signs: no hex, no "inf"). 0 ok, -1 if
 * empty, anything else follows the number, or NaN/Inf. */
SER_API int ser_parse_double(const char *s, double *out);

/* Parse cell (row, col) as a finite double; on failure the error names
 * file, line and column: "F.csv:12:5: 'abc' is not a number". */
SER_API int ser_table_double(const ser_table *t, int row, int col, double *out,
		     ser_err *err);

/* Write s as one CSV field, RFC 4180-quoted ("" for ") only when it holds
 * a comma, quote, CR or LF or starts or ends with a blank (which libcsv
 * trims from unquoted fields), so plain names stay readable and anything
 * ser_table_read (libcsv) reads back is the same string. */
SER_API void ser_csv_field(FILE *fp, const char *s);

#ifdef __cplusplus
}
#endif

#endif
