"""RegNet's stage widths, depths and group widths from its design-space parameters.

The formula is the RegNet paper's (Radosavovic et al. 2020, "Designing Network Design
Spaces", eq. 2-4) as torchvision 0.28 applies it in BlockParams.from_init_params: block
widths u_j = w_0 + w_a·j, quantized to w_0·w_m^round(log(u_j / w_0) / log(w_m)), rounded
to a multiple of 8; runs of equal width form the stages; a stage's width and group width
are then made compatible (the group width at most the width, the width a multiple of it).
The (depth, w_0, w_a, w_m, group width) rows are torchvision's regnet_* builders. This
script wrote the `variants:` of specs/zoo/regnet.yaml; run it to see them again.
"""

from __future__ import annotations

import math

MODELS = {  # name: (depth, w_0, w_a, w_m, group_width); the y models add SE (ratio 0.25)
    "regnet_y_400mf": (16, 48, 27.89, 2.09, 8),
    "regnet_y_800mf": (14, 56, 38.84, 2.4, 16),
    "regnet_y_1_6gf": (27, 48, 20.71, 2.65, 24),
    "regnet_y_3_2gf": (21, 80, 42.63, 2.66, 24),
    "regnet_y_8gf": (17, 192, 76.82, 2.19, 56),
    "regnet_y_16gf": (18, 200, 106.23, 2.48, 112),
    "regnet_y_32gf": (20, 232, 115.89, 2.53, 232),
    "regnet_y_128gf": (27, 456, 160.83, 2.52, 264),
    "regnet_x_400mf": (22, 24, 24.48, 2.54, 16),
    "regnet_x_800mf": (16, 56, 35.73, 2.28, 16),
    "regnet_x_1_6gf": (18, 80, 34.01, 2.25, 24),
    "regnet_x_3_2gf": (25, 88, 26.31, 2.25, 48),
    "regnet_x_8gf": (23, 80, 49.56, 2.88, 120),
    "regnet_x_16gf": (22, 216, 55.59, 2.1, 128),
    "regnet_x_32gf": (23, 320, 69.86, 2.0, 168),
}


def make_divisible(v: float, divisor: int) -> int:
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def stages(depth: int, w_0: int, w_a: float, w_m: float, group: int) -> list[tuple[int, int, int]]:
    """(width, depth, group width) per stage."""
    widths = []
    for j in range(depth):
        capacity = round(math.log((j * w_a + w_0) / w_0) / math.log(w_m))
        widths.append(round(w_0 * w_m**capacity / 8) * 8)
    runs: list[list[int]] = []
    for w in widths:
        if runs and runs[-1][0] == w:
            runs[-1][1] += 1
        else:
            runs.append([w, 1])
    out = []
    for w, d in runs:
        g = min(group, w)
        out.append((make_divisible(w, g), d, g))
    return out


if __name__ == "__main__":
    for name, row in MODELS.items():
        s = stages(*row)
        print(
            f"  {name}: {{widths: {[w for w, _, _ in s]}, depths: {[d for _, d, _ in s]}, "
            f"groups: {[g for _, _, g in s]}{', se: true' if '_y_' in name else ''}}}"
        )
