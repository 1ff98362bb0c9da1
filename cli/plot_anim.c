/*
 * plot_anim.c - `axon plot OUTDIR --gif POP`: an animated GIF of a
 * population over its positions, as the seed's lattice.gif: one frame per
 * recorded sample of a state variable (or every k-th), or per time bin of
 * spike counts (--spikes).
 *
 * The recording is read twice, row by row: first for the number of frames
 * and the colour scale (fixed over the whole animation, so a colour means
 * the same value in every frame), then to write the frames one at a time.
 * Memory is one frame and a value per neuron, whatever the recording's size.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lattice_gif.h"
#include "plot.h"
#include "plot_pictures.h"

#define MAX_BINS 1000000   /* spike bins: more is no animation, but a mistake in --bin */

/* ---- frames from samples of a state variable ---- */

typedef struct samples_pass {
    double t0, t1;
    uint32_t n;
    uint64_t in_range;       /* samples in [t0, t1] */
    double lo, hi;           /* their finite values */
    uint64_t every;          /* pass 2: a frame of every every-th */
    anim *a;
    uint64_t frames;
    char *err;
    size_t len;
} samples_pass;

static int count_sample(void *ctx, double t, const double *values)
{
    samples_pass *p = ctx;
    if (t > p->t1)
        return 1;   /* rows are in time order: the rest is later */
    if (t < p->t0)
        return 0;
    p->in_range++;
    for (uint32_t i = 0; i < p->n; i++)
        if (isfinite(values[i]))
            p->lo = fmin(p->lo, values[i]), p->hi = fmax(p->hi, values[i]);
    return 0;
}

static int frame_of_sample(void *ctx, double t, const double *values)
{
    samples_pass *p = ctx;
    if (t > p->t1)
        return 1;
    if (t < p->t0 || p->in_range++ % p->every)
        return 0;
    p->frames++;
    return anim_frame(p->a, t, values, p->err, p->len) ? -1 : 0;
}

/* ---- frames from spike counts per bin ---- */

typedef struct spikes_pass {
    double t0, t1, bin;
    uint64_t n_bins, next;   /* bins done: 0 .. next - 1 */
    uint32_t n;
    double *counts;          /* of bin `next` */
    bool dirty;              /* counts hold spikes */
    double peak;             /* pass 1: the most spikes of a neuron in a bin */
    anim *a;                 /* pass 2 */
    char *err;
    size_t len;
} spikes_pass;

/* Bins next .. upto - 1 are complete: a frame each (pass 2), counts back to 0. */
static int close_bins(spikes_pass *p, uint64_t upto)
{
    for (; p->next < upto; p->next++) {
        if (p->a && anim_frame(p->a, p->t0 + (double)(p->next + 1) * p->bin, p->counts, p->err, p->len))
            return -1;
        if (p->dirty) {
            for (uint32_t i = 0; i < p->n; i++)
                p->peak = fmax(p->peak, p->counts[i]);
            memset(p->counts, 0, p->n * sizeof *p->counts);
            p->dirty = false;
        }
    }
    return 0;
}

static int bin_spike(void *ctx, double t, uint32_t neuron)
{
    spikes_pass *p = ctx;
    if (t <= p->t0)
        return 0;   /* spike times are step ends: bin b holds (t0 + b bin, t0 + (b + 1) bin] */
    if (t > p->t1)
        return 1;
    double x = (t - p->t0) / p->bin;
    uint64_t b = x >= (double)p->n_bins ? p->n_bins - 1 : (uint64_t)ceil(x) - 1;
    if (b > p->next && close_bins(p, b))
        return -1;
    p->counts[neuron] += 1;
    p->dirty = true;
    return 0;
}

/* ---- the animation ---- */

static int check_out(const picture_opts *o)
{
    size_t n = o->out ? strlen(o->out) : 0;
    if (o->out && (n < 5 || strcmp(o->out + n - 4, ".gif"))) {
        fprintf(stderr, "axon plot: --out %s: an animation is written as .gif\n", o->out);
        return EXIT_USAGE;
    }
    return 0;
}

static int auto_cell(const lattice *l)
{
    double most = l->grid ? fmax(l->nx, l->ny) : 2 * sqrt((double)l->n);
    int cell = (int)(400 / most);
    return cell < 2 ? 2 : cell > 32 ? 32 : cell;
}

int plot_animation(const picture_run *r, const picture_opts *o)
{
    const char *pop = o->gif, *model, *var = o->variable ? o->variable : "v";
    uint32_t n;
    int st = check_out(o);
    lattice l = {0};
    if (!st)
        st = pic_population(r, "--gif", pop, &n, &model);
    if (!st)
        st = pic_lattice(r, "--gif", pop, n, &l);
    if (st)
        return st;
    n = l.n;
    char file[4300], path[4300], name[300], err[1200], label[300], note[300] = "";
    int cell = o->cell ? (int)o->cell : auto_cell(&l);
    int delay_cs = (int)lround(100.0 / (double)o->fps);
    double lo, hi;
    plot_cells where;
    int w = 0, h = 0;
    uint64_t frames = 0;
    anim *a = NULL;
    if (o->spikes) {
        spikes_pass p = {o->from, o->to, isnan(o->bin_ms) ? plot_rate_bin_ms(o->from, o->to) : o->bin_ms, 0, 0, n,
                         calloc(n, sizeof(double)), false, 0, NULL, err, sizeof err};
        p.bin *= (double)o->every;
        double bins = ceil((p.t1 - p.t0) / p.bin - 1e-9);
        if (!p.counts) {
            fprintf(stderr, "axon plot: out of memory\n");
            st = EXIT_RUN;
        } else if (!(bins >= 1 && bins <= MAX_BINS)) {
            fprintf(stderr, "axon plot: --gif %s --spikes: bins of %g ms over %g to %g ms make %g frames; "
                            "at most %d: choose a larger --bin\n", pop, p.bin, p.t0, p.t1, bins, MAX_BINS);
            st = EXIT_USAGE;
        } else if (bins > (double)o->max_frames) {
            fprintf(stderr, "axon plot: --gif %s --spikes: bins of %g ms over %g to %g ms make %.0f frames, more than "
                            "--max-frames %lld: choose a larger --bin (or --every), a shorter --from/--to, or "
                            "a larger --max-frames\n", pop, p.bin, p.t0, p.t1, bins, o->max_frames);
            st = EXIT_USAGE;
        }
        p.n_bins = (uint64_t)bins;
        if (!st)
            st = pic_spike_file(r, "--gif", pop, file, sizeof file);
        /* pass 1: the most spikes of a neuron in one bin */
        if (!st && (lattice_scan_spikes(file, pop, n, bin_spike, &p, err, sizeof err) < 0 ||
                    close_bins(&p, p.n_bins))) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_MODEL;
        }
        if (!st) {
            pic_scale(o, 0, fmax(1, p.peak), &lo, &hi);
            snprintf(label, sizeof label, "%s spikes per neuron per %g ms", pop, p.bin);
            snprintf(name, sizeof name, "%s.spikes", pop);
            pic_output(r, o, name, "gif", path, sizeof path);
            a = anim_create(path, &l, lo, hi, label, cell, delay_cs, &where, &w, &h, err, sizeof err);
            if (!a) {
                fprintf(stderr, "axon plot: %s\n", err);
                st = EXIT_RUN;
            }
        }
        /* pass 2: the frames */
        if (!st) {
            memset(p.counts, 0, n * sizeof *p.counts);
            p.next = 0, p.dirty = false, p.a = a;
            int bad = lattice_scan_spikes(file, pop, n, bin_spike, &p, err, sizeof err);
            if (bad < 0 || close_bins(&p, p.n_bins)) {
                fprintf(stderr, "axon plot: %s\n", err);
                st = EXIT_RUN;
            }
            frames = p.n_bins;
        }
        free(p.counts);
    } else {
        uint32_t recorded;
        samples_pass p = {o->from, o->to, n, 0, INFINITY, -INFINITY, 1, NULL, 0, err, sizeof err};
        st = pic_state_file(r, "--gif", pop, var, file, sizeof file);
        if (!st && lattice_scan_samples(file, pop, n, count_sample, &p, &recorded, err, sizeof err) < 0) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_MODEL;
        }
        if (!st && !p.in_range) {
            fprintf(stderr, "axon plot: --gif %s: %s has no samples from %g to %g ms: nothing to animate\n", pop, file,
                    o->from, o->to);
            st = EXIT_MODEL;
        }
        if (!st) {
            p.every = (uint64_t)o->every;
            if ((p.in_range + p.every - 1) / p.every > (uint64_t)o->max_frames) {
                p.every = (p.in_range + (uint64_t)o->max_frames - 1) / (uint64_t)o->max_frames;
                snprintf(note, sizeof note, "every %llu-th of %llu samples (--max-frames %lld)",
                         (unsigned long long)p.every, (unsigned long long)p.in_range, o->max_frames);
            }
            if (recorded < n)
                snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s recorded for %u of %u neurons (grey)",
                         *note ? "; " : "", var, recorded, n);
            pic_scale(o, p.lo, p.hi, &lo, &hi);
            char what[200];
            plot_axis_label(what, sizeof what, var, pic_unit(r, pop, var, model));
            snprintf(label, sizeof label, "%s %s", pop, what);
            snprintf(name, sizeof name, "%s.%s", pop, var);
            pic_output(r, o, name, "gif", path, sizeof path);
            a = anim_create(path, &l, lo, hi, label, cell, delay_cs, &where, &w, &h, err, sizeof err);
            if (!a) {
                fprintf(stderr, "axon plot: %s\n", err);
                st = EXIT_RUN;
            }
        }
        if (!st) {
            p.in_range = 0, p.a = a;
            if (lattice_scan_samples(file, pop, n, frame_of_sample, &p, &recorded, err, sizeof err) < 0) {
                fprintf(stderr, "axon plot: %s\n", err);
                st = EXIT_RUN;
            }
            frames = p.frames;
        }
    }
    if (a && st)
        anim_abort(a);
    else if (a && anim_finish(a, err, sizeof err)) {
        fprintf(stderr, "axon plot: %s\n", err);
        st = EXIT_RUN;
    }
    if (!st) {
        printf("wrote %s: %llu frames of %d x %d px, %lld per second, %s on [%g, %g]", path, (unsigned long long)frames,
               w, h, o->fps, label, lo, hi);
        if (l.grid)
            printf(", %u x %u cells of %d px from (%d, %d)\n", l.nx, l.ny, where.cell, where.x, where.y);
        else
            printf(", %u squares of %d px\n", n, where.cell);
        if (*note)
            printf("  note: %s\n", note);
    }
    lattice_free(&l);
    return st;
}
