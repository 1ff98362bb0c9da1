/*
 * mpi.c - the public collectives for steps outside a network that may fail
 * on some ranks only (docs/mpi.md, "Errors"): ax_mpi_agree, so that every
 * rank stops with the same message instead of waiting alone in the next
 * collective, and ax_mpi_check_same, so that ranks that were given
 * different inputs (a model file edited on one node) say so before they
 * build different halves of different networks.  The network's own steps
 * agree through sim/ranks.c's ax_ranks_agree.
 */
#include <stdio.h>
#include <string.h>

#include "core/comm.h"
#include "core/error.h"
#include "sim/sim.h"

/* A failing rank's status and message, as one block. */
typedef struct verdict {
    int32_t status;
    char message[sizeof ((ax_error *)0)->message];
} verdict;

static bool known_status(ax_status st) { return st <= AX_OK && st >= AX_ERR_INTERRUPTED; }

ax_status ax_mpi_agree(ax_status status, ax_error *err)
{
    int ranks = ax_comm_size(), rank = ax_comm_rank();
    verdict mine = {(int32_t)status, ""};
    if (!known_status(status))
        mine.status = ax_error_fail(err, AX_ERR_ARGUMENT, "mpi agree: status %d is not an ax_status (AX_OK, or "
                                    "AX_ERR_ARGUMENT .. AX_ERR_INTERRUPTED)", (int)status);
    if (mine.status && err && err->message[0])
        snprintf(mine.message, sizeof mine.message, "%s", err->message);
    else if (mine.status)
        snprintf(mine.message, sizeof mine.message, "status %d", (int)mine.status);
    if (ranks == 1) {
        if (mine.status)
            return ax_error_fail(err, mine.status, "%s", mine.message);
        ax_error_ok(err);
        return AX_OK;
    }
    /* the lowest failing rank, and how many failed */
    int64_t lowest = mine.status ? rank : ranks, failed = mine.status != AX_OK;
    ax_comm_allreduce_i64(&lowest, 1, AX_COMM_MIN);
    ax_comm_allreduce_i64(&failed, 1, AX_COMM_SUM);
    if (lowest == ranks) {
        ax_error_ok(err);
        return AX_OK;
    }
    verdict v = mine;
    ax_comm_bcast(&v, sizeof v, (int)lowest);
    v.message[sizeof v.message - 1] = '\0';
    if (failed < ranks)
        return ax_error_fail(err, v.status, "rank %d of %d: %s", (int)lowest, ranks, v.message);
    return ax_error_fail(err, v.status, "%s", v.message);
}

static uint64_t fnv1a(const void *data, size_t bytes)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *c = data;
    for (size_t i = 0; i < bytes; i++) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
    uint64_t n = bytes;   /* the count too: "ab" + "" is not "a" + "b" for callers that hash pieces */
    for (int i = 0; i < 8; i++) {
        h ^= (n >> (8 * i)) & 0xff;
        h *= 1099511628211ull;
    }
    return h;
}

ax_status ax_mpi_check_same(const void *data, size_t bytes, const char *what, ax_error *err)
{
    /* a bad argument on one rank is every rank's failure: agree before comparing */
    ax_status st = !data && bytes ? ax_error_null(err, "mpi check same", "data") : AX_OK;
    if ((st = ax_mpi_agree(st, err)))
        return st;
    int ranks = ax_comm_size();
    if (ranks == 1)
        return AX_OK;
    /* rank 0's hash to every rank, the first rank that differs, its hash: no
     * array of every rank's hashes (nothing to allocate inside collectives) */
    uint64_t h = data ? fnv1a(data, bytes) : fnv1a("", 0), h0 = h, hr;
    ax_comm_bcast(&h0, sizeof h0, 0);
    int64_t first = h != h0 ? ax_comm_rank() : ranks;
    ax_comm_allreduce_i64(&first, 1, AX_COMM_MIN);
    if (first < ranks) {
        hr = h;
        ax_comm_bcast(&hr, sizeof hr, (int)first);
        char name[512];   /* rank 0's name of it: the same message on every rank */
        snprintf(name, sizeof name, "%s", what ? what : "data");
        ax_comm_bcast(name, sizeof name, 0);
        name[sizeof name - 1] = '\0';
        return ax_error_fail(err, AX_ERR_ARGUMENT, "rank %d's %s differs from rank 0's (hash %016llx vs %016llx): "
                             "every rank must give the same", (int)first, name, (unsigned long long)hr,
                             (unsigned long long)h0);
    }
    ax_error_ok(err);
    return AX_OK;
}
