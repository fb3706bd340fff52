#!/usr/bin/python3
"""torch_mlp_step.py - golden data for tests/unit/test_mlp.c.

Builds a 5 -> 4 -> 3 -> 1 ReLU network (the layout of ser_mlp: kernels
in x out, Keras/TF.js order) from fixed weights, takes gradients of the
batch MSE with torch autograd (float32) on a fixed batch with a fixed
inverted-dropout mask (or none), and applies the Keras 2.8 update formulas
written out below for RMSprop, Adam and SGD, two steps each (the second
step checks that optimizer state carries over). RMSprop is done with eps
in both places: "outside", w -= lr g / (sqrt(ms) + eps), which is what
Keras 2.8's RMSprop (momentum 0) computes (keras/optimizer_v2/rmsprop.py,
_resource_apply_dense) and ser's default; and "inside",
w -= lr g / sqrt(ms + eps), the formula of tf.raw_ops.ApplyRMSProp and
TensorFlow.js (ser's --mlp-rmsprop-eps inside). Writes
tests/golden/mlp_step.txt: whitespace-separated "name count values...".

Run with Debian's python3-torch:  /usr/bin/python3 tests/oracle/torch_mlp_step.py
"""
import os
import numpy as np
import torch

SIZES = [5, 4, 3, 1]
BATCH = 6
RATE = 0.25
STEPS = 2

rs = np.random.RandomState(20261126)
X = rs.uniform(-1, 1, (BATCH, SIZES[0])).astype(np.float32)
y = rs.uniform(-1, 1, BATCH).astype(np.float32)
W0 = [rs.uniform(-0.8, 0.8, (SIZES[l], SIZES[l + 1])).astype(np.float32)
      for l in range(3)]
b0 = [rs.uniform(-0.2, 0.2, SIZES[l + 1]).astype(np.float32) for l in range(3)]
scale = np.float32(1.0 / (1.0 - RATE))
masks = [np.where(rs.uniform(0, 1, (BATCH, SIZES[l + 1])) >= RATE, scale,
                  np.float32(0)).astype(np.float32) for l in range(2)]


def loss_and_grads(W, b, mask):
    Wt = [torch.tensor(w, requires_grad=True) for w in W]
    bt = [torch.tensor(v, requires_grad=True) for v in b]
    a = torch.tensor(X)
    for l in range(3):
        a = a @ Wt[l] + bt[l]
        if l < 2:
            a = torch.relu(a)
            if mask is not None:
                a = a * torch.tensor(mask[l])
    loss = torch.mean((a[:, 0] - torch.tensor(y)) ** 2)
    loss.backward()
    return (loss.item(), [w.grad.numpy().copy() for w in Wt],
            [v.grad.numpy().copy() for v in bt])


def keras_update(opt, p, g, state, t):
    """One Keras 2.8 update of parameter array p (float32 torch math)."""
    p, g = torch.tensor(p), torch.tensor(g)
    f = lambda v: torch.tensor(v, dtype=torch.float32)
    if opt.startswith("rmsprop"):
        lr, rho, eps = f(1e-3), f(0.9), f(1e-7)
        ms = rho * state["ms"] + (1 - rho) * g * g
        state["ms"] = ms
        if opt == "rmsprop_inside":
            p = p - lr * g / torch.sqrt(ms + eps)
        else:
            p = p - lr * g / (torch.sqrt(ms) + eps)
    elif opt == "adam":
        lr, b1, b2, eps = f(1e-3), f(0.9), f(0.999), f(1e-7)
        lr_t = lr * torch.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        state["m"] = b1 * state["m"] + (1 - b1) * g
        state["v"] = b2 * state["v"] + (1 - b2) * g * g
        p = p - lr_t * state["m"] / (torch.sqrt(state["v"]) + eps)
    else:
        p = p - f(1e-2) * g
    return p.numpy()


def put(out, name, arr):
    a = np.asarray(arr, dtype=np.float64).ravel()
    out.append("%s %d %s" % (name, a.size, " ".join("%.9g" % v for v in a)))


out = ["# made by tests/oracle/torch_mlp_step.py (torch %s); do not edit"
       % torch.__version__]
put(out, "sizes", SIZES)
put(out, "X", X)
put(out, "y", y)
put(out, "mask0", masks[0])
put(out, "mask1", masks[1])
for l in range(3):
    put(out, "W%d" % l, W0[l])
    put(out, "b%d" % l, b0[l])
CASES = (("rmsprop_outside", 1), ("rmsprop_inside", 1), ("adam", 1),
         ("sgd", 1), ("rmsprop_outside", 0), ("rmsprop_inside", 0))
for opt, use_mask in CASES:
    W = [w.copy() for w in W0]
    b = [v.copy() for v in b0]
    zeros = lambda a: {"ms": torch.zeros(a.shape), "m": torch.zeros(a.shape),
                       "v": torch.zeros(a.shape)}
    sW = [zeros(w) for w in W]
    sb = [zeros(v) for v in b]
    tag = "%s_%s" % (opt, "mask" if use_mask else "nomask")
    for t in range(1, STEPS + 1):
        loss, gW, gb = loss_and_grads(W, b, masks if use_mask else None)
        if t == 1:
            put(out, tag + "_loss", [loss])
            for l in range(3):
                put(out, "%s_gW%d" % (tag, l), gW[l])
                put(out, "%s_gb%d" % (tag, l), gb[l])
        for l in range(3):
            W[l] = keras_update(opt, W[l], gW[l], sW[l], t)
            b[l] = keras_update(opt, b[l], gb[l], sb[l], t)
        for l in range(3):
            put(out, "%s_step%d_W%d" % (tag, t, l), W[l])
            put(out, "%s_step%d_b%d" % (tag, t, l), b[l])

path = os.path.join(os.path.dirname(__file__), "..", "golden", "mlp_step.txt")
with open(path, "w") as fp:
    fp.write("\n".join(out) + "\n")
print("wrote", os.path.normpath(path))
