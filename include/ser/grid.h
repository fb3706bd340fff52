/* grid.h - hyper-parameter grids over a family's parameters (family.h).
 *
 * A grid is a base spec (the parameters given one value) and dimensions:
 * a parameter and its list of values, each value text as the family's
 * set() takes it, so a grid value means what the same option means on its
 * own. Points are the Cartesian product, the last dimension varying
 * fastest (scikit-learn's ParameterGrid order when dimensions are in
 * alphabetical order, as the SVR's C, epsilon, gamma are); a seeded
 * random subset of them may be taken instead (--random N).
 *
 * List syntax (ser_grid_add): values separated by ',' - by '/' for a
 * LAYERS parameter, whose values hold commas ("50,20/100,50"). An item
 * "B^E1..B^E2" is the powers B^E1, B^(E1+1), ..., B^E2 and
 * "B^E1..B^E2:S" steps the exponent by S ("2^-2..2^6" is 9 values from
 * 0.25 to 64; "10^-3..10^0:0.5" is 7). */
#ifndef SER_GRID_H
#define SER_GRID_H

#include <stdint.h>

#include "ser/error.h"
#include "ser/family.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_GRID_MAX_DIMS 16
#define SER_GRID_MAX_VALUES 1024
#define SER_GRID_MAX_POINTS 100000

typedef struct ser_grid_dim {
	int param;              /* index in the family's parameter list */
	int n;
	char **values;          /* n texts */
} ser_grid_dim;

typedef struct ser_grid {
	ser_spec base;          /* before ser_spec_finish */
	int n_dims;
	ser_grid_dim dim[SER_GRID_MAX_DIMS];
	int n_points;           /* points in use */
	long *points;           /* NULL: the whole product in order; else
				 * the product indices in use (ascending) */
} ser_grid;

/* A grid with no dimension (one point: base). */
SER_API ser_grid *ser_grid_new(const ser_spec *base, ser_err *err);
SER_API void ser_grid_free(ser_grid *g);
SER_API ser_grid *ser_grid_copy(const ser_grid *g, ser_err *err);

/* 1 when text is a list of values for parameter i of f (holds the
 * separator or a range), i.e. meant for a grid. */
SER_API int ser_grid_is_list(const ser_family *f, int i, const char *text);

/* Add parameter i as a dimension with the values of list (checked with
 * the family's set(); the message names the option). Replaces a
 * dimension of the same parameter. */
SER_API int ser_grid_add(ser_grid *g, int i, const char *list, ser_err *err);

/* Keep n points of the product drawn without replacement from seed (all
 * when n >= the product's size), in product order. */
SER_API int ser_grid_random(ser_grid *g, int n, uint64_t seed, ser_err *err);

/* Point p (0..n_points-1) as a finished spec. */
SER_API int ser_grid_spec(const ser_grid *g, int p, ser_spec *out,
			  ser_err *err);

/* The text of dimension j's value at point p. */
SER_API const char *ser_grid_value(const ser_grid *g, int p, int j);

/* Point p's dimension values as a JSON object text {"C":1,"gamma":0.01}
 * (names without the family prefix; numbers as numbers). malloc'd. */
SER_API char *ser_grid_point_json(const ser_grid *g, int p, ser_err *err);

/* "C=1 epsilon=0.1 gamma=0.0135" into buf (dimensions only; "defaults"
 * for a grid without one). */
SER_API void ser_grid_point_text(const ser_grid *g, int p, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif
