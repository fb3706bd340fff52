#!/usr/bin/python3
"""torch_mlp_cv.py - the thesis's Protocol B (and the SVR of Protocol A) in
PyTorch / scikit-learn: the peer that ser's `ser cv` is checked and timed
against (eval/ and bench/bench_ab.sh).

Reads an Emo-Soundscapes root (the real one or `ser synth-dataset`):
Normalized_Features.csv (the 74 thesis columns by name) and the headerless
Ratings CSVs, aligned by file name. For each seed and target runs K-fold CV
of the MLP 74 -> 50 -> 20 -> 1 (ReLU, inverted dropout, Glorot-uniform,
zero biases, MSE) trained with the Keras update formulas of RMSprop / Adam /
SGD written out below (the same formulas as ser's src/mlp_train.c), and
optionally sklearn's SVR (rbf, gamma='auto', C=1, epsilon=0.1).

RMSprop's eps goes where ser puts it by default, outside the sqrt
(w -= lr g / (sqrt(ms) + eps), what Keras 2.8's RMSprop computes);
--rmsprop-eps inside gives w -= lr g / sqrt(ms + eps), as ser's
--mlp-rmsprop-eps inside (docs/ab.md).

Folds: sklearn KFold(K, shuffle, random_state=seed). --protocol thesis uses
shuffled folds for the SVR and unshuffled ones for the MLP, as the thesis.

Prints one JSON object: per model, target and seed the per-fold R^2 / MSE,
and the R^2 mean over folds and seeds. Use Debian's /usr/bin/python3
(python3-torch, python3-sklearn).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import KFold
from sklearn.svm import SVR

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "oracle"))
from emo_data import load_emo  # noqa: E402


def root_of(d):
    sub = os.path.join(d, "Emo-Soundscapes")
    return sub if os.path.isdir(sub) else d


def load(dirname):
    _, X, y = load_emo(root_of(dirname))
    return X.astype(np.float32), y


class KerasOpt:
    """Keras 2.8 RMSprop / Adam / SGD update rules (state starts at 0)."""

    def __init__(self, params, name, lr, eps_inside=False):
        self.p, self.name, self.t = list(params), name, 0
        self.eps_inside = eps_inside
        self.lr = lr if lr else (1e-2 if name == "sgd" else 1e-3)
        self.s1 = [torch.zeros_like(p) for p in self.p]
        self.s2 = [torch.zeros_like(p) for p in self.p]

    @torch.no_grad()
    def step(self):
        self.t += 1
        if self.name == "adam":
            b1, b2 = 0.9, 0.999
            lr_t = self.lr * (1 - b2 ** self.t) ** 0.5 / (1 - b1 ** self.t)
        for p, m, v in zip(self.p, self.s1, self.s2):
            g = p.grad
            if self.name == "rmsprop":
                m.mul_(0.9).addcmul_(g, g, value=0.1)
                if self.eps_inside:
                    p.addcdiv_(g, (m + 1e-7).sqrt_(), value=-self.lr)
                else:
                    p.addcdiv_(g, m.sqrt().add_(1e-7), value=-self.lr)
            elif self.name == "adam":
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                p.addcdiv_(m, v.sqrt().add_(1e-7), value=-lr_t)
            else:
                p.add_(g, alpha=-self.lr)


def mlp_fit_predict(Xtr, ytr, Xte, a, seed):
    torch.manual_seed(seed)
    sizes = [Xtr.shape[1]] + a.layers + [1]
    mods = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        mods.append(lin)
        if i < len(sizes) - 2:
            mods += [torch.nn.ReLU(), torch.nn.Dropout(a.dropout)]
    net = torch.nn.Sequential(*mods)
    opt = KerasOpt(net.parameters(), a.optimizer, a.lr,
                   a.rmsprop_eps == "inside")
    X = torch.from_numpy(Xtr)
    y = torch.from_numpy(ytr.astype(np.float32)).reshape(-1, 1)
    n = len(X)
    g = torch.Generator().manual_seed(seed)
    net.train()
    for _ in range(a.epochs):
        perm = torch.randperm(n, generator=g)
        for s in range(0, n, a.batch):       # last partial batch as Keras
            idx = perm[s:s + a.batch]
            for p in net.parameters():
                p.grad = None
            loss = torch.mean((net(X[idx]) - y[idx]) ** 2)
            loss.backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        return net(torch.from_numpy(Xte)).numpy()[:, 0].astype(np.float64)


def svr_fit_predict(Xtr, ytr, Xte, a, seed):
    return SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1).fit(
        Xtr.astype(np.float64), ytr).predict(Xte.astype(np.float64))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--models", default="mlp")
    ap.add_argument("--targets", default="valence,arousal")
    ap.add_argument("--protocol", choices=["fair", "thesis"], default="fair")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--layers", default="50,20")
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--optimizer", default="rmsprop",
                    choices=["rmsprop", "adam", "sgd"])
    ap.add_argument("--lr", type=float, default=0)
    ap.add_argument("--rmsprop-eps", choices=["outside", "inside"],
                    default="outside")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    a.layers = [int(v) for v in a.layers.split(",")]
    torch.set_num_threads(a.threads)
    X, Y = load(a.dataset)
    out = {"protocol": a.protocol, "rmsprop_eps": a.rmsprop_eps,
           "n": int(len(X)), "results": {}}
    t0 = time.time()
    for model in a.models.split(","):
        fit = mlp_fit_predict if model == "mlp" else svr_fit_predict
        shuffle = a.protocol == "fair" or model == "svr"
        res = out["results"].setdefault(model, {})
        for target in a.targets.split(","):
            y = Y[target]
            runs = []
            for r in range(a.repeats):
                seed = a.seed + r
                kf = KFold(a.folds, shuffle=shuffle,
                           random_state=seed if shuffle else None)
                r2, mse = [], []
                for k, (tr, te) in enumerate(kf.split(X)):
                    pred = fit(X[tr], y[tr], X[te], a, seed * 1000 + k)
                    r2.append(float(r2_score(y[te], pred)))
                    mse.append(float(mean_squared_error(y[te], pred)))
                runs.append({"seed": seed, "r2": r2, "mse": mse,
                             "r2_mean": float(np.mean(r2)),
                             "r2_std": float(np.std(r2)),
                             "mse_mean": float(np.mean(mse)),
                             "mse_std": float(np.std(mse))})
                print("%s %s seed %d: R^2 %.4f +- %.4f" % (
                    model, target, seed, np.mean(r2), np.std(r2)),
                    file=sys.stderr)
            res[target] = {"runs": runs, "r2_mean": float(
                np.mean([x["r2_mean"] for x in runs]))}
    out["seconds"] = time.time() - t0
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
