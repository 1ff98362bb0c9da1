/*
 * selection.c - the neurons of a population that an input or a recorder
 * takes: all, the first n, or a list made sorted and distinct.
 */
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

ax_status ax_selection_make(ax_network *net, ax_neurons in, uint32_t size, const char *what,
                            ax_selection *out)
{
    out->list = NULL;
    out->n = 0;
    if (!in.list) {
        if (in.n > size)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: the first %zu neurons were asked for, the population has %u",
                           what, in.n, size);
        out->n = in.n ? (uint32_t)in.n : size;
        return AX_OK;
    }
    if (in.n == 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: the list of neurons is empty", what);
    if (in.n > size)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: %zu neurons listed, the population has %u", what, in.n, size);
    for (size_t k = 0; k < in.n; k++)
        if (in.list[k] >= size)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: neuron index %u (entry %zu of the list) is out of range: the population has %u "
                           "neurons, 0 .. %u",
                           what, in.list[k], k, size, size - 1);
    uint32_t *list = ax_alloc(net, in.n, sizeof *list, what);
    if (!list)
        return AX_ERR_MEMORY;
    memcpy(list, in.list, in.n * sizeof *list);
    qsort(list, in.n, sizeof *list, cmp_u32);
    size_t m = 0;   /* drop repeats: asking twice for a neuron means once */
    for (size_t k = 0; k < in.n; k++)
        if (m == 0 || list[k] != list[m - 1])
            list[m++] = list[k];
    out->list = list;
    out->n = (uint32_t)m;
    return AX_OK;
}

void ax_selection_free(ax_selection *s)
{
    free(s->list);
    s->list = NULL;
    s->n = 0;
}
