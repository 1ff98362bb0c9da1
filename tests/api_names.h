/*
 * api_names.h - the functions include/axon.h declares, read from the header
 * itself, for the tests that hold the library to it (test_exports.c: the
 * exported symbols; test_api_contract.c: a bad-argument case for each).
 */
#ifndef AX_TEST_API_NAMES_H
#define AX_TEST_API_NAMES_H

#include <ctype.h>

#include "helpers.h"

#define MAX_NAMES 512

typedef struct names {
    char *name[MAX_NAMES];
    size_t n;
} names;

static inline void names_add(names *s, const char *name, size_t len)
{
    cr_assert_lt(s->n, (size_t)MAX_NAMES);
    s->name[s->n] = strndup(name, len);
    s->n++;
}

static inline int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static inline void names_free(names *s)
{
    for (size_t k = 0; k < s->n; k++)
        free(s->name[k]);
}

/* The functions the header declares, sorted: the lines at column 0 that
 * name a function ("<type> ax_name(", not static inline, typedefs or
 * macros); each must be marked AX_API. */
static inline names declared_functions(void)
{
    names s = {.n = 0};
    FILE *f = fopen("include/axon.h", "r");
    cr_assert_not_null(f, "run the tests from the repository root");
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *paren = strchr(line, '(');
        if (!paren || !isalpha((unsigned char)line[0]) || strncmp(line, "static ", 7) == 0 ||
            strncmp(line, "typedef ", 8) == 0 || strncmp(line, "extern ", 7) == 0)
            continue;
        cr_expect(strncmp(line, "AX_API ", 7) == 0, "declared without AX_API: %s", line);
        char *end = paren;
        while (end > line && isspace((unsigned char)end[-1]))
            end--;
        char *begin = end;
        while (begin > line && (isalnum((unsigned char)begin[-1]) || begin[-1] == '_'))
            begin--;
        names_add(&s, begin, (size_t)(end - begin));
    }
    fclose(f);
    qsort(s.name, s.n, sizeof s.name[0], by_name);
    return s;
}

#endif
