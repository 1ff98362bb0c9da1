/*
 * The text-table reader (src/io/table.h) that every input file goes
 * through: rows and headers, strict numbers with file:line:col, binary
 * content, files that are no regular files, size limits, files cut off
 * in the middle of a line.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "io/table.h"

static void write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Reads every row of `text` as numbers; returns the first failure's status. */
static ax_status read_all(const char *text, unsigned flags, ax_table *t)
{
    ax_table_open_text(t, "x.csv", text, strlen(text), flags);
    int r;
    while (!t->status && (r = ax_table_next(t)) > 0)
        for (size_t k = 0; k < t->n_fields; k++) {
            double x;
            if (ax_table_number(t, k, &x))
                break;
        }
    return t->status;
}

static void expect_failure(const char *text, unsigned flags, const char *message)
{
    ax_table t;
    ax_status st = read_all(text, flags, &t);
    cr_assert_neq(st, AX_OK, "accepted: %s", text);
    cr_assert(strstr(t.message, message), "message '%s' lacks '%s'", t.message, message);
    ax_table_close(&t);
}

Test(table, rows_headers_comments_and_spaces)
{
    const char *text = "# made by hand\nsource, target ,weight\r\n\n0,1,0.5\r\n  4 ,\t9, -2.5e-1\n# done\n";
    ax_table t;
    cr_assert_eq(ax_table_open_text(&t, "x.csv", text, strlen(text), AX_TABLE_MAYBE_HEADER | AX_TABLE_COMMENTS),
                 AX_OK);
    cr_assert_eq(t.n_columns, 3);
    cr_assert_str_eq(ax_table_column(&t, 1), "target");
    double w;
    uint32_t s;
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(t.line, 4);
    cr_assert_eq(ax_table_index(&t, 0, 5, "sources", &s), AX_OK);
    cr_assert_eq(s, 0);
    cr_assert_eq(ax_table_number(&t, 2, &w), AX_OK);
    cr_assert_eq(w, 0.5);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_index(&t, 1, 10, "targets", &s), AX_OK);
    cr_assert_eq(s, 9);
    cr_assert_eq(ax_table_number(&t, 2, &w), AX_OK);
    cr_assert_eq(w, -0.25);
    cr_assert_eq(ax_table_next(&t), 0);
    cr_assert_eq(t.rows, 2);
    ax_table_close(&t);

    /* without a header line the first row is a row */
    text = "3,4\n5,6";
    ax_table_open_text(&t, "x.csv", text, strlen(text), AX_TABLE_MAYBE_HEADER);
    cr_assert_eq(t.n_columns, 0);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_str_eq(ax_table_field(&t, 1), "4");
    cr_assert_eq(ax_table_next(&t), 1, "a last line without its newline is a row");
    cr_assert_str_eq(ax_table_field(&t, 0), "5");
    cr_assert_eq(ax_table_next(&t), 0);
    ax_table_close(&t);
}

Test(table, numbers_are_strict_and_errors_say_line_and_column)
{
    expect_failure("a,b,weight\n0,1,0.5\n2,3,abc\n", AX_TABLE_HEADER, "x.csv:3:5: 'abc' is not a number (column 'weight')");
    expect_failure("time_ms,neuron\nnan,1\n", AX_TABLE_HEADER,
                   "x.csv:2:1: 'nan' is not allowed: expected a finite number (column 'time_ms')");
    expect_failure("1,inf\n", 0, "x.csv:1:3: 'inf' is not allowed: expected a finite number (column 2)");
    expect_failure("1,0x10\n", 0, "x.csv:1:3: '0x10' is not a number");
    expect_failure("1,2.5x\n", 0, "x.csv:1:3: '2.5x' is not a number");
    expect_failure("1,,2\n", 0, "x.csv:1:3: an empty field; expected a number (column 2)");
    expect_failure("1,1e999\n", 0, "x.csv:1:3: '1e999' is out of range");
    expect_failure("1,2\n3\n", 0, "x.csv:2:1: 1 fields; the rows before have 2");
    expect_failure("a,b\n1,2,3\n", AX_TABLE_HEADER, "x.csv:2:1: 3 fields; the header has 2 columns");
    expect_failure("1,2\n\n3,4\n", 0, "x.csv:2:1: 1 fields; the rows before have 2");

    /* recorded values may be nan or inf (a run that blew up), times may not be negative */
    ax_table t;
    const char *text = "time_ms,0\n1.5,-nan\n2.0,-inf\n";
    ax_table_open_text(&t, "v.csv", text, strlen(text), AX_TABLE_HEADER);
    double x;
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_value(&t, 1, &x), AX_OK);
    cr_assert(isnan(x));
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_value(&t, 1, &x), AX_OK);
    cr_assert(isinf(x) && x < 0);
    ax_table_close(&t);
    text = "time_ms,neuron\n-0.5,1\n";
    ax_table_open_text(&t, "s.csv", text, strlen(text), AX_TABLE_HEADER);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_time(&t, 0, &x), AX_ERR_ARGUMENT);
    cr_assert_str_eq(t.message, "s.csv:2:1: '-0.5' is not allowed: times are >= 0 ms (column 'time_ms')");
    ax_table_close(&t);

    /* indices: whole numbers below the limit */
    text = "time_ms,neuron\n1.0,20\n1.0,2.5\n";
    uint32_t id;
    ax_table_open_text(&t, "s.csv", text, strlen(text), AX_TABLE_HEADER);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_index(&t, 1, 20, "the neurons of 'E'", &id), AX_ERR_ARGUMENT);
    cr_assert_str_eq(t.message, "s.csv:2:5: '20' is out of range: the neurons of 'E' are 0 .. 19 (column 'neuron')");
    ax_table_close(&t);
    ax_table_open_text(&t, "s.csv", text, strlen(text), AX_TABLE_HEADER);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_index(&t, 1, 100, "the neurons of 'E'", &id), AX_ERR_ARGUMENT);
    cr_assert(strstr(t.message, "s.csv:3:5: '2.5' is out of range"), "%s", t.message);
    ax_table_close(&t);
}

Test(table, binary_content_is_refused_where_it_is)
{
    ax_table t;
    const char nul[] = "time_ms,neuron\n1.0,2\n1.5,\0\0\0\n";
    ax_table_open_text(&t, "b.csv", nul, sizeof nul - 1, AX_TABLE_HEADER);
    while (ax_table_next(&t) > 0)
        ;
    cr_assert_eq(t.status, AX_ERR_ARGUMENT);
    cr_assert_str_eq(t.message, "b.csv:3:5: byte 0x00 is binary data, not text: this is not a CSV table");
    ax_table_close(&t);
    const char latin[] = "a,b\n1,\xff\xfe\n";
    ax_table_open_text(&t, "b.csv", latin, sizeof latin - 1, AX_TABLE_HEADER);
    cr_assert_eq(t.status, AX_ERR_ARGUMENT);
    cr_assert(strstr(t.message, "b.csv:2:3: byte 0xff is not UTF-8 text"), "%s", t.message);
    ax_table_close(&t);
    /* UTF-8 in a header or comment is text */
    const char utf8[] = "# Gewicht in \xc2\xb5S\nw\n1\n";
    cr_assert_eq(read_all(utf8, AX_TABLE_HEADER | AX_TABLE_COMMENTS, &t), AX_OK, "%s", t.message);
    cr_assert_eq(t.rows, 1);
    ax_table_close(&t);
}

Test(table, only_regular_files_are_read)
{
    ax_table t;
    cr_assert_eq(ax_table_open(&t, "/dev/zero", AX_TABLE_MAX_BYTES, 0), AX_ERR_ARGUMENT);
    cr_assert_str_eq(t.message, "/dev/zero: is a character device, not a regular file: give a text file (CSV)");
    ax_table_close(&t);
    char dir[64] = "/tmp/axon-table-XXXXXX", path[128];
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(ax_table_open(&t, dir, AX_TABLE_MAX_BYTES, 0), AX_ERR_ARGUMENT);
    cr_assert(strstr(t.message, "is a folder, not a regular file"), "%s", t.message);
    ax_table_close(&t);
    snprintf(path, sizeof path, "%s/fifo", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    cr_assert_eq(ax_table_open(&t, path, AX_TABLE_MAX_BYTES, 0), AX_ERR_ARGUMENT, "a FIFO without a writer");
    cr_assert(strstr(t.message, "is a FIFO, not a regular file"), "%s", t.message);
    ax_table_close(&t);
    snprintf(path, sizeof path, "%s/none.csv", dir);
    cr_assert_eq(ax_table_open(&t, path, AX_TABLE_MAX_BYTES, 0), AX_ERR_IO);
    cr_assert(strstr(t.message, "none.csv: cannot open: No such file"), "%s", t.message);
    ax_table_close(&t);

    /* larger than the limit: refused before a byte is read */
    snprintf(path, sizeof path, "%s/small.csv", dir);
    write_text(path, "1,2\n3,4\n", 8);
    cr_assert_eq(ax_table_open(&t, path, 7, 0), AX_ERR_ARGUMENT);
    cr_assert(strstr(t.message, "small.csv: is 0.0 MiB; tables are read up to 0.0 MiB (7 bytes)"), "%s", t.message);
    ax_table_close(&t);
    snprintf(path, sizeof path, "%s/huge.csv", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, (off_t)AX_TABLE_MAX_BYTES + 1) == 0);   /* sparse: takes no disk */
    close(fd);
    cr_assert_eq(ax_table_open(&t, path, AX_TABLE_MAX_BYTES, 0), AX_ERR_ARGUMENT);
    cr_assert(strstr(t.message, "huge.csv: is 1024.0 MiB; tables are read up to 1024.0 MiB (1073741824 bytes)"), "%s",
              t.message);
    ax_table_close(&t);
    /* the same file with no limit: its first byte is binary */
    cr_assert_eq(ax_table_open(&t, path, AX_TABLE_ANY_SIZE, 0), AX_OK);
    cr_assert_eq(ax_table_next(&t), -1);
    cr_assert(strstr(t.message, "huge.csv:1:1: byte 0x00 is binary data"), "%s", t.message);
    ax_table_close(&t);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(table, a_file_cut_mid_line_ends_at_its_last_whole_row)
{
    ax_table t;
    const char *text = "time_ms,neuron\n0.1,3\n0.2,4\n0.3,1";
    ax_table_open_text(&t, "s.csv", text, strlen(text), AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_next(&t), 1);
    cr_assert_eq(ax_table_next(&t), 0);
    cr_assert(t.cut);
    cr_assert_eq(t.rows, 2);
    ax_table_close(&t);
    /* cut within the header, or empty: no columns, no rows, no failure */
    const char *prefixes[] = {"", "time_", "time_ms,neuron"};
    for (int k = 0; k < 3; k++) {
        ax_table_open_text(&t, "s.csv", prefixes[k], strlen(prefixes[k]), AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT);
        cr_assert_eq(t.status, AX_OK);
        cr_assert_eq(t.n_columns, 0);
        cr_assert_eq(ax_table_next(&t), 0);
        ax_table_close(&t);
    }
}

Test(table, long_lines_grow_the_buffer)
{
    size_t n = 200000;
    char *text = malloc(n * 4 + 16);
    size_t len = 0;
    for (int row = 0; row < 2; row++) {
        for (size_t k = 0; k < n; k++)
            len += (size_t)sprintf(text + len, k ? ",%zu" : "%zu", k % 10);
        text[len++] = '\n';
    }
    ax_table t;
    ax_table_open_text(&t, "wide.csv", text, len, 0);
    for (int row = 0; row < 2; row++) {
        cr_assert_eq(ax_table_next(&t), 1, "%s", t.message);
        cr_assert_eq(t.n_fields, n);
        double x;
        cr_assert_eq(ax_table_number(&t, n - 1, &x), AX_OK);
        cr_assert_eq(x, (double)((n - 1) % 10));
    }
    cr_assert_eq(ax_table_next(&t), 0);
    ax_table_close(&t);
    free(text);
}
