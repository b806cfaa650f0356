"""Reference values (fixtures) for nn4j's embedding layer.

What it makes
    nn-core/src/test/resources/fixtures/embedding.safetensors: for each case, the token ids x
    (F64 whole numbers, as nn4j stores ids), the weight, the upstream gradient g, PyTorch's
    output y and weight gradient dweight, computed by nn.Embedding in float64:

    emb_plain             nn.Embedding(7, 4), ids [3, 5] with repeated ids
    emb_padding           nn.Embedding(6, 3, padding_idx=0), ids holding 0 (no gradient to row 0)
    emb_negative_padding  nn.Embedding(5, 2, padding_idx=-1) (PyTorch stores it as 4)
    emb_lengths           nn.Embedding(6, 3) on a padded batch with lengths (I64): the output
                          multiplied by the mask of real steps, as nn4j gives zeros at padded steps
                          and takes no gradient from them

How to run it (from the repository root)
    /usr/bin/python3 nn-core/src/test/python/embedding_fixtures.py

    It needs PyTorch (written against 1.13, CPU) and numpy (safetensors_writer.py, next to this
    script, writes the file). There are no products, so the output is the same bits everywhere.
    The file is committed; the Java tests only read it and never need Python.
"""

import os

import torch
import torch.nn as nn

from safetensors_writer import Fixtures

GENERATOR = "nn-core/src/test/python/embedding_fixtures.py"
OUTPUT = os.path.join("nn-core", "src", "test", "resources", "fixtures", "embedding.safetensors")


def case(fx, name, seed, num, dim, padding_idx, ids, lengths=None):
    torch.manual_seed(seed)
    module = nn.Embedding(num, dim, padding_idx=padding_idx).to(torch.float64)
    x = torch.tensor(ids, dtype=torch.int64)
    y = module(x)
    if lengths is not None:
        steps = x.shape[1]
        mask = (torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]).to(torch.float64)
        y = y * mask[:, :, None]
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    fx.add(name + ".x", x.to(torch.float64))
    fx.add(name + ".weight", module.weight)
    fx.add(name + ".g", g)
    fx.add(name + ".y", y)
    fx.add(name + ".dweight", module.weight.grad)
    if lengths is not None:
        fx.add(name + ".lengths", torch.tensor(lengths, dtype=torch.int64))


def main():
    fx = Fixtures()
    case(fx, "emb_plain", 301, 7, 4, None, [[1, 3, 3, 6, 0], [2, 2, 2, 5, 1], [6, 0, 4, 3, 3]])
    case(fx, "emb_padding", 302, 6, 3, 0, [[1, 0, 5, 0], [0, 4, 4, 2]])
    case(fx, "emb_negative_padding", 303, 5, 2, -1, [[4, 1, 4], [0, 3, 2]])
    case(fx, "emb_lengths", 304, 6, 3, None, [[1, 2, 3, 4], [5, 5, 0, 0], [2, 0, 0, 0]], lengths=[4, 2, 1])
    fx.write(OUTPUT, {"generator": GENERATOR, "torch": torch.__version__})
    print("wrote %d tensors to %s (%d bytes)" % (len(fx.tensors), OUTPUT, os.path.getsize(OUTPUT)))


if __name__ == "__main__":
    main()
