/* json_num.c - see json_num.h. */
#include "json_num.h"

#include <math.h>
#include <stdio.h>

cJSON *ser_json_num(double v)
{
	char buf[40];
	if (!isfinite(v))
		return cJSON_CreateNull();
	snprintf(buf, sizeof buf, "%.9g", v);
	return cJSON_CreateRaw(buf);
}

cJSON *ser_json_num_array(const double *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, ser_json_num(v[i]));
	return a;
}
