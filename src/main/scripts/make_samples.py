#!/usr/bin/python3
"""Makes the built-in sample photos from scikit-image's public-domain data (Debian python3-skimage).

Each photo is centre-cropped to a square and resized to 224x224 RGB, the input size of common
ImageNet-style CNNs. Run: /usr/bin/python3 src/main/scripts/make_samples.py
"""
import os
import numpy as np
from skimage import data, io, transform

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "builtin", "samples")
os.makedirs(OUT, exist_ok=True)
for name in ["astronaut", "chelsea", "coffee", "rocket"]:
    img = getattr(data, name)()
    h, w = img.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = img[top:top + side, left:left + side, :3]
    small = transform.resize(square, (224, 224), anti_aliasing=True)
    io.imsave(os.path.join(OUT, name + ".png"), (small * 255).round().astype(np.uint8), check_contrast=False)
    print(name, img.shape, "->", small.shape)
