/* The import report as data (gj_import_report, genjin.h): copied out of
 * the importer so it outlives it; src/api renders it as JSON. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* The report and the strings it owns: one allocation per string, freed by
 * gj_import_report_free through the arrays below. */
typedef struct {
    gj_import_report pub;
    char **strings;     /* every string the report points to */
    size_t nstrings, cap;
    int oom;
} report;

static const char *keep(report *r, const char *s)
{
    char *c;
    if (!s || r->oom) return NULL;
    if (r->nstrings == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        char **p = gj_realloc(r->strings, sizeof *p * cap);
        if (!p) { r->oom = 1; return NULL; }
        r->strings = p;
        r->cap = cap;
    }
    if (!(c = gj_strdup(s))) { r->oom = 1; return NULL; }
    r->strings[r->nstrings++] = c;
    return c;
}

static void *array(report *r, size_t n, size_t size)
{
    void *p = gj_calloc(n ? n : 1, size);
    if (!p) r->oom = 1;
    return p;
}

void gj_import_report_free(gj_import_report *pub)
{
    report *r = (report *)pub;
    size_t i;
    int k;
    if (!r) return;
    for (i = 0; i < r->nstrings; i++) free(r->strings[i]);
    free(r->strings);
    for (k = 0; pub->errors && k < pub->nerrors; k++) free((void *)pub->errors[k].params);
    free((void *)pub->errors);
    free((void *)pub->columns);
    free((void *)pub->targets);
    free((void *)pub->custom_fields);
    free(r);
}

gj_import_report *gj_import_report_make(gj_import *imp, int committed)
{
    report *r = gj_calloc(1, sizeof *r);
    gj_import_report *p;
    const char **columns, **targets, **custom;
    gj_import_row_error *errors;
    int i, k;
    if (!r) return NULL;
    p = &r->pub;
    p->kind = keep(r, imp->e->name);
    p->encoding = keep(r, gj_encoding_name(gj_decoder_encoding(imp->dec)));
    p->rows = imp->data_rows;
    p->created = imp->created;
    p->updated = imp->updated;
    p->customers_created = imp->customers_created;
    p->reps_created = imp->reps_created;
    p->dry_run = imp->dry_run;
    p->committed = committed;
    p->columns = columns = array(r, (size_t)imp->ncols, sizeof *columns);
    p->targets = targets = array(r, (size_t)imp->ncols, sizeof *targets);
    p->custom_fields = custom = array(r, (size_t)imp->ncreated_defs, sizeof *custom);
    p->errors = errors = array(r, (size_t)imp->nerrors, sizeof *errors);
    if (r->oom) goto fail;
    p->ncolumns = imp->ncols;
    for (i = 0; i < imp->ncols; i++) {
        columns[i] = keep(r, imp->headers[i]);
        targets[i] = imp->targets[i].kind == GJ_T_IGNORE ? NULL : keep(r, imp->targets[i].name);
    }
    p->ncustom_fields = imp->ncreated_defs;
    for (i = 0; i < imp->ncreated_defs; i++) custom[i] = keep(r, imp->created_defs[i]);
    p->nerrors = imp->nerrors;
    for (i = 0; i < imp->nerrors && !r->oom; i++) {
        const gj_import_error *e = &imp->errors[i];
        gj_import_param *params = array(r, (size_t)e->nparams, sizeof *params);
        errors[i].row = e->row;
        errors[i].column = keep(r, e->column);
        errors[i].field = keep(r, e->field);
        errors[i].value = keep(r, e->value);
        errors[i].reason = keep(r, e->reason);
        errors[i].message = keep(r, e->message);
        errors[i].params = params;
        if (!params) break;
        errors[i].nparams = e->nparams;
        for (k = 0; k < e->nparams; k++) {
            params[k].name = keep(r, e->params[k].name);
            params[k].value = keep(r, e->params[k].value);
            params[k].is_number = e->params[k].is_number;
        }
    }
    p->error_count = imp->error_count;
    p->fatal = imp->fatal ? keep(r, imp->fatal_msg) : NULL;
    if (r->oom) goto fail;
    return p;
fail:
    gj_import_report_free(p);
    return NULL;
}
