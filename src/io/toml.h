/*
 * toml.h - a TOML 1.0 parser that remembers where every key and value is.
 *
 * ax_toml_parse() turns a document into a tree of toml_value: tables (keys in
 * document order), arrays, strings (UTF-8, may contain NUL), integers
 * (int64), floats, booleans and the four date/time types.  Each key and
 * value carries its line and column (1-based, columns in characters), so
 * that the model loader can say "cuba.toml:12:5: ..." about any of them.
 * Invalid documents - bad syntax, bad UTF-8, control characters, a key or
 * table defined twice, integers out of range - are rejected with the
 * position and a message.
 */
#ifndef AX_TOML_H
#define AX_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum toml_type {
    TOML_TABLE,
    TOML_ARRAY,
    TOML_STRING,
    TOML_INTEGER,
    TOML_FLOAT,
    TOML_BOOL,
    TOML_DATETIME,        /* offset date-time: 1979-05-27T07:32:00Z */
    TOML_DATETIME_LOCAL,  /* 1979-05-27T07:32:00 */
    TOML_DATE_LOCAL,      /* 1979-05-27 */
    TOML_TIME_LOCAL       /* 07:32:00 */
} toml_type;

typedef struct toml_pos {
    uint32_t line, col;
} toml_pos;

typedef struct toml_datetime {
    int year, month, day;
    int hour, minute, second, nanosecond;
    int offset_minutes;   /* TOML_DATETIME: minutes east of UTC */
} toml_datetime;

typedef struct toml_value toml_value;

typedef struct toml_entry {
    char *key;
    size_t key_len;
    toml_pos pos;         /* where the key is (its last part, for dotted keys) */
    toml_value *value;
} toml_entry;

struct toml_value {
    toml_type type;
    toml_pos pos;         /* where the value starts; tables: their header or first key */
    unsigned flags;       /* how a table or array came to be (internal) */
    union {
        struct {
            toml_entry *entries;
            size_t n, cap;
        } table;
        struct {
            toml_value **items;
            size_t n, cap;
        } array;
        struct {
            char *ptr;    /* NUL-terminated, but may also contain NUL */
            size_t len;
        } string;
        int64_t integer;
        double number;
        bool boolean;
        toml_datetime datetime;
    } u;
};

typedef struct toml_error {
    toml_pos pos;
    char message[256];
    bool out_of_memory;   /* the parser ran out of memory: the document may be fine */
} toml_error;

/* Parses `len` bytes.  NULL on error, with where and why in *err. */
toml_value *ax_toml_parse(const char *text, size_t len, toml_error *err);

void ax_toml_free(toml_value *value);

/* The value of `key` in a table, or NULL. */
const toml_value *ax_toml_get(const toml_value *table, const char *key);

/* The entry of `key` (with its position), or NULL. */
const toml_entry *ax_toml_get_entry(const toml_value *table, const char *key);

/* Puts `value` under `key` in `table`, replacing (and freeing) what was
 * there.  Returns false when out of memory (value is then freed). */
bool ax_toml_set(toml_value *table, const char *key, toml_value *value, toml_pos pos);

/* A new empty table, or NULL. */
toml_value *ax_toml_new_table(toml_pos pos);

/* Moves the value of `key` out of `table` (NULL if absent). */
toml_value *ax_toml_take(toml_value *table, const char *key);

/* Sets the position of a value and everything in it. */
void ax_toml_set_pos(toml_value *value, toml_pos pos);

/* "table", "integer", ... for messages. */
const char *ax_toml_type_name(toml_type type);

#endif
