/*
 * modelfile.c - axon.ModelFile: a model file read by the library
 * (ax_modelfile_load), its network, running it with its schedule, and
 * writing its recordings.  The Network object owns the ax_modelfile (which
 * owns the ax_network), so closing either frees both and every handle of
 * them raises StateError afterwards.
 */
#include <math.h>

#include "axon_py.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    axpy_network *net;
} axpy_modelfile;

static PyObject *modelfile_make(ax_modelfile *mf)
{
    axpy_network *net = axpy_network_wrap(ax_modelfile_get_network(mf), mf);
    if (!net) {
        ax_modelfile_free(mf);
        return NULL;
    }
    axpy_modelfile *self = PyObject_GC_New(axpy_modelfile, &axpy_ModelFileType);
    if (!self) {
        Py_DECREF(net);
        return NULL;
    }
    self->net = net;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

/* overrides: a list of "key.path=value" str, as strings for the library. */
static const char **override_list(PyObject *list, size_t *n)
{
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "overrides must be a list of 'key.path=value' str");
        return NULL;
    }
    *n = (size_t)PyList_GET_SIZE(list);
    const char **out = PyMem_Calloc(*n + 1, sizeof *out);
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        if (!(out[i] = axpy_str_arg(PyList_GET_ITEM(list, i), "set", "an override"))) {
            PyMem_Free(out);
            return NULL;
        }
    return out;
}

static PyObject *modelfile_load(PyObject *cls, PyObject *args)
{
    (void)cls;
    PyObject *path = NULL, *list;
    if (!PyArg_ParseTuple(args, "O&O!:load", PyUnicode_FSConverter, &path, &PyList_Type, &list))
        return NULL;
    size_t n;
    const char **ov = override_list(list, &n);
    if (!ov) {
        Py_DECREF(path);
        return NULL;
    }
    ax_error err;
    ax_modelfile *mf;
    Py_BEGIN_ALLOW_THREADS
    mf = ax_modelfile_load(PyBytes_AS_STRING(path), ov, n, &err);
    Py_END_ALLOW_THREADS
    PyMem_Free(ov);
    Py_DECREF(path);
    return mf ? modelfile_make(mf) : axpy_raise(err.status, err.message);
}

static PyObject *modelfile_loads(PyObject *cls, PyObject *args)
{
    (void)cls;
    const char *text, *name;
    PyObject *dir = NULL, *list;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "s#sO&O!:loads", &text, &len, &name, PyUnicode_FSConverter, &dir, &PyList_Type, &list))
        return NULL;
    if ((size_t)len != strlen(text)) {
        Py_DECREF(dir);
        return axpy_raise(AX_ERR_ARGUMENT, "loads: the text contains a NUL character");
    }
    size_t n;
    const char **ov = override_list(list, &n);
    if (!ov) {
        Py_DECREF(dir);
        return NULL;
    }
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load_string(text, name, PyBytes_AS_STRING(dir), ov, n, &err);
    PyMem_Free(ov);
    Py_DECREF(dir);
    return mf ? modelfile_make(mf) : axpy_raise(err.status, err.message);
}

/* The model file, or NULL with StateError once its network is closed. */
static ax_modelfile *mf_of(axpy_modelfile *self)
{
    if (!self->net) {
        axpy_raise(AX_ERR_STATE, "the model file is closed");
        return NULL;
    }
    if (!axpy_net(self->net))
        return NULL;
    return self->net->mf;
}

static PyObject *mf_network(axpy_modelfile *self, void *c)
{
    (void)c;
    if (!self->net)
        return axpy_raise(AX_ERR_STATE, "the model file is closed");
    return Py_NewRef((PyObject *)self->net);
}

static PyObject *mf_name(axpy_modelfile *self, void *c)
{
    (void)c;
    ax_modelfile *mf = mf_of(self);
    return mf ? PyUnicode_FromString(ax_modelfile_get_name(mf)) : NULL;
}

static PyObject *mf_duration(axpy_modelfile *self, void *c)
{
    (void)c;
    ax_modelfile *mf = mf_of(self);
    if (!mf)
        return NULL;
    double d = ax_modelfile_get_duration(mf);
    if (isnan(d))
        Py_RETURN_NONE;
    return PyFloat_FromDouble(d);
}

static PyObject *mf_output_dir(axpy_modelfile *self, void *c)
{
    (void)c;
    ax_modelfile *mf = mf_of(self);
    return mf ? PyUnicode_DecodeFSDefault(ax_modelfile_get_output_dir(mf)) : NULL;
}

static PyObject *mf_recording_files(axpy_modelfile *self, void *c)
{
    (void)c;
    ax_modelfile *mf = mf_of(self);
    if (!mf)
        return NULL;
    PyObject *list = PyList_New(0);
    const char *name;
    for (size_t i = 0; list && (name = ax_modelfile_get_recording_file(mf, i)); i++) {
        PyObject *s = PyUnicode_DecodeFSDefault(name);
        if (!s || PyList_Append(list, s) < 0)
            Py_CLEAR(list);
        Py_XDECREF(s);
    }
    return list;
}

static PyObject *mf_run(axpy_modelfile *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"duration", "progress", "every", NULL};
    PyObject *dur_o = Py_None, *progress = Py_None;
    double every = 100.0, duration;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOd:run", kwlist, &dur_o, &progress, &every))
        return NULL;
    ax_modelfile *mf = mf_of(self);
    if (!mf)
        return NULL;
    if (dur_o == Py_None) {
        duration = ax_modelfile_get_duration(mf);
        if (isnan(duration))
            return axpy_raisef(AX_ERR_ARGUMENT, "run: the model file '%s' gives no simulation.duration: pass "
                               "run(duration)", ax_modelfile_get_name(mf));
    } else if (axpy_double_arg(dur_o, "run", "duration", &duration) < 0) {
        return NULL;
    }
    PyObject *r = axpy_run(self->net, duration, progress, every, 1);
    if (!r)
        return NULL;
    Py_DECREF(r);
    return Py_NewRef((PyObject *)self);
}

static PyObject *mf_validate(axpy_modelfile *self, PyObject *unused)
{
    (void)unused;
    ax_modelfile *mf = mf_of(self);
    if (!mf)
        return NULL;
    ax_status st = ax_modelfile_validate(mf);
    if (st)
        return axpy_fail(self->net, st);
    Py_RETURN_NONE;
}

/* dir, or the file's output folder; made if missing (the library needs it to exist). */
static PyObject *out_dir(ax_modelfile *mf, PyObject *dir_o)
{
    PyObject *dir = NULL;
    if (dir_o == Py_None) {
        dir = PyBytes_FromString(ax_modelfile_get_output_dir(mf));
    } else if (!PyUnicode_FSConverter(dir_o, &dir)) {
        return NULL;
    }
    PyObject *os = dir ? PyImport_ImportModule("os") : NULL;
    PyObject *makedirs = os ? PyObject_GetAttrString(os, "makedirs") : NULL;
    PyObject *args = makedirs ? PyTuple_Pack(1, dir) : NULL;
    PyObject *kw = args ? Py_BuildValue("{s:O}", "exist_ok", Py_True) : NULL;
    PyObject *r = kw ? PyObject_Call(makedirs, args, kw) : NULL;
    Py_XDECREF(kw);
    Py_XDECREF(args);
    Py_XDECREF(makedirs);
    Py_XDECREF(os);
    if (!r) {
        Py_XDECREF(dir);
        return NULL;
    }
    Py_DECREF(r);
    return dir;
}

static PyObject *recordings(axpy_modelfile *self, PyObject *args, PyObject *kw, int stream)
{
    static char *kwlist[] = {"dir", NULL};
    PyObject *dir_o = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, stream ? "|O:stream_recordings" : "|O:write_recordings", kwlist, &dir_o))
        return NULL;
    ax_modelfile *mf = mf_of(self);
    PyObject *dir = mf ? out_dir(mf, dir_o) : NULL;
    if (!dir)
        return NULL;
    ax_status st = stream ? ax_modelfile_stream_recordings(mf, PyBytes_AS_STRING(dir))
                          : ax_modelfile_write_recordings(mf, PyBytes_AS_STRING(dir));
    if (st) {
        Py_DECREF(dir);
        return axpy_fail(self->net, st);
    }
    PyObject *s = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(dir));
    Py_DECREF(dir);
    return s;
}

static PyObject *mf_write_recordings(axpy_modelfile *self, PyObject *args, PyObject *kw)
{
    return recordings(self, args, kw, 0);
}

static PyObject *mf_stream_recordings(axpy_modelfile *self, PyObject *args, PyObject *kw)
{
    return recordings(self, args, kw, 1);
}

static PyObject *mf_projection(axpy_modelfile *self, PyObject *arg)
{
    ax_modelfile *mf = mf_of(self);
    const char *name = mf ? axpy_str_arg(arg, "projection", "name") : NULL;
    if (!name)
        return NULL;
    size_t n = ax_projection_count(self->net->net);
    for (uint32_t i = 0; i < n; i++) {
        const char *pn = ax_modelfile_get_projection_name(mf, i);
        if (pn && !strcmp(pn, name))
            return axpy_projection_get(self->net, i);
    }
    return axpy_raisef(AX_ERR_NOT_FOUND, "projection: the model file '%s' names no projection '%s'",
                       ax_modelfile_get_name(mf), name);
}

static PyObject *mf_close(axpy_modelfile *self, PyObject *unused)
{
    (void)unused;
    if (!self->net)
        Py_RETURN_NONE;
    return PyObject_CallMethod((PyObject *)self->net, "close", NULL);
}

static PyObject *mf_enter(axpy_modelfile *self, PyObject *unused)
{
    (void)unused;
    return Py_NewRef((PyObject *)self);
}

static PyObject *mf_exit(axpy_modelfile *self, PyObject *args)
{
    (void)args;
    PyObject *r = mf_close(self, NULL);
    if (!r)
        return NULL;
    Py_DECREF(r);
    Py_RETURN_FALSE;
}

static int mf_traverse(axpy_modelfile *self, visitproc visit, void *arg)
{
    Py_VISIT(self->net);
    return 0;
}

static int mf_clear(axpy_modelfile *self)
{
    Py_CLEAR(self->net);
    return 0;
}

static void mf_dealloc(axpy_modelfile *self)
{
    PyObject_GC_UnTrack(self);
    mf_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *mf_repr(axpy_modelfile *self)
{
    if (!self->net || !self->net->mf)
        return PyUnicode_FromString("<axon.ModelFile (closed)>");
    return PyUnicode_FromFormat("<axon.ModelFile '%s'>", ax_modelfile_get_name(self->net->mf));
}

static PyMethodDef mf_methods[] = {
    {"_load", (PyCFunction)modelfile_load, METH_VARARGS | METH_CLASS,
     "_load(path, overrides): use axon.load(path, set=...)."},
    {"_loads", (PyCFunction)modelfile_loads, METH_VARARGS | METH_CLASS,
     "_loads(text, name, dir, overrides): use axon.loads(text, ...)."},
    {"run", (PyCFunction)(void (*)(void))mf_run, METH_VARARGS | METH_KEYWORDS,
     "run(duration=None, progress=None, every=100.0) -> self: run the file's network for duration ms (the file's "
     "simulation.duration by default) with its [[schedule]]; as Network.run otherwise."},
    {"validate", (PyCFunction)mf_validate, METH_NOARGS,
     "validate(): check what running for the file's duration would check, without generating synapses."},
    {"write_recordings", (PyCFunction)(void (*)(void))mf_write_recordings, METH_VARARGS | METH_KEYWORDS,
     "write_recordings(dir=None) -> dir: write every recording the file asks for (dir: output_dir, made if "
     "missing)."},
    {"stream_recordings", (PyCFunction)(void (*)(void))mf_stream_recordings, METH_VARARGS | METH_KEYWORDS,
     "stream_recordings(dir=None) -> dir: stream every recorder output to its file during the runs to come."},
    {"projection", (PyCFunction)mf_projection, METH_O, "projection(name) -> Projection the file names so."},
    {"close", (PyCFunction)mf_close, METH_NOARGS, "close(): free the model file and its network."},
    {"__enter__", (PyCFunction)mf_enter, METH_NOARGS, "The model file itself."},
    {"__exit__", (PyCFunction)mf_exit, METH_VARARGS, "Closes the model file."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef mf_getset[] = {
    {"network", (getter)mf_network, NULL, "The file's Network.", NULL},
    {"name", (getter)mf_name, NULL, "The file's name (or the file name without .toml).", NULL},
    {"duration", (getter)mf_duration, NULL, "simulation.duration in ms, or None.", NULL},
    {"output_dir", (getter)mf_output_dir, NULL, "simulation.output or axon-out/<name>.", NULL},
    {"recording_files", (getter)mf_recording_files, NULL, "Names of the files write_recordings writes.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject axpy_ModelFileType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.ModelFile",
    .tp_doc = "A model file (docs/model-file.md) read by axon.load or axon.loads; its network is declared, "
              "built by the first run.",
    .tp_basicsize = sizeof(axpy_modelfile),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = axpy_handle_no_new,
    .tp_dealloc = (destructor)mf_dealloc,
    .tp_traverse = (traverseproc)mf_traverse,
    .tp_clear = (inquiry)mf_clear,
    .tp_repr = (reprfunc)mf_repr,
    .tp_methods = mf_methods,
    .tp_getset = mf_getset,
};
