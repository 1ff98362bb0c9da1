/*
 * toml_parser.h - the parser's cursor, shared by toml.c (document
 * structure: tables, keys, arrays) and toml_scalar.c (strings, numbers,
 * dates and times).
 */
#ifndef AX_TOML_PARSER_H
#define AX_TOML_PARSER_H

#include "io/toml.h"

typedef struct toml_parser {
    const char *start, *end, *p;   /* the document and the cursor */
    uint32_t line;                 /* line of p, 1-based */
    const char *line_start;        /* first byte of that line */
    toml_error *err;
    bool failed;
} toml_parser;

/* Position of a byte of the current line (column in characters). */
toml_pos ax_toml_pos_at(const toml_parser *ps, const char *at);

/* Records the first error (at `at`) and returns false, for `return fail(...)`. */
bool ax_toml_fail(toml_parser *ps, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The same for an allocation that failed: "out of memory while parsing", and
 * err->out_of_memory set, so that callers can tell it from a bad document. */
bool ax_toml_out_of_memory(toml_parser *ps, const char *at);

static inline int toml_peek(const toml_parser *ps, size_t k)
{
    return ps->p + k < ps->end ? (unsigned char)ps->p[k] : -1;
}

/* A growable byte buffer for decoded strings. */
typedef struct toml_buf {
    char *ptr;
    size_t len, cap;
} toml_buf;

bool ax_toml_buf_put(toml_buf *b, const char *s, size_t n);

/* Strings: ps->p is at the opening quote.  The decoded bytes go to *out
 * (NUL-terminated).  `multiline_ok` false for keys. */
bool ax_toml_parse_string(toml_parser *ps, toml_buf *out, bool multiline_ok);

/* Numbers, booleans, dates and times: ps->p at their first character. */
bool ax_toml_parse_scalar(toml_parser *ps, toml_value *v);

/* Moves past a newline (LF or CRLF) at ps->p, counting lines. */
void ax_toml_newline(toml_parser *ps);

#endif
