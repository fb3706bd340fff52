/* json_num.h - numbers in ser's JSON results (internal): printed %.9g
 * (cJSON would print up to 17 digits), and null for NaN or Inf, which
 * JSON cannot hold (an undefined score is null). */
#ifndef SER_JSON_NUM_H
#define SER_JSON_NUM_H

#include <cjson/cJSON.h>

cJSON *ser_json_num(double v);
/* An array of n such numbers. */
cJSON *ser_json_num_array(const double *v, int n);

#endif
