#!/usr/bin/env python3
"""Compares two 8-bit PNG images of the same size value by value, with nothing but the standard library.

    tools/png-difference.py A.png B.png [label]
Prints the largest |A - B| (of 255) and how many values differ; exits 1 when the sizes differ.
"""
import os
import struct
import sys
import zlib


def pixels(path):
    """The image's rows, unfiltered (PNG filters 0-4), as one flat list of 8-bit values."""
    data = open(path, "rb").read()
    position, compressed = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8:
                sys.exit(f"{path}: {depth}-bit PNG; this compares 8-bit images")
        elif kind == b"IDAT":
            compressed += body
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw, stride = zlib.decompress(compressed), width * channels
    values, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, row = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
                nearest = left if distances[0] <= distances[1] and distances[0] <= distances[2] else up if distances[1] <= distances[2] else corner
                row[x] = (row[x] + nearest) & 255
        values += row
        previous = row
    return (width, height, channels), values


def main():
    label = sys.argv[3] if len(sys.argv) > 3 else f"{sys.argv[1]} vs {sys.argv[2]}"
    missing = [path for path in sys.argv[1:3] if not os.path.isfile(path)]
    if missing:
        print(f"{label}: not compared, no image at {', '.join(missing)} (its sampling failed: see above)")
        sys.exit(1)
    (size_a, a), (size_b, b) = pixels(sys.argv[1]), pixels(sys.argv[2])
    if size_a != size_b:
        print(f"{label}: sizes differ, {size_a} vs {size_b}")
        sys.exit(1)
    differences = [abs(x - y) for x, y in zip(a, b)]
    print(f"{label}: {len(a)} values, largest |difference| {max(differences)} of 255, {sum(1 for d in differences if d)} differ")


if __name__ == "__main__":
    main()
