/* audio_files.h - turn command-line PATHs into the list of audio files to
 * process; ser extract, ser predict and ser train --audio all use it, so
 * they take the same files from the same directory.
 *
 * A PATH that is not a directory is taken as given (libsndfile decides
 * whether it is audio; a missing file fails later, reported per file). A
 * directory contributes its regular files that either have an audio
 * extension (.wav .wave .flac .ogg .oga .opus .mp3 .aif .aiff .aifc .au
 * .snd .caf .w64, case-insensitive: taken even when broken, so that the
 * caller reports the damage instead of silently leaving the file out) or
 * that libsndfile can open (any other format it knows). Subdirectories are
 * walked only when `recursive`, and never through a symbolic link (a link
 * to an ancestor would recurse forever). Each directory's entries are
 * sorted by name (strcmp), so the order is the same on every machine;
 * hidden entries (".x") are skipped. An unreadable directory is an error. */
#ifndef SER_AUDIOFILES_H
#define SER_AUDIOFILES_H

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns a malloc'd array of *count malloc'd paths (NULL on error, e.g.
 * an unreadable directory). Release with ser_strv_free (error.h). */
SER_API char **ser_audio_files(char *const *paths, int n, int recursive, int *count,
		       ser_err *err);

/* 1 if the name has one of the audio extensions above. */
SER_API int ser_is_audio_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
