"""Reference values (fixtures) for nn4j's recurrent layers (rnn, lstm, gru).

What it makes
    nn-core/src/test/resources/fixtures/recurrent.safetensors, a safetensors file holding values
    computed by PyTorch in float64:

    Part A  single-layer cases "<case>.*" for each kind (rnn tanh, rnn relu, lstm, gru): one and
            two stacked layers, one direction and both, every step's output and only the last,
            with and without biases, sequences of different lengths (pack_padded_sequence with
            enforce_sorted=False, outputs unpacked with pad_packed_sequence, so padded steps are
            0), and given initial states. Tensors: the input x [N, T, F], the parameters under
            PyTorch's names (weight_ih_l0, ..., _reverse; nn.RNN/LSTM/GRU's own initialization),
            the output y ([N, T, H*dirs], or [N, H*dirs] for "last": h_n of the top layer's
            directions side by side, forward first), a random upstream gradient g shaped like y,
            the gradients dx and d<parameter> of sum(y * g), the final states h_n (and c_n) as
            [N, layers*dirs*H] (row i: layer 0 forward, layer 0 reverse, layer 1 forward...), and
            for cases with initial states h0 (and c0) in the same layout. Each case's
            configuration is the JSON string __metadata__["case.<case>"] (kind, nonlinearity,
            hidden_size, num_layers, bidirectional, return_sequences, bias, lengths or null,
            initial_state); __metadata__["cases"] lists the case names in order.
    Part B  "seq.*": a 6-step Adam (lr 0.01) training trajectory of a sequence classifier:
            LSTM(4 -> 6, batch_first) whose last output (h_n) feeds Linear(6 -> 3) + softmax with
            cross-entropy (mean over the batch), on equal-length sequences [4, 5, 4]: the initial
            and final state dicts (keys as in nn4j: layers.<i>.<name>), the batches seq.x.<k> and
            one-hot targets seq.y.<k>, the loss of each step seq.loss and the softmax output of the
            final network on the first batch seq.eval_y. __metadata__["seq"] describes it.

How to run it (from the repository root)
    /usr/bin/python3 nn-core/src/test/python/recurrent_fixtures.py

    It needs PyTorch (written against 1.13, CPU) and numpy, nothing else: the safetensors format
    is written by hand (safetensors_writer.py, next to this script). The output is deterministic
    (a fixed torch.manual_seed per case, one thread, OpenBLAS's Sandybridge kernels).
    The file is committed; the Java tests only read it and never need Python.
"""

import json
import os

os.environ.setdefault("OPENBLAS_CORETYPE", "Sandybridge")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence  # noqa: E402

from safetensors_writer import Fixtures  # noqa: E402

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

GENERATOR = "nn-core/src/test/python/recurrent_fixtures.py"
OUTPUT = os.path.join("nn-core", "src", "test", "resources", "fixtures", "recurrent.safetensors")

N, T, FEATURES, HIDDEN = 3, 5, 3, 4
LENGTHS = [5, 2, 4]  # unsorted, so pack_padded_sequence must sort them (enforce_sorted=False)

# (suffix, num_layers, bidirectional, return_sequences, bias, lengths, initial_state)
SHAPES = [
    ("l1_seq", 1, False, True, True, LENGTHS, False),
    ("l1_last", 1, False, False, True, LENGTHS, False),
    ("l1_seq_nobias", 1, False, True, False, LENGTHS, False),
    ("l2_seq", 2, False, True, True, LENGTHS, False),
    ("l1_bi_seq", 1, True, True, True, LENGTHS, False),
    ("l1_bi_last", 1, True, False, True, LENGTHS, False),
    ("l2_bi_seq", 2, True, True, True, LENGTHS, False),
    ("l2_bi_last", 2, True, False, True, LENGTHS, False),
    ("l2_bi_last_h0", 2, True, False, True, None, True),
]

KINDS = [("rnn_tanh", "rnn", "tanh"), ("rnn_relu", "rnn", "relu"), ("lstm", "lstm", None), ("gru", "gru", None)]


def to_json(value):
    return json.dumps(value, separators=(",", ":"))


def module(kind, nonlinearity, layers, bidirectional, bias):
    common = dict(num_layers=layers, bidirectional=bidirectional, bias=bias, batch_first=True)
    if kind == "rnn":
        return nn.RNN(FEATURES, HIDDEN, nonlinearity=nonlinearity, **common)
    if kind == "lstm":
        return nn.LSTM(FEATURES, HIDDEN, **common)
    return nn.GRU(FEATURES, HIDDEN, **common)


def states_per_row(h):
    """[layers*dirs, N, H] -> [N, layers*dirs*H]."""
    return h.permute(1, 0, 2).reshape(h.shape[1], -1)


def states_per_layer(h, blocks):
    """[N, layers*dirs*H] -> [layers*dirs, N, H]."""
    return h.reshape(h.shape[0], blocks, HIDDEN).permute(1, 0, 2).contiguous()


def recurrent_case(fx, meta, name, seed, kind, nonlinearity, layers, bidirectional, sequences, bias,
                   lengths, initial):
    torch.manual_seed(seed)
    rnn = module(kind, nonlinearity, layers, bidirectional, bias)
    dirs = 2 if bidirectional else 1
    x = torch.randn(N, T, FEATURES).requires_grad_(True)
    state = None
    h0 = c0 = None
    if initial:
        h0 = torch.randn(N, layers * dirs * HIDDEN) * 0.5
        state = states_per_layer(h0, layers * dirs)
        if kind == "lstm":
            c0 = torch.randn(N, layers * dirs * HIDDEN) * 0.5
            state = (state, states_per_layer(c0, layers * dirs))
    if lengths is None:
        out, final = rnn(x, state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        packed_out, final = rnn(packed, state)
        out, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=T)
    h_n, c_n = final if kind == "lstm" else (final, None)
    if sequences:
        y = out
    else:
        y = torch.cat([h_n[-dirs + d] for d in range(dirs)], dim=1)
        if lengths is not None and not bidirectional:
            # Self-check: the last output is each sequence's last real step of every step's output.
            picked = torch.stack([out[i, lengths[i] - 1] for i in range(N)])
            assert torch.equal(picked, y), name
    fx.add(name + ".x", x)
    for pname, p in rnn.named_parameters():
        fx.add(name + "." + pname, p)
    fx.add(name + ".y", y)
    fx.add(name + ".h_n", states_per_row(h_n))
    if c_n is not None:
        fx.add(name + ".c_n", states_per_row(c_n))
    if initial:
        fx.add(name + ".h0", h0)
        if c0 is not None:
            fx.add(name + ".c0", c0)
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    fx.add(name + ".g", g)
    fx.add(name + ".dx", x.grad)
    for pname, p in rnn.named_parameters():
        fx.add(name + ".d" + pname, p.grad)
    meta["case." + name] = to_json({
        "kind": kind,
        "nonlinearity": nonlinearity,
        "hidden_size": HIDDEN,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "return_sequences": sequences,
        "bias": bias,
        "lengths": lengths,
        "initial_state": initial,
        "in_shape": [T, FEATURES],
        "n": N,
    })


# ---------------------------------------------------------------------------------------------
# Part B: training trajectory
# ---------------------------------------------------------------------------------------------

SEQ_T, SEQ_F, SEQ_H, SEQ_CLASSES, SEQ_BATCH, SEQ_STEPS, SEQ_LR = 5, 4, 6, 3, 4, 6, 0.01


class SequenceClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([
            nn.LSTM(SEQ_F, SEQ_H, batch_first=True),  # layers.0, last output (h_n)
            nn.Linear(SEQ_H, SEQ_CLASSES),            # layers.1, softmax
        ])

    def forward(self, x):
        _, (h_n, _) = self.layers[0](x)
        return self.layers[1](h_n[-1])


def add_state_dict(fx, prefix, model):
    for key, value in model.state_dict().items():
        fx.add(prefix + key, value)


def trajectory(fx, meta):
    torch.manual_seed(1201)
    model = SequenceClassifier()
    add_state_dict(fx, "seq.initial.", model)
    optimizer = torch.optim.Adam(model.parameters(), lr=SEQ_LR)
    losses = []
    for step in range(SEQ_STEPS):
        x = torch.randn(SEQ_BATCH, SEQ_T, SEQ_F)
        targets = torch.randint(0, SEQ_CLASSES, (SEQ_BATCH,))
        fx.add("seq.x.%d" % step, x)
        fx.add("seq.y.%d" % step, F.one_hot(targets, SEQ_CLASSES).to(torch.float64))
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    fx.add("seq.loss", torch.stack(losses))
    add_state_dict(fx, "seq.final.", model)
    with torch.no_grad():
        fx.add("seq.eval_y", torch.softmax(model(fx.tensors["seq.x.0"]), dim=1))
    meta["seq"] = to_json({
        "network": "lstm(%d -> %d, last) / linear(%d -> %d) + softmax" % (SEQ_F, SEQ_H, SEQ_H, SEQ_CLASSES),
        "in_shape": [SEQ_T, SEQ_F],
        "loss": "cross_entropy (mean)",
        "optimizer": "Adam lr=%g betas=(0.9, 0.999) eps=1e-8" % SEQ_LR,
        "batch": SEQ_BATCH,
        "steps": SEQ_STEPS,
    })


def main():
    fx = Fixtures()
    meta = {"generator": GENERATOR, "torch": torch.__version__}
    names = []
    seed = 1200
    for case_kind, kind, nonlinearity in KINDS:
        for suffix, layers, bidirectional, sequences, bias, lengths, initial in SHAPES:
            seed += 1
            name = case_kind + "_" + suffix
            recurrent_case(fx, meta, name, seed, kind, nonlinearity, layers, bidirectional, sequences, bias,
                           lengths, initial)
            names.append(name)
    meta["cases"] = to_json(names)
    trajectory(fx, meta)
    fx.write(OUTPUT, meta)
    print("wrote", OUTPUT, len(fx.tensors), "tensors")


if __name__ == "__main__":
    main()
