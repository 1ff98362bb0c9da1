/*
 * axon_py.h - what the C files of the extension axon._axon share (private).
 *
 * Objects: Network owns an ax_network (or the ax_modelfile that owns one);
 * Population, Projection, Recorder, Modulator and Input are handles that
 * hold a strong reference to their Network, so the network outlives them.
 * The Network keeps its Population and Projection objects (so that
 * net.populations[0] is pop), which makes cycles: both sides take part in
 * the garbage collector.
 */
#ifndef AXON_PY_H
#define AXON_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* One numpy C-API table for all the extension's files (module.c imports it). */
#define PY_ARRAY_UNIQUE_SYMBOL axpy_ARRAY_API
#ifndef AXPY_MODULE_C
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#include "axon.h"

/* ---- Network ---- */

typedef struct axpy_network {
    PyObject_HEAD
    ax_network *net;        /* NULL once closed */
    ax_modelfile *mf;       /* non-NULL when a model file owns net: freed instead of net */
    int running;            /* a run is under way (the GIL is released): refuse other calls */
    PyObject *pops;         /* list: Population objects by handle (None where not made yet) */
    PyObject *projs;        /* list: Projection objects by handle */
    PyObject *owners;       /* dict: (kind << 32 | handle) -> weak reference to its array owner (arrays.c) */
    PyObject *progress;     /* during a run: the progress callable, or NULL */
    PyObject *progress_exc; /* an exception the callback raised (stops the run) */
    PyObject *weakrefs;
} axpy_network;

extern PyTypeObject axpy_NetworkType;

/* The library's network, or NULL with StateError when closed or running. */
ax_network *axpy_net(axpy_network *self);
/* The same for a handle's network; `what` names the object in messages. */
ax_network *axpy_net_of(axpy_network *self, const char *what);
/* Before anything that invalidates arrays the library handed out (reset,
 * restore, weight changes, close): live owners keep their memory (arrays.c). */
int axpy_network_release_views(axpy_network *self);

/* ---- Handles ---- */

typedef struct axpy_handle {
    PyObject_HEAD
    axpy_network *owner;    /* strong */
    uint32_t handle;
} axpy_handle;

typedef struct axpy_projection {
    axpy_handle h;
    PyObject *pre, *post;   /* Population objects */
    PyObject *receptor;     /* str, or None for gap junctions */
    const char *kind;       /* "static", "plastic", "gap" or "graded" */
} axpy_projection;

typedef struct axpy_input {
    axpy_handle h;
    PyObject *population;
    const char *kind;
} axpy_input;

typedef struct axpy_modulator {
    axpy_handle h;
    PyObject *name;
} axpy_modulator;

extern PyTypeObject axpy_PopulationType, axpy_ProjectionType, axpy_RecorderType, axpy_ModulatorType,
    axpy_InputType, axpy_ModelFileType;

/* New references to the handle objects (cached where the network keeps them). */
PyObject *axpy_population_get(axpy_network *net, ax_population h);
PyObject *axpy_projection_get(axpy_network *net, ax_projection h);
PyObject *axpy_recorder_new(axpy_network *net, ax_recorder h);
PyObject *axpy_modulator_new(axpy_network *net, ax_modulator h, PyObject *name);
PyObject *axpy_input_new(axpy_network *net, ax_input h, PyObject *population, const char *kind);

/* Shared by the handle types: GC, equality, hash, repr pieces. */
PyObject *axpy_handle_no_new(PyTypeObject *type, PyObject *args, PyObject *kw);
/* A new handle object of `type` (its own fields zeroed). */
PyObject *axpy_handle_make(PyTypeObject *type, axpy_network *net, uint32_t h);
int axpy_handle_traverse(PyObject *self, visitproc visit, void *arg);
int axpy_handle_clear(PyObject *self);
void axpy_handle_dealloc(PyObject *self);
PyObject *axpy_handle_richcompare(PyObject *a, PyObject *b, int op);
Py_hash_t axpy_handle_hash(PyObject *self);
/* `obj` as a handle of `type` in network `net`: TypeError for another type,
 * ArgumentError for a handle of another network or a closed one. */
int axpy_handle_arg(PyObject *obj, PyTypeObject *type, axpy_network *net, const char *call, const char *what,
                    uint32_t *out);

/* ---- Errors (errors.c) ---- */

int axpy_errors_init(void);
/* Raise the class of `status` with the network's message; returns NULL. */
PyObject *axpy_fail(axpy_network *self, ax_status status);
/* Raise the class of `status` with this message; returns NULL. */
PyObject *axpy_raise(ax_status status, const char *message);
/* Takes the exception being raised (a callback's, while C runs), its
 * traceback attached, into *kept when *kept is still NULL (the first one
 * wins; a later one is dropped). */
void axpy_keep_exception(PyObject **kept);
PyObject *axpy_raisef(ax_status status, const char *fmt, ...);
/* The class for a status (borrowed). */
PyObject *axpy_error_class(ax_status status);
/* The failure dict of the network's last run, or None. */
PyObject *axpy_failure_dict(axpy_network *self);

/* ---- Analysis (analysis_*.c: one method table per area, added to the
 * module by PyInit__axon; python/axon/analysis.py wraps them) ---- */

extern PyMethodDef axpy_trains_methods[];

/* A view over a Python list of 1-D arrays of spike times (ms), copied
 * (analysis_trains.c); any area's calls take spike trains through it.
 * Returns 0, or -1 with an exception set; axpy_trains_release frees. */
typedef struct axpy_trains {
    ax_spike_trains view;
    size_t *offsets;
    double *times;
} axpy_trains;
int axpy_trains_from_list(PyObject *list, double t_start, double t_stop, axpy_trains *out);
void axpy_trains_release(axpy_trains *t);
/* A view's trains as a new list of float64 arrays. */
PyObject *axpy_trains_to_list(const ax_spike_trains *s);
/* A new 1-D float64 array of n values copied from data (what the library
 * returned); NULL with an exception when numpy fails. */
PyObject *axpy_doubles_array(const double *data, size_t n);
extern PyMethodDef axpy_spectra_methods[];
extern PyMethodDef axpy_stats_methods[];
extern PyMethodDef axpy_distances_methods[];
extern PyMethodDef axpy_correlations_methods[];
extern PyMethodDef axpy_hopfield_methods[];   /* attractor_hopfield.c */

/* ---- Fitting (fit_*.c: one method table per area; python/axon/fit.py wraps them) ---- */
extern PyMethodDef axpy_fit_generations_methods[];
extern PyMethodDef axpy_objectives_methods[];

/* ---- Values (values.c) ---- */

typedef struct axpy_value {
    ax_value v;
    PyObject *keep;         /* the array behind v.array, released by axpy_value_release */
} axpy_value;

int axpy_value_from(PyObject *obj, const char *call, const char *what, axpy_value *out);
void axpy_value_release(axpy_value *v);

typedef struct axpy_indices {
    const void *data;       /* NULL: none given */
    size_t n;
    PyObject *keep;
} axpy_indices;

/* Indices (ints >= 0, at most `max`) as a C array of uint32 (max <= UINT32_MAX) or uint64. */
int axpy_indices_from(PyObject *obj, const char *call, const char *what, int npy_type, axpy_indices *out);
void axpy_indices_release(axpy_indices *ix);
/* neurons: None (all), an int n >= 1 (the first n) or a sequence of indices. */
int axpy_neurons_from(PyObject *obj, const char *call, ax_neurons *sel, axpy_indices *keep);
/* A float64 C array from a sequence (copies only when it must). */
int axpy_doubles_from(PyObject *obj, const char *call, const char *what, axpy_indices *out);
/* A Python number as double / a C string from a str (borrowed), with messages. */
int axpy_double_arg(PyObject *obj, const char *call, const char *what, double *out);
const char *axpy_str_arg(PyObject *obj, const char *call, const char *what);

/* ---- Specs read from the pure-Python value classes (specs.c, plasticity.c) ---- */

typedef struct axpy_connector {
    ax_connector c;
    axpy_indices sources, targets;
} axpy_connector;
int axpy_connector_from(PyObject *obj, const char *call, axpy_connector *out);
void axpy_connector_release(axpy_connector *c);

typedef struct axpy_input_spec {
    ax_input_spec s;
    PyObject *keep[3];
} axpy_input_spec;
int axpy_input_spec_from(PyObject *obj, const char *call, axpy_input_spec *out);
void axpy_input_spec_release(axpy_input_spec *s);
const char *axpy_input_kind_name(ax_input_kind kind);

/* Structures (space.c): axon.Grid, RandomBox, ... into *out; *keep holds
 * the array behind out->xyz (Py_XDECREF it after use). */
int axpy_structure_from(PyObject *obj, const char *call, ax_structure *out, PyObject **keep);
/* Sets a structure on pop (None: nothing); -1 with the exception set. */
int axpy_population_set_structure(axpy_network *owner, ax_population pop, PyObject *structure, const char *call);
PyObject *axpy_pop_set_structure(axpy_handle *self, PyObject *structure);
PyObject *axpy_pop_positions(axpy_handle *self, void *c);

/* The graph after the build (graph.c): Projection.synapse, set_synapse,
 * export, import_weights; Population.incoming, outgoing. */
PyObject *axpy_prj_synapse(axpy_handle *self, PyObject *args);
PyObject *axpy_prj_set_synapse(axpy_handle *self, PyObject *args, PyObject *kw);
PyObject *axpy_prj_export(axpy_handle *self, PyObject *args, PyObject *kw);
PyObject *axpy_prj_import(axpy_handle *self, PyObject *args, PyObject *kw);
PyObject *axpy_pop_incoming(axpy_handle *self, PyObject *arg);
PyObject *axpy_pop_outgoing(axpy_handle *self, PyObject *arg);

int axpy_plasticity_from(PyObject *spec, axpy_network *net, const char *call, ax_plasticity *out);
PyObject *axpy_plasticity_defaults(PyObject *module, PyObject *unused);
PyObject *axpy_plasticity_check(PyObject *module, PyObject *spec);

/* ---- Arrays (arrays.c) ---- */

int axpy_arrays_init(void);
/* Read-only arrays over what a recorder's getters / a projection's table
 * returned (nd dims; no copy), kept valid by the network's owners. */
PyObject *axpy_recorder_view(axpy_network *net, ax_recorder rec, const void *data, int nd, npy_intp *dims,
                             int npy_type);
PyObject *axpy_table_view(axpy_network *net, ax_projection proj, const void *data, npy_intp n, int npy_type);
/* Hands the library's arrays to the live owners before they change: all of
 * them (reset, restore, close), or before a run those a run changes. */
int axpy_network_release(axpy_network *self, int before_run);
/* The same for one projection's table (its weights or delays change). */
int axpy_network_release_table(axpy_network *self, ax_projection proj);

/* ---- Running (run.c) ---- */

/* Runs net (or its model file when mf is given) for duration ms with the GIL
 * released, Ctrl-C and the progress callback handled. */
PyObject *axpy_run(axpy_network *self, double duration, PyObject *progress, double every, int modelfile);
PyObject *axpy_network_interrupt(axpy_network *self, PyObject *unused);

/* ---- Module functions ---- */

PyObject *axpy_models(PyObject *module, PyObject *args, PyObject *kw);
PyObject *axpy_mpi_info(PyObject *module, PyObject *unused);
PyObject *axpy_channels(PyObject *module, PyObject *unused);
PyObject *axpy_receptor_kinds(PyObject *module, PyObject *unused);
/* Helpers of catalogue.c also used for networks' own models. */
PyObject *axpy_model_dict(const ax_model *m);
PyObject *axpy_param_list(const ax_param_info *p, uint32_t n);

/* Network methods defined outside network.c */
PyObject *axpy_network_define_cell(axpy_network *self, PyObject *args, PyObject *kw);
PyObject *axpy_network_define_with_receptors(axpy_network *self, PyObject *args, PyObject *kw);
PyObject *axpy_network_define_channel(axpy_network *self, PyObject *args, PyObject *kw);
PyObject *axpy_network_define_equations(axpy_network *self, PyObject *args, PyObject *kw);
PyObject *axpy_network_define_plasticity_equations(axpy_network *self, PyObject *args, PyObject *kw);
PyObject *axpy_network_stats(axpy_network *self, void *closure);
PyObject *axpy_network_warnings(axpy_network *self, void *closure);
PyObject *axpy_network_failure(axpy_network *self, void *closure);
PyObject *axpy_network_silence_warning(axpy_network *self, PyObject *arg);

/* Sets each item of dict (name: value) on population pop: parameters, or
 * state variables when state is set.  -1 with an exception at the first
 * that fails. */
int axpy_population_set_dict(axpy_network *owner, ax_population pop, PyObject *dict, int state, const char *call);

/* Make a Network object around an existing library network (model files). */
axpy_network *axpy_network_wrap(ax_network *net, ax_modelfile *mf);

#endif
