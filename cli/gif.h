/*
 * gif.h - writing an animated GIF with Debian's giflib: a fixed palette of
 * 256 colours, frames of palette indices written one at a time (memory:
 * one frame), looping forever.  Written under <path>.partial and renamed
 * when complete, so no half-written animation is ever left under its name.
 */
#ifndef AXON_GIF_H
#define AXON_GIF_H

#include <stddef.h>

typedef struct gif_out gif_out;

/* Starts path (w x h pixels, palette[256][3] as 0..255, each frame shown
 * delay_cs hundredths of a second); NULL with a message naming the file. */
gif_out *gif_create(const char *path, int w, int h, const unsigned char (*palette)[3], int delay_cs, char *err,
                    size_t len);

/* One frame: w * h palette indices, row by row from the top. */
int gif_frame(gif_out *g, const unsigned char *pixels, char *err, size_t len);

/* Completes the file and renames it to its path; frees g (also on failure,
 * when the partial file is removed). */
int gif_finish(gif_out *g, char *err, size_t len);

/* Gives up: removes the partial file, frees g. */
void gif_abort(gif_out *g);

#endif
