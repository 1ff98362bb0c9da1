/*
 * alloc.c - allocation that names what failed, and the memory account.
 *
 * Every size is checked for overflow, every failure becomes a message in
 * the network ("what: out of memory allocating 12.5 MB"), and large
 * structures are planned against the network's memory limit before any
 * of them is allocated, so a model that cannot fit is refused at once
 * with an estimate instead of failing half-built.
 */
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/error.h"

static void *checked_alloc(ax_network *net, size_t count, size_t size, const char *what, int zero)
{
    if (count == 0)
        count = 1;
    if (size && count > SIZE_MAX / size) {
        ax_fail(net, AX_ERR_MEMORY, "%s: %zu x %zu bytes overflows the address space", what, count, size);
        return NULL;
    }
    void *p = zero ? calloc(count, size) : malloc(count * size);
    if (!p)
        ax_fail(net, AX_ERR_MEMORY, "%s: out of memory allocating %.3g MB", what,
                (double)count * (double)size / 1e6);
    return p;
}

void *ax_alloc(ax_network *net, size_t count, size_t size, const char *what)
{
    return checked_alloc(net, count, size, what, 0);
}

void *ax_alloc_zero(ax_network *net, size_t count, size_t size, const char *what)
{
    return checked_alloc(net, count, size, what, 1);
}

void *ax_alloc_large(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge)
        return malloc(bytes ? bytes : 1);
    if (bytes > SIZE_MAX - huge)
        return NULL;
    size_t rounded = (bytes + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, rounded);
    if (p)
        madvise(p, rounded, MADV_HUGEPAGE);   /* a hint: no harm if refused */
    return p;
}

void *ax_alloc_lines(ax_network *net, size_t count, size_t size, const char *what)
{
    if (count == 0)
        count = 1;
    if (size && count > SIZE_MAX / size - AX_CACHE_LINE) {
        ax_fail(net, AX_ERR_MEMORY, "%s: %zu x %zu bytes overflows the address space", what, count, size);
        return NULL;
    }
    size_t bytes = (count * size + AX_CACHE_LINE - 1) / AX_CACHE_LINE * AX_CACHE_LINE;
    void *p = aligned_alloc(AX_CACHE_LINE, bytes);
    if (!p) {
        ax_fail(net, AX_ERR_MEMORY, "%s: out of memory allocating %.3g MB", what, bytes / 1e6);
        return NULL;
    }
    memset(p, 0, bytes);
    return p;
}

ax_status ax_plan_memory(ax_network *net, double bytes, const char *what)
{
    ax_core *core = ax_core_of(net);
    double total = (double)core->memory_planned + bytes;
    if (!(total <= (double)core->memory_limit))
        return ax_fail(net, AX_ERR_MEMORY,
                       "%s would need about %.3g GB (%.3g GB in all with what is already declared), "
                       "more than the memory limit of %.3g GB",
                       what, bytes / 1e9, total / 1e9, (double)core->memory_limit / 1e9);
    core->memory_planned = (uint64_t)total;
    return AX_OK;
}

int ax_grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return -1;
        c *= 2;
    }
    void *p = realloc(*array, c * size);
    if (!p)
        return -1;
    *array = p;
    *cap = c;
    return 0;
}

/* The blocks a caller takes (ax_recorder_take, ax_projection_take_table)
 * come from malloc and realloc here: freeing them is free(). */
void ax_array_free(void *block)
{
    free(block);
}
