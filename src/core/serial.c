/*
 * serial.c - little-endian puts and gets over a byte buffer, and FNV-1a
 * (serial.h).  On a little-endian machine arrays are copied whole.
 */
#include "core/serial.h"

#include <stdlib.h>
#include <string.h>

#define LITTLE (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

static unsigned char *room(ax_writer *w, size_t n)
{
    if (w->failed)
        return NULL;
    if (n > w->cap - w->n) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap - w->n < n) {
            if (cap > SIZE_MAX / 2) {
                w->failed = true;
                return NULL;
            }
            cap *= 2;
        }
        unsigned char *b = realloc(w->buf, cap);
        if (!b) {
            w->failed = true;
            return NULL;
        }
        w->buf = b;
        w->cap = cap;
    }
    unsigned char *at = w->buf + w->n;
    w->n += n;
    return at;
}

void ax_put_bytes(ax_writer *w, const void *bytes, size_t n)
{
    unsigned char *at = room(w, n);
    if (at && n)
        memcpy(at, bytes, n);
}

void ax_store_le(unsigned char *at, uint64_t x, int bytes)
{
    for (int k = 0; k < bytes; k++)
        at[k] = (unsigned char)(x >> (8 * k));
}

static void put_le(ax_writer *w, uint64_t x, int bytes)
{
    unsigned char *at = room(w, (size_t)bytes);
    if (at)
        ax_store_le(at, x, bytes);
}

void ax_put_u8(ax_writer *w, uint8_t x) { put_le(w, x, 1); }
void ax_put_u32(ax_writer *w, uint32_t x) { put_le(w, x, 4); }
void ax_put_u64(ax_writer *w, uint64_t x) { put_le(w, x, 8); }
void ax_put_i64(ax_writer *w, int64_t x) { put_le(w, (uint64_t)x, 8); }

void ax_put_f64(ax_writer *w, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    put_le(w, bits, 8);
}

void ax_put_str(ax_writer *w, const char *s)
{
    size_t n = strlen(s);
    ax_put_u32(w, (uint32_t)n);
    ax_put_bytes(w, s, n);
}

void ax_put_f64s(ax_writer *w, const double *x, size_t n)
{
    if (LITTLE && n <= SIZE_MAX / 8) {
        ax_put_bytes(w, x, n * 8);
        return;
    }
    for (size_t k = 0; k < n; k++)
        ax_put_f64(w, x[k]);
}

void ax_put_f32s(ax_writer *w, const float *x, size_t n)
{
    if (LITTLE && n <= SIZE_MAX / 4) {
        ax_put_bytes(w, x, n * 4);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t bits;
        memcpy(&bits, &x[k], sizeof bits);
        put_le(w, bits, 4);
    }
}

bool ax_reader_has(const ax_reader *r, uint64_t n, size_t size)
{
    return !r->short_read && (size == 0 || n <= (uint64_t)(r->end - r->at) / size);
}

/* The next n bytes, or NULL (and short_read) when they are not there. */
static const unsigned char *take(ax_reader *r, size_t n)
{
    if (!ax_reader_has(r, n, 1)) {
        r->short_read = true;
        r->at = r->end;
        return NULL;
    }
    const unsigned char *at = r->at;
    r->at += n;
    return at;
}

static uint64_t get_le(ax_reader *r, int bytes)
{
    const unsigned char *at = take(r, (size_t)bytes);
    uint64_t x = 0;
    for (int k = 0; at && k < bytes; k++)
        x |= (uint64_t)at[k] << (8 * k);
    return x;
}

uint8_t ax_get_u8(ax_reader *r) { return (uint8_t)get_le(r, 1); }
uint32_t ax_get_u32(ax_reader *r) { return (uint32_t)get_le(r, 4); }
uint64_t ax_get_u64(ax_reader *r) { return get_le(r, 8); }
int64_t ax_get_i64(ax_reader *r) { return (int64_t)get_le(r, 8); }

double ax_get_f64(ax_reader *r)
{
    uint64_t bits = get_le(r, 8);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

void ax_get_str(ax_reader *r, char *buf, size_t len)
{
    uint32_t n = ax_get_u32(r);
    const unsigned char *at = take(r, n);
    size_t keep = at ? (n < len - 1 ? n : len - 1) : 0;
    if (keep)
        memcpy(buf, at, keep);
    buf[keep] = '\0';
}

void ax_get_f64s(ax_reader *r, double *x, size_t n)
{
    if (!ax_reader_has(r, n, 8)) {
        take(r, SIZE_MAX);
        return;
    }
    if (!x) {
        r->at += n * 8;
    } else if (LITTLE) {
        memcpy(x, take(r, n * 8), n * 8);
    } else {
        for (size_t k = 0; k < n; k++)
            x[k] = ax_get_f64(r);
    }
}

void ax_get_f32s(ax_reader *r, float *x, size_t n)
{
    if (!ax_reader_has(r, n, 4)) {
        take(r, SIZE_MAX);
        return;
    }
    if (!x) {
        r->at += n * 4;
    } else if (LITTLE) {
        memcpy(x, take(r, n * 4), n * 4);
    } else {
        for (size_t k = 0; k < n; k++) {
            uint32_t bits = (uint32_t)get_le(r, 4);
            memcpy(&x[k], &bits, sizeof bits);
        }
    }
}

uint64_t ax_fnv1a64(const void *bytes, size_t n, uint64_t h)
{
    const unsigned char *b = bytes;
    for (size_t k = 0; k < n; k++)
        h = (h ^ b[k]) * 0x100000001b3ull;
    return h;
}
