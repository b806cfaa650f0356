"""Reads a safetensors file by hand (an 8-byte header length, a JSON header, then raw little-endian tensors),
since the `safetensors` package is not installed here; with it, `safetensors.torch.load_file` does the same.
Shared by the scripts that check nn4j's saved models in PyTorch."""
import json, struct

import numpy as np
import torch


def load(path):
    """The file's tensors by name (F64 and I64, as nn4j writes them), as torch tensors."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        dtype = {"F64": "<f8", "I64": "<i8"}[t["dtype"]]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dtype).reshape(t["shape"]).copy())
    return out
