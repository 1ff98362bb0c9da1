/*
 * alloc.h - allocation that names what failed (core/alloc.c).
 */
#ifndef AX_ALLOC_H
#define AX_ALLOC_H

#include <stddef.h>

#include "axon.h"

/* What one thread writes often gets a cache line of its own: two threads
 * writing neighbouring fields would pass the line back and forth between
 * cores at every spike (false sharing). */
#define AX_CACHE_LINE 64
#define AX_OWN_LINE _Alignas(AX_CACHE_LINE)

/* Allocation that names what failed.  The count*size product is checked for
 * overflow.  NULL means the error is already in net. */
void *ax_alloc(ax_network *net, size_t count, size_t size, const char *what);
void *ax_alloc_zero(ax_network *net, size_t count, size_t size, const char *what);

/* For large arrays that are read at random (synapse rows, ring buffers):
 * 2 MB aligned and marked for transparent huge pages, so that reaching a
 * random row costs one TLB entry per 2 MB instead of per 4 kB.  Small sizes
 * get plain malloc.  free() it. */
void *ax_alloc_large(size_t bytes);

/* Zeroed and aligned to a cache line (for per-thread data); free() it. */
void *ax_alloc_lines(ax_network *net, size_t count, size_t size, const char *what);

/* Fails with AX_ERR_MEMORY (and the estimate) if `bytes` more would exceed
 * the memory limit; otherwise counts them as planned. */
ax_status ax_plan_memory(ax_network *net, double bytes, const char *what);

/* Grows *array (of *cap elements of `size` bytes) to hold at least `need`. */
int ax_grow(void **array, size_t *cap, size_t need, size_t size);

#endif
