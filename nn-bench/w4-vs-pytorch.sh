#!/bin/bash
# W4 (the Keras MNIST convnet on Fashion-MNIST) in nn4j and in PyTorch on this machine, one after the other,
# then the ratios the convolution issue asks for. Run from the repository root after
#   mvn -q -DskipTests package
# Usage: nn-bench/w4-vs-pytorch.sh [--data DIR] [--cnn-steps N]   (PyTorch: Debian's python3-torch)
set -euo pipefail
data=../shared/data/fashion-mnist
steps=60
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --cnn-steps) steps="$2"; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
out=$(mktemp)
java --add-modules jdk.incubator.vector -jar nn-bench/target/nn-bench.jar w4 --cnn-steps "$steps" --data "$data" 2>/dev/null | tee "$out"
echo
/usr/bin/python3 nn-bench/src/main/python/w4_pytorch.py --data "$data" --threads "$(nproc)" | tee -a "$out"
echo
/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(line.split("RESULT ", 1)[1]) for line in open(sys.argv[1]) if "RESULT {" in line]
torch = {r["dtype"]: r for r in rows if r.get("library", "pytorch") != "nn4j" and "backend" not in r}
for r in (r for r in rows if r.get("library") == "nn4j"):
    t64, t32 = torch.get("float64"), torch.get("float32")
    print(f"nn4j {r['backend']} (float64): {r['train_samples_per_s']:.0f} training samples/s, "
          f"{r['single_image_ms']:.3f} ms per image")
    if t64:
        print(f"  vs PyTorch float64 ({t64['train_samples_per_s']:.0f}/s): {r['train_samples_per_s'] / t64['train_samples_per_s']:.2f}x")
    if t32:
        print(f"  vs PyTorch float32 ({t32['train_samples_per_s']:.0f}/s): {r['train_samples_per_s'] / t32['train_samples_per_s']:.2f}x")
        print(f"  single image vs PyTorch float32 ({t32['single_image_ms']:.3f} ms): {t32['single_image_ms'] / r['single_image_ms']:.2f}x as fast")
PY
rm -f "$out"
