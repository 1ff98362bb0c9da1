/*
 * fuzz_csv.c - libFuzzer target for the readers of text tables and
 * recordings: io/table.c (every flag combination, every field read as a
 * number, value, time and index) and the plot's readers in cli/recordings.c
 * (spikes, samples, histograms, synapses, NPY), which read the input as a
 * file.  Any input must be read or refused with a message, without a
 * crash, a leak, an out-of-bounds read, undefined behaviour or a hang.
 *
 *   make fuzz FUZZ_SECONDS=600
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../cli/recordings.h"
#include "io/table.h"

static void read_table(const uint8_t *data, size_t size, unsigned flags)
{
    ax_table t;
    if (ax_table_open_text(&t, "fuzz.csv", (const char *)data, size, flags) == AX_OK) {
        int r;
        while ((r = ax_table_next(&t)) > 0) {
            for (size_t k = 0; k <= t.n_fields; k++) {
                double x;
                uint32_t id;
                const char *f = ax_table_field(&t, k);
                (void)f;
                ax_table_value(&t, k, &x);
                if (ax_table_number(&t, k, &x) == AX_OK && !isfinite(x))
                    abort();   /* numbers are finite */
                if (ax_table_time(&t, k, &x) == AX_OK && !(x >= 0))
                    abort();
                if (ax_table_index(&t, k, 1000, "ids", &id) == AX_OK && id >= 1000)
                    abort();
                if (t.status)
                    break;
            }
            if (t.status)
                break;
        }
        if (r < 0 && t.message[0] == '\0')
            abort();   /* a refusal says why */
    }
    ax_table_close(&t);
}

/* The input as a file, for the readers that take a path. */
static int as_file(const uint8_t *data, size_t size, char *path, size_t len)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
        abort();
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (unsigned flags = 0; flags < 16; flags++)
        read_table(data, size, flags);
    char path[64], err[1200];
    int fd = as_file(data, size, path, sizeof path);
    rec_window w = {0, 100, 1, 100, 4};
    rec_spikes s;
    if (rec_read_spikes(path, "P", 50, &w, &s, err, sizeof err) == 0) {
        if (s.n > 4)
            abort();   /* the budget holds */
        rec_spikes_free(&s);
    }
    for (int kind = REC_SAMPLES; kind <= REC_SYNAPSES; kind++) {
        rec_table t;
        if (rec_read_csv(path, (rec_kind)kind, 3, 4, &t, err, sizeof err) == 0) {
            if (t.rows > 4 || t.cols > 3)
                abort();
            rec_table_free(&t);
        }
    }
    rec_table t;
    if (rec_read_npy(path, path, 3, 4, &t, err, sizeof err) == 0)
        rec_table_free(&t);
    close(fd);
    return 0;
}
