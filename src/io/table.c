/*
 * table.c - reading text tables (table.h): regular files only, bounded by
 * their size, binary content refused, rows split at commas, numbers parsed
 * strictly, every failure placed at file:line:col.
 */
#include "io/table.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FIRST_BLOCK = 1 << 16 };

static void reset(ax_table *t, const char *name, unsigned flags)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->flags = flags;
    snprintf(t->name, sizeof t->name, "%s", name ? name : "(table)");
}

/* Keeps the first failure. */
static ax_status fail_at(ax_table *t, ax_status status, uint64_t line, size_t col, const char *fmt, va_list ap)
{
    if (t->status)
        return t->status;
    t->status = status;
    t->failed_line = line;
    int n = line ? snprintf(t->message, sizeof t->message, "%s:%llu:%zu: ", t->name, (unsigned long long)line, col)
                 : snprintf(t->message, sizeof t->message, "%s: ", t->name);
    if (n >= 0 && (size_t)n < sizeof t->message)
        vsnprintf(t->message + n, sizeof t->message - (size_t)n, fmt, ap);
    return status;
}

static ax_status fail(ax_table *t, ax_status status, uint64_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static ax_status fail(ax_table *t, ax_status status, uint64_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_at(t, status, line, col, fmt, ap);
    va_end(ap);
    return status;
}

static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a folder" : S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device"
           : S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

static ax_status start(ax_table *t, unsigned flags);

ax_status ax_table_open(ax_table *t, const char *path, uint64_t max_bytes, unsigned flags)
{
    reset(t, path, flags);
    if (!path)
        return fail(t, AX_ERR_ARGUMENT, 0, 0, "no file name given");
    /* O_NONBLOCK: opening a FIFO without a writer must not wait */
    t->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (t->fd < 0)
        return fail(t, errno == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(t->fd, &st) != 0)
        return fail(t, AX_ERR_IO, 0, 0, "cannot read: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fail(t, AX_ERR_ARGUMENT, 0, 0, "is %s, not a regular file: give a text file (CSV)",
                    file_kind(st.st_mode));
    t->size = (uint64_t)st.st_size;
    if (t->size > max_bytes)
        return fail(t, AX_ERR_ARGUMENT, 0, 0, "is %.1f MiB; tables are read up to %.1f MiB (%llu bytes)",
                    t->size / 1048576.0, max_bytes / 1048576.0, (unsigned long long)max_bytes);
    int fl = fcntl(t->fd, F_GETFL);
    if (fl >= 0)
        fcntl(t->fd, F_SETFL, fl & ~O_NONBLOCK);
    return start(t, flags);
}

ax_status ax_table_open_text(ax_table *t, const char *name, const char *text, size_t len, unsigned flags)
{
    reset(t, name, flags);
    if (!text && len)
        return fail(t, AX_ERR_ARGUMENT, 0, 0, "no text given");
    t->text = text;
    t->size = len;
    return start(t, flags);
}

void ax_table_close(ax_table *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    free(t->buf);
    free(t->field);
    free(t->header);
    free(t->column);
    t->buf = t->header = NULL;
    t->field = t->column = NULL;
}

/* ---- binary content ---- */

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid,
 * n + 1 when it may continue past the end. */
static size_t utf8_length(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 && c >= 0xc2 ? 2 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 && c <= 0xf4 ? 4 : 0;
    for (size_t k = 1; k < len; k++) {
        if (k >= n)
            return n + 1;
        if ((p[k] & 0xc0) != 0x80)
            return 0;
    }
    return len;
}

/* Line and column of byte `at` of the buffer (the rows before start are counted in t->line). */
static void position(const ax_table *t, size_t at, uint64_t *line, size_t *col)
{
    *line = t->line + 1;
    size_t begin = t->start;
    for (size_t k = t->start; k < at; k++)
        if (t->buf[k] == '\n')
            ++*line, begin = k + 1;
    *col = at - begin + 1;
}

/* Checks bytes buf[from, to) for what a text table cannot hold. */
static ax_status check_text(ax_table *t, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        unsigned char c = (unsigned char)t->buf[k];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
            uint64_t line;
            size_t col;
            position(t, k, &line, &col);
            return fail(t, AX_ERR_ARGUMENT, line, col,
                        "byte 0x%02x is binary data, not text: this is not a CSV table", c);
        }
    }
    if (!t->checked_start) {
        /* invalid UTF-8 near the start: binary data without control bytes */
        t->checked_start = true;
        size_t end = to - from < FIRST_BLOCK ? to : from + FIRST_BLOCK;
        for (size_t k = from; k < end;) {
            size_t len = utf8_length((const unsigned char *)t->buf + k, end - k);
            if (len == 0) {
                uint64_t line;
                size_t col;
                position(t, k, &line, &col);
                return fail(t, AX_ERR_ARGUMENT, line, col,
                            "byte 0x%02x is not UTF-8 text: this is not a CSV table", (unsigned char)t->buf[k]);
            }
            k += len;
        }
    }
    return AX_OK;
}

/* ---- reading lines ---- */

/* More bytes into the buffer; false at the end of the file or on a failure. */
static bool refill(ax_table *t)
{
    if (t->status || t->offset >= t->size)
        return false;
    if (t->start > 0) {
        memmove(t->buf, t->buf + t->start, t->end - t->start);
        t->end -= t->start;
        t->start = 0;
    }
    if (t->end + 1 >= t->cap) {
        if (t->cap > AX_TABLE_MAX_LINE) {
            fail(t, AX_ERR_ARGUMENT, t->line + 1, 1, "the line is longer than %zu MiB: this is not a table of rows",
                 (size_t)AX_TABLE_MAX_LINE >> 20);
            return false;
        }
        size_t cap = t->cap ? 2 * t->cap : FIRST_BLOCK;
        char *b = realloc(t->buf, cap);
        if (!b) {
            fail(t, AX_ERR_MEMORY, 0, 0, "out of memory reading line %llu", (unsigned long long)t->line + 1);
            return false;
        }
        t->buf = b;
        t->cap = cap;
    }
    size_t want = t->cap - 1 - t->end;
    if (want > t->size - t->offset)
        want = (size_t)(t->size - t->offset);
    size_t got;
    if (t->text) {
        memcpy(t->buf + t->end, t->text + t->offset, want);
        got = want;
    } else {
        ssize_t r;
        do
            r = read(t->fd, t->buf + t->end, want);
        while (r < 0 && errno == EINTR);
        if (r < 0) {
            fail(t, AX_ERR_IO, 0, 0, "read error: %s", strerror(errno));
            return false;
        }
        if (r == 0) {   /* the file shrank since it was opened: what is there is all */
            t->size = t->offset;
            return false;
        }
        got = (size_t)r;
    }
    size_t from = t->end;
    t->end += got;
    t->offset += got;
    return check_text(t, from, t->end) == AX_OK;
}

/* The next line, without its newline, NUL-terminated, in *line; false at
 * the end or on a failure. */
static bool next_line(ax_table *t, char **line, size_t *len)
{
    for (;;) {
        char *nl = t->end > t->start ? memchr(t->buf + t->start, '\n', t->end - t->start) : NULL;
        if (nl || (t->offset >= t->size && !t->status)) {
            size_t end = nl ? (size_t)(nl - t->buf) : t->end;
            if (!nl && end == t->start)
                return false;   /* the end */
            if (!nl && (t->flags & AX_TABLE_MAY_BE_CUT)) {
                t->cut = true;   /* stopped while this line was written */
                t->start = t->end;
                return false;
            }
            t->line++;
            *line = t->buf + t->start;
            *len = end - t->start;
            t->buf[end] = '\0';   /* the newline, or the byte kept free after the data */
            t->start = nl ? end + 1 : end;
            if (*len && (*line)[*len - 1] == '\r')
                (*line)[--*len] = '\0';
            return true;
        }
        if (!refill(t))
            if (t->status || t->offset < t->size)
                return false;
    }
}

/* ---- fields ---- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static ax_status split(ax_table *t, char *line)
{
    t->line_start = line;
    t->n_fields = 0;
    char *p = line;
    for (;;) {
        if (t->n_fields == t->field_cap) {
            size_t cap = t->field_cap ? 2 * t->field_cap : 16;
            char **f = realloc(t->field, cap * sizeof *f);
            if (!f)
                return fail(t, AX_ERR_MEMORY, t->line, 1, "out of memory splitting the row");
            t->field = f;
            t->field_cap = cap;
        }
        while (is_blank(*p))
            p++;
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        char *q = end;
        while (q > p && is_blank(q[-1]))
            q--;
        t->field[t->n_fields++] = p;
        if (!comma) {
            *q = '\0';
            return AX_OK;
        }
        *q = '\0';
        p = comma + 1;
    }
}

static bool decimal(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (!digits)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* nan, inf, infinity, with a sign, in any case (what printf writes for them) */
static bool non_finite_word(const char *s, double *out)
{
    const char *p = s + (*s == '+' || *s == '-');
    double sign = *s == '-' ? -1 : 1;
    if (!strcasecmp(p, "nan")) {
        *out = NAN;
        return true;
    }
    if (!strcasecmp(p, "inf") || !strcasecmp(p, "infinity")) {
        *out = sign * INFINITY;
        return true;
    }
    return false;
}

static ax_status copy_header(ax_table *t)
{
    size_t bytes = 0;
    for (size_t k = 0; k < t->n_fields; k++)
        bytes += strlen(t->field[k]) + 1;
    t->header = malloc(bytes ? bytes : 1);
    t->column = malloc((t->n_fields ? t->n_fields : 1) * sizeof *t->column);
    if (!t->header || !t->column)
        return fail(t, AX_ERR_MEMORY, t->line, 1, "out of memory keeping the header");
    char *p = t->header;
    for (size_t k = 0; k < t->n_fields; k++) {
        size_t n = strlen(t->field[k]) + 1;
        memcpy(p, t->field[k], n);
        t->column[k] = p;
        p += n;
    }
    t->n_columns = t->n_fields;
    return AX_OK;
}

static bool skipped(const ax_table *t, const char *line)
{
    if (!(t->flags & AX_TABLE_COMMENTS))
        return false;
    while (is_blank(*line))
        line++;
    return *line == '\0' || *line == '#';
}

/* Reads lines until a row (or the header) is split; 1, 0 or -1. */
static int read_row(ax_table *t)
{
    char *line;
    size_t len;
    do {
        if (!next_line(t, &line, &len))
            return t->status ? -1 : 0;
    } while (skipped(t, line));
    return split(t, line) ? -1 : 1;
}

static ax_status start(ax_table *t, unsigned flags)
{
    if (!(flags & (AX_TABLE_HEADER | AX_TABLE_MAYBE_HEADER)))
        return AX_OK;
    int r = read_row(t);
    if (r < 0)
        return t->status;
    if (r == 0)
        return AX_OK;   /* empty, or cut within the header: no columns */
    double x;
    if ((flags & AX_TABLE_HEADER) || !(decimal(t->field[0]) || non_finite_word(t->field[0], &x)))
        return copy_header(t);
    t->pending = true;   /* no header: this is the first row */
    return AX_OK;
}

int ax_table_next(ax_table *t)
{
    if (t->status)
        return -1;
    if (t->pending) {
        t->pending = false;
    } else {
        int r = read_row(t);
        if (r <= 0)
            return r;
    }
    if (!t->width)
        t->width = t->n_columns ? t->n_columns : t->n_fields;
    if (t->n_fields != t->width) {
        if (t->n_columns)
            ax_table_fail(t, AX_ERR_ARGUMENT, SIZE_MAX, "%zu fields; the header has %zu columns", t->n_fields,
                          t->n_columns);
        else
            ax_table_fail(t, AX_ERR_ARGUMENT, SIZE_MAX, "%zu fields; the rows before have %zu", t->n_fields,
                          t->width);
        return -1;
    }
    t->rows++;
    return 1;
}

const char *ax_table_field(const ax_table *t, size_t k) { return k < t->n_fields ? t->field[k] : ""; }

const char *ax_table_column(const ax_table *t, size_t k) { return k < t->n_columns ? t->column[k] : NULL; }

ax_status ax_table_fail(ax_table *t, ax_status status, size_t k, const char *fmt, ...)
{
    if (t->status)
        return t->status;
    size_t col = k < t->n_fields && t->line_start ? (size_t)(t->field[k] - t->line_start) + 1 : 1;
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const char *name = ax_table_column(t, k);
    if (k == SIZE_MAX)
        return fail(t, status, t->line, col, "%s", what);
    if (name && *name)
        return fail(t, status, t->line, col, "%s (column '%.100s')", what, name);
    return fail(t, status, t->line, col, "%s (column %zu)", what, k + 1);
}

static ax_status parse(ax_table *t, size_t k, bool finite, double *out)
{
    const char *s = ax_table_field(t, k);
    if (k >= t->n_fields)
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "missing field; expected a number");
    if (!*s)
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "an empty field; expected a number");
    if (!decimal(s)) {
        if (non_finite_word(s, out)) {
            if (!finite)
                return AX_OK;
            return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is not allowed: expected a finite number", s);
        }
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is not a number", s);
    }
    errno = 0;
    double v = strtod(s, NULL);
    if (!isfinite(v))
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is out of range: numbers are below 1.8e308 in size", s);
    *out = v;
    return AX_OK;
}

ax_status ax_table_number(ax_table *t, size_t k, double *out) { return parse(t, k, true, out); }

ax_status ax_table_value(ax_table *t, size_t k, double *out) { return parse(t, k, false, out); }

ax_status ax_table_time(ax_table *t, size_t k, double *out)
{
    ax_status st = parse(t, k, true, out);
    if (!st && *out < 0)
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is not allowed: times are >= 0 ms",
                             ax_table_field(t, k));
    return st;
}

ax_status ax_table_index(ax_table *t, size_t k, uint64_t limit, const char *what, uint32_t *out)
{
    double x = 0;
    ax_status st = parse(t, k, true, &x);
    if (st)
        return st;
    if (limit > (uint64_t)UINT32_MAX + 1)
        limit = (uint64_t)UINT32_MAX + 1;
    if (x < 0 || x != floor(x) || x >= (double)limit) {
        if (limit == 0)
            return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is out of range: there are no %s",
                                 ax_table_field(t, k), what);
        return ax_table_fail(t, AX_ERR_ARGUMENT, k, "'%.40s' is out of range: %s are 0 .. %llu",
                             ax_table_field(t, k), what, (unsigned long long)limit - 1);
    }
    *out = (uint32_t)x;
    return AX_OK;
}
