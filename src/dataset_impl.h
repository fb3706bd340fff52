/* dataset_impl.h - pieces shared by dataset.c (features tables, alignment,
 * generic labels) and dataset_emo.c (the Emo-Soundscapes layout). Private
 * to libser. */
#ifndef SER_DATASET_IMPL_H
#define SER_DATASET_IMPL_H

#include "ser/dataset.h"
#include "ser/table.h"

/* One target's labels: name -> value, as read from some table. Names and
 * path are borrowed from the table, which must outlive the labelcol. */
typedef struct labelcol {
	const char *path;
	int n;
	const char **name;
	const int *line;   /* file line of each label (for messages) */
	double *v;         /* owned */
} labelcol;

/* Fill ds->files, feat_names, X, n, d from a features table (with header).
 * Checks numbers and duplicate file names. */
int ser_ds_take_features(ser_dataset *ds, const ser_table *t,
		     const ser_dataset_opts *o, ser_err *err);

/* Keep the feature rows that have a label in every non-NULL lab[t]; fill
 * ds->y[t]; warn about names missing on either side. Checks duplicate
 * label names. Fails if no row is left. */
int ser_ds_align(ser_dataset *ds, const char *feat_path,
	     const labelcol *lab[SER_N_TARGETS], ser_err *err);

/* A labels table read and checked as ser_dataset_load_csv does (a 'file'
 * column, a valence or arousal column, numbers in [-1, 1], rows), before
 * anything expensive is done for its files. */
int ser_ds_labels_check(const char *labels_csv, ser_err *err);

/* Append one warning line to ds->warn. -1 on out of memory. */
int ser_ds_warn(ser_dataset *ds, ser_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
