/*
 * modelfile.c - the loaded model file as an object: its network, its
 * [[schedule]] applied while it runs, the recordings it asks for written
 * out, and freeing it all.  Loading it is io/load.c's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

void ax_modelfile_free(ax_modelfile *m)
{
    if (!m)
        return;
    ax_network_free(m->net);
    for (size_t k = 0; k < m->n_outputs; k++) {
        free(m->outputs[k].file);
        free(m->outputs[k].times_file);
    }
    free(m->outputs);
    for (size_t k = 0; k < m->n_projs; k++)
        free(m->proj_names[k]);
    free(m->proj_names);
    free(m->proj_handles);
    free(m->proj_plastic);
    for (size_t k = 0; k < m->n_weights; k++)
        free(m->weights[k].path);
    free(m->weights);
    free(m->events);
    free(m->name);
    free(m->output_dir);
    free(m->file);
    free(m->pop_pos);
    ax_sweep_data_free(&m->sweep);
    ax_fit_data_free(&m->fit);
    free(m);
}

/* Applies the events due at the current step. */
static ax_status apply_due(ax_modelfile *m)
{
    ax_network *net = m->net;
    int64_t now = llround(ax_network_get_time(net) / ax_network_get_dt(net));
    for (; m->next_event < m->n_events && m->events[m->next_event].step <= now; m->next_event++) {
        const ax_event *e = &m->events[m->next_event];
        ax_status st = AX_OK;
        if (e->add)
            st = ax_modulator_inject(net, e->mod, e->amount);
        if (!st && e->set_on)
            st = ax_projection_set_learning(net, e->proj, e->on);
        if (!st && e->set_rate)
            st = ax_projection_set_learning_rate(net, e->proj, e->rate);
        if (st)
            return st;
    }
    return AX_OK;
}

/* The clock moved without the model file.  Back at 0 (a reset): the
 * schedule starts again, from the learning settings the file starts with
 * (those of its applied events go back).  Later (a restored checkpoint):
 * the events up to now were applied by the run that saved it - their
 * effects are in the state - and the next one is due after now. */
static ax_status follow_clock(ax_modelfile *m, int64_t now)
{
    ax_status st = AX_OK;
    if (now == 0) {
        for (size_t k = 0; k < m->next_event && !st; k++) {
            const ax_event *e = &m->events[k];
            if (e->set_on)
                st = ax_projection_set_learning(m->net, e->proj, true);
            if (!st && e->set_rate)
                st = ax_projection_set_learning_rate(m->net, e->proj, 1.0);
        }
    }
    m->next_event = 0;
    while (now > 0 && m->next_event < m->n_events && m->events[m->next_event].step <= now)
        m->next_event++;
    return st;
}

static ax_status place(ax_modelfile *m, ax_status st, toml_pos pos, const char *path);

/* The build, then the projections' `weights_from` files, once: a run, a
 * reset or a restored checkpoint later keeps what the network has.  A
 * failed import is final: the same message from then on. */
ax_status ax_modelfile_build(ax_modelfile *m)
{
    if (!m)
        return AX_ERR_ARGUMENT;
    if (m->weights_failed)
        return ax_fail(m->net, m->weights_failed, "%s", m->weights_message);
    ax_status st = ax_network_build(m->net);   /* agreed by every rank under mpirun */
    if (st || m->weights_done)
        return st;
    for (size_t k = 0; !st && k < m->n_weights; k++) {
        const ax_weights_file *w = &m->weights[k];
        char path[64];
        snprintf(path, sizeof path, "projections[%zu].weights_from", w->index);
        if ((st = ax_projection_import(m->net, w->proj, w->path, w->format)))
            st = place(m, st, w->pos, path);
    }
    /* a file missing or bad on one node only: every rank stops, with its message */
    ax_network_info info;
    ax_network_get_info(m->net, &info);
    if (info.ranks > 1 && m->n_weights) {
        ax_error e = {st, ""};
        snprintf(e.message, sizeof e.message, "%s", st ? ax_network_get_error(m->net) : "");
        if ((st = ax_mpi_agree(st, &e)))
            ax_fail(m->net, st, "%s", e.message);
    }
    if (st) {
        m->weights_failed = st;
        snprintf(m->weights_message, sizeof m->weights_message, "%s", ax_network_get_error(m->net));
        return st;
    }
    m->weights_done = true;
    return AX_OK;
}

ax_status ax_modelfile_run(ax_modelfile *m, double duration_ms)
{
    if (!m)
        return AX_ERR_ARGUMENT;
    ax_network *net = m->net;
    double dt = ax_network_get_dt(net);
    double steps = duration_ms / dt;
    if (ax_network_validate_duration(net, duration_ms) != AX_OK)
        return ax_network_run(net, duration_ms);   /* the same rule: its message says what is wrong, as a run's */
    if (!m->weights_done) {
        ax_status built = ax_modelfile_build(m);
        if (built)
            return built;
    }
    int64_t now = llround(ax_network_get_time(net) / dt), end = now + llround(steps);
    ax_network_check_run(net, duration_ms);   /* the pieces below are one run: warnings look at its end */
    ax_status st = now != m->at_step ? follow_clock(m, now) : AX_OK;
    if (!st)
        st = apply_due(m);
    while (!st && now < end) {
        int64_t stop = end;
        if (m->next_event < m->n_events && m->events[m->next_event].step < end)
            stop = m->events[m->next_event].step;
        if (stop > now)
            st = ax_network_run(net, (double)(stop - now) * dt);
        now = llround(ax_network_get_time(net) / dt);
        if (!st)
            st = apply_due(m);
        if (!st && now < stop)
            break;   /* stopped early (cannot happen without an error) */
    }
    m->at_step = llround(ax_network_get_time(net) / dt);
    return st;
}

/* ------------------------------------------------------------------ */
/* Validation: what a run of the file checks before its first step      */
/* ------------------------------------------------------------------ */

/* The network's last message placed in the file: "file:line:col: path: ...",
 * "file: --set path: ..." for a value from the command line (pos {0, 0}).
 * The message is copied first: it is the buffer ax_fail writes. */
static ax_status place(ax_modelfile *m, ax_status st, toml_pos pos, const char *path)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", ax_network_get_error(m->net));
    if (pos.line == 0)
        return ax_fail(m->net, st, "%s: --set %s: %s", m->file, path, msg);
    return ax_fail(m->net, st, "%s:%u:%u: %s: %s", m->file, pos.line, pos.col, path, msg);
}

/* The population whose name begins ax_network_validate's message
 * ("population 'NAME' (model): ..."), the longest name that fits; or
 * none (a shortage of memory names no population). */
static bool failed_population(const ax_modelfile *m, ax_population *out)
{
    const char *msg = ax_network_get_error(m->net);
    size_t best = 0;
    for (ax_population k = 0; k < ax_population_count(m->net); k++) {
        ax_population_info info;
        if (ax_population_get_info(m->net, k, &info) != AX_OK)
            continue;
        size_t n = strlen(info.name);
        if (strncmp(msg, "population '", 12) == 0 && strncmp(msg + 12, info.name, n) == 0 &&
            strncmp(msg + 12 + n, "' (", 3) == 0 && n >= best) {
            best = n;
            *out = k;
        }
    }
    return best > 0;
}

ax_status ax_modelfile_validate(ax_modelfile *m)
{
    if (!m)
        return AX_ERR_ARGUMENT;
    ax_network *net = m->net;
    if (isnan(m->duration_ms)) {
        toml_pos p = m->simulation_pos;
        if (p.line)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s:%u:%u: simulation.duration is missing: give it in [simulation] "
                           "(duration = MS) or with --set simulation.duration=MS", m->file, p.line, p.col);
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: simulation.duration is missing: give it in [simulation] "
                       "(duration = MS) or with --set simulation.duration=MS", m->file);
    }
    ax_status st = ax_network_validate_duration(net, m->duration_ms);   /* from the network's time now */
    if (st)
        return place(m, st, m->duration_pos, "simulation.duration");
    st = ax_network_validate(net);
    if (st) {
        ax_population pop;
        if (!failed_population(m, &pop) || pop >= m->n_pop_pos) {
            /* memory, or a population added through the API after loading */
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", ax_network_get_error(net));
            return ax_fail(net, st, "%s: %s", m->file, msg);
        }
        ax_population_info info;
        ax_population_get_info(net, pop, &info);
        char path[300];
        snprintf(path, sizeof path, "populations.%s", info.name);
        return place(m, st, m->pop_pos[pop], path);
    }
    return AX_OK;
}

/* A NULL model file is treated like a NULL network (axon.h, Conventions). */
ax_network *ax_modelfile_get_network(ax_modelfile *m) { return m ? m->net : NULL; }

const char *ax_modelfile_get_projection_name(const ax_modelfile *m, ax_projection proj)
{
    if (!m)
        return NULL;
    for (size_t k = 0; k < m->n_projs; k++)
        if (m->proj_handles[k] == proj)
            return m->proj_names[k];
    return NULL;   /* unnamed, or no projection: not a failure, nothing to say */
}
const char *ax_modelfile_get_name(const ax_modelfile *m) { return m ? m->name : NULL; }
double ax_modelfile_get_duration(const ax_modelfile *m) { return m ? m->duration_ms : NAN; }
const char *ax_modelfile_get_output_dir(const ax_modelfile *m) { return m ? m->output_dir : NULL; }

ax_status ax_modelfile_get_analysis(const ax_modelfile *m, ax_modelfile_analysis *out)
{
    if (!m || !out)
        return AX_ERR_ARGUMENT;
    *out = m->analysis;
    return AX_OK;
}

const char *ax_modelfile_get_recording_file(const ax_modelfile *m, size_t index)
{
    if (!m)
        return NULL;
    size_t k = 0;
    for (size_t o = 0; o < m->n_outputs; o++) {
        if (k++ == index)
            return m->outputs[o].file;
        if (m->outputs[o].times_file && k++ == index)
            return m->outputs[o].times_file;
    }
    return NULL;
}

/* "<dir>/<file>", or an error naming the path when it does not fit. */
static ax_status join(ax_modelfile *m, char *out, size_t len, const char *dir, const char *file)
{
    if (snprintf(out, len, "%s/%s", dir, file) >= (int)len)
        return ax_fail(m->net, AX_ERR_IO, "write recordings: the path %s/%s is too long", dir, file);
    return AX_OK;
}

ax_status ax_modelfile_stream_recordings(ax_modelfile *m, const char *dir)
{
    if (!m)
        return AX_ERR_ARGUMENT;
    if (!dir)
        return ax_fail_null(m->net, "stream recordings", "dir");
    if (m->streamed)
        return ax_fail(m->net, AX_ERR_STATE, "stream recordings: the recordings already stream to their files");
    char a[4096], b[4096];
    for (size_t k = 0; k < m->n_outputs; k++) {
        const ax_output *o = &m->outputs[k];
        if (o->synapses)
            continue;   /* the synapses as they are at the end: written then */
        ax_status st = join(m, a, sizeof a, dir, o->file);
        if (o->positions) {
            /* fixed before the run: written now, with the streams */
            if (!st)
                st = ax_population_write_positions_csv(m->net, o->pop, a);
            if (st)
                return st;
            continue;
        }
        if (!st && o->times_file)
            st = join(m, b, sizeof b, dir, o->times_file);
        if (!st)
            st = o->npy ? ax_recorder_stream_npy(m->net, o->rec, a, b) : ax_recorder_stream_csv(m->net, o->rec, a);
        if (st)
            return st;
    }
    m->streamed = true;
    return AX_OK;
}

ax_status ax_modelfile_write_recordings(ax_modelfile *m, const char *dir)
{
    if (!m)
        return AX_ERR_ARGUMENT;
    if (!dir)
        return ax_fail_null(m->net, "write recordings", "dir");
    char a[4096], b[4096];
    for (size_t k = 0; k < m->n_outputs; k++) {
        const ax_output *o = &m->outputs[k];
        if (m->streamed && !o->synapses)
            continue;   /* on disk already */
        ax_status st = join(m, a, sizeof a, dir, o->file);
        if (!st && o->times_file)
            st = join(m, b, sizeof b, dir, o->times_file);
        if (!st)
            st = o->positions  ? ax_population_write_positions_csv(m->net, o->pop, a)
                 : o->synapses ? ax_projection_write_csv(m->net, o->proj, a)
                 : o->npy    ? ax_recorder_write_npy(m->net, o->rec, a, b)
                             : ax_recorder_write_csv(m->net, o->rec, a);
        if (st)
            return st;
    }
    return AX_OK;
}
