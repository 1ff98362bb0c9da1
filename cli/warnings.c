/*
 * warnings.c - the library's warnings (axon.h, "Warnings") as `axon run`
 * and `axon check` print them: once each, to stderr, as
 *     axon run: warning [weight_sign]: projection 1 (I -> E): weight ...
 * They never change the exit status.
 */
#include <stdio.h>

#include "cli.h"

void print_warnings(const ax_network *net, const char *command, size_t *printed)
{
    size_t n = ax_warning_count(net);
    for (; *printed < n; (*printed)++) {
        ax_warning w;
        if (ax_warning_get(net, *printed, &w) == AX_OK)
            fprintf(stderr, "axon %s: warning [%s]: %s\n", command, w.name, w.message);
    }
}
