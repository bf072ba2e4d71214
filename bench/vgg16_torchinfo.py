"""The torchinfo side of benchmark a: VGG-16 in plain torch.nn (as torchvision lays it out,
configuration "D"), summarised on the CPU for one 3×224×224 image. torchvision is not needed."""

from __future__ import annotations

from torch import nn
from torchinfo import summary

CONFIG_D = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def vgg16() -> nn.Module:
    layers: list[nn.Module] = []
    channels = 3
    for v in CONFIG_D:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            assert isinstance(v, int)
            layers += [nn.Conv2d(channels, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            channels = v
    return nn.Sequential(
        nn.Sequential(*layers),
        nn.AdaptiveAvgPool2d((7, 7)),
        nn.Flatten(),
        nn.Linear(512 * 7 * 7, 4096),
        nn.ReLU(True),
        nn.Dropout(),
        nn.Linear(4096, 4096),
        nn.ReLU(True),
        nn.Dropout(),
        nn.Linear(4096, 1000),
    )


if __name__ == "__main__":
    stats = summary(vgg16(), input_size=(1, 3, 224, 224), device="cpu", verbose=1)
    assert stats.total_params == 138_357_544, stats.total_params  # torchvision's figure
