"""Starter specs for `cnnshape new --template NAME`, each with the YAML language server line.

The templates check clean (no findings) with the current layer set; the tests hold them to it.
"""

from __future__ import annotations

SCHEMA_LINE = (
    "# yaml-language-server: $schema={schema}\n"
    "# (write the schema beside this file with: cnnshape schema > cnnshape.schema.json)\n"
)

_CIFAR10 = """\
# A small CIFAR-10 classifier: (Conv 3×3 → ReLU → MaxPool 2) × 2, then two Linear layers.
name: cifar10-cnn
input: [3, 32, 32]
layers:
  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}
  - ReLU
  - MaxPool2d: 2
  - Conv2d: {out_channels: 32, kernel_size: 3, padding: 1}
  - ReLU
  - MaxPool2d: 2
  - Flatten
  - Linear: 128          # in_features is inferred: 2048 = 32·8·8
  - ReLU
  - Linear: {out_features: 10, name: classifier}
"""

_VGG = """\
# VGG-11 with batch normalisation (configuration "A"): eight 3×3 convolutions in five
# stages, each closed by a 2×2 max-pool, then a three-layer classifier.
name: vgg11-bn
input: [3, 224, 224]
layers:
  - Conv2d: {out_channels: 64, kernel_size: 3, padding: 1}
  - BatchNorm2d
  - ReLU
  - MaxPool2d: 2
  - Conv2d: {out_channels: 128, kernel_size: 3, padding: 1}
  - BatchNorm2d
  - ReLU
  - MaxPool2d: 2
  - repeat: 2
    layers: [{Conv2d: {out_channels: 256, kernel_size: 3, padding: 1}}, BatchNorm2d, ReLU]
  - MaxPool2d: 2
  - repeat: 2
    layers: [{Conv2d: {out_channels: 512, kernel_size: 3, padding: 1}}, BatchNorm2d, ReLU]
  - MaxPool2d: 2
  - repeat: 2
    layers: [{Conv2d: {out_channels: 512, kernel_size: 3, padding: 1}}, BatchNorm2d, ReLU]
  - MaxPool2d: 2
  - AdaptiveAvgPool2d: 7
  - Flatten
  - Linear: 4096         # in_features is inferred: 25088 = 512·7·7
  - ReLU
  - Dropout
  - Linear: 4096
  - ReLU
  - Dropout
  - Linear: {out_features: 1000, name: classifier}
"""

_RESNET = """\
# ResNet-18 (He et al. 2015) as torchvision builds it: 11,689,512 parameters. Each
# residual block adds its input (the shortcut) to its body's output; a block that
# halves the size and changes the channels gets a 1×1 projection shortcut.
name: resnet18
input: [3, 224, 224]
blocks:
  basic:                      # identity shortcut: input and output shapes agree
    params: {channels: null}
    layers:
      - residual:
          body:
            - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1, bias: false}
            - BatchNorm2d
            - ReLU: {inplace: true}
            - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1, bias: false}
            - BatchNorm2d
      - ReLU: {inplace: true}
  down:                       # stride 2 and a projection shortcut
    params: {channels: null}
    layers:
      - residual:
          body:
            - Conv2d: {out_channels: $channels, kernel_size: 3, stride: 2, padding: 1, bias: false}
            - BatchNorm2d
            - ReLU: {inplace: true}
            - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1, bias: false}
            - BatchNorm2d
          shortcut:
            - Conv2d: {out_channels: $channels, kernel_size: 1, stride: 2, bias: false}
            - BatchNorm2d
      - ReLU: {inplace: true}
layers:
  # stem: 224 → 112 → 56
  - Conv2d: {out_channels: 64, kernel_size: 7, stride: 2, padding: 3, bias: false}
  - BatchNorm2d
  - ReLU: {inplace: true}
  - MaxPool2d: {kernel_size: 3, stride: 2, padding: 1}
  # four stages of two blocks: 64 channels at 56×56, 128 at 28, 256 at 14, 512 at 7
  - repeat: 2
    name: layer1
    layers:
      - basic: {channels: 64}
  - down: {channels: 128, name: layer2_0}
  - basic: {channels: 128, name: layer2_1}
  - down: {channels: 256, name: layer3_0}
  - basic: {channels: 256, name: layer3_1}
  - down: {channels: 512, name: layer4_0}
  - basic: {channels: 512, name: layer4_1}
  - AdaptiveAvgPool2d: 1
  - Flatten
  - Linear: {out_features: 1000, name: fc}
"""

#: template name → spec text (without the schema line).
TEMPLATES: dict[str, str] = {"cifar10": _CIFAR10, "vgg": _VGG, "resnet": _RESNET}

DEFAULT_SCHEMA = "cnnshape.schema.json"


def render(name: str, schema: str = DEFAULT_SCHEMA) -> str:
    """The template with its `# yaml-language-server: $schema=…` line on top."""
    return SCHEMA_LINE.format(schema=schema) + TEMPLATES[name]
