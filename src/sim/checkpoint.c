/*
 * checkpoint.c - the whole simulation state to a file and back
 * (ax_network_save_state, ax_network_restore_state).  docs/checkpoints.md
 * describes the format; this file owns it and calls the parts, each of
 * which writes and reads its own sections (net/population_state.c,
 * plasticity/state.c).
 *
 * A file is a 32-byte header - magic, format version, flags, payload
 * length, FNV-1a 64 checksum of the payload - and the payload: a
 * fingerprint of the network (dt, seed, populations, projections with a
 * hash of their synapses, modulators, inputs), then the state in tagged
 * sections.  Nothing in it depends on the number of threads, so a file
 * saved with one thread count restores with any other.  Under MPI each
 * rank writes and reads its own part, with the rank section before the
 * fingerprint (sim/checkpoint_ranks.c).
 *
 * Restoring reads the whole file and checks the header and the checksum,
 * builds the network if it is not built yet (as a run would), compares
 * the fingerprint, and then reads the state twice with the same code:
 * once only checking, once storing.  A truncated, corrupted or
 * mismatched file thus leaves the network as it was, with a message that
 * says what differs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/rule.h"
#include "plasticity/plasticity.h"
#include "record/record.h"
#include "sim/sim.h"

#define MAGIC "AXONCKPT"
#define VERSION 1u
#define HEADER_BYTES 32

/* Section tags: four characters, read as a little-endian u32. */
#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define TAG_CLOCK TAG('C', 'L', 'O', 'K')
#define TAG_PARAMS TAG('P', 'A', 'R', 'M')
#define TAG_STATE TAG('S', 'T', 'A', 'T')
#define TAG_COUNTS TAG('C', 'N', 'T', 'S')
#define TAG_PLASTIC TAG('P', 'L', 'A', 'S')
#define TAG_MODULATORS TAG('M', 'O', 'D', 'S')
#define TAG_TRAINS TAG('T', 'R', 'N', 'S')   /* only with spike sources of averaged gaps */
#define TAG_CHEMICAL TAG('C', 'H', 'E', 'M')   /* only with averaged chemical coupling */
#define TAG_LEARNED TAG('A', 'S', 'T', 'D')    /* only with averaged coupling that learns */
#define TAG_LFP TAG('L', 'F', 'P', 'H')        /* the LFP recorders' delayed sums; optional */
#define TAG_END TAG('E', 'N', 'D', '.')

enum { KIND_STATIC, KIND_PLASTIC, KIND_GAP, KIND_GRADED };

static uint8_t projection_kind(const ax_projection_data *p)
{
    return p->gap ? KIND_GAP : p->graded ? KIND_GRADED : p->plastic ? KIND_PLASTIC : KIND_STATIC;
}

static const char *kind_name(uint8_t kind)
{
    static const char *const names[] = {"static", "plastic", "gap junctions", "graded release"};
    return kind < 4 ? names[kind] : "unknown";
}

/* ---- the fingerprint ---- */

/* Every rank hashes every projection, in order and whatever else fails:
 * the hash may gather the ranks' synapses.  *hashes is NULL when out of
 * memory. */
static uint64_t *projection_hashes(const ax_network *net)
{
    uint64_t *h = malloc((net->n_projs ? net->n_projs : 1) * sizeof *h);
    for (uint32_t q = 0; q < net->n_projs; q++) {
        uint64_t x = ax_projection_hash(net, net->projs[q]);
        if (h)
            h[q] = x;
    }
    return h;
}

static void put_fingerprint(const ax_network *net, const uint64_t *hashes, ax_writer *w)
{
    ax_put_f64(w, net->dt);
    ax_put_u64(w, net->seed);
    ax_put_u32(w, net->window);
    ax_put_u32(w, net->n_pops);
    for (uint32_t g = 0; g < net->n_pops; g++) {
        const ax_population_data *p = net->pops[g];
        ax_put_str(w, p->name);
        ax_put_str(w, p->model->name);
        ax_put_u32(w, p->size);
        ax_put_u32(w, p->model->n_params);
        ax_put_u32(w, p->model->n_vars);
        ax_put_u32(w, p->model->n_receptors);
        ax_put_u32(w, p->ring_slots);
    }
    ax_put_u32(w, net->n_projs);
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        ax_put_u32(w, p->from);
        ax_put_u32(w, p->to);
        ax_put_u32(w, p->receptor);
        ax_put_u8(w, projection_kind(p));
        ax_put_u8(w, p->plastic ? (uint8_t)p->plastic->rule.timing : 0);
        ax_put_u8(w, p->plastic && p->plastic->rule.reward);
        ax_put_u8(w, p->plastic && p->plastic->rule.tsodyks_markram);
        if (p->plastic && p->plastic->rule.timing == AX_STDP_EQUATIONS) {
            /* a rule written as equations: which, and with which parameters */
            ax_put_str(w, p->plastic->eqr->name);
            ax_put_u64(w, ax_eqr_fingerprint(p->plastic));
        }
        ax_put_u64(w, p->n_synapses);
        ax_put_u64(w, hashes[q]);
    }
    ax_put_u32(w, net->n_mods);
    for (uint32_t m = 0; m < net->n_mods; m++)
        ax_put_str(w, net->mods[m]->name);
    ax_put_u32(w, net->n_inputs);
    for (uint32_t k = 0; k < net->n_inputs; k++) {
        ax_put_u32(w, net->inputs[k]->pop);
        ax_put_u32(w, (uint32_t)net->inputs[k]->spec.kind);
    }
}

/* "'E' (IF_curr_exp, 100 neurons)" */
static const char *describe_pop(char *buf, size_t len, const char *name, const char *model, uint32_t size)
{
    snprintf(buf, len, "'%s' (%s, %u neurons)", name, model, size);
    return buf;
}

#define DIFFERS(...) ax_fail(net, AX_ERR_ARGUMENT, __VA_ARGS__)

/* *ring_differs: the first population whose delay buffer differs (or
 * UINT32_MAX), told after the projections, whose delays make it. */
static ax_status check_populations(ax_network *net, ax_reader *r, uint32_t *ring_differs, uint32_t *ring_slots)
{
    *ring_differs = UINT32_MAX;
    uint32_t n = ax_get_u32(r);
    if (n != net->n_pops && !r->short_read)
        return DIFFERS("the file has %u populations, this network %u", n, net->n_pops);
    for (uint32_t g = 0; g < n && !r->short_read; g++) {
        const ax_population_data *p = net->pops[g];
        char name[80], model[256], a[400], b[400];
        ax_get_str(r, name, sizeof name);
        ax_get_str(r, model, sizeof model);
        uint32_t size = ax_get_u32(r), n_params = ax_get_u32(r), n_vars = ax_get_u32(r);
        uint32_t n_rec = ax_get_u32(r), slots = ax_get_u32(r);
        if (r->short_read)
            break;
        if (strcmp(name, p->name) || strcmp(model, p->model->name) || size != p->size)
            return DIFFERS("population %u is %s in the file, %s in this network", g,
                           describe_pop(a, sizeof a, name, model, size),
                           describe_pop(b, sizeof b, p->name, p->model->name, p->size));
        if (n_params != p->model->n_params || n_vars != p->model->n_vars || n_rec != p->model->n_receptors)
            return DIFFERS("population '%s': model %s has %u parameters, %u state variables and %u receptors in the "
                           "file, %u, %u and %u here", p->name, model, n_params, n_vars, n_rec, p->model->n_params,
                           p->model->n_vars, p->model->n_receptors);
        if (slots != p->ring_slots && *ring_differs == UINT32_MAX) {
            *ring_differs = g;
            *ring_slots = slots;
        }
    }
    return AX_OK;
}

static ax_status check_projections(ax_network *net, const uint64_t *hashes, ax_reader *r)
{
    uint32_t n = ax_get_u32(r);
    if (n != net->n_projs && !r->short_read)
        return DIFFERS("the file has %u projections, this network %u", n, net->n_projs);
    for (uint32_t q = 0; q < n && !r->short_read; q++) {
        const ax_projection_data *p = net->projs[q];
        uint32_t from = ax_get_u32(r), to = ax_get_u32(r), receptor = ax_get_u32(r);
        uint8_t kind = ax_get_u8(r), timing = ax_get_u8(r), reward = ax_get_u8(r), tm = ax_get_u8(r);
        char rule_name[80] = "";
        uint64_t rule_print = 0;
        if (timing == AX_STDP_EQUATIONS) {
            ax_get_str(r, rule_name, sizeof rule_name);
            rule_print = ax_get_u64(r);
        }
        uint64_t n_syn = ax_get_u64(r), hash = ax_get_u64(r);
        const char *pf = net->pops[p->from]->name, *pt = net->pops[p->to]->name;
        if (r->short_read)
            break;
        if (from != p->from || to != p->to || receptor != p->receptor || kind != projection_kind(p))
            return DIFFERS("projection %u connects populations %u -> %u (receptor %u, %s) in the file, "
                           "'%s' -> '%s' (%u -> %u, receptor %u, %s) here", q, from, to, receptor, kind_name(kind), pf,
                           pt, p->from, p->to, p->receptor, kind_name(projection_kind(p)));
        const ax_plasticity *rule = p->plastic ? &p->plastic->rule : NULL;
        if (rule && (timing != rule->timing || reward != rule->reward || tm != rule->tsodyks_markram))
            return DIFFERS("projection %u ('%s' -> '%s'): another plasticity rule in the file (timing %u, reward %u, "
                           "Tsodyks-Markram %u; here %u, %u, %u)", q, pf, pt, timing, reward, tm, rule->timing,
                           rule->reward, rule->tsodyks_markram);
        if (rule && timing == AX_STDP_EQUATIONS && strcmp(rule_name, p->plastic->eqr->name))
            return DIFFERS("projection %u ('%s' -> '%s'): the file's rule is '%s', this network's '%s'", q, pf, pt,
                           rule_name, p->plastic->eqr->name);
        if (rule && timing == AX_STDP_EQUATIONS && rule_print != ax_eqr_fingerprint(p->plastic))
            return DIFFERS("projection %u ('%s' -> '%s'): rule '%s' is written differently, or has other parameters, "
                           "in the file", q, pf, pt, rule_name);
        if (n_syn != p->n_synapses)
            return DIFFERS("projection %u ('%s' -> '%s') has %llu synapses in the file, %llu in this network", q, pf,
                           pt, (unsigned long long)n_syn, (unsigned long long)p->n_synapses);
        if (hash != hashes[q])
            return DIFFERS("projection %u ('%s' -> '%s'): the synapses differ (sources, targets, delays or weights): "
                           "another connectivity", q, pf, pt);
    }
    return AX_OK;
}

static ax_status check_fingerprint(ax_network *net, const uint64_t *hashes, ax_reader *r)
{
    double dt = ax_get_f64(r);
    uint64_t seed = ax_get_u64(r);
    uint32_t window = ax_get_u32(r);
    if (r->short_read)
        return AX_OK;
    if (dt != net->dt)
        return DIFFERS("dt is %g ms in the file, %g ms in this network", dt, net->dt);
    if (seed != net->seed)
        return DIFFERS("the seed is %llu in the file, %llu in this network (the random streams go on from the "
                       "seed)", (unsigned long long)seed, (unsigned long long)net->seed);
    uint32_t ring_differs, slots = 0;
    ax_status st = check_populations(net, r, &ring_differs, &slots);
    if (!st)
        st = check_projections(net, hashes, r);
    if (st || r->short_read)
        return st;
    if (ring_differs != UINT32_MAX)
        return DIFFERS("population '%s': its delay buffer spans %u steps in the file, %u here (other delays)",
                       net->pops[ring_differs]->name, slots, net->pops[ring_differs]->ring_slots);
    if (window != net->window)
        return DIFFERS("threads meet every %u steps in the file (the smallest delay), every %u here", window,
                       net->window);
    uint32_t n_mods = ax_get_u32(r);
    if (!r->short_read && n_mods != net->n_mods)
        return DIFFERS("the file has %u modulators, this network %u", n_mods, net->n_mods);
    for (uint32_t m = 0; m < n_mods && !r->short_read; m++) {
        char name[256];
        ax_get_str(r, name, sizeof name);
        if (!r->short_read && strcmp(name, net->mods[m]->name))
            return DIFFERS("modulator %u is '%s' in the file, '%s' here", m, name, net->mods[m]->name);
    }
    uint32_t n_inputs = ax_get_u32(r);
    if (!r->short_read && n_inputs != net->n_inputs)
        return DIFFERS("the file has %u inputs, this network %u", n_inputs, net->n_inputs);
    for (uint32_t k = 0; k < n_inputs && !r->short_read; k++) {
        uint32_t pop = ax_get_u32(r), kind = ax_get_u32(r);
        const ax_input_data *in = net->inputs[k];
        if (!r->short_read && (pop != in->pop || kind != (uint32_t)in->spec.kind))
            return DIFFERS("input %u drives population %u (kind %u) in the file, '%s' (kind %u) here", k, pop, kind,
                           net->pops[in->pop]->name, (uint32_t)in->spec.kind);
    }
    return AX_OK;
}

/* ---- the state ---- */

static ax_status expect_tag(ax_network *net, ax_reader *r, uint32_t tag, const char *what)
{
    uint32_t got = ax_get_u32(r);
    if (r->short_read || got == tag)
        return AX_OK;
    return ax_fail(net, AX_ERR_ARGUMENT, "the section of %s is not where it belongs", what);
}

/* Takes the next tag when it is `tag` (an optional section), else leaves it. */
static bool next_tag_is(ax_reader *r, uint32_t tag)
{
    ax_reader peek = *r;
    if (ax_get_u32(&peek) != tag || peek.short_read)
        return false;
    *r = peek;
    return true;
}

static void save_counts(const ax_network *net, ax_writer *w)
{
    uint64_t events = 0;
    for (uint32_t g = 0; g < net->n_pops; g++) {
        uint64_t c = 0;
        for (int k = 0; k < net->threads; k++)
            c += net->thr[k].pop_spikes[g];
        ax_put_u64(w, c);
    }
    for (int k = 0; k < net->threads; k++)
        events += net->thr[k].events;
    ax_put_u64(w, events);
}

/* The counts go to thread 0: only their sums are ever read. */
static void load_counts(ax_network *net, ax_reader *r, bool apply)
{
    uint64_t spikes = 0;
    for (uint32_t g = 0; g < net->n_pops; g++) {
        uint64_t c = ax_get_u64(r);
        spikes += c;
        for (int k = 0; apply && k < net->threads; k++)
            net->thr[k].pop_spikes[g] = k ? 0 : c;
    }
    uint64_t events = ax_get_u64(r);
    if (!apply || r->short_read)
        return;
    for (int k = 0; k < net->threads; k++) {
        net->thr[k].events = k ? 0 : events;
        net->thr[k].spikes[0].n = net->thr[k].spikes[1].n = 0;
        net->thr[k].failed = 0;
    }
    net->spikes = spikes;
    net->events = events;
}

static void save_body(const ax_network *net, ax_writer *w)
{
    ax_put_u32(w, TAG_CLOCK);
    ax_put_i64(w, net->step);
    ax_put_u64(w, net->windows_done);
    ax_put_u32(w, TAG_PARAMS);
    ax_populations_save_params(net, w);
    ax_put_u32(w, TAG_STATE);
    ax_populations_save_state(net, w);
    ax_put_u32(w, TAG_COUNTS);
    save_counts(net, w);
    ax_put_u32(w, TAG_PLASTIC);
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->plastic)
            ax_plastic_save(net, net->projs[q], w);
    ax_put_u32(w, TAG_MODULATORS);
    ax_modulators_save(net, w);
    if (net->last_spike[0]) {
        ax_put_u32(w, TAG_TRAINS);
        ax_averaged_save(net, w);
    }
    if (net->chem_row) {
        ax_put_u32(w, TAG_CHEMICAL);
        ax_chemical_save(net, w);
    }
    if (net->avg_learns) {
        ax_put_u32(w, TAG_LEARNED);
        ax_averaged_weights_save(net, w);
    }
    if (net->n_signal_recs) {   /* optional: files without it restore with no LFP history */
        ax_put_u32(w, TAG_LFP);
        ax_signals_save(net, w);
    }
    ax_put_u32(w, TAG_END);
}

/* Reads the state after the fingerprint: checks it (apply = false) or
 * stores it.  Between the parameters and the state the models prepare,
 * at the restored time, so that what prepare() writes into the state is
 * then overwritten by the file's. */
static ax_status load_body(ax_network *net, ax_reader *r, bool apply)
{
    ax_status st = expect_tag(net, r, TAG_CLOCK, "the clock");
    int64_t step = ax_get_i64(r);
    uint64_t windows = ax_get_u64(r);
    if (!st && !r->short_read && !(step >= 0 && step < (int64_t)9e15))
        st = ax_fail(net, AX_ERR_ARGUMENT, "the time, step %lld, is not allowed", (long long)step);
    if (!st && apply) {
        net->step = step;
        net->windows_done = windows;
    }
    if (!st)
        st = expect_tag(net, r, TAG_PARAMS, "the parameters");
    if (!st)
        st = ax_populations_load_params(net, r, apply);
    if (!st && apply)
        st = ax_prepare_populations(net);
    if (!st)
        st = expect_tag(net, r, TAG_STATE, "the neurons' state");
    if (!st)
        st = ax_populations_load_state(net, r, apply);
    if (!st)
        st = expect_tag(net, r, TAG_COUNTS, "the spike counts");
    if (!st)
        load_counts(net, r, apply);
    if (!st)
        st = expect_tag(net, r, TAG_PLASTIC, "the plastic synapses");
    for (uint32_t q = 0; q < net->n_projs && !st && !r->short_read; q++)
        if (net->projs[q]->plastic)
            st = ax_plastic_load(net, net->projs[q], r, apply);
    if (!st)
        st = expect_tag(net, r, TAG_MODULATORS, "the modulators");
    if (!st)
        st = ax_modulators_load(net, r, apply);
    if (!st && net->last_spike[0])
        st = expect_tag(net, r, TAG_TRAINS, "the spike sources' last spikes");
    if (!st)
        st = ax_averaged_load(net, r, apply);
    if (!st && net->chem_row)
        st = expect_tag(net, r, TAG_CHEMICAL, "the transmitters of averaged chemical coupling");
    if (!st)
        st = ax_chemical_load(net, r, apply);
    if (!st && net->avg_learns)
        st = expect_tag(net, r, TAG_LEARNED, "the learned weights of averaged coupling");
    if (!st && net->avg_learns)
        st = ax_averaged_weights_load(net, r, apply);
    if (!st && next_tag_is(r, TAG_LFP))
        st = ax_signals_load(net, r, apply);
    if (!st)
        st = expect_tag(net, r, TAG_END, "the end");
    if (!st && r->short_read)
        st = ax_fail(net, AX_ERR_ARGUMENT, "the contents end before all of the state was read");
    if (!st && r->at != r->end)
        st = ax_fail(net, AX_ERR_ARGUMENT, "%zu bytes follow the end of the state", (size_t)(r->end - r->at));
    return st;
}

/* ---- files ---- */

/* The header at the start of the buffer, before the payload of n bytes. */
static void fill_header(unsigned char *h, size_t n, uint32_t flags)
{
    memcpy(h, MAGIC, 8);
    ax_store_le(h + 8, VERSION, 4);
    ax_store_le(h + 12, flags, 4);   /* AX_CKPT_RANKS: a rank's part */
    ax_store_le(h + 16, n, 8);
    ax_store_le(h + 24, ax_fnv1a64(h + HEADER_BYTES, n, AX_FNV_OFFSET), 8);
}

/* The checks before a save; then every rank agrees (with one rank: the status as it is). */
static ax_status save_allowed(const ax_network *net, const char *path)
{
    if (!path)
        return ax_fail_null(net, "save state", "path");
    if (!*path)
        return ax_fail(net, AX_ERR_ARGUMENT, "save state: the file name is empty");
    if (!net->core.built)
        return ax_fail(net, AX_ERR_STATE, "save state to '%s': the network is not built yet (run it, or call "
                       "ax_network_build, first)", path);
    if (net->failed)
        return ax_fail(net, AX_ERR_STATE, "save state to '%s': an earlier run of this network failed; its state "
                       "cannot be trusted", path);
    return AX_OK;
}

ax_status ax_network_save_state(const ax_network *net, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_status st = ax_ranks_agree((ax_network *)net, save_allowed(net, path));   /* copies the failing message */
    if (st)
        return st;
    uint64_t id = ax_ckpt_save_id(net);
    uint64_t *hashes = projection_hashes(net);
    static const unsigned char blank[HEADER_BYTES];
    ax_writer w = {0};
    ax_put_bytes(&w, blank, HEADER_BYTES);   /* the header, filled in when the payload is known */
    if (net->ranks > 1)
        ax_ckpt_put_ranks(net, &w, id);
    if (hashes) {
        put_fingerprint(net, hashes, &w);
        save_body(net, &w);
    }
    free(hashes);
    if (w.failed || !hashes)
        st = ax_fail(net, AX_ERR_MEMORY, "save state to '%s': out of memory", path);
    else
        fill_header(w.buf, w.n - HEADER_BYTES, net->ranks > 1 ? AX_CKPT_RANKS : 0);
    /* under a temporary name, renamed when complete (on every rank): never a partial file under the real one */
    st = ax_ckpt_write(net, path, st, w.buf, w.n);
    free(w.buf);
    return st;
}

/* The file's payload after a checked header, in *buf (free it). */
static ax_status read_file(ax_network *net, const char *path, unsigned char **buf, size_t *n, uint32_t *flags_out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;   /* fopen allocates its buffer: it can run out of memory */
        return ax_fail(net, e == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, "restore state: cannot open %s: %s", path,
                       e == ENOMEM ? "out of memory" : strerror(e));
    }
    unsigned char h[HEADER_BYTES];
    size_t got = fread(h, 1, HEADER_BYTES, f);
    if (got < 8 || memcmp(h, MAGIC, 8) != 0) {
        fclose(f);
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': not an axon checkpoint (it does not start "
                       "with the magic number %s)", path, MAGIC);
    }
    if (got < HEADER_BYTES) {
        fclose(f);
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': truncated: %zu bytes, shorter than the "
                       "%d-byte header", path, got, HEADER_BYTES);
    }
    ax_reader r = {h + 8, h + HEADER_BYTES, false};
    uint32_t version = ax_get_u32(&r), flags = ax_get_u32(&r);
    uint64_t length = ax_get_u64(&r), sum = ax_get_u64(&r);
    if (version != VERSION || (flags & ~AX_CKPT_RANKS)) {
        fclose(f);
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': format version %u (flags %u): this axon "
                       "reads version %u", path, version, flags, VERSION);
    }
    if (fseek(f, 0, SEEK_END) != 0 || ftell(f) < 0) {
        fclose(f);
        return ax_fail(net, AX_ERR_IO, "restore state: cannot read %s: %s", path, strerror(errno));
    }
    uint64_t have = (uint64_t)ftell(f) - HEADER_BYTES;
    if (have != length) {
        fclose(f);
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': %s: %llu bytes of contents, the header "
                       "announces %llu", path, have < length ? "truncated" : "too long",
                       (unsigned long long)have, (unsigned long long)length);
    }
    *buf = malloc(length ? (size_t)length : 1);
    if (!*buf) {
        fclose(f);
        return ax_fail(net, AX_ERR_MEMORY, "restore state from '%s': out of memory for %llu bytes", path,
                       (unsigned long long)length);
    }
    bool bad = fseek(f, HEADER_BYTES, SEEK_SET) != 0 || fread(*buf, 1, (size_t)length, f) != length;
    fclose(f);
    if (bad) {
        free(*buf);
        return ax_fail(net, AX_ERR_IO, "restore state: cannot read %s", path);
    }
    if (ax_fnv1a64(*buf, (size_t)length, AX_FNV_OFFSET) != sum) {
        free(*buf);
        return ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': corrupted: the checksum of the contents "
                       "does not match the header's", path);
    }
    *n = (size_t)length;
    *flags_out = flags;
    return AX_OK;
}

/* Puts "restore state from 'path': " before the part's message. */
static ax_status prefix(ax_network *net, ax_status st, const char *path, const char *what)
{
    char msg[sizeof net->core.error];
    snprintf(msg, sizeof msg, "%s", net->core.error);
    return ax_fail(net, st, "restore state from '%s': %s%s", path, what, msg);
}

/* Every step that can fail on one rank alone is agreed before the next
 * collective (sim/checkpoint_ranks.c); with one rank the agreements are
 * the statuses themselves. */
ax_status ax_network_restore_state(ax_network *net, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    char part[4096];
    ax_status st = path ? ax_ckpt_part_path(net, path, part, sizeof part, "restore state")
                        : ax_fail_null(net, "restore state", "path");
    unsigned char *buf = NULL;
    size_t n = 0;
    uint32_t flags = 0;
    if (!st && (st = read_file(net, part, &buf, &n, &flags)))
        buf = NULL, n = 0;   /* read_file freed what it had read */
    ax_reader r = {buf, buf + n, false};
    if (!st)
        st = ax_ckpt_check_count(net, part, flags, &r);
    st = ax_ranks_agree(net, st);
    if (st || (st = ax_network_build(net))) {   /* what a run does first; the fingerprint needs the synapses */
        free(buf);
        return st;
    }
    uint64_t id = 0, *hashes = projection_hashes(net);
    if (flags & AX_CKPT_RANKS)
        st = ax_ckpt_check_split(net, part, &r, &id);
    if (!st && !hashes)
        st = ax_fail(net, AX_ERR_MEMORY, "restore state from '%s': out of memory", part);
    if (!st && (st = check_fingerprint(net, hashes, &r)))
        st = prefix(net, st, part, "the file does not fit this network: ");
    else if (!st && r.short_read)
        st = ax_fail(net, AX_ERR_ARGUMENT, "restore state from '%s': the contents end within the fingerprint", part);
    free(hashes);
    const unsigned char *body = r.at;
    if (!st && (st = load_body(net, &r, false)))
        st = prefix(net, st, part, "");
    st = ax_ckpt_same_save(net, st, id, part);   /* agreed: every rank's part checked */
    if (!st)
        st = ax_ranks_agree(net, ax_state_keep_initial(net));   /* what a reset returns to, if it never ran */
    if (!st) {
        ax_tables_drop(net, false);   /* plastic weights change from here on */
        r = (ax_reader){body, buf + n, false};
        if ((st = load_body(net, &r, true)))
            st = prefix(net, st, part, "failed half-way, the network's state cannot be trusted: ");
        if ((st = ax_ckpt_counts_total(net, st)))   /* agreed: on every rank, or on none */
            net->failed = true;
    }
    free(buf);
    if (st)
        return st;
    net->failed = false;
    return ax_ranks_agree(net, ax_record_restart(net, net->step));
}
