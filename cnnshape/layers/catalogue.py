"""The torch.nn modules cnnshape deliberately does not cover, each with its reason.

Every public nn.Module class in torch.nn is either a rule in the registry or a name here;
tests/oracle/test_catalogue.py enumerates the installed torch.nn and fails on a class that
is neither, so a new PyTorch version surfaces its new layers. At run time the table answers
an unknown layer type that is a torch.nn module (no torch import).
"""

from __future__ import annotations

_LOSS = "losses compare a prediction with a target; they are not layers of the network"
_CONTAINER = "containers hold layers; a spec's list, blocks, repeats and forms do that"
_RECURRENT = "recurrent layers are out of scope (cnnshape is for convolutional networks)"
_TRANSFORMER = "transformer and attention layers are out of scope (cnnshape is for CNNs)"
_EMBEDDING = "embeddings look up integer indices, which a spec's float input never holds"

EXCLUDED: dict[str, str] = {
    **{
        name: _LOSS
        for name in (
            "AdaptiveLogSoftmaxWithLoss",
            "BCELoss",
            "BCEWithLogitsLoss",
            "CTCLoss",
            "CosineEmbeddingLoss",
            "CrossEntropyLoss",
            "GaussianNLLLoss",
            "HingeEmbeddingLoss",
            "HuberLoss",
            "KLDivLoss",
            "L1Loss",
            "LinearCrossEntropyLoss",
            "MSELoss",
            "MarginRankingLoss",
            "MultiLabelMarginLoss",
            "MultiLabelSoftMarginLoss",
            "MultiMarginLoss",
            "NLLLoss",
            "NLLLoss2d",
            "PoissonNLLLoss",
            "SmoothL1Loss",
            "SoftMarginLoss",
            "TripletMarginLoss",
            "TripletMarginWithDistanceLoss",
        )
    },
    **{
        name: _CONTAINER
        for name in (
            "Container",
            "Module",
            "ModuleDict",
            "ModuleList",
            "ParameterDict",
            "ParameterList",
            "Sequential",
        )
    },
    "DataParallel": "DataParallel wraps a whole model to split batches over devices",
    **{
        name: _RECURRENT
        for name in (
            "GRU",
            "GRUCell",
            "LSTM",
            "LSTMCell",
            "RNN",
            "RNNBase",
            "RNNCell",
            "RNNCellBase",
        )
    },
    **{
        name: _TRANSFORMER
        for name in (
            "MultiheadAttention",
            "Transformer",
            "TransformerDecoder",
            "TransformerDecoderLayer",
            "TransformerEncoder",
            "TransformerEncoderLayer",
        )
    },
    "Embedding": _EMBEDDING,
    "EmbeddingBag": _EMBEDDING,
}

_BY_LOWER = {name.lower(): name for name in EXCLUDED}


def not_covered(type_name: str) -> str | None:
    """ "'LSTM' is a torch.nn layer cnnshape does not cover: …" for an excluded module
    (matched as the registry matches: exactly, then without regard to case), else None."""
    name = type_name if type_name in EXCLUDED else _BY_LOWER.get(type_name.lower())
    if name is None:
        return None
    return f"'{type_name}' is a torch.nn layer cnnshape does not cover: {EXCLUDED[name]}"
