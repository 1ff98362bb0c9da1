/*
 * serial.h - bytes in and out of checkpoint files (sim/checkpoint.c,
 * docs/checkpoints.md): a growing buffer to write into and a bounded
 * cursor to read from, both little-endian whatever the machine, and the
 * FNV-1a 64 checksum.
 *
 * Neither side fails loudly: a writer that runs out of memory and a
 * reader that runs past its end set a flag and go on (reads then give 0),
 * so that the code serialising a part is a plain list of puts or gets and
 * the caller checks the flag once.
 */
#ifndef AX_SERIAL_H
#define AX_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ax_writer {
    unsigned char *buf;
    size_t n, cap;
    bool failed;             /* out of memory: the contents are incomplete */
} ax_writer;

void ax_put_bytes(ax_writer *w, const void *bytes, size_t n);
void ax_put_u8(ax_writer *w, uint8_t x);
void ax_put_u32(ax_writer *w, uint32_t x);
void ax_put_u64(ax_writer *w, uint64_t x);
void ax_put_i64(ax_writer *w, int64_t x);
void ax_put_f64(ax_writer *w, double x);
void ax_put_str(ax_writer *w, const char *s);           /* u32 length, then the bytes */
void ax_put_f64s(ax_writer *w, const double *x, size_t n);
void ax_put_f32s(ax_writer *w, const float *x, size_t n);
/* x as `bytes` little-endian bytes at `at` (a field written before its value was known). */
void ax_store_le(unsigned char *at, uint64_t x, int bytes);

typedef struct ax_reader {
    const unsigned char *at, *end;
    bool short_read;         /* a get ran past the end */
} ax_reader;

uint8_t ax_get_u8(ax_reader *r);
uint32_t ax_get_u32(ax_reader *r);
uint64_t ax_get_u64(ax_reader *r);
int64_t ax_get_i64(ax_reader *r);
double ax_get_f64(ax_reader *r);
/* A string into buf (truncated to len - 1 bytes, always terminated). */
void ax_get_str(ax_reader *r, char *buf, size_t len);
/* n values into x, or skipped when x is NULL (a checking pass). */
void ax_get_f64s(ax_reader *r, double *x, size_t n);
void ax_get_f32s(ax_reader *r, float *x, size_t n);
/* Whether n more elements of `size` bytes are there, without reading them:
 * for counts read from the file, before anything is allocated for them. */
bool ax_reader_has(const ax_reader *r, uint64_t n, size_t size);

/* FNV-1a, 64 bits, over n bytes, continuing from h (start with
 * AX_FNV_OFFSET). */
#define AX_FNV_OFFSET 0xcbf29ce484222325ull
uint64_t ax_fnv1a64(const void *bytes, size_t n, uint64_t h);

#endif
