/*
 * checkpoint_ranks.c - checkpoints of a network split over MPI ranks
 * (docs/checkpoints.md, "Under MPI"); sim/checkpoint.c calls these.
 *
 * Every rank writes its own part of the checkpoint: rank 0 to PATH, rank
 * r to PATH.rank<r>of<R>.  A part is the one-process format with flag
 * AX_CKPT_RANKS set and, before the fingerprint, the rank section: the
 * ranks, this rank, the save's id (drawn by rank 0, the same in every part
 * of one save) and the split of the neurons (rank_first).  A part holds
 * what its rank holds: the state variables of every neuron (gathered on
 * every rank after each chunk) and, for its own neurons, the delay buffers,
 * the models' prepared data, the plastic synapses onto them with their
 * histories, the learned averaged weights and its spike counts.  Each
 * rank stores back exactly what it saved, so a restored run continues bit
 * for bit; a checkpoint restores only with the number of ranks and the
 * split that saved it (why: docs/checkpoints.md).
 *
 * Every step that can fail on one rank alone is followed by an agreement
 * (ax_ranks_agree) before the next collective: the parts are written under
 * .partial names, renamed only when every rank wrote its own, and removed
 * again when a rename failed anywhere, so that no rank waits alone and no
 * incomplete set of parts keeps the name.  With one rank nothing here
 * exchanges anything and the file is the one-process format, unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/comm.h"
#include "sim/sim.h"

ax_status ax_ckpt_part_path(const ax_network *net, const char *path, char *buf, size_t len, const char *caller)
{
    int n = net->ranks == 1 || net->rank == 0 ? snprintf(buf, len, "%s", path)
                                              : snprintf(buf, len, "%s.rank%dof%d", path, net->rank, net->ranks);
    if (n < 0 || (size_t)n + sizeof ".partial" > len)
        return ax_fail(net, AX_ERR_IO, "%s: the path '%.80s...' is too long (%zu characters)", caller, path,
                       strlen(path));
    return AX_OK;
}

uint64_t ax_ckpt_save_id(const ax_network *net)
{
    if (net->ranks == 1)
        return 0;
    uint64_t id = 0;
    if (net->rank == 0) {   /* distinct for saves at different times or by different jobs */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x[3] = {(uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec, (uint64_t)getpid()};
        id = ax_fnv1a64(x, sizeof x, AX_FNV_OFFSET);
    }
    ax_comm_bcast(&id, sizeof id, 0);
    return id;
}

void ax_ckpt_put_ranks(const ax_network *net, ax_writer *w, uint64_t id)
{
    ax_put_u32(w, (uint32_t)net->ranks);
    ax_put_u32(w, (uint32_t)net->rank);
    ax_put_u64(w, id);
    for (int r = 0; r <= net->ranks; r++)
        ax_put_u32(w, net->rank_first[r]);
}

/* "one process" / "3 MPI ranks" */
static const char *describe_ranks(char *buf, size_t len, uint32_t ranks)
{
    if (ranks == 1)
        snprintf(buf, len, "one process");
    else
        snprintf(buf, len, "%u MPI ranks", ranks);
    return buf;
}

ax_status ax_ckpt_check_count(ax_network *net, const char *path, uint32_t flags, ax_reader *r)
{
    uint32_t ranks = 1, rank = 0;
    if (flags & AX_CKPT_RANKS) {
        ranks = ax_get_u32(r);
        rank = ax_get_u32(r);
        if (r->short_read)
            return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the contents end within the ranks' "
                           "section", path);
        if (ranks < 2 || rank >= ranks)
            return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the ranks' section says rank %u of %u, "
                           "which is not a part of a checkpoint of several ranks", path, rank, ranks);
    }
    char a[40], b[40];
    if (ranks != (uint32_t)net->ranks)
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': saved by %s, while this network runs on %s: "
                       "a checkpoint restores only with the number of ranks that saved it (docs/checkpoints.md, "
                       "\"Under MPI\")", path, describe_ranks(a, sizeof a, ranks),
                       describe_ranks(b, sizeof b, (uint32_t)net->ranks));
    if (rank != (uint32_t)net->rank)
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': it is rank %u's part of the checkpoint, "
                       "read by rank %d", path, rank, net->rank);
    return AX_OK;
}

ax_status ax_ckpt_check_split(ax_network *net, const char *path, ax_reader *r, uint64_t *id)
{
    *id = ax_get_u64(r);
    for (int k = 0; k <= net->ranks; k++) {
        uint32_t first = ax_get_u32(r);
        if (r->short_read)
            return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the contents end within the ranks' "
                           "section", path);
        if (first != net->rank_first[k] && k < net->ranks)
            return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the neurons are split over the ranks "
                           "differently: rank %d's own neurons begin at global id %u in the file, at %u here "
                           "(another network, or another version of axon)", path, k, first, net->rank_first[k]);
        if (first != net->rank_first[k])
            return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the ranks own %u neurons in the file, "
                           "%u here", path, first, net->rank_first[k]);
    }
    return AX_OK;
}

ax_status ax_ckpt_same_save(ax_network *net, ax_status st, uint64_t id, const char *path)
{
    if (net->ranks == 1)
        return st;
    uint64_t first = id;
    ax_comm_bcast(&first, sizeof first, 0);
    if (!st && id != first)
        st = ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': it belongs to another save than rank 0's part "
                     "(the parts of one checkpoint are written together by one ax_network_save_state)", path);
    return ax_ranks_agree(net, st);
}

/* Writes the n bytes to part's temporary name. */
static ax_status write_partial(const ax_network *net, const char *tmp, const char *part, const void *buf, size_t n)
{
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;   /* fopen allocates its buffer: it can run out of memory */
        return ax_fail(net, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "write: cannot create %s: %s", tmp,
                       e == ENOMEM ? "out of memory" : strerror(e));
    }
    bool bad = fwrite(buf, 1, n, f) != n;
    bad |= fclose(f) != 0;
    if (bad) {
        int e = errno;
        remove(tmp);
        return ax_fail(net, AX_ERR_IO, "write: could not write %s: %s", part, strerror(e));
    }
    return AX_OK;
}

ax_status ax_ckpt_write(const ax_network *net, const char *path, ax_status st, const void *buf, size_t n)
{
    ax_network *agreeing = (ax_network *)net;   /* an agreement copies the failing rank's message */
    char part[4096], tmp[4096 + sizeof ".partial"];
    if (!st)
        st = ax_ckpt_part_path(net, path, part, sizeof part, "save state");
    snprintf(tmp, sizeof tmp, "%s.partial", st ? "" : part);
    bool written = false;
    if (!st)
        written = !(st = write_partial(net, tmp, part, buf, n));
    if ((st = ax_ranks_agree(agreeing, st))) {   /* every part written, or none renamed */
        if (written)
            remove(tmp);
        return st;
    }
    bool renamed = rename(tmp, part) == 0;
    if (!renamed) {
        int e = errno;
        remove(tmp);
        st = ax_fail(net, AX_ERR_IO, "write: could not write %s: %s", part, strerror(e));
    }
    if ((st = ax_ranks_agree(agreeing, st)) && renamed)
        remove(part);   /* another rank's part is missing: an incomplete set would restore nowhere */
    return st;
}

ax_status ax_ckpt_counts_total(ax_network *net, ax_status st)
{
    if (net->ranks == 1)
        return st;
    size_t n = (size_t)net->n_pops + 1;
    uint64_t *c = calloc(n, sizeof *c);
    if (!st && !c)
        st = ax_fail(net, AX_ERR_MEMORY, "restore state: out of memory counting the ranks' spikes");
    if ((st = ax_ranks_agree(net, st))) {
        free(c);
        return st;
    }
    for (int k = 0; k < net->threads; k++) {   /* this rank's counts, as restored */
        for (uint32_t g = 0; g < net->n_pops; g++)
            c[g] += net->thr[k].pop_spikes[g];
        c[net->n_pops] += net->thr[k].events;
    }
    ax_comm_allreduce_u64(c, n, AX_COMM_SUM);
    free(net->pop_spikes_all);
    net->pop_spikes_all = c;
    net->spikes = 0;
    for (uint32_t g = 0; g < net->n_pops; g++)
        net->spikes += c[g];
    net->events = c[net->n_pops];
    return AX_OK;
}
