"""Where the neurons of a Population, PopulationView or Assembly live in the
Populations that own them (one axon population each)."""
import numpy as np

from pyNN import common


def members(neurons):
    """(owners, owner_of, index): for neuron k of `neurons` (in its own
    order), owners[owner_of[k]] is the Population holding it and index[k]
    its index there."""
    if isinstance(neurons, common.Assembly):
        parts = [members(p) for p in neurons.populations]
        owners = []
        owner_of, index = [], []
        for pops, of, idx in parts:
            for k, pop in enumerate(pops):
                if pop not in owners:
                    owners.append(pop)
            remap = np.array([owners.index(pop) for pop in pops], dtype=int)
            owner_of.append(remap[of])
            index.append(idx)
        return owners, np.concatenate(owner_of), np.concatenate(index)
    if isinstance(neurons, common.PopulationView):
        owner = neurons.grandparent
        return [owner], np.zeros(neurons.size, int), \
            np.asarray(neurons.index_in_grandparent(np.arange(neurons.size)), dtype=int)
    return [neurons], np.zeros(neurons.size, int), np.arange(neurons.size)


def by_owner(neurons):
    """[(Population, indices there)] for `neurons` (a Population, view,
    Assembly, or a list of IDs), one entry per owning Population."""
    if isinstance(neurons, (common.Assembly, common.BasePopulation)):
        owners, owner_of, index = members(neurons)
        return [(pop, np.unique(index[owner_of == k])) for k, pop in enumerate(owners)]
    groups = {}
    for cell in neurons:
        groups.setdefault(cell.parent, []).append(cell.parent.id_to_index(cell))
    return [(pop, np.unique(np.asarray(idx, dtype=int))) for pop, idx in groups.items()]
