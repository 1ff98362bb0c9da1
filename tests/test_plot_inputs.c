/*
 * Input files checked like model files, and `axon plot` robust to anything
 * a run can leave: connection lists that are devices, binary, too large or
 * wrong inside; spike and trace files with garbage (refused with
 * file:line:col, exit 1, nothing drawn); empty recordings, one sample,
 * stopped runs (with and without summary.json, files ending mid-line),
 * huge files drawn from a sample; empty time ranges (exit 2); units on
 * every axis.  Runs the binary named by $AXON_BIN (default build/axon).
 */
#include <fcntl.h>
#include <stdarg.h>

#include <signal.h>

#include "cli_helpers.h"

/* `axon` with printf-style arguments. */
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

/* Writes dir/name. */
static void write_in(const char *dir, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text);
}

static void remove_dir(const char *dir)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A model whose projection reads `list` (a path). */
static void list_model(const char *dir, const char *list)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[simulation]\nduration = 10.0\n[populations.src]\nmodel = \"SpikeSourcePoisson\"\nsize = 5\n"
             "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
             "[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"%s\" }\n", list);
    write_in(dir, "m.toml", text);
}

Test(plot_inputs, connection_lists_are_checked_like_model_files, .timeout = 60)
{
    char *dir = tmpdir();
    /* a device that never ends: refused before a byte is read */
    list_model(dir, "/dev/zero");
    result *r = axonf("check %s/m.toml", dir);
    cr_assert_eq(r->status, 1, "%s", r->err);
    cr_assert(strstr(r->err, "m.toml:12:27: projections[0].connector.from_list: the connection list /dev/zero: is a "
                             "character device, not a regular file"), "%s", r->err);
    /* binary content */
    char path[300];
    snprintf(path, sizeof path, "%s/bin.csv", dir);
    FILE *f = fopen(path, "wb");
    fwrite("0,1\n2,\0\0\0\x01\n", 1, 11, f);
    fclose(f);
    list_model(dir, "bin.csv");
    r = axonf("check %s/m.toml", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "bin.csv:2:3: byte 0x00 is binary data, not text") &&
              strstr(r->err, "(the connection list of projections[0].connector.from_list, "), "%s", r->err);
    /* larger than the limit (a sparse file: no disk used) */
    snprintf(path, sizeof path, "%s/huge.csv", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, ((off_t)1 << 30) + 100) == 0);
    close(fd);
    list_model(dir, "huge.csv");
    r = axonf("check %s/m.toml", dir);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "huge.csv: is 1024.0 MiB; tables are read up to 1024.0 MiB"), "%s", r->err);
    /* what is wrong inside, at its line and column */
    static const struct { const char *text, *message; } bad[] = {
        {"source,target,weight\n0,1,0.5\n2,3,abc\n", "conn.csv:3:5: 'abc' is not a number (column 'weight')"},
        {"0,1,0.5\n2,3,nan\n", "conn.csv:2:5: 'nan' is not allowed: expected a finite number (column 3)"},
        {"0,1\n0,10\n", "conn.csv:2:3: '10' is out of range: targets (neurons of 'E') are 0 .. 9 (column 2)"},
        {"0,1\n-1,2\n", "conn.csv:2:1: '-1' is out of range: sources (neurons of 'src') are 0 .. 4"},
        {"0,1,0.5,1.0,7\n", "conn.csv:1:1: 5 fields; expected source,target[,weight[,delay]]"},
        {"source,target\n0,1,0.5\n", "conn.csv:2:1: 3 fields; the header has 2 columns"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        write_in(dir, "conn.csv", bad[k].text);
        list_model(dir, "conn.csv");
        r = axonf("check %s/m.toml", dir);
        cr_assert_eq(r->status, 1, "case %zu", k);
        cr_assert(strstr(r->err, bad[k].message), "case %zu: '%s' lacks '%s'", k, r->err, bad[k].message);
    }
    /* a good list, hand-made: spaces, a comment, no newline at the end */
    write_in(dir, "conn.csv", "# pairs\nsource, target, weight\n0, 1, 0.5\n4, 9, 0.25");
    r = axonf("check %s/m.toml", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    remove_dir(dir);
}

static const char *summary_head =
    "{\"axon_version\": \"x\", \"name\": \"hand\", \"start_ms\": 0, \"duration_ms\": 100, \"time_ms\": %s, "
    "\"completed\": %s, \"populations\": {\"E\": {\"model\": \"IF_curr_exp\", \"size\": 10}}, \"files\": [%s], "
    "\"recordings\": []}\n";

/* A hand-made output folder with one summary.json. */
static void summary(const char *dir, const char *time_ms, const char *completed, const char *files)
{
    char text[2048];
    snprintf(text, sizeof text, summary_head, time_ms, completed, files);
    write_in(dir, "summary.json", text);
}

Test(plot_inputs, garbage_in_recordings_is_refused_with_its_place, .timeout = 60)
{
    char *dir = tmpdir();
    summary(dir, "100", "true", "\"E.spikes.csv\"");
    static const struct { const char *text, *message; } bad[] = {
        {"time_ms,neuron\n1.0,3\n2.0,x7\n", "E.spikes.csv:3:5: 'x7' is not a number (column 'neuron')"},
        {"time_ms,neuron\n1.0,3\nNaN,4\n", "E.spikes.csv:3:1: 'NaN' is not allowed: expected a finite number (column 'time_ms')"},
        {"time_ms,neuron\n1.0,3\n2.0,10\n", "E.spikes.csv:3:5: '10' is out of range: the neurons of 'E' are 0 .. 9 (column 'neuron')"},
        {"time_ms,neuron\n1.0,3\n-2.0,1\n", "E.spikes.csv:3:1: '-2.0' is not allowed: times are >= 0 ms"},
        {"time_ms,neuron\n5.0,3\n2.0,1\n", "E.spikes.csv:3:1: 2.0 ms is before the previous spike's 5 ms"},
        {"time_ms,neuron\n1.0,3,4\n", "E.spikes.csv:2:1: 3 fields; the header has 2 columns"},
        {"t,id\n1.0,3\n", "E.spikes.csv:1:1: the header is not 'time_ms,neuron'"},
        {"time_ms,neuron\n1.0,\x01\n", "E.spikes.csv:2:5: byte 0x01 is binary data"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        write_in(dir, "E.spikes.csv", bad[k].text);
        result *r = axonf("plot %s", dir);
        cr_assert_eq(r->status, 1, "case %zu: status %d", k, r->status);
        cr_assert(strstr(r->err, bad[k].message), "case %zu: '%s' lacks '%s'", k, r->err, bad[k].message);
        cr_assert(!exists(dir, "raster.png"), "case %zu: drawn from garbage", k);
    }
    /* traces: a NaN time, and NPY files that do not match their header */
    summary(dir, "100", "true", "\"E.v.csv\"");
    write_in(dir, "E.v.csv", "time_ms,0,1\n1.0,-65,-64\nnan,-65,-64\n");
    result *r = axonf("plot %s", dir);
    cr_assert(r->status == 1 && strstr(r->err, "E.v.csv:3:1: 'nan' is not allowed"), "%s", r->err);
    summary(dir, "100", "true", "\"E.v.npy\"");
    write_in(dir, "E.v.npy", "not numpy at all\n");
    write_in(dir, "E.v.times.npy", "not numpy at all\n");
    r = axonf("plot %s", dir);
    cr_assert(r->status == 1 && strstr(r->err, "E.v.npy: not an NPY file"), "%s", r->err);
    /* a header that promises ten values, and one value */
    const char dict[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 2), }";
    char npy[128] = "\x93NUMPY\x01";
    npy[7] = 0, npy[8] = 118, npy[9] = 0;   /* version 1.0, header 118 bytes */
    memset(npy + 10, ' ', 118);
    memcpy(npy + 10, dict, sizeof dict - 1);
    npy[127] = '\n';
    char path[300];
    snprintf(path, sizeof path, "%s/E.v.npy", dir);
    FILE *f = fopen(path, "wb");
    fwrite(npy, 1, 128, f);
    fwrite("\0\0\0\0\0\0\0\0", 1, 8, f);
    fclose(f);
    r = axonf("plot %s", dir);
    cr_assert(r->status == 1 && strstr(r->err, "E.v.npy: the shape (5, 2) needs 80 bytes of data; the file has 8"),
              "%s", r->err);
    cr_assert(!exists(dir, "traces.png"));
    remove_dir(dir);
}

Test(plot_inputs, empty_recordings_and_one_sample_are_drawn, .timeout = 60)
{
    char *dir = tmpdir();
    /* a record interval longer than the run: a header and no samples; no spikes at all */
    write_in(dir, "m.toml",
               "[simulation]\nduration = 20.0\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 4\n"
               "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\", \"v\"]\ninterval = 100.0\n");
    result *r = axonf("run %s/m.toml --out %s/out --quiet", dir, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    char out[300], text[4096];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(text, sizeof text, "%s/E.v.csv", out);
    slurp(text, text, sizeof text);
    cr_assert_str_eq(text, "time_ms,0,1,2,3\n");
    r = axonf("plot %s", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "raster.png") && strstr(r->out, "traces.png: E v (mV)"), "%s", r->out);
    cr_assert(exists(out, "raster.png") && exists(out, "traces.png"));
    /* one sample, and a zero-length run (a stop before the first step) */
    summary(dir, "0", "false", "\"E.spikes.csv\", \"E.v.csv\"");
    write_in(dir, "E.spikes.csv", "time_ms,neuron\n");
    write_in(dir, "E.v.csv", "time_ms,3\n0.0,-65.0\n");
    r = axonf("plot %s --format svg", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(exists(dir, "raster.svg") && exists(dir, "traces.svg"));
    cr_assert(strstr(r->out, "note: the run stopped at 0 ms of 100 ms"), "%s", r->out);
    /* a single spike at the very end */
    summary(dir, "100", "true", "\"E.spikes.csv\"");
    write_in(dir, "E.spikes.csv", "time_ms,neuron\n100.0,9\n");
    r = axonf("plot %s", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    remove_dir(dir);
}

Test(plot_inputs, stopped_runs_are_drawn_as_far_as_they_got, .timeout = 90)
{
    char *dir = tmpdir(), out[300];
    /* Ctrl-C during a run, once it is under way (summary.json says how far) */
    snprintf(out, sizeof out, "%s/out", dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "run examples/quickstart.toml --out %s --quiet --set simulation.duration=1000000", out);
    pid_t pid = start(dir, "run", cmd);
    snprintf(cmd, sizeof cmd, "%s/summary.json", out);
    cr_assert(wait_for_time(cmd), "the run did not get under way");
    cr_assert_eq(kill(pid, SIGINT), 0);
    cr_assert_eq(finish(pid), 3);
    result *r = axonf("plot %s", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "wrote") && strstr(r->out, "raster.png") && strstr(r->out, "note: the run stopped at "),
              "%s", r->out);

    /* a file ending mid-line: its last row is left out */
    summary(dir, "50", "false", "\"E.spikes.csv\"");
    write_in(dir, "E.spikes.csv", "time_ms,neuron\n1.0,3\n2.5,4\n3.");
    r = axonf("plot %s", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "E.spikes.csv ends mid-line (a stopped run): its last row is left out"), "%s", r->out);
    /* recordings without summary.json (a run killed outright) */
    remove(strcat(strcpy(cmd, dir), "/summary.json"));
    remove(strcat(strcpy(cmd, dir), "/raster.png"));
    write_in(dir, "E.v.csv", "time_ms,0,1\n1.0,-65,-64\n2.0,-64");
    r = axonf("plot %s", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(exists(dir, "raster.png") && exists(dir, "traces.png"));
    cr_assert(strstr(r->out, "traces.png: E v\n") && strstr(r->out, "no summary.json"), "%s", r->out);
    /* a folder with nothing to draw */
    snprintf(cmd, sizeof cmd, "%s/empty", dir);
    mkdir(cmd, 0700);
    r = axonf("plot %s", cmd);
    cr_assert(r->status == 1 && strstr(r->err, "has no recordings to plot"), "%s", r->err);
    remove_dir(dir);
}

Test(plot_inputs, huge_recordings_are_drawn_from_a_sample, .timeout = 60)
{
    char *dir = tmpdir(), path[300];
    summary(dir, "1000", "true", "\"E.spikes.csv\", \"E.v.csv\"");
    snprintf(path, sizeof path, "%s/E.spikes.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("time_ms,neuron\n", f);
    for (int k = 0; k < 20000; k++)
        fprintf(f, "%.1f,%d\n", (k + 1) * 0.05, k % 10);
    fclose(f);
    snprintf(path, sizeof path, "%s/E.v.csv", dir);
    f = fopen(path, "w");
    fputs("time_ms,0\n", f);
    for (int k = 0; k < 5000; k++)
        fprintf(f, "%.1f,%g\n", k * 0.2, -65.0 + k % 7);
    fclose(f);
    result *r = axonf("plot %s --max-spikes 1000 --max-samples 300", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "an even sample of "), "%s", r->out);
    cr_assert(strstr(r->out, " of 20000 spikes is drawn (--max-spikes); rates from all"), "%s", r->out);
    cr_assert(strstr(r->out, "E.v.csv: every 32-th of 5000 samples"), "%s", r->out);
    /* all of it when it fits */
    r = axonf("plot %s", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(!strstr(r->out, "sample"), "%s", r->out);
    cr_assert_eq(axonf("plot %s --max-spikes 0", dir)->status, 2);
    remove_dir(dir);
}

Test(plot_inputs, an_empty_time_range_is_a_usage_error)
{
    char *dir = tmpdir();
    summary(dir, "100", "true", "\"E.spikes.csv\"");
    write_in(dir, "E.spikes.csv", "time_ms,neuron\n1.0,3\n");
    result *r = axonf("plot %s --from 50 --to 50", dir);
    cr_assert(r->status == 2 && strstr(r->err, "--from 50 --to 50 is an empty time range"), "%s", r->err);
    r = axonf("plot %s --from 80 --to 20", dir);
    cr_assert_eq(r->status, 2);
    r = axonf("plot %s --from 200", dir);
    cr_assert(r->status == 2 && strstr(r->err, "the time range [200, 100] ms is empty: the recordings end at 100 ms"),
              "%s", r->err);
    cr_assert(!exists(dir, "raster.png"));
    r = axonf("plot %s --from 20 --to 40", dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    remove_dir(dir);
}

/* Units of every model family: a model with receptors (defined on the
 * network, unknown to the built-in catalogue) and weights of plastic
 * synapses in the receptor's unit. */
Test(plot_inputs, axis_labels_carry_units, .timeout = 60)
{
    char *dir = tmpdir(), out[300];
    write_in(dir, "m.toml",
               "[simulation]\nduration = 30.0\n"
               "[populations.in]\nmodel = \"SpikeSourcePoisson\"\nsize = 5\nparams = { rate = 50.0 }\n"
               "[populations.E]\nmodel = \"IF_cond_exp\"\nreceptors = [\"AMPA\", \"GABAa\"]\nsize = 3\n"
               "[populations.C]\nchannels = [\"Na\", \"K\", \"leak\"]\nsize = 2\n"
               "[[projections]]\nname = \"ff\"\nfrom = \"in\"\nto = \"E\"\nconnector = { all_to_all = true }\n"
               "receptor = \"excitatory\"\nweight = 0.01\nsynapse = \"stdp\"\n"
               "[[record]]\npopulation = \"E\"\nvariables = [\"v\"]\ninterval = 1.0\n"
               "[[record]]\npopulation = \"C\"\nvariables = [\"v\"]\ninterval = 1.0\nformat = \"npy\"\n"
               "[[record]]\nprojection = \"ff\"\ninterval = 5.0\n"
               "[[record]]\nprojection = \"ff\"\nat = [0.0, 30.0]\nhistogram = { bins = 5 }\n");
    result *r = axonf("run %s/m.toml --out %s/out --quiet", dir, dir);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(out, sizeof out, "%s/out", dir);
    r = axonf("plot %s", out);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "traces.png: E v (mV); C v (mV)\n"), "%s", r->out);
    cr_assert(strstr(r->out, "weights.png: ff weight (uS)\n"), "%s", r->out);
    cr_assert(strstr(r->out, "weight_hist.png: weight of ff (histogram) (uS)\n"), "%s", r->out);
    remove_dir(dir);
}
