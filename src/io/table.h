/*
 * table.h - the one reader of every text table axon reads: connection
 * lists (from_list), spike-time lists and position files (when the model
 * file takes them), and the recordings that `axon plot` draws.  Every such
 * file is read the same way, so each check exists once:
 *
 *   - only regular files are opened (a device such as /dev/zero, a FIFO or
 *     a folder is refused before anything is read), and no more than the
 *     file's size when it was opened is read, so a file that grows while
 *     it is read still ends;
 *   - a file larger than the caller's limit is refused before it is read
 *     (AX_TABLE_MAX_BYTES, 1 GiB, for tables kept in memory);
 *   - NUL bytes, control characters and invalid UTF-8 mean "not a text
 *     file" and stop the reading where they are found;
 *   - rows are split at commas, fields trimmed of spaces and tabs; every
 *     row has as many fields as the header (or the first row);
 *   - numbers are decimal numbers only ("1", "-0.5", "2.5e-3"): no hex, no
 *     "nan" or "inf", nothing after the number;
 *   - every failure is "file:line:col: message (column 'name')" and says
 *     what is allowed.
 *
 * The cli (axon plot, later axon analyze) uses this reader as well as the
 * loader: one reader for every text input file (docs/architecture.md).
 */
#ifndef AX_TABLE_H
#define AX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "axon.h"

#define AX_TABLE_MAX_BYTES ((uint64_t)1 << 30)   /* 1 GiB: tables read whole into memory */
#define AX_TABLE_ANY_SIZE UINT64_MAX             /* readers that keep a bounded sample */
#define AX_TABLE_MAX_LINE ((size_t)1 << 28)      /* 256 MiB: a longer line is no table row */

enum {
    AX_TABLE_HEADER = 1u << 0,       /* the first line names the columns */
    AX_TABLE_MAYBE_HEADER = 1u << 1, /* a first line whose first field is not a number names them */
    AX_TABLE_COMMENTS = 1u << 2,     /* blank lines and lines starting with # are skipped */
    AX_TABLE_MAY_BE_CUT = 1u << 3    /* written by a run that may have been stopped: a last line
                                        without its newline is left out (cut = true), not read */
};

typedef struct ax_table {
    /* for the caller to read */
    char name[512];          /* the path, for messages */
    uint64_t size;           /* bytes of the file when it was opened: all that is read */
    uint64_t line;           /* line number of the current row (1-based) */
    size_t n_fields;         /* fields of the current row */
    size_t n_columns;        /* fields of the header; 0 when there is none */
    uint64_t rows;           /* rows returned so far */
    bool cut;                /* the file ended in the middle of a line, which was left out */
    ax_status status;        /* of the first failure; then message says what */
    uint64_t failed_line;    /* where it is (0: the file as a whole, e.g. it cannot be opened) */
    char message[1024];

    /* the reader's own */
    unsigned flags;
    int fd;                  /* -1: reading from text */
    const char *text;
    uint64_t offset;         /* bytes taken from the file (or text) */
    char *buf;
    size_t cap, start, end;  /* unread bytes: buf[start, end) */
    bool checked_start;      /* the first block was checked for UTF-8 */
    char *line_start;        /* of the current row, for columns */
    char **field;
    size_t field_cap;
    size_t width;            /* fields every row has: the header's or the first row's */
    bool pending;            /* the first row was read looking for a header */
    char *header;            /* a copy of the header line, its fields in column[] */
    char **column;
} ax_table;

/* Opens `path` for reading rows; fails (status and message in t) when it is
 * no regular file, is larger than max_bytes, or cannot be read.  With
 * AX_TABLE_HEADER the header is read here (n_columns; 0 when the file has
 * no complete first line).  ax_table_close frees it, also after a failure. */
ax_status ax_table_open(ax_table *t, const char *path, uint64_t max_bytes, unsigned flags);

/* The same over text in memory (tests, the fuzzer); `name` is for messages. */
ax_status ax_table_open_text(ax_table *t, const char *name, const char *text, size_t len, unsigned flags);

/* The next row: 1, 0 at the end of the file, -1 on a failure (t->status). */
int ax_table_next(ax_table *t);

/* Field k of the current row (trimmed), or "" past the last one. */
const char *ax_table_field(const ax_table *t, size_t k);

/* The header's name of column k, or NULL. */
const char *ax_table_column(const ax_table *t, size_t k);

/* Field k as a finite decimal number. */
ax_status ax_table_number(ax_table *t, size_t k, double *out);

/* Field k as a recorded value: a decimal number, or nan / inf as a run
 * that blew up writes them. */
ax_status ax_table_value(ax_table *t, size_t k, double *out);

/* Field k as a time in ms: finite and >= 0. */
ax_status ax_table_time(ax_table *t, size_t k, double *out);

/* Field k as an index: a whole number 0 .. limit - 1; `what` names them
 * for the message, e.g. "the neurons of 'E'". */
ax_status ax_table_index(ax_table *t, size_t k, uint64_t limit, const char *what, uint32_t *out);

/* A failure at field k of the current row (SIZE_MAX: the line): the
 * message becomes "file:line:col: <fmt> (column 'name')". */
ax_status ax_table_fail(ax_table *t, ax_status status, size_t k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void ax_table_close(ax_table *t);

#endif
