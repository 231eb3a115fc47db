"""service.fast_parse and the shared encoder pass: faster decoding that gives Stanza's own parses."""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pytest

from service.fast_parse import arc_label_scores, is_one_root_tree, one_root_tree
from service.learned.stanza_encoder import SHARED_LAYERS, SharedPass
from service.nlp import build_pipeline

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "seeds" / "ukraine-recognition.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([0, 0], True),  # one word, the root's
        ([0, 2, 0, 2], True),  # 2 is the root, 1 and 3 hang from it
        ([0, 0, 1, 2, 3], True),  # a chain
        ([0, 0, 0], False),  # two roots
        ([0, 2, 1], False),  # a cycle and no root
        ([0, 0, 3, 2], False),  # a root beside a cycle
        ([0, 2, 3, 4, 2, 0], False),  # a cycle of three under nothing, root elsewhere
    ],
)
def test_a_tree_has_one_root_and_no_cycle(heads: list[int], expected: bool) -> None:
    assert is_one_root_tree(np.array(heads)) is expected


def _random_scores(rng: np.random.Generator, n: int, greedy_tree: bool) -> np.ndarray:
    """Head log-probabilities, as the parser hands them to the decoder (each row sums to 1)."""
    scores = rng.normal(scale=2.0, size=(n, n))
    if greedy_tree:  # make a random tree clearly best for every word
        for word in range(1, n):
            scores[word, rng.integers(0, word)] += 10
    return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))


@pytest.mark.parametrize("greedy_tree", [True, False])
def test_the_tree_is_chu_liu_edmonds_one_root_s(greedy_tree: bool) -> None:
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    rng = np.random.default_rng(7)
    for _ in range(300):
        scores = _random_scores(rng, int(rng.integers(2, 40)), greedy_tree)
        expected = chuliu_edmonds_one_root(scores.copy())
        assert one_root_tree(scores).tolist() == expected.tolist()


def test_arc_label_scores_are_the_pairwise_scores_at_the_chosen_heads() -> None:
    import torch
    from stanza.models.common.biaffine import DeepBiaffineScorer

    torch.manual_seed(3)
    scorer = DeepBiaffineScorer(6, 6, 5, 4, pairwise=True).eval()
    torch.nn.init.normal_(scorer.scorer.W_bilin.weight)  # Stanza starts it at zero
    torch.nn.init.normal_(scorer.scorer.W_bilin.bias)
    outputs = torch.randn(2, 7, 6)
    heads = torch.randint(0, 7, (2, 7))
    with torch.no_grad():
        every_pair = scorer(outputs, outputs)
        chosen = torch.gather(every_pair, 2, heads[:, :, None, None].expand(-1, -1, 1, 4)).squeeze(2)
        assert torch.allclose(arc_label_scores(scorer, outputs, heads), chosen, atol=1e-5)


def _parses(pipeline, text: str) -> list[tuple[object, ...]]:
    doc = pipeline(text)
    return [(w.upos, w.feats, w.head, w.deprel) for s in doc.sentences for w in s.words]


@pytest.mark.parametrize("repair", [False, True])
def test_the_fast_parser_gives_stanza_s_parse_of_the_seed(repair: bool) -> None:
    # with the repair of head constraints on, some of the seed's sentences take Stanza's repair path
    compact = REPO / "models" / "en-compact"  # the encoder set (models/en) is checked below
    stock = build_pipeline(compact, speedups=False, depparse_resolve_head_constraints=repair)
    fast = build_pipeline(compact, depparse_resolve_head_constraints=repair)
    assert fast.processors["depparse"].trainer.model.predict.__func__.__module__ == "service.fast_parse"
    assert _parses(fast, SEED) == _parses(stock, SEED)


def test_the_encoder_set_parses_as_stanza_does_with_one_encoder_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    directory = REPO / "models" / "en"
    stock = build_pipeline(directory, speedups=False)
    fast = build_pipeline(directory)
    encoder = fast.processors["pos"].trainer.model.bert_model
    assert isinstance(encoder.forward, SharedPass)
    calls = []
    forward = encoder.forward.forward
    encoder.forward.forward = lambda ids, **kw: calls.append(len(ids)) or forward(ids, **kw)
    text = SEED[:3000]
    assert _parses(fast, text) == _parses(stock, text)
    sentences = len(fast(text).sentences)
    assert sum(calls) == 2 * sentences  # the tagger's pass alone, for both parses
    assert encoder.forward.pieces == 0  # emptied after each document


class _Counting:
    """A stand-in encoder: hidden state ``k`` of a piece is its id times ``k``; counts sentences encoded."""

    def __init__(self) -> None:
        self.sentences = 0

    def __call__(self, ids, attention_mask=None, output_hidden_states=False):
        self.sentences += len(ids)
        states = tuple(ids[:, :, None].float().expand(-1, -1, 3) * k for k in range(6))
        return types.SimpleNamespace(hidden_states=states)


def _batch(*sentences: list[int]):
    import torch

    width = max(map(len, sentences))
    ids = torch.tensor([s + [0] * (width - len(s)) for s in sentences])
    mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in sentences])
    return ids, mask


def test_a_shared_pass_encodes_each_sentence_once_within_its_capacity() -> None:
    encoder = _Counting()
    shared = SharedPass(encoder, capacity=5)
    ids, mask = _batch([1, 2, 3], [4, 5])
    first = shared(ids, attention_mask=mask, output_hidden_states=True)
    assert encoder.sentences == 2 and shared.pieces == 5
    # another batch, padded differently, in another order: nothing is encoded again
    ids, mask = _batch([4, 5], [1, 2, 3], [1, 2, 3])
    again = shared(ids, attention_mask=mask, output_hidden_states=True)
    assert encoder.sentences == 2
    assert len(again.hidden_states) == SHARED_LAYERS
    assert again.hidden_states[-1][1].tolist() == first.hidden_states[-1][0].tolist()
    assert again.hidden_states[-1][0, 2].tolist() == [0, 0, 0]  # padding
    # full: a new sentence is encoded, answered, and not kept
    ids, mask = _batch([6, 7])
    assert shared(ids, attention_mask=mask, output_hidden_states=True).hidden_states[-1][0, 1].tolist() == [35] * 3
    shared(ids, attention_mask=mask, output_hidden_states=True)
    assert encoder.sentences == 4 and shared.pieces == 5
    shared.clear()
    ids, mask = _batch([4, 5])
    shared(ids, attention_mask=mask, output_hidden_states=True)
    assert encoder.sentences == 5


def test_a_call_the_pass_cannot_answer_goes_to_the_encoder() -> None:
    encoder = _Counting()
    shared = SharedPass(encoder, capacity=100)
    ids, mask = _batch([1, 2])
    assert len(shared(ids, attention_mask=mask).hidden_states) == 6  # not asked for hidden states: passed on
    assert len(shared(ids).hidden_states) == 6  # no mask
    assert shared.pieces == 0 and encoder.sentences == 2


def test_the_bench_compares_two_pipelines_word_by_word() -> None:
    from tools.bench import paired

    def fake(deprel: str):
        def parse(text: str):
            words = [types.SimpleNamespace(upos="X", feats=None, head=0, deprel=deprel if w == "b" else "dep")
                     for w in text.split()]  # fmt: skip
            return types.SimpleNamespace(sentences=[types.SimpleNamespace(words=words)])

        return parse

    result = paired({"this": fake("obj"), "stock": fake("nsubj")}, ["a b c", "b b", "c"])
    assert result["words"] == 6 and result["words_parsed_differently"] == 3
    assert set(result["words_per_second"]) == {"this", "stock"} and result["ratio"] > 0
