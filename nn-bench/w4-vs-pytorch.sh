#!/bin/bash
# W4 against PyTorch: nn-bench/vs-pytorch.sh with only W4 (kept for the commands already written down).
# Usage: nn-bench/w4-vs-pytorch.sh [--data DIR] [--cnn-steps N] [--repeat R]
exec "$(dirname "$0")/vs-pytorch.sh" --workloads w4 "$@"
