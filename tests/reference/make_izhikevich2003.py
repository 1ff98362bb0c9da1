#!/usr/bin/python3
"""Reference traces for axon's Izhikevich2003 model: net.m's loop, literally.

Run with Debian's Python (plain Python, nothing else needed):

    /usr/bin/python3 tests/reference/make_izhikevich2003.py

Writes Izhikevich2003_<scenario>.csv (time_ms, v, u) and
Izhikevich2003_<scenario>.spikes.csv (time_ms) next to this script;
tests/test_izhikevich2003.c compares axon against them.  Nothing here
shares code with axon: the loop is the body of the paper's MATLAB program
net.m (Izhikevich 2003, IEEE TNN 14:1569) for one neuron,

    for t=1:T
      I = <input of this ms>;
      fired = find(v>=30);
      v(fired) = c(fired);  u(fired) = u(fired)+d(fired);
      I = I+sum(S(:,fired),2);
      v = v+0.5*(0.04*v.^2+5*v+140-u+I);
      v = v+0.5*(0.04*v.^2+5*v+140-u+I);
      u = u+a.*(b.*v-u);
    end

with the input I of each ms written as axon defines it for Izhikevich2003:
1000 * (i_offset + injected nA) + (weights arriving in that step) / dt.
v.^2 is written v * v, the exactly rounded square; Python's ** calls libm's
pow(), which misrounds about one square in a thousand here.  One
scenario runs at dt = 0.5 ms, where the loop is generalised the way the
model's doc block says (0.5 -> dt/2, the u step times dt); with dt = 1 the
expressions are exactly net.m's.

Time labels.  The state after the reset lines of iteration t is what axon
holds at the end of its step t-1, i.e. axon's sample at time (t-1)*dt;
a neuron found fired at iteration t spiked, in axon's labels (those of
Brian2's peer script), at (t-1)*dt.  A source spike at time T (axon's label)
with delay D arrives in axon's step T/dt - 1 + D/dt, the iteration
T/dt + D/dt of this loop: with D = dt that is net.m's own iteration after
the one in which the source's v crossed 30.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Each scenario: one neuron; its parameters, initial state, injected
# current (i_offset nA and a step current: (time ms, nA) changes), and
# synaptic arrivals (source spike time ms, weight mV, delay ms).  Weights
# are exact in single precision, as axon stores them.
SCENARIOS = {
    # regular spiking under DC, from net.m's initial state v = -65, u = b v
    'dc': dict(dt=1.0, T=300.0, a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=0.01,
               v0=-65.0, u0=-13.0, step=[], syn=[]),
    # chattering cell under a current step, from PyNN's initial state
    'step': dict(dt=1.0, T=300.0, a=0.02, b=0.2, c=-50.0, d=2.0, i_offset=0.0,
                 v0=-70.0, u0=-14.0, step=[(50.0, 0.015), (200.0, 0.004)], syn=[]),
    # a resting RS cell hit by single spikes, a volley that makes it fire,
    # then inhibition
    'syn': dict(dt=1.0, T=150.0, a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=0.0,
                v0=-65.0, u0=-13.0, step=[],
                syn=[(10.0, 4.0, 1.0), (30.0, 8.0, 1.0), (31.0, 8.0, 1.0), (32.0, 8.0, 1.0),
                     (33.0, 8.0, 1.0), (80.0, -12.5, 1.0), (81.0, -12.5, 1.0), (120.0, 20.0, 1.0)]),
    # the same scheme at dt = 0.5 ms: weights become w/dt over half a ms
    'syn_dt05': dict(dt=0.5, T=150.0, a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=0.004,
                     v0=-65.0, u0=-13.0, step=[],
                     syn=[(10.0, 4.0, 1.0), (30.0, 8.0, 1.0), (30.5, 8.0, 1.0), (32.0, 8.0, 1.0),
                          (33.0, 8.0, 1.0), (80.0, -12.5, 1.0), (81.0, -12.5, 1.0), (120.0, 20.0, 1.0)]),
}


def run(dt, T, a, b, c, d, i_offset, v0, u0, step, syn):
    n = int(round(T / dt))
    # weights arriving per loop iteration (1-based, as net.m's t)
    arrive = [0.0] * (n + 2)
    for (ts, w, delay) in syn:
        it = int(round(ts / dt)) + int(round(delay / dt))
        if it <= n:
            arrive[it] += w
    v, u = v0, u0
    rows, spikes = [], []
    for t in range(1, n + 2):          # iteration n+1 only resets: the state after step n
        inj = 0.0
        for (tc, amp) in step:
            if int(round(tc / dt)) <= t - 1:
                inj = amp
        I = 1000.0 * (i_offset + inj)
        if v >= 30:                    # fired = find(v>=30)
            spikes.append((t - 1) * dt)
            v = c
            u = u + d
        if t > 1:
            rows.append(((t - 1) * dt, v, u))
        if t == n + 1:
            break
        I = I + arrive[t] / dt          # I = I + sum(S(:,fired),2)
        v = v + 0.5 * dt * (0.04 * (v * v) + 5 * v + 140 - u + I)
        v = v + 0.5 * dt * (0.04 * (v * v) + 5 * v + 140 - u + I)
        u = u + dt * a * (b * v - u)
    return rows, spikes


def main():
    for name, sc in SCENARIOS.items():
        rows, spikes = run(**sc)
        base = os.path.join(HERE, 'Izhikevich2003_' + name)
        with open(base + '.csv', 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['time_ms', 'v', 'u'])
            for r in rows:
                w.writerow(['%.17g' % x for x in r])
        with open(base + '.spikes.csv', 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['time_ms'])
            for t in spikes:
                w.writerow(['%.17g' % t])
        print(name, len(rows), 'samples,', len(spikes), 'spikes', spikes[:6])


if __name__ == '__main__':
    main()
