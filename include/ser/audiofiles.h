/* audiofiles.h - turn command-line PATHs into the list of audio files to
 * process.
 *
 * A PATH that is not a directory is taken as given (libsndfile decides
 * whether it is audio; a missing file fails later, reported per file). A
 * directory contributes its files whose extension libsndfile (or the
 * extractor) reads: .wav .wave .flac .ogg .oga .opus .mp3 .aif .aiff .aifc
 * .au .snd .caf .w64 (case-insensitive), and its subdirectories only when
 * `recursive`. Each directory's entries are sorted by name (strcmp), so the
 * order is the same on every machine; hidden entries (".x") are skipped. */
#ifndef SER_AUDIOFILES_H
#define SER_AUDIOFILES_H

#include "ser/error.h"

/* Returns a malloc'd array of *count malloc'd paths (NULL on error, e.g.
 * an unreadable directory). Release with ser_audio_files_free. */
char **ser_audio_files(char *const *paths, int n, int recursive, int *count,
		       ser_err *err);
void ser_audio_files_free(char **files, int count);

/* 1 if the name has one of the extensions above. */
int ser_is_audio_name(const char *name);

#endif
