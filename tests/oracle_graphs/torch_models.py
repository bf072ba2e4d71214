"""The networks of specs/ written directly in torch.nn, as torchvision defines them.

Written from the papers and torchvision's model code (resnet.py, mobilenetv2.py,
googlenet.py), not from the specs, so a mistake in a spec or in cnnshape shows up as a
disagreement with PyTorch. torchvision itself is not installed here.
"""

from __future__ import annotations

import itertools

import torch
from torch import Tensor, nn


def conv_bn(cin: int, cout: int, k: int = 1, s: int = 1, p: int = 0, g: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, k, s, p, groups=g, bias=False), nn.BatchNorm2d(cout)]


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            *conv_bn(cin, width, 3, stride, 1), nn.ReLU(True), *conv_bn(width, width, 3, 1, 1)
        )
        down = stride != 1 or cin != width
        self.downsample = nn.Sequential(*conv_bn(cin, width, 1, stride)) if down else None

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        return torch.relu(self.body(x) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        out = width * 4
        self.body = nn.Sequential(
            *conv_bn(cin, width), nn.ReLU(True),
            *conv_bn(width, width, 3, stride, 1), nn.ReLU(True),
            *conv_bn(width, out),
        )  # fmt: skip
        down = stride != 1 or cin != out
        self.downsample = nn.Sequential(*conv_bn(cin, out, 1, stride)) if down else None

    def forward(self, x: Tensor) -> Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        return torch.relu(self.body(x) + identity)


def resnet(block: type[Basic] | type[Bottleneck], layers: list[int]) -> nn.Module:
    mods: list[nn.Module] = [*conv_bn(3, 64, 7, 2, 3), nn.ReLU(True), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for i, n in enumerate(layers):
        width = 64 * 2**i
        for j in range(n):
            mods.append(block(cin, width, 2 if (i > 0 and j == 0) else 1))
            cin = width * block.expansion
    mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
    return nn.Sequential(*mods)


class Inverted(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int, t: int) -> None:
        super().__init__()
        hidden = cin * t
        mods: list[nn.Module] = []
        if t != 1:
            mods += [*conv_bn(cin, hidden), nn.ReLU6(True)]
        mods += [*conv_bn(hidden, hidden, 3, stride, 1, hidden), nn.ReLU6(True)]
        mods += conv_bn(hidden, cout)
        self.conv = nn.Sequential(*mods)
        self.res = stride == 1 and cin == cout

    def forward(self, x: Tensor) -> Tensor:
        return x + self.conv(x) if self.res else self.conv(x)


def mobilenet_v2() -> nn.Module:
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]  # fmt: skip
    mods: list[nn.Module] = [*conv_bn(3, 32, 3, 2, 1), nn.ReLU6(True)]
    cin = 32
    for t, c, n, s in settings:
        for i in range(n):
            mods.append(Inverted(cin, c, s if i == 0 else 1, t))
            cin = c
    mods += [*conv_bn(cin, 1280), nn.ReLU6(True), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    mods += [nn.Dropout(0.2), nn.Linear(1280, 1000)]
    return nn.Sequential(*mods)


def double_conv(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        *conv_bn(cin, cout, 3, 1, 1), nn.ReLU(True), *conv_bn(cout, cout, 3, 1, 1), nn.ReLU(True)
    )


class UNet(nn.Module):
    """Four levels down (MaxPool 2) and up (ConvTranspose 2×2 s2, cat with the skip)."""

    def __init__(self, cin: int = 1, widths: tuple[int, ...] = (16, 32, 64, 128, 256)) -> None:
        super().__init__()
        self.enc = nn.ModuleList([double_conv(cin, widths[0])])
        for a, b in itertools.pairwise(widths):
            self.enc.append(nn.Sequential(nn.MaxPool2d(2), double_conv(a, b)))
        self.ups = nn.ModuleList()
        self.decs = nn.ModuleList()
        for a, b in itertools.pairwise(widths[::-1]):
            self.ups.append(nn.ConvTranspose2d(a, b, 2, 2))
            self.decs.append(double_conv(2 * b, b))
        self.head = nn.Conv2d(widths[0], 1, 1)

    def forward(self, x: Tensor) -> Tensor:
        skips = []
        for enc in self.enc:
            x = enc(x)
            skips.append(x)
        for up, dec, skip in zip(self.ups, self.decs, skips[-2::-1], strict=True):
            x = dec(torch.cat([up(x), skip], 1))
        return self.head(x)


class BasicConv(nn.Sequential):
    def __init__(self, cin: int, cout: int, k: int = 1, p: int = 0) -> None:
        super().__init__(
            nn.Conv2d(cin, cout, k, padding=p, bias=False),
            nn.BatchNorm2d(cout, eps=0.001),
            nn.ReLU(True),
        )


class Inception(nn.Module):
    """torchvision's GoogLeNet Inception (its 'ch5x5' branch uses a 3×3 kernel)."""

    def __init__(self, cin: int, c1: int, c3r: int, c3: int, c5r: int, c5: int, pool: int) -> None:
        super().__init__()
        self.b1 = BasicConv(cin, c1)
        self.b2 = nn.Sequential(BasicConv(cin, c3r), BasicConv(c3r, c3, 3, 1))
        self.b3 = nn.Sequential(BasicConv(cin, c5r), BasicConv(c5r, c5, 3, 1))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, 1, ceil_mode=True), BasicConv(cin, pool))

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


def inception_3ab() -> nn.Module:
    return nn.Sequential(
        Inception(192, 64, 96, 128, 16, 32, 32),
        Inception(256, 128, 128, 192, 32, 96, 64),
        nn.MaxPool2d(3, 2, ceil_mode=True),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(480, 10),
    )
