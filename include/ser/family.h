/* family.h - the one regressor interface: a table of model families (SVR,
 * MLP, ridge, ...), each a set of functions over its own parameter struct
 * and its own fitted state. cv, train, predict, model I/O, info and the CLI
 * know regressors only through this table, so adding a family is one file
 * (src/family_NAME.c) plus one entry in src/family.c's table.
 *
 * Hyper-parameters are declarative: each family lists its parameters
 * (ser_param: name, type, default, help). The CLI option of parameter P of
 * family F is --F-P (a BOOL parameter defaulting to on is --F-no-P); help,
 * JSON output and grids are generic over that list, and every value goes
 * through the family's set()/get() as text, so "0.5" means the same on the
 * command line, in a grid and in a report.
 *
 * On disk (model_io.c) a regressor is its family id (u32) followed by the
 * family's save() bytes; the ids are the old model kinds, so every existing
 * .ser file loads unchanged: 0 none, 1 svr, 2 mlp, 3 ridge, 4
 * gradient-boosted trees (xgb). */
#ifndef SER_FAMILY_H
#define SER_FAMILY_H

#include "ser/export.h"

#include <stddef.h>
#include <stdint.h>

#include "ser/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_FAMILY_NONE 0
#define SER_FAMILY_SVR 1
#define SER_FAMILY_MLP 2
#define SER_FAMILY_RIDGE 3
#define SER_FAMILY_XGB 4

typedef enum ser_param_type {
	SER_PARAM_DOUBLE,       /* a finite number (may also take words: gamma) */
	SER_PARAM_INT,
	SER_PARAM_ENUM,         /* one of choices */
	SER_PARAM_LAYERS,       /* comma-separated positive sizes: "50,20" */
	SER_PARAM_BOOL          /* on/off; CLI --F-no-P when it defaults on */
} ser_param_type;

typedef struct ser_param {
	const char *name;       /* "C", "epsilon", "layers": CLI --svr-C */
	ser_param_type type;
	const char *metavar;    /* help: "X", "N", "LIST" (NULL for BOOL) */
	const char *def;        /* default as text, as get() prints it */
	const char *help;       /* help text; '\n' starts a continuation line */
	const char *alias;      /* older option name still accepted, or NULL */
} ser_param;

/* Fitted state is the family's own (ser_svr, ser_mlp, ser_ridge...). */
typedef void ser_fitted;

/* Training rows as a family's fit() sees them: n gathered rows of X and y
 * (X already normalized), and where they are in the full data set (rows,
 * NULL outside cv) so that a family may reuse what its prepare() computed
 * over every row (the SVR's kernel). */
typedef struct ser_fit_rows {
	const double *X, *y;
	int n, d;
	const int *rows;
	void *shared;           /* the family's prepare() result, or NULL */
} ser_fit_rows;

/* Called after each epoch of an iterative fit (the MLP). */
typedef void (*ser_fit_progress)(void *ctx, int epoch, int epochs);

typedef struct ser_wbuf ser_wbuf;  /* model_codec.h */
typedef struct ser_rbuf ser_rbuf;

#define SER_SPEC_BYTES 256

typedef struct ser_family ser_family;

/* One model to fit: a family and its hyper-parameters. Plain data: copy it
 * by value (cv options, grids). */
typedef struct ser_spec {
	const ser_family *family;  /* NULL: no regressor */
	uint32_t given;         /* bit i: parameter i was set explicitly */
	union {                 /* the family's parameter struct */
		max_align_t align_;
		unsigned char bytes[SER_SPEC_BYTES];
	} p;
} ser_spec;

struct ser_family {
	int id;                 /* on-disk id (SER_FAMILY_*) */
	const char *name;       /* "svr": --models / --model and option prefix */
	const char *title;      /* help heading */
	uint32_t format;        /* oldest .ser format version that can hold it */
	const ser_param *params;
	int n_params;
	size_t params_size;     /* sizeof its parameter struct */
	void (*defaults)(void *p);
	/* Parse text into parameter i; -1 with a message without the option
	 * name ("must be > 0"). */
	int (*set)(void *p, int i, const char *text, ser_err *err);
	/* Parameter i as text (what set() takes back). */
	void (*get)(const void *p, int i, char *buf, size_t size);
	/* After the last set(): defaults that depend on other parameters (the
	 * MLP's learning rate follows its optimizer). May be NULL. */
	void (*finish)(void *p, uint32_t given);
	/* Work shared by every fit on subsets of X (n x d), or NULL. */
	void *(*prepare)(const void *p, const double *X, int n, int d,
			 ser_err *err);
	void (*release)(void *shared);
	/* Fit on rows; the seed drives every random choice. *fitted_p (may be
	 * NULL) receives the parameters as fitted, to store with the state
	 * (the MLP records its seed). */
	ser_fitted *(*fit)(const void *p, const ser_fit_rows *rows,
			   uint64_t seed, void *fitted_p, ser_fit_progress cb,
			   void *ctx, ser_err *err);
	/* out[i] for n normalized rows of X (n x d). */
	int (*predict)(const ser_fitted *f, const double *X, int n, int d,
		       double *out, ser_err *err);
	void (*free)(ser_fitted *f);
	/* The state is consistent with d inputs; tn names the target. */
	int (*check)(const ser_fitted *f, int d, const char *tn, ser_err *err);
	/* The .ser payload of one regressor, after its id. */
	void (*save)(ser_wbuf *b, const void *p, const ser_fitted *f, int d);
	ser_fitted *(*load)(ser_rbuf *r, void *p, int d, const char *tn);
	/* Two lines for ser info: the fitted state, then the parameters
	 * (without a trailing newline). */
	void (*describe)(const void *p, const ser_fitted *f, char *state,
			 size_t ns, char *params, size_t np);
	/* Text noted in a trained model's provenance, or NULL. */
	const char *(*note)(const void *p);
	/* Predictions for rows of the X that prepare() was given (rows[i]
	 * indexes it), read from the prepared object: for CV runs that only
	 * score (tuning), where a family may skip the pass over features.
	 * 0 done, 1 cannot (the caller then uses predict()), -1 error. May be
	 * NULL. */
	int (*predict_rows)(const ser_fitted *f, void *shared, const int *rows,
			    int n, double *out, ser_err *err);
};

/* The table (family.c), in the order help and lists show them. */
SER_API extern const ser_family *const ser_families[];
SER_API extern const int ser_n_families;

/* By name ("svr") or on-disk id; NULL when unknown. */
SER_API const ser_family *ser_family_by_name(const char *name);
SER_API const ser_family *ser_family_by_id(int id);
/* "svr, mlp, ridge" into buf. */
SER_API void ser_family_names(char *buf, size_t size);

/* Index of f's parameter called name (or its alias), -1 if none. */
SER_API int ser_param_index(const ser_family *f, const char *name);

/* The family's defaults. */
SER_API void ser_spec_default(ser_spec *s, const ser_family *f);
/* Set parameter i (marks it given); the message names --F-P on failure. */
SER_API int ser_spec_set(ser_spec *s, int i, const char *text, ser_err *err);
SER_API void ser_spec_get(const ser_spec *s, int i, char *buf, size_t size);
/* Apply the family's finish() (call once after the last ser_spec_set). */
SER_API void ser_spec_finish(ser_spec *s);
static inline void *ser_spec_params(ser_spec *s) { return s->p.bytes; }
static inline const void *ser_spec_cparams(const ser_spec *s)
{
	return s->p.bytes;
}

/* The spec as a JSON object text: {"family":"svr","C":1,"gamma":"auto",
 * ...}, every parameter in list order, numbers as numbers (get()'s text),
 * words as strings. malloc'd (free it); NULL when out of memory. For
 * reports and tuning logs. */
SER_API char *ser_spec_json(const ser_spec *s, ser_err *err);

/* The seed of the fit of target t (0 valence, 1 arousal: ser_target) on
 * cv fold f (-1: all rows, as ser train fits): one derivation for cv and
 * train, so every target and fold starts from its own weights and a given
 * (seed, target, fold) always from the same ones. */
SER_API uint64_t ser_fit_seed(uint64_t seed, int target, int fold);

/* Fit a spec on rows and predict m rows of Xte into out (cv's step). */
SER_API int ser_spec_fit_predict(const ser_spec *s, const ser_fit_rows *rows,
			 uint64_t seed, const double *Xte, int m, double *out,
			 ser_fit_progress cb, void *ctx, ser_err *err);

/* x[0..n) rounded to float, malloc'd (n may be 0); NULL when out of
 * memory. For families that compute in float (the MLP, XGBoost). */
SER_API float *ser_floats(const double *x, long n, ser_err *err);

/* Helpers for families' set(): a finite number / an integer in [lo, hi]. */
SER_API int ser_param_double(const char *text, double *out, ser_err *err);
SER_API int ser_param_int(const char *text, long lo, long hi, long *out,
		  ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
