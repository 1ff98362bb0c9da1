/*
 * json.h - the little JSON the command needs: writing summary.json and
 * reading it back (axon plot).
 */
#ifndef AXON_JSON_H
#define AXON_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string (quoted, escaped). */
void json_write_string(FILE *f, const char *s);

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    double number;            /* numbers; booleans as 0/1 */
    char *string;
    size_t n;                 /* array items / object members */
    char **keys;
    struct json_value **items;
} json_value;

/* Parses a document; NULL with a message on error. */
json_value *json_parse(const char *text, char *err, size_t err_len);
void json_free(json_value *v);
const json_value *json_get(const json_value *object, const char *key);

#endif
