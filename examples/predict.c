/* predict.c - libser from C: `predict MODEL.ser FILE...` prints
 * file,valence,arousal for each audio file. Build against an installed ser:
 *   cc predict.c $(pkg-config --cflags --libs ser) -o predict */
#include <ser.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: predict MODEL.ser FILE...\n");
		return 2;
	}
	int n = argc - 2, failed = 0, rc = 1;
	char **errs = calloc((size_t)n, sizeof *errs);
	double *out = NULL;
	ser_err err = { "out of memory" };
	ser_inputs *in = NULL;
	ser_model *m = ser_model_load(argv[1], &err);
	if (m && errs)
		in = ser_inputs_from_audio(m, argv + 2, n, 1,
					   ser_model_audio_space(m), errs,
					   &failed, NULL, NULL, &err);
	if (in && (out = malloc((size_t)(in->n + 1) * 2 * sizeof *out)) &&
	    ser_predict_rows(m, in->X, in->n, SER_NORM_MODEL, out, &err) == 0) {
		for (int i = 0; i < n; i++) /* unreadable files, skipped */
			if (errs[i])
				fprintf(stderr, "predict: %s\n", errs[i]);
		printf("file,valence,arousal\n");
		for (int i = 0; i < in->n; i++)
			printf("%s,%.4f,%.4f\n", in->files[i], out[2 * i],
			       out[2 * i + 1]);
		rc = failed ? 1 : 0;
	} else {
		fprintf(stderr, "predict: %s\n", err.msg);
	}
	free(out);
	ser_inputs_free(in);
	ser_model_free(m);
	ser_strv_free(errs, n);
	return rc;
}
