/* report_html.c - the HTML report builder (report.h): a page body in
 * memory, SVG plots from gnuplot into files beside it, index.html written
 * atomically at the end with its table of contents and inline style. */
#define _POSIX_C_SOURCE 200809L
#include "ser/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/outfile.h"
#include "ser/plot.h"
#include "ser/version.h"
#include "plot_gnuplot.h"

#define MAX_SECTIONS 64

struct ser_report {
	char *dir, *title, *gnuplot;
	char *body;          /* open_memstream buffer of fp */
	size_t body_len;
	FILE *fp;
	int n_sec;
	char *sec_id[MAX_SECTIONS], *sec_title[MAX_SECTIONS];
};

/* Readable offline, printable, no external fonts. */
static const char css[] =
	"body{font-family:sans-serif;max-width:1180px;margin:1em auto;"
	"padding:0 1em;color:#222;line-height:1.4}\n"
	"h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}\n"
	"table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
	"th,td{border:1px solid #ccc;padding:.2em .5em}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;"
	"font-family:monospace}\n"
	"th{background:#f2f2f2}\n"
	"pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;"
	"word-break:break-all}\n"
	"figure{display:inline-block;margin:.5em;vertical-align:top}\n"
	"figcaption{font-size:.9em;color:#444;max-width:480px}\n"
	".undef{color:#999}.note{color:#555;font-size:.92em}\n"
	"nav ul{columns:2}\n";

void ser_report_escape(FILE *fp, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

void ser_report_free(ser_report *rp)
{
	if (!rp)
		return;
	if (rp->fp)
		fclose(rp->fp);
	free(rp->body);
	free(rp->dir);
	free(rp->title);
	free(rp->gnuplot);
	for (int i = 0; i < rp->n_sec; i++) {
		free(rp->sec_id[i]);
		free(rp->sec_title[i]);
	}
	free(rp);
}

ser_report *ser_report_open(const char *dir, const char *title,
			    const char *gnuplot, ser_err *err)
{
	ser_plot_opts po;
	memset(&po, 0, sizeof po);
	po.gnuplot = gnuplot;
	ser_report *rp = ser_calloc(1, sizeof *rp, err);
	if (!rp)
		return NULL;
	if (!(rp->gnuplot = ser_gnuplot_find(&po, err)) ||
	    !(rp->dir = ser_strdup(dir, err)) ||
	    !(rp->title = ser_strdup(title, err)))
		goto fail;
	struct stat st;
	if (mkdir(dir, 0777) != 0 &&
	    (errno != EEXIST || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		ser_fail(err, "%s: cannot create the report directory: %s", dir,
			 errno == EEXIST ? "not a directory" : strerror(errno));
		goto fail;
	}
	if (!(rp->fp = open_memstream(&rp->body, &rp->body_len))) {
		ser_fail(err, "out of memory");
		goto fail;
	}
	return rp;
fail:
	ser_report_free(rp);
	return NULL;
}

FILE *ser_report_html(ser_report *rp)
{
	return rp->fp;
}

void ser_report_section(ser_report *rp, const char *id, const char *title)
{
	if (rp->n_sec < MAX_SECTIONS) {
		rp->sec_id[rp->n_sec] = strdup(id);
		rp->sec_title[rp->n_sec] = strdup(title);
		if (rp->sec_id[rp->n_sec] && rp->sec_title[rp->n_sec])
			rp->n_sec++;
	}
	fprintf(rp->fp, "\n<h2 id=\"%s\">", id);
	ser_report_escape(rp->fp, title);
	fputs("</h2>\n", rp->fp);
}

void ser_report_text(ser_report *rp, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fputs("<p>", rp->fp);
	ser_report_escape(rp->fp, buf);
	fputs("</p>\n", rp->fp);
}

int ser_report_plot(ser_report *rp, const char *name, int w, int h,
		    const char *caption, const char *script, ser_err *err)
{
	if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
	    strlen(name))
		return ser_fail(err, "report: bad plot name '%s'", name);
	size_t plen = strlen(rp->dir) + strlen(name) + 6;
	char *path = ser_malloc(plen, err);
	char *full = NULL;
	if (!path)
		return -1;
	snprintf(path, plen, "%s/%s.svg", rp->dir, name);
	/* noenhanced: model and target names are text, not markup */
	const char *term = "set terminal svg size %d,%d font 'sans,11' "
			   "noenhanced background '#ffffff'\nset encoding utf8\n";
	size_t flen = strlen(term) + 40 + strlen(script);
	int rc = -1;
	if (!(full = ser_malloc(flen, err)))
		goto out;
	int k = snprintf(full, flen, term, w, h);
	memcpy(full + k, script, strlen(script) + 1);
	ser_outfile *of = ser_outfile_open(path, 0, err);
	if (!of)
		goto out;
	if (ser_gnuplot_run(rp->gnuplot, full, fileno(of->fp), err) < 0) {
		ser_fail_prefix(err, "report: %s", path);
		ser_outfile_abort(of);
		goto out;
	}
	if (ser_outfile_commit(of, err) < 0)
		goto out;
	fprintf(rp->fp, "<figure><img src=\"%s.svg\" width=\"%d\" height=\"%d\" "
		"alt=\"", name, w, h);
	ser_report_escape(rp->fp, caption);
	fputs("\"><figcaption>", rp->fp);
	ser_report_escape(rp->fp, caption);
	fputs("</figcaption></figure>\n", rp->fp);
	rc = 0;
out:
	free(full);
	free(path);
	return rc;
}

int ser_report_close(ser_report *rp, ser_err *err)
{
	if (fflush(rp->fp) != 0) {
		ser_report_free(rp);
		return ser_fail(err, "out of memory");
	}
	size_t plen = strlen(rp->dir) + 12;
	char *path = ser_malloc(plen, err);
	if (!path) {
		ser_report_free(rp);
		return -1;
	}
	snprintf(path, plen, "%s/index.html", rp->dir);
	ser_outfile *of = ser_outfile_open(path, 0, err);
	free(path);
	if (!of) {
		ser_report_free(rp);
		return -1;
	}
	FILE *o = of->fp;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"ser " SER_VERSION "\">\n<title>", o);
	ser_report_escape(o, rp->title);
	fprintf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	ser_report_escape(o, rp->title);
	fputs("</h1>\n<nav><ul>\n", o);
	for (int i = 0; i < rp->n_sec; i++) {
		fprintf(o, "<li><a href=\"#%s\">", rp->sec_id[i]);
		ser_report_escape(o, rp->sec_title[i]);
		fputs("</a></li>\n", o);
	}
	fputs("</ul></nav>\n", o);
	fwrite(rp->body, 1, rp->body_len, o);
	fputs("\n<footer class=\"note\"><p>Made by ser " SER_VERSION
	      ". Self-contained: this page and its SVG plots work offline.</p>"
	      "</footer>\n</body>\n</html>\n", o);
	ser_report_free(rp);
	return ser_outfile_commit(of, err);
}
