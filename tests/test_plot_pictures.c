/*
 * `axon plot` pictures of populations in space: heat maps (grid cells and
 * dots), positions with connections, population signals and animated
 * GIFs.  The images are read back - PNGs with cairo, GIFs with giflib's
 * DGifSlurp - and checked for content: the colour of known cells is the
 * scale's colour of their known value, frames change when the values do.
 * Bad input (no positions, a corrupt file, empty recordings) ends with a
 * message saying what to do, never a hang or a crash.  Runs the binary
 * named by $AXON_BIN (default build/axon).
 */
#include <cairo.h>
#include <gif_lib.h>
#include <stdarg.h>

#include "cli_helpers.h"

static result *axonf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static result *axonf(const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return axon(args);
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text);
}

/* The colour scale as docs/model-file.md gives it: matplotlib's viridis
 * at 0, 1/8, ..., 1, linear between, rounded to 8 bits. */
static void viridis(double u, int rgb[3])
{
    static const int anchors[9][3] = {{68, 1, 84},    {71, 45, 123},  {59, 82, 139},
                                      {44, 114, 142}, {33, 145, 140}, {40, 174, 128},
                                      {94, 201, 98},  {173, 220, 48}, {253, 231, 37}};
    double x = fmin(fmax(u, 0), 1) * 8;
    int k = x >= 8 ? 7 : (int)x;
    for (int c = 0; c < 3; c++)
        rgb[c] = (int)lround(anchors[k][c] + (x - k) * (anchors[k + 1][c] - anchors[k][c]));
}

/* "... cells of C px from (X, Y)" of a wrote line. */
static void cells_of(const char *out, int *cell, int *x, int *y)
{
    const char *p = strstr(out, "cells of ");
    cr_assert_not_null(p, "%s", out);
    cr_assert_eq(sscanf(p, "cells of %d px from (%d, %d)", cell, x, y), 3, "%s", out);
}

/* The RGB of pixel (x, y) of an ARGB32 surface. */
static void pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    uint32_t p = *(const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s) + 4 * (size_t)x);
    rgb[0] = (p >> 16) & 255, rgb[1] = (p >> 8) & 255, rgb[2] = p & 255;
}

static void assert_colour(const int got[3], const int want[3], const char *what)
{
    for (int c = 0; c < 3; c++)
        cr_assert(abs(got[c] - want[c]) <= 1, "%s: colour (%d, %d, %d), expected (%d, %d, %d)", what, got[0], got[1],
                  got[2], want[0], want[1], want[2]);
}

/* An output folder by hand: population L of 12 neurons on the grid
 * [3, 4] (neuron i at x = i / 4, y = i % 4), v recorded for all at
 * t = 1 .. 5 ms, value i + s at sample s (s = 0 .. 4), and spikes:
 * neuron 5 three times, neuron 0 once. */
static void lattice_folder(const char *dir)
{
    write_in(dir, "summary.json",
             "{\"name\": \"hand\", \"time_ms\": 5, \"completed\": true,\n"
             " \"populations\": {\"L\": {\"model\": \"IF_curr_exp\", \"size\": 12},"
             " \"P\": {\"model\": \"IF_curr_exp\", \"size\": 3}},\n"
             " \"files\": [\"L.positions.csv\", \"L.spikes.csv\", \"L.v.csv\"],\n"
             " \"recordings\": [{\"population\": \"L\", \"variable\": \"v\", \"neurons\": 12, \"unit\": \"mV\"}]}\n");
    char text[4096] = "x,y,z\n";
    for (int i = 0; i < 12; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%d,%d,0\n", i / 4, i % 4);
    write_in(dir, "L.positions.csv", text);
    snprintf(text, sizeof text, "time_ms,0,1,2,3,4,5,6,7,8,9,10,11\n");
    for (int s = 0; s < 5; s++) {
        snprintf(text + strlen(text), sizeof text - strlen(text), "%d", s + 1);
        for (int i = 0; i < 12; i++)
            snprintf(text + strlen(text), sizeof text - strlen(text), ",%d", i + s);
        strcat(text, "\n");
    }
    write_in(dir, "L.v.csv", text);
    write_in(dir, "L.spikes.csv", "time_ms,neuron\n1.0,5\n2.0,0\n2.0,5\n4.5,5\n");
}

Test(plot_pictures, heat_map_cells_have_the_colour_of_their_value, .timeout = 60)
{
    char *dir = tmpdir(), png[300];
    lattice_folder(dir);
    snprintf(png, sizeof png, "%s/h.png", dir);
    /* v at t = 3 ms: sample s = 2, neuron i has i + 2, the scale [2, 13] */
    result *r = axonf("plot %s --heatmap L --time 3 --out %s", dir, png);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "v (mV) at t = 3 ms of 'L' on [2, 13], 3 x 4 cells of"), "%s", r->out);
    int cell, x0, y0;
    cells_of(r->out, &cell, &x0, &y0);
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    cr_assert(w >= 600 && h >= 4 * cell && x0 + 3 * cell < w && y0 + 4 * cell < h, "%d x %d", w, h);
    cr_assert(cell >= 20, "cells of %d px", cell);
    for (int i = 0; i < 12; i++) {
        int col = i / 4, row = i % 4, got[3], want[3];   /* x is the column, y the row (upwards) */
        pixel(s, x0 + col * cell + cell / 2, y0 + (3 - row) * cell + cell / 2, got);
        viridis((i + 2 - 2) / 11.0, want);
        char what[40];
        snprintf(what, sizeof what, "neuron %d", i);
        assert_colour(got, want, what);
    }
    cairo_surface_destroy(s);

    /* spike counts over the run: neuron 5 the most (3), yellow; silent ones purple */
    r = axonf("plot %s --heatmap L --out %s", dir, png);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "spikes per neuron, 0 to 5 ms of 'L' on [0, 3]") && strstr(r->out, "4 spikes of 12"),
              "%s", r->out);
    cells_of(r->out, &cell, &x0, &y0);
    s = cairo_image_surface_create_from_png(png);
    int got[3], want[3];
    pixel(s, x0 + 1 * cell + cell / 2, y0 + (3 - 1) * cell + cell / 2, got);   /* neuron 5: x 1, y 1 */
    viridis(1, want);
    assert_colour(got, want, "neuron 5 (3 spikes)");
    pixel(s, x0 + cell / 2, y0 + 3 * cell + cell / 2, got);   /* neuron 0: 1 spike */
    viridis(1 / 3.0, want);
    assert_colour(got, want, "neuron 0 (1 spike)");
    pixel(s, x0 + 2 * cell + cell / 2, y0 + cell / 2, got);   /* neuron 11: none */
    viridis(0, want);
    assert_colour(got, want, "neuron 11 (no spike)");
    cairo_surface_destroy(s);

    /* --from/--to choose the spikes counted: (2, 5] holds one */
    r = axonf("plot %s --heatmap L --from 2 --to 5 --scale 0:4", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "wrote ") && strstr(r->out, "L.heatmap_spikes.png") && strstr(r->out, "on [0, 4]") &&
              strstr(r->out, "1 spikes of 12 neurons in (2, 5] ms"), "%s", r->out);
    cr_assert(exists(dir, "L.heatmap_spikes.png") && !exists(dir, "L.heatmap_spikes.png.partial"));
    remove_tree(dir);
}

/* Reads a GIF whole. */
static GifFileType *slurp_gif(const char *path)
{
    int error = 0;
    GifFileType *g = DGifOpenFileName(path, &error);
    cr_assert_not_null(g, "%s: %s", path, GifErrorString(error));
    cr_assert_eq(DGifSlurp(g), GIF_OK, "%s: %s", path, GifErrorString(g->Error));
    return g;
}

/* The colour of pixel (x, y) of frame f. */
static void gif_pixel(const GifFileType *g, int f, int x, int y, int rgb[3])
{
    const SavedImage *im = &g->SavedImages[f];
    const ColorMapObject *map = im->ImageDesc.ColorMap ? im->ImageDesc.ColorMap : g->SColorMap;
    cr_assert_not_null(map);
    int k = im->RasterBits[(size_t)y * im->ImageDesc.Width + x];
    rgb[0] = map->Colors[k].Red, rgb[1] = map->Colors[k].Green, rgb[2] = map->Colors[k].Blue;
}

Test(plot_pictures, gif_has_a_frame_per_sample_on_one_scale, .timeout = 60)
{
    char *dir = tmpdir(), gif[300];
    lattice_folder(dir);
    snprintf(gif, sizeof gif, "%s/lattice.gif", dir);
    result *r = axonf("plot %s --gif L --cell 10 --fps 20 --out %s", dir, gif);
    cr_assert_eq(r->status, 0, "%s", r->err);
    int w, h, cell, x0, y0;
    cr_assert_eq(sscanf(strstr(r->out, "5 frames of "), "5 frames of %d x %d px", &w, &h), 2, "%s", r->out);
    cr_assert(strstr(r->out, "L v (mV) on [0, 15]"), "%s", r->out);
    cells_of(r->out, &cell, &x0, &y0);
    cr_assert_eq(cell, 10);
    GifFileType *g = slurp_gif(gif);
    cr_assert_eq(g->ImageCount, 5);
    cr_assert_eq(g->SWidth, w);
    cr_assert_eq(g->SHeight, h);
    GraphicsControlBlock gcb;
    cr_assert_eq(DGifSavedExtensionToGCB(g, 0, &gcb), GIF_OK);
    cr_assert_eq(gcb.DelayTime, 5, "1/20 s per frame: %d cs", gcb.DelayTime);
    /* neuron i in frame s has i + s on the scale [0, 15] of the whole animation (200 steps) */
    for (int f = 0; f < 5; f++)
        for (int i = 0; i < 12; i += 5) {
            int got[3], want[3];
            gif_pixel(g, f, x0 + (i / 4) * cell + cell / 2, y0 + (3 - i % 4) * cell + cell / 2, got);
            viridis(lround((i + f) / 15.0 * 199) / 199.0, want);
            char what[60];
            snprintf(what, sizeof what, "frame %d, neuron %d", f, i);
            assert_colour(got, want, what);
        }
    /* the colours change with the values */
    int a[3], b[3];
    gif_pixel(g, 0, x0 + cell / 2, y0 + 3 * cell + cell / 2, a);
    gif_pixel(g, 4, x0 + cell / 2, y0 + 3 * cell + cell / 2, b);
    cr_assert(a[0] != b[0] || a[1] != b[1] || a[2] != b[2]);
    DGifCloseFile(g, NULL);
    struct stat st;
    cr_assert_eq(stat(gif, &st), 0);
    cr_assert(st.st_mode & S_IRGRP || st.st_mode & S_IROTH || (st.st_mode & 0077) == 0);

    /* every 2nd sample: 3 frames; --from/--to: samples in [2, 4] */
    r = axonf("plot %s --gif L --every 2 --out %s", dir, gif);
    cr_assert_eq(r->status, 0, "%s", r->err);
    g = slurp_gif(gif);
    cr_assert_eq(g->ImageCount, 3);
    DGifCloseFile(g, NULL);
    r = axonf("plot %s --gif L --from 2 --to 4 --out %s", dir, gif);
    cr_assert_eq(r->status, 0, "%s", r->err);
    g = slurp_gif(gif);
    cr_assert_eq(g->ImageCount, 3);
    DGifCloseFile(g, NULL);
    /* more samples than --max-frames: every k-th, said */
    r = axonf("plot %s --gif L --max-frames 2 --out %s", dir, gif);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "note: every 3-th of 5 samples (--max-frames 2)"), "%s", r->out);
    g = slurp_gif(gif);
    cr_assert_eq(g->ImageCount, 2);
    DGifCloseFile(g, NULL);
    /* spikes: frames of 1 ms bins over 0 .. 5 ms; neuron 5 lit where it fired */
    r = axonf("plot %s --gif L --spikes --bin 1 --cell 8", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(gif, sizeof gif, "%s/L.spikes.gif", dir);
    cells_of(r->out, &cell, &x0, &y0);
    g = slurp_gif(gif);
    cr_assert_eq(g->ImageCount, 5);
    int lit[3], dark[3], got[3];
    viridis(1, lit);
    viridis(0, dark);
    int cx = x0 + cell + cell / 2, cy = y0 + 2 * cell + cell / 2;   /* neuron 5 */
    const int fired[5] = {1, 1, 0, 0, 1};   /* (0, 1], (1, 2], ..., (4, 5] */
    for (int f = 0; f < 5; f++) {
        gif_pixel(g, f, cx, cy, got);
        assert_colour(got, fired[f] ? lit : dark, fired[f] ? "neuron 5 fired" : "neuron 5 silent");
    }
    DGifCloseFile(g, NULL);
    cr_assert(!exists(dir, "L.spikes.gif.partial") && !exists(dir, "lattice.gif.partial"));
    remove_tree(dir);
}

/* A 10 x 10 lattice with distance connections, run for real. */
static void run_lattice(const char *dir)
{
    write_in(dir, "m.toml",
             "name = \"lattice\"\n[simulation]\nduration = 30.0\nseed = 3\n"
             "[populations.L]\nmodel = \"IF_curr_exp\"\nsize = 100\nstructure = { grid = [10, 10] }\n"
             "params = { i_offset = 1.0 }\ninit = { v = { uniform = [-65.0, -50.0] } }\n"
             "[populations.R]\nmodel = \"IF_curr_exp\"\nsize = 40\n"
             "structure = { random = \"disk\", center = [4.5, 4.5], radius = 4.0 }\n"
             "[populations.N]\nmodel = \"IF_curr_exp\"\nsize = 5\n"
             "[[projections]]\nname = \"lat\"\nfrom = \"L\"\nto = \"L\"\n"
             "connector = { distance = { radius = 1.5, p = 1.0 } }\nweight = 0.2\ndelay = 1.0\n"
             "write_connections = true\n"
             "[[projections]]\nname = \"lr\"\nfrom = \"L\"\nto = \"R\"\nconnector = { fixed_probability = 0.1 }\n"
             "weight = { uniform = [-0.3, 0.3] }\nwrite_connections = true\n"
             "[[record]]\npopulation = \"L\"\nvariables = [\"spikes\", \"v\"]\nneurons = \"all\"\ninterval = 1.0\n"
             "[[record]]\npopulation = \"R\"\nvariables = [\"spikes\"]\n"
             "[[record]]\npopulation = \"L\"\nsignal = \"mean_v\"\n"
             "[[record]]\npopulation = \"L\"\nsignal = \"eeg\"\nelectrode = [4.5, 4.5, 5.0]\n"
             "[[record]]\npopulation = \"L\"\nsignal = \"lfp\"\n");
    result *r = axonf("run %s/m.toml --out %s/out --quiet", dir, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
}

static long file_size(const char *dir, const char *name)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

Test(plot_pictures, a_run_gives_every_picture, .timeout = 120)
{
    char *dir = tmpdir(), out[300], text[1 << 16];
    run_lattice(dir);
    snprintf(out, sizeof out, "%s/out", dir);
    /* the connections file and the projections in summary.json */
    snprintf(text, sizeof text, "%s/lat.connections.csv", out);
    slurp(text, text, sizeof text);
    cr_assert(!strncmp(text, "source,target,weight,delay\n0,0,0.2", 34), "%.80s", text);
    snprintf(text, sizeof text, "%s/summary.json", out);
    slurp(text, text, sizeof text);
    cr_assert(strstr(text, "\"lat\": {\"from\": \"L\", \"to\": \"L\", \"synapses\": 784}") &&
              strstr(text, "\"lat.connections.csv\""), "%s", text);
    /* the usual figures: positions, connections and signals are no traces; signals have their own */
    result *r = axonf("plot %s", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "wrote ") && strstr(r->out, "traces.png: L v (mV)\n"), "%s", r->out);
    cr_assert(strstr(r->out, "signals.png: L mean_v (mV); L EEG estimate (v / (sigma r)); L LFP proxy (nA)"), "%s",
              r->out);
    r = axonf("plot %s --signals --out %s/s.png", out, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(file_size(dir, "s.png") > 20000, "%ld", file_size(dir, "s.png"));
    cairo_surface_t *s = cairo_image_surface_create_from_png(strcat(strcpy(text, dir), "/s.png"));
    cr_assert_eq(cairo_image_surface_get_width(s), 1200);
    cr_assert(cairo_image_surface_get_height(s) > 3 * 220);   /* three panels */
    cairo_surface_destroy(s);
    /* heat maps: grid cells, dots for the random disk */
    r = axonf("plot %s --heatmap L --time 15", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "L.heatmap_v.png: v (mV) at t = 15 ms of 'L'") && strstr(r->out, "10 x 10 cells"), "%s",
              r->out);
    r = axonf("plot %s --heatmap R", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "40 dots") && strstr(r->out, "positions not on a grid: dots"), "%s", r->out);
    cr_assert(file_size(out, "L.heatmap_v.png") > 5000 && file_size(out, "R.heatmap_spikes.png") > 5000);
    /* connections, within a population and between two */
    r = axonf("plot %s --connections lat", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "lat.connections.png: 784 synapses of L -> L, 784 drawn"), "%s", r->out);
    r = axonf("plot %s --connections lr --max-synapses 50", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "synapses of L -> R,") && strstr(r->out, "note: an even sample of"), "%s", r->out);
    /* a list by its path: the populations must be named */
    r = axonf("plot %s --connections %s/lat.connections.csv", out, out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "give them with --pre POP --post POP"), "%s", r->err);
    r = axonf("plot %s --connections %s/lat.connections.csv --pre L --post L --out %s/c.svg", out, out, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(file_size(dir, "c.svg") > 10000);
    /* the animation: one frame per sample (30 of 1 ms) */
    r = axonf("plot %s --gif L --out %s/lattice.gif", out, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(text, sizeof text, "%s/lattice.gif", dir);
    GifFileType *g = slurp_gif(text);
    cr_assert_eq(g->ImageCount, 30);
    int changed = 0, x0, y0, cell;
    cells_of(r->out, &cell, &x0, &y0);
    for (int i = 0; i < 100; i++) {
        int a[3], b[3], x = x0 + (i / 10) * cell + cell / 2, y = y0 + (9 - i % 10) * cell + cell / 2;
        gif_pixel(g, 0, x, y, a);
        gif_pixel(g, 20, x, y, b);
        changed += a[0] != b[0] || a[1] != b[1] || a[2] != b[2];
    }
    cr_assert(changed > 50, "%d of 100 cells changed colour from 1 to 21 ms", changed);
    DGifCloseFile(g, NULL);
    remove_tree(dir);
}

Test(plot_pictures, missing_and_bad_input_say_what_to_do, .timeout = 120)
{
    char *dir = tmpdir(), out[300];
    run_lattice(dir);
    snprintf(out, sizeof out, "%s/out", dir);
    /* a population without positions, a name that is none */
    result *r = axonf("plot %s --heatmap N", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "N.positions.csv does not exist: population 'N' has no positions; give it a structure"),
              "%s", r->err);
    r = axonf("plot %s --gif X", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "no population 'X' in") && strstr(r->err, "(populations: L, R, N)"), "%s", r->err);
    /* recordings that do not exist */
    r = axonf("plot %s --heatmap R --time 5", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "R.v.csv does not exist: record v of every neuron of 'R' ([[record]] population = \"R\", "
                             "variables = [\"v\"], neurons = \"all\")"), "%s", r->err);
    r = axonf("plot %s --gif L --variable u", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "L.u.csv does not exist"), "%s", r->err);
    r = axonf("plot %s --connections nope", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "write_connections = true"), "%s", r->err);
    /* a time outside the recording, options that do not go together */
    r = axonf("plot %s --heatmap L --time 500", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "--time 500: ") && strstr(r->err, "has samples from 1 to 30 ms"), "%s", r->err);
    r = axonf("plot %s --heatmap L --spikes --time 3", out);
    cr_assert_eq(r->status, 2);
    r = axonf("plot %s --heatmap L --gif L --out x.png", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "--out names one picture"), "%s", r->err);
    r = axonf("plot %s --time 3", out);
    cr_assert_eq(r->status, 2);
    r = axonf("plot %s --gif L --out %s/x.png", out, dir);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "an animation is written as .gif"), "%s", r->err);
    r = axonf("plot %s --gif L --spikes --bin 0.00001", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "choose a larger --bin"), "%s", r->err);
    r = axonf("plot %s --heatmap L --scale 3:1", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "bad value for --scale '3:1': it takes LO:HI, two numbers, LO < HI"), "%s", r->err);
    r = axonf("plot %s --heatmap --time 3", out);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "--heatmap needs a value: a population's name"), "%s", r->err);

    /* corrupt files: file:line:col, nothing drawn */
    write_in(out, "L.positions.csv", "x,y,z\n0,0,0\n0,abc,0\n");
    r = axonf("plot %s --heatmap L", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "L.positions.csv:3:3: 'abc' is not a number"), "%s", r->err);
    write_in(out, "L.positions.csv", "x,y,z\n0,0,0\n");
    r = axonf("plot %s --heatmap L", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "1 rows of positions; population 'L' has 100 neurons"), "%s", r->err);
    write_in(out, "L.positions.csv", "time_ms,neuron\n");
    r = axonf("plot %s --gif L", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "the header is not 'x,y,z'"), "%s", r->err);
    remove_tree(dir);

    /* by hand: a corrupt recording, an empty one, a wrong connection list */
    dir = tmpdir();
    lattice_folder(dir);
    write_in(dir, "L.v.csv", "time_ms,0,1\n1,-65,-64\n2,-65,x\n");
    r = axonf("plot %s --gif L", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "L.v.csv:3:7: 'x' is not a number"), "%s", r->err);
    cr_assert(!exists(dir, "L.v.gif") && !exists(dir, "L.v.gif.partial"));
    write_in(dir, "L.v.csv", "time_ms,0,1,2,3,4,5,6,7,8,9,10,11\n");   /* header only: no samples */
    r = axonf("plot %s --heatmap L --time 1", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "has no samples"), "%s", r->err);
    r = axonf("plot %s --gif L", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "has no samples from 0 to 5 ms: nothing to animate"), "%s", r->err);
    write_in(dir, "L.v.csv", "");   /* empty */
    r = axonf("plot %s --gif L", dir);
    cr_assert_eq(r->status, 1);
    write_in(dir, "L.spikes.csv", "time_ms,neuron\n");   /* no spikes: zero counts, drawn */
    r = axonf("plot %s --heatmap L", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "on [0, 1]") && strstr(r->out, "0 spikes of 12"), "%s", r->out);
    r = axonf("plot %s --gif L --spikes", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    write_in(dir, "L.spikes.csv", "time_ms,neuron\n1.0,12\n");
    r = axonf("plot %s --heatmap L", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "L.spikes.csv:2:5:"), "%s", r->err);
    write_in(dir, "c.csv", "source,target,weight\n0,1,0.5\n2,40,0.5\n");
    r = axonf("plot %s --connections %s/c.csv --pre L --post L", dir, dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "c.csv:3:3:"), "%s", r->err);
    write_in(dir, "c.csv", "0,1\n");
    r = axonf("plot %s --connections %s/c.csv --pre L --post L", dir, dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "c.csv:1:1: 2 fields: a connection list has rows source,target,weight[,delay]"), "%s",
              r->err);
    write_in(dir, "c.csv", "pre,post,weight\n");   /* no synapses: the positions alone */
    r = axonf("plot %s --connections %s/c.csv --pre L --post L", dir, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "0 synapses of L -> L"), "%s", r->out);
    /* a 1-D grid */
    write_in(dir, "L.positions.csv", "x,y,z\n0,0,0\n2,0,0\n4,0,0\n6,0,0\n8,0,0\n10,0,0\n12,0,0\n14,0,0\n"
                                     "16,0,0\n18,0,0\n20,0,0\n22,0,0\n");
    write_in(dir, "L.spikes.csv", "time_ms,neuron\n1.0,5\n");
    r = axonf("plot %s --heatmap L", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "12 x 1 cells"), "%s", r->out);
    remove_tree(dir);
}

Test(plot_pictures, npy_recordings_of_every_neuron_are_drawn, .timeout = 60)
{
    char *dir = tmpdir(), out[300];
    write_in(dir, "m.toml",
             "[simulation]\nduration = 10.0\n[populations.L]\nmodel = \"IF_curr_exp\"\nsize = 16\n"
             "structure = { grid = [4, 4] }\ninit = { v = { uniform = [-65.0, -55.0] } }\n"
             "[populations.M]\nmodel = \"IF_curr_exp\"\nsize = 16\nstructure = { grid = [4, 4] }\n"
             "[[record]]\npopulation = \"L\"\nvariables = [\"v\"]\nneurons = \"all\"\ninterval = 1.0\n"
             "format = \"npy\"\n"
             "[[record]]\npopulation = \"M\"\nvariables = [\"v\"]\nneurons = [0, 5]\nformat = \"npy\"\n");
    result *r = axonf("run %s/m.toml --out %s/out --quiet", dir, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(out, sizeof out, "%s/out", dir);
    r = axonf("plot %s --heatmap L --time 5", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "L.heatmap_v.png: v (mV) at t = 5 ms"), "%s", r->out);
    r = axonf("plot %s --gif L --heatmap L --variable v", out);   /* both, v at the last sample */
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "L.heatmap_v.png: v (mV) at t = 10 ms") && strstr(r->out, "L.v.gif: 10 frames"), "%s",
              r->out);
    r = axonf("plot %s --gif M", out);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "M.v.npy has 2 columns, population 'M' 16 neurons: an NPY recording does not say which "
                             "neurons it holds"), "%s", r->err);
    cr_assert(!exists(out, "M.v.gif") && !exists(out, "M.v.gif.partial"));
    remove_tree(dir);
}

Test(plot_pictures, write_connections_needs_a_name)
{
    char *dir = tmpdir();
    write_in(dir, "m.toml",
             "[simulation]\nduration = 10.0\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 4\n"
             "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.1\n"
             "write_connections = true\n");
    result *r = axonf("check %s/m.toml", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "m.toml:11:21: projections[0].write_connections: the file is named after the "
                             "projection: give it a `name`"), "%s", r->err);
    remove_tree(dir);
}
