/*
 * arrays.c - numpy arrays over the library's memory, without a copy, that
 * never dangle (python/API.md "Lifetimes of arrays").
 *
 * The arrays a recorder's getters or a projection's table return belong to
 * the network until the next run, reset, restore, weight change or free.
 * Every array made over them has as its numpy `base` one small owner
 * object per recorder or projection (and per generation of its data).  The
 * network keeps weak references to the live owners; before anything that
 * would change or free the library's arrays it takes them
 * (ax_recorder_take, ax_projection_take_table) for every owner still
 * alive: the blocks become the owner's, freed with ax_array_free when its
 * last array goes, and the network goes on with copies.  An owner that is
 * gone costs nothing; reading again after the event makes a new owner.
 */
#include "axon_py.h"

enum { OWN_RECORDER = 0, OWN_TABLE = 1 };

typedef struct {
    PyObject_HEAD
    ax_kept kept;           /* the blocks, once taken */
    int taken;              /* the blocks are this object's (the network forgot them) */
    PyObject *weakrefs;
} axpy_owner;

static void owner_dealloc(axpy_owner *self)
{
    if (self->weakrefs)
        PyObject_ClearWeakRefs((PyObject *)self);
    if (self->taken)
        for (uint32_t i = 0; i < self->kept.n; i++)
            ax_array_free(self->kept.blocks[i]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject OwnerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon._ArrayOwner",
    .tp_doc = "Holds memory that numpy arrays of a recorder or projection view (the arrays' base).",
    .tp_basicsize = sizeof(axpy_owner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)owner_dealloc,
    .tp_weaklistoffset = offsetof(axpy_owner, weakrefs),
};

int axpy_arrays_init(void)
{
    return PyType_Ready(&OwnerType);
}

static PyObject *owner_key(int kind, uint32_t handle)
{
    return PyLong_FromUnsignedLongLong((unsigned long long)kind << 32 | handle);
}

/* The live owner of this recorder's or projection's current arrays, or a
 * new one (registered with the network).  New reference. */
static PyObject *owner_for(axpy_network *net, int kind, uint32_t handle)
{
    PyObject *key = owner_key(kind, handle);
    if (!key)
        return NULL;
    PyObject *ref = PyDict_GetItemWithError(net->owners, key);
    PyObject *o = ref ? PyWeakref_GetObject(ref) : NULL;
    if (o && o != Py_None && !((axpy_owner *)o)->taken) {
        Py_DECREF(key);
        return Py_NewRef(o);
    }
    if (PyErr_Occurred()) {
        Py_DECREF(key);
        return NULL;
    }
    o = OwnerType.tp_alloc(&OwnerType, 0);
    ref = o ? PyWeakref_NewRef(o, NULL) : NULL;
    if (!ref || PyDict_SetItem(net->owners, key, ref) < 0) {
        Py_XDECREF(ref);
        Py_XDECREF(o);
        Py_DECREF(key);
        return NULL;
    }
    Py_DECREF(ref);
    Py_DECREF(key);
    return o;
}

/* A read-only array over data (an empty one of its own when there is nothing). */
static PyObject *view(PyObject *owner, const void *data, int nd, npy_intp *dims, int npy_type)
{
    npy_intp size = 1;
    for (int i = 0; i < nd; i++)
        size *= dims[i];
    if (size == 0 || !data) {
        PyObject *a = PyArray_Zeros(nd, dims, PyArray_DescrFromType(npy_type), 0);
        if (a)
            PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
        return a;
    }
    PyObject *a = PyArray_NewFromDescr(&PyArray_Type, PyArray_DescrFromType(npy_type), nd, dims, NULL,
                                       (void *)data, 0, NULL);   /* flags 0: read-only */
    if (!a)
        return NULL;
    Py_INCREF(owner);
    if (PyArray_SetBaseObject((PyArrayObject *)a, owner) < 0) {   /* steals owner, also on failure */
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

PyObject *axpy_recorder_view(axpy_network *net, ax_recorder rec, const void *data, int nd, npy_intp *dims,
                             int npy_type)
{
    PyObject *owner = owner_for(net, OWN_RECORDER, rec);
    if (!owner)
        return NULL;
    PyObject *a = view(owner, data, nd, dims, npy_type);
    Py_DECREF(owner);
    return a;
}

PyObject *axpy_table_view(axpy_network *net, ax_projection proj, const void *data, npy_intp n, int npy_type)
{
    PyObject *owner = owner_for(net, OWN_TABLE, proj);
    if (!owner)
        return NULL;
    PyObject *a = view(owner, data, 1, &n, npy_type);
    Py_DECREF(owner);
    return a;
}

/* Whether a projection's table survives a run: only plastic weights change
 * (the library drops plastic tables alone); a projection whose kind the
 * Python side does not know (model files) is taken to be safe. */
static int table_survives_run(axpy_network *net, uint32_t proj)
{
    if (!net->projs || (size_t)PyList_GET_SIZE(net->projs) <= proj)
        return 0;
    PyObject *p = PyList_GET_ITEM(net->projs, proj);
    if (p == Py_None)
        return 0;
    const char *kind = ((axpy_projection *)p)->kind;
    return kind && strcmp(kind, "plastic") != 0;
}

/* Hands one owner its blocks (kind OWN_*), if it is alive and not served yet. */
static int release_one(axpy_network *self, PyObject *key, PyObject *ref)
{
    PyObject *o = PyWeakref_GetObject(ref);
    unsigned long long k = PyLong_AsUnsignedLongLong(key);
    int kind = (int)(k >> 32);
    uint32_t handle = (uint32_t)k;
    if (o != Py_None && !((axpy_owner *)o)->taken) {
        axpy_owner *owner = (axpy_owner *)o;
        ax_status st = kind == OWN_RECORDER ? ax_recorder_take(self->net, handle, &owner->kept)
                                            : ax_projection_take_table(self->net, handle, &owner->kept);
        if (st) {
            /* The arrays would dangle: refuse what was asked instead. */
            axpy_fail(self, st);
            return -1;
        }
        owner->taken = 1;
    }
    return PyDict_DelItem(self->owners, key);
}

int axpy_network_release_table(axpy_network *self, ax_projection proj)
{
    if (!self->net || !self->owners)
        return 0;
    PyObject *key = owner_key(OWN_TABLE, proj);
    if (!key)
        return -1;
    PyObject *ref = PyDict_GetItemWithError(self->owners, key);
    int r = ref ? release_one(self, key, ref) : PyErr_Occurred() ? -1 : 0;
    Py_DECREF(key);
    return r;
}

int axpy_network_release(axpy_network *self, int before_run)
{
    if (!self->net || !self->owners || !PyDict_GET_SIZE(self->owners))
        return 0;
    PyObject *items = PyDict_Items(self->owners);
    if (!items)
        return -1;
    int result = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        PyObject *key = PyTuple_GET_ITEM(item, 0);
        unsigned long long k = PyLong_AsUnsignedLongLong(key);
        if (before_run && (int)(k >> 32) == OWN_TABLE && table_survives_run(self, (uint32_t)k))
            continue;
        if (release_one(self, key, PyTuple_GET_ITEM(item, 1)) < 0) {
            result = -1;
            break;
        }
    }
    Py_DECREF(items);
    return result;
}

int axpy_network_release_views(axpy_network *self)
{
    return axpy_network_release(self, 0);
}
