"""The long explanation of every finding code, beside the short table in diagnostics.CODES.

One :class:`Page` per code: what it means, the rule or formula behind it, a bad spec
that triggers it and the fixed spec. ``cnnshape explain``, the README's table of codes
(docs/codes.md) and SARIF rule descriptions are all generated from :data:`EXPLAIN`.
The bad and fixed specs are checked by the tests: each bad one triggers its code and
each fixed one does not.
"""

from __future__ import annotations

from dataclasses import dataclass

_IN = "input: [3, 32, 32]\nlayers:\n"
_IN33 = "input: [3, 33, 33]\nlayers:\n"  # odd: a 1×1 stride-2 projection reads every pixel
_ALEXNET_CONV1 = "  - Conv2d: {out_channels: 96, kernel_size: 11, stride: 4}\n"


#: Where the pages are published (docs/codes.md, one heading per code): SARIF's helpUri.
CODES_URL = "https://github.com/cnnshape/cnnshape/blob/main/docs/codes.md"


def help_uri(code: str) -> str:
    """The URL of one code's page: GitHub's anchor of the heading "### E201" is #e201."""
    return f"{CODES_URL}#{code.lower()}"


@dataclass(frozen=True, slots=True)
class Page:
    meaning: str
    formula: str
    bad: str
    fixed: str
    runnable: bool = True  # False when the bad example cannot be written as UTF-8 text


EXPLAIN: dict[str, Page] = {
    "E100": Page(
        "The file could not be read as a spec: it does not exist or cannot be opened, it is "
        "not a regular file (a FIFO, a device or a socket is never opened), it is not UTF-8 "
        "text, or it is larger than the size limit. A folder that cannot be read is reported "
        "with this code too.",
        "A spec is UTF-8 text (a byte-order mark is allowed) of at most 1 MiB (Limits.max_bytes).",
        '# saved as Latin-1: the é is the single byte 0xE9\nname: "café"\n' + _IN + "  - ReLU\n",
        '# saved as UTF-8: the é is the two bytes 0xC3 0xA9\nname: "café"\n' + _IN + "  - ReLU\n",
        runnable=False,
    ),
    "E101": Page(
        "The file is not valid YAML, or holds more than one YAML document.",
        "PyYAML's parser reports the first position it cannot read; the spec stops there.",
        "input: [3, 32, 32\nlayers:\n  - ReLU\n",
        "input: [3, 32, 32]\nlayers:\n  - ReLU\n",
    ),
    "E102": Page(
        "A mapping has the same key twice. Plain YAML loaders silently keep the last one, "
        "so one of the two values would be lost without a word.",
        "Every key of a mapping is written once.",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, kernel_size: 5}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 5}\n",
    ),
    "E103": Page(
        "The spec uses a YAML tag (such as !!python/object), or a merge key ('<<'). A spec "
        "holds only plain strings, numbers, booleans, lists and mappings; nothing is "
        "constructed or run.",
        "Allowed tags: YAML's own str, int, float, bool, null, seq and map.",
        _IN + '  - Conv2d: !!python/object/apply:os.system ["echo hi"]\n',
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3}\n",
    ),
    "E104": Page(
        "The spec's structure is wrong: a section is missing or misplaced, a top-level key is "
        "unknown, or a layer entry is neither a type name nor a one-key mapping.",
        "A spec is a mapping with 'input', 'layers' and an optional 'name'; 'layers' is a list "
        "whose items are 'Type', 'Type: {args}', 'Type: value' or "
        "'{repeat: N, layers: [...], name: ...}'.",
        _IN.replace("layers:\n", "layers:\n  Conv2d: {out_channels: 16, kernel_size: 3}\n"),
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3}\n",
    ),
    "E105": Page(
        "The layer type is not one cnnshape knows. Names are PyTorch's (any case), plus a few "
        "aliases; `cnnshape layers` lists them.",
        "The type is looked up exactly, then case-insensitively, then among the aliases.",
        _IN + "  - MaxPool: 2\n",
        _IN + "  - MaxPool2d: 2\n",
    ),
    "E106": Page(
        "The layer has no argument of that name (often a near-miss such as 'kernel' for "
        "'kernel_size'), or a layer without arguments was given a value.",
        "Allowed keys: the layer's PyTorch arguments plus name, trainable and ignore.",
        _IN + "  - Conv2d: {out_channels: 16, kernel: 3}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3}\n",
    ),
    "E107": Page(
        "An argument that PyTorch requires (it has no default) is not written.",
        "Required: every argument without a default in the PyTorch constructor, except "
        "in_channels, in_features and num_features, which are inferred from the input.",
        _IN + "  - Conv2d: {out_channels: 16}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3}\n",
    ),
    "E108": Page(
        "An argument has the wrong type: a string where a number belongs, a list of the "
        "wrong length, a float where an integer belongs. Note that YAML 1.1 reads 1e3 "
        "(without a dot) as a string.",
        "Each argument's type is PyTorch's: int, an int or a tuple of n ints, float, bool, "
        "or one of fixed strings.",
        _IN + "  - Flatten\n  - Linear: {out_features: 1e3}\n",
        _IN + "  - Flatten\n  - Linear: {out_features: 1000}\n",
    ),
    "E109": Page(
        "An argument has the right type but a value PyTorch refuses: a zero or negative "
        "stride or kernel, a negative padding, a probability outside [0, 1], a zero "
        "divisor_override, an unknown string choice, or an error code in 'ignore'.",
        "kernel_size, stride, dilation, out_channels, groups ≥ 1; padding ≥ 0 (a convolution "
        "whose padding_mode is not 'zeros' crops with negative padding); 0 ≤ p ≤ 1; "
        "divisor_override ≠ 0.",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, stride: 0}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, stride: 1}\n",
    ),
    "E110": Page(
        "The input shape is not one sample's shape: it must be 1 to 4 positive integers, "
        "without the batch dimension.",
        "input = [C, L] | [C, H, W] | [C, D, H, W] | [F], every size ≥ 1.",
        "input: [3, 0, 32]\nlayers:\n  - ReLU\n",
        "input: [3, 32, 32]\nlayers:\n  - ReLU\n",
    ),
    "E111": Page(
        "The spec exceeds one of the limits that keep a broken or hostile spec from hanging "
        "cnnshape (a pre-commit hook must stay fast).",
        "At most 1 MiB of text, 100 nesting levels, 2,000,000 YAML values after aliases "
        "(and block uses), 5,000 layers, groups and repetitions after expanding repeats, "
        "repeat ≤ 100,000, and 600,000 layer checks for `cnnshape sizes`.",
        "input: [16]\nlayers:\n  - repeat: 1000000000\n    layers: [ReLU]\n",
        "input: [16]\nlayers:\n  - repeat: 10\n    layers: [ReLU]\n",
    ),
    "E112": Page(
        "A use of a block leaves out a parameter that has no default, gives one the block "
        "does not have, or the block's layers refer to a $name that is not one of its params.",
        "Every parameter whose default is null is given at each use; every argument of a use "
        "and every $name in the block's layers is a parameter of the block.",
        "input: [3, 32, 32]\nblocks:\n  cbr:\n    params: {channels: null}\n    layers:\n"
        "      - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1}\n"
        "      - ReLU\nlayers:\n  - cbr: {chanels: 16}\n",
        "input: [3, 32, 32]\nblocks:\n  cbr:\n    params: {channels: null}\n    layers:\n"
        "      - Conv2d: {out_channels: $channels, kernel_size: 3, padding: 1}\n"
        "      - ReLU\nlayers:\n  - cbr: {channels: 16}\n",
    ),
    "E113": Page(
        "A Concat or Add takes the output of an earlier layer by name ('from'), but no "
        "earlier layer, block use or branch has that name.",
        "Each name in 'from' is the 'name' of something that runs before the Concat/Add; "
        "the most recent one with that name is taken.",
        _IN + "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1, name: skip}\n"
        "  - ReLU\n  - Concat: {from: skpi}\n",
        _IN + "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1, name: skip}\n"
        "  - ReLU\n  - Concat: {from: skip}\n",
    ),
    "E114": Page(
        "A value written as an expression ($channels * 4, $make_divisible(c * w, 8), "
        "$stride == 1) cannot be computed: it is not in the expression grammar, names a "
        "parameter that is not defined where it is used, divides by zero, or gives a number "
        "too large. The message shows the expression with the values it had.",
        "An expression is a $ followed by numbers, parameter names, + - * / // % **, "
        "comparisons, and/or/not, 'a if cond else b', and the functions min, max, abs, round, "
        "ceil, floor, int, float, make_divisible; inside {...} an expression with a comma is "
        "quoted.",
        "input: [3, 32, 32]\nparams: {width: 1.0}\nlayers:\n"
        "  - Conv2d: {out_channels: $16 * widht, kernel_size: 3}\n",
        "input: [3, 32, 32]\nparams: {width: 1.0}\nlayers:\n"
        "  - Conv2d: {out_channels: $int(16 * width), kernel_size: 3}\n",
    ),
    "E115": Page(
        "A configuration file (the [tool.cnnshape] table of pyproject.toml, or cnnshape.toml "
        "/ .cnnshape.toml) has an unknown key, a value of the wrong type, a glob that cannot "
        "be read, a code that is not a warning, or is not valid TOML. The finding is located "
        "in the configuration file; the rest of it still applies.",
        "Keys: include, exclude, respect-gitignore, ignore, per-file-ignores, strict, columns, "
        "input, limits (max-bytes, max-depth, max-nodes, max-layers, max-repeat); globs are "
        "gitignore-style, relative to the configuration's folder; codes are warning codes.",
        "# pyproject.toml\n[tool.cnnshape]\nignores = ['W301']\nstrict = 'yes'\n",
        "# pyproject.toml\n[tool.cnnshape]\nignore = ['W301']\nstrict = true\n",
        runnable=False,
    ),
    "E201": Page(
        "A convolution or pooling window is larger than its (padded) input, so the output "
        "would have no elements. PyTorch raises an error at run time. The same code marks "
        "the other inputs too small for a layer: a size-0 dimension reaching a convolution or "
        "pooling, an AvgPool3d input smaller than the kernel before padding, and an affine "
        "BatchNorm over 0 channels.",
        "out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 must be ≥ 1 "
        "(⌈…⌉ with ceil_mode); AvgPool3d also needs in ≥ kernel.",
        "input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 8, kernel_size: 5}\n",
        "input: [3, 4, 4]\nlayers:\n  - Conv2d: {out_channels: 8, kernel_size: 5, padding: 2}\n",
    ),
    "E202": Page(
        "Pooling padding is larger than half the kernel. PyTorch refuses it: such a window "
        "could lie entirely in the padding.",
        "padding ≤ ⌊kernel_size / 2⌋ in every dimension.",
        _IN + "  - MaxPool2d: {kernel_size: 3, stride: 2, padding: 2}\n",
        _IN + "  - MaxPool2d: {kernel_size: 3, stride: 2, padding: 1}\n",
    ),
    "E203": Page(
        "A grouped convolution needs both channel counts to split evenly into the groups.",
        "in_channels mod groups = 0 and out_channels mod groups = 0.",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, groups: 2}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, groups: 1}\n",
    ),
    "E204": Page(
        "padding='same' is only supported by PyTorch for stride 1.",
        "padding: same requires stride = 1 in every dimension; for stride s write the "
        "padding as a number, e.g. (kernel − 1) // 2.",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, stride: 2, padding: same}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, stride: 2, padding: 1}\n",
    ),
    "E205": Page(
        "The tensor arriving at a layer has a rank the layer does not accept, typically a "
        "Conv2d after Flatten, or a Conv1d on an image; or the layer gets the (values, "
        "indices) pair of a max pooling with return_indices=True, not a tensor.",
        "ConvNd and PoolNd take (N, C, *N spatial dims*): rank N + 2, batch included.",
        _IN + "  - Flatten\n  - Conv2d: {out_channels: 16, kernel_size: 3}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3}\n  - Flatten\n",
    ),
    "E206": Page(
        "The spec writes in_channels, in_features or num_features, and the value disagrees "
        "with the tensor that arrives. Leave it out to have it inferred.",
        "Linear: in_features = the last dimension (after Flatten, C·H·W); Conv: in_channels "
        "= C; BatchNorm: num_features = C.",
        _IN + "  - Conv2d: {out_channels: 32, kernel_size: 3, padding: 1}\n  - MaxPool2d: 4\n"
        "  - Flatten\n  - Linear: {in_features: 4096, out_features: 10}\n",
        _IN + "  - Conv2d: {out_channels: 32, kernel_size: 3, padding: 1}\n  - MaxPool2d: 4\n"
        "  - Flatten\n  - Linear: {in_features: 2048, out_features: 10}\n",
    ),
    "E207": Page(
        "A dimension argument (Flatten's start_dim/end_dim, Softmax's dim) is out of range "
        "for the tensor, or start_dim comes after end_dim.",
        "dim ∈ [−rank, rank − 1], where rank counts the batch dimension (an image is 4-d).",
        _IN + "  - Flatten: {start_dim: 1, end_dim: 4}\n",
        _IN + "  - Flatten: {start_dim: 1, end_dim: 3}\n",
    ),
    "E208": Page(
        "padding_mode 'reflect' or 'circular' needs the padding to fit inside the input.",
        "reflect: padding < input size; circular: padding ≤ input size (each dimension).",
        "input: [3, 4, 4]\nlayers:\n"
        "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 4, padding_mode: reflect}\n",
        "input: [3, 4, 4]\nlayers:\n"
        "  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1, padding_mode: reflect}\n",
    ),
    "E209": Page(
        "A tensor would have 2^63 elements or more per sample, beyond PyTorch's int64 numel.",
        "C·H·W (product of one sample's sizes) < 2^63.",
        "input: [1000000, 1000000, 1000000, 1000000]\nlayers:\n  - ReLU\n",
        "input: [1000, 1000, 1000, 1000]\nlayers:\n  - ReLU\n",
    ),
    "E210": Page(
        "Tensors that are added (a residual's body and shortcut, the branches of a parallel "
        "'add', or an Add with its 'from' layers) have different shapes. In a ResNet block "
        "this is a shortcut without the 1×1 projection the body's stride or channels need. "
        "cnnshape does not accept broadcasting here: it is almost always a mistake.",
        "Every added tensor has exactly the same shape; a shortcut that changes stride s and "
        "channels C uses Conv2d(out_channels=C, kernel_size=1, stride=s) (then BatchNorm2d).",
        _IN33 + "  - residual:\n      body:\n"
        "        - Conv2d: {out_channels: 16, kernel_size: 3, stride: 2, padding: 1}\n",
        _IN33 + "  - residual:\n      body:\n"
        "        - Conv2d: {out_channels: 16, kernel_size: 3, stride: 2, padding: 1}\n"
        "      shortcut:\n        - Conv2d: {out_channels: 16, kernel_size: 1, stride: 2}\n",
    ),
    "E211": Page(
        "Tensors that are concatenated (the branches of a parallel 'concat', or a Concat "
        "with its 'from' layers) differ in a dimension other than the one they are joined "
        "along. In a U-Net this is an input size not divisible by 2^depth: a pooling "
        "rounded down, so the upsampled decoder is one row short of the skip; the message "
        "then names the nearest input sizes that fit.",
        "Same rank, and every dimension equal except dim (1, the channels, by default); "
        "the joined sizes add up.",
        "input: [1, 10, 10]\nlayers:\n"
        "  - Conv2d: {out_channels: 4, kernel_size: 3, padding: 1, name: skip}\n"
        "  - MaxPool2d: 4\n  - Upsample: {scale_factor: 4}\n  - Concat: {from: skip}\n",
        "input: [1, 12, 12]\nlayers:\n"
        "  - Conv2d: {out_channels: 4, kernel_size: 3, padding: 1, name: skip}\n"
        "  - MaxPool2d: 4\n  - Upsample: {scale_factor: 4}\n  - Concat: {from: skip}\n",
    ),
    "E212": Page(
        "PixelShuffle needs the channels to be divisible by upscale_factor², and "
        "PixelUnshuffle needs the height and width to be divisible by downscale_factor.",
        "PixelShuffle(r): C mod r² = 0, output (C/r², H·r, W·r). "
        "PixelUnshuffle(r): H mod r = 0 and W mod r = 0, output (C·r², H/r, W/r).",
        _IN + "  - PixelShuffle: 2\n",
        _IN + "  - Conv2d: {out_channels: 12, kernel_size: 1}\n  - PixelShuffle: 2\n",
    ),
    "E213": Page(
        "A layer of two inputs gets a second input (named by 'from') that does not fit the "
        "first: MaxUnpool's indices must come from a max pooling with return_indices: true "
        "and have its input's shape; Bilinear's inputs must match in every dimension but the "
        "last; CosineSimilarity's and PairwiseDistance's must broadcast. Both inputs carry "
        "the batch N, so they must have the same rank.",
        "MaxUnpool: indices.shape = input.shape. Bilinear: x1.shape[:-1] = x2.shape[:-1]. "
        "CosineSimilarity, PairwiseDistance: same rank, each dimension equal or 1.",
        _IN + "  - MaxPool2d: {kernel_size: 2, name: pool1}\n"
        "  - MaxUnpool2d: {kernel_size: 2, from: pool1}\n",
        _IN + "  - MaxPool2d: {kernel_size: 2, return_indices: true, name: pool1}\n"
        "  - MaxUnpool2d: {kernel_size: 2, from: pool1}\n",
    ),
    "W301": Page(
        "The strided windows stop before the end of the input: the last rows or columns are "
        "never read. PyTorch accepts this silently; usually the input size or the padding "
        "is not what was meant.",
        "(in + 2·padding − dilation·(kernel − 1) − 1) / stride is not a whole number and the "
        "remainder covers real input, not only padding.",
        "input: [3, 224, 224]\nlayers:\n" + _ALEXNET_CONV1,
        "input: [3, 227, 227]\nlayers:\n" + _ALEXNET_CONV1,
    ),
    "W302": Page(
        "A Linear layer gets a tensor of rank > 2. PyTorch applies it to the last dimension "
        "only, which is rarely what a CNN classifier means: a Flatten is probably missing. "
        "Where it is meant (a channels-last MLP, as in ConvNeXt), writing in_features says so "
        "and silences the warning.",
        "Linear maps (N, *, in_features) → (N, *, out_features); after Flatten, in_features "
        "= C·H·W.",
        _IN + "  - Conv2d: {out_channels: 32, kernel_size: 3, padding: 1}\n  - Linear: 10\n",
        _IN + "  - Conv2d: {out_channels: 32, kernel_size: 3, padding: 1}\n  - Flatten\n"
        "  - Linear: 10\n",
    ),
    "W303": Page(
        "A value is written yes, no, on or off (or Yes, NO, ...). PyYAML follows YAML 1.1, "
        "where these are booleans, so cnnshape reads them as true or false; YAML 1.2, which "
        "the YAML language server in editors follows, reads them as strings and flags the "
        "value. The same file would mean different things to different tools.",
        "Write booleans as true or false: every YAML version reads those alike.",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, bias: no}\n",
        _IN + "  - Conv2d: {out_channels: 16, kernel_size: 3, bias: false}\n",
    ),
    "W304": Page(
        "MaxUnpool scatters its input to the flat positions its indices hold, and those are "
        "positions in the plane the max pooling read. When the unpool's output plane has "
        "another size (a pooling that dropped a row, or other kernel, stride or padding), the "
        "values land in the wrong places, and PyTorch refuses an index past the output at "
        "run time, depending on the data.",
        "(in − 1)·stride − 2·padding + kernel_size = the pooling's input size, per dimension.",
        "input: [3, 33, 33]\nlayers:\n"
        "  - MaxPool2d: {kernel_size: 2, return_indices: true, name: pool1}\n"
        "  - MaxUnpool2d: {kernel_size: 2, from: pool1}\n",
        "input: [3, 32, 32]\nlayers:\n"
        "  - MaxPool2d: {kernel_size: 2, return_indices: true, name: pool1}\n"
        "  - MaxUnpool2d: {kernel_size: 2, from: pool1}\n",
    ),
}
