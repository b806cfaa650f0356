"""Checks that recurrent networks saved by nn4j (SaveRecurrent.java) load into PyTorch modules under PyTorch's
names (torch.nn.LSTM/GRU/RNN with batch_first=True, then Linear) and predict the same. Reads safetensors with
with safetensors_reader.py, beside it."""
import sys
import torch

from safetensors_reader import load

class Sequence(torch.nn.Module):
    """layers.0 a recurrent module, layers.1 a Linear: the names of nn4j's state dict."""
    def __init__(self, recurrent, units, every_step, activation):
        super().__init__()
        directions = 2 if recurrent.bidirectional else 1
        self.layers = torch.nn.ModuleList([recurrent, torch.nn.Linear(recurrent.hidden_size * directions, units)]).double()
        self.every_step, self.activation = every_step, activation

    def forward(self, x):
        out, state = self.layers[0](x)
        if self.every_step:
            y = out                                   # [n, T, H*dirs]: the dense layer acts on each step
        else:
            h_n = state[0] if isinstance(state, tuple) else state
            dirs = 2 if self.layers[0].bidirectional else 1
            y = torch.cat(list(h_n[-dirs:]), dim=1)   # top layer's h_n, forward then backward
        y = self.activation(self.layers[1](y))
        return y.reshape(x.shape[0], -1)

networks = {
    "lstm": Sequence(torch.nn.LSTM(5, 16, num_layers=2, batch_first=True), 4, True, lambda z: z),
    "gru": Sequence(torch.nn.GRU(5, 8, bidirectional=True, batch_first=True), 3, False, lambda z: torch.softmax(z, dim=1)),
    "rnn": Sequence(torch.nn.RNN(5, 6, nonlinearity="relu", batch_first=True), 2, False, lambda z: z),
}
worst = 0.0
for name, model in networks.items():
    state = load(name + ".safetensors")
    model.load_state_dict(state)  # strict: every name and shape must match
    model.eval()
    io = load(name + "-io.safetensors")
    with torch.no_grad():
        y = model(io["x"])
    err = (y - io["y"]).abs().max().item()
    worst = max(worst, err)
    print("%s: %d tensors (%s), max |PyTorch - nn4j| = %.3g" % (name, len(state), ", ".join(state), err))
sys.exit(0 if worst < 1e-12 else 1)
