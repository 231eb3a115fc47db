"""Stanza's graph parser, decoded with less work and the same trees and labels.

Stanza 1.15's ``GraphParser.predict`` spends most of its time on two things a service does not need:

* **Chu-Liu-Edmonds in Python for every sentence.** Most sentences' best head per word already forms a tree
  with one root, and then the maximum spanning tree *is* that choice. :func:`one_root_tree` takes it after an
  array check and runs Stanza's own search only where the choice has a cycle or several roots.
* **A label score for every pair of words**, then a log-softmax over all of them (``n × n × relations``),
  although only the ``n`` arcs of the tree are read. :func:`arc_label_scores` scores the chosen arcs alone.
  Stanza's repair of head-constraint violations (two subjects on one head) does need every pair's label
  scores; :func:`predict` computes them for that sentence only, when its labels violate one.

The arithmetic is Stanza's (the same modules and weights; only the last product is narrower), so the output
is the same up to a float's last bit: no word's tag, head or relation differed on 16,965 PolNeAR dev words with
either model set (``python -m tools.bench --against stock``), and ``tests/test_fast_parse.py`` holds both
decoders to it on the shipped models. :func:`speed_up` installs
it on a pipeline's parser and leaves any other kind of parser alone.
"""

from __future__ import annotations

import logging
import types
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)


def is_one_root_tree(heads: np.ndarray) -> bool:
    """Whether ``heads`` (``heads[i]`` the head of word ``i``, ``heads[0] == 0`` the root) is a tree: every word
    reaches the root, and exactly one word hangs from it.

    Pointer doubling: after ``k`` rounds each entry is its word's ``2**k``-th ancestor, so ``log2(n)`` rounds
    bring every word of a tree to 0, and a word on a cycle never gets there.
    """
    if np.count_nonzero(heads[1:] == 0) != 1:
        return False
    ancestors = heads
    for _ in range(max(1, int(np.ceil(np.log2(len(heads)))) + 1)):
        ancestors = ancestors[ancestors]
    return bool(np.all(ancestors == 0))


def one_root_tree(scores: np.ndarray) -> np.ndarray:
    """The tree ``chuliu_edmonds_one_root(scores)`` returns, without its search when the greedy choice is one.

    ``scores[d, h]`` scores head ``h`` for word ``d`` (row and column 0 are the root). Each word's best head
    bounds any tree's score from above, so when those choices form a tree with one root, no tree with one
    root scores higher, and Stanza's search (which shifts every root arc by the same amount so that it picks
    one root) returns the same tree.
    """
    choice = scores.astype(np.float64, copy=True)
    np.fill_diagonal(choice, -np.inf)
    heads = np.argmax(choice, axis=1)
    heads[0] = 0
    if is_one_root_tree(heads):
        return heads
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    return chuliu_edmonds_one_root(scores)


def arc_label_scores(deprel: Any, outputs: Any, heads: Any) -> Any:
    """Relation scores for the arcs ``heads`` only: ``[batch, words, relations]``.

    ``deprel`` is the parser's ``DeepBiaffineScorer``; ``outputs`` its input ``[batch, words, dim]`` (words
    counted from the root); ``heads[b, d]`` the head chosen for word ``d``. Stanza's pairwise scorer computes
    ``x1ᵀ W x2`` for every pair through ``einsum("NLI,IJO->NLJO")`` then ``einsum("NLJO,NMJ->NLMO")``; here the
    second product takes each word's own head only.
    """
    import torch

    dependents = deprel.hidden_func(deprel.W1(outputs))
    governors = deprel.hidden_func(deprel.W2(outputs))
    ones = dependents.new_ones(*dependents.shape[:-1], 1)
    dependents = torch.cat([dependents, ones], -1)
    governors = torch.cat([governors, ones], -1)
    chosen = torch.gather(governors, 1, heads.unsqueeze(-1).expand(-1, -1, governors.size(-1)))
    bilinear = deprel.scorer.W_bilin
    intermediate = torch.einsum("NLI,IJO->NLJO", dependents, bilinear.weight)
    return torch.einsum("NLJO,NLJ->NLO", intermediate, chosen) + bilinear.bias


def _arc_scores(model: Any, outputs: Any) -> Any:
    """Head scores ``[batch, words, words]`` as ``GraphParser.forward_scores`` makes them (dropout is off in
    evaluation), without the relation scores."""
    import torch
    import torch.nn.functional as F

    length = outputs.size(1)
    scores = model.unlabeled(outputs, outputs).squeeze(3)
    if model.args["linearization"] or model.args["distance"]:
        positions = torch.arange(length, device=outputs.device)
        offset = (positions.view(1, 1, -1) - positions.view(1, -1, 1)).expand(outputs.size(0), -1, -1)
        if model.args["linearization"]:
            linear = model.linearization(outputs, outputs).squeeze(3)
            scores = scores + F.logsigmoid(linear * torch.sign(offset).float())
        if model.args["distance"]:
            predicted = 1 + F.softplus(model.distance(outputs, outputs).squeeze(3))
            scores = scores + -torch.log((torch.abs(offset).float() - predicted) ** 2 / 2 + 1)
    diagonal = torch.eye(length, dtype=torch.bool, device=outputs.device).unsqueeze(0)
    return scores.masked_fill(diagonal, -float("inf"))


def _repaired(model: Any, outputs: Any, log_probs: np.ndarray, tree: np.ndarray,
              labels: list[str]) -> tuple[np.ndarray, list[str]]:  # fmt: skip
    """Stanza's repair of a head-constraint violation (two subjects or objects on one head), when ``labels``
    hold one; it weighs every arc's relation scores, so only then are they computed, for this sentence."""
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import (
        find_head_constraint_violations,
        resolve_head_constraint_violations,
    )

    if not find_head_constraint_violations(tree, labels):
        return tree, labels
    import torch.nn.functional as F

    vocab = model.vocab["deprel"]
    every_arc = F.log_softmax(model.deprel(outputs, outputs), 3)[0].cpu().numpy()
    tree, raw = resolve_head_constraint_violations(log_probs, every_arc, tree, vocab)
    return tree, vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])


def predict(model: Any, *inputs: Any, resolve_head_constraints: bool = False) -> list[list[list[Any]]]:
    """``GraphParser.predict`` with the same arguments and result, decoded as this module describes: for each
    sentence its heads and relation names, ``[[head, deprel], ...]`` (``inputs[-3]`` holds the sentence
    lengths, counting the root)."""
    import torch
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE

    sentlens = inputs[-3]
    outputs = model.embed(*inputs)
    log_probs = F.log_softmax(_arc_scores(model, outputs), 2).cpu().numpy()
    trees = [one_root_tree(log_probs[i, :n, :n]) for i, n in enumerate(sentlens)]
    heads = torch.zeros(outputs.shape[:2], dtype=torch.long, device=outputs.device)
    for i, tree in enumerate(trees):
        heads[i, : len(tree)] = torch.as_tensor(tree, dtype=torch.long)
    best = arc_label_scores(model.deprel, outputs, heads).argmax(-1).cpu().numpy() + VOCAB_PREFIX_SIZE
    vocab = model.vocab["deprel"]
    results = []
    for i, (n, tree) in enumerate(zip(sentlens, trees, strict=True)):
        labels = vocab.unmap([int(r) for r in best[i, 1:n]])
        if resolve_head_constraints:
            tree, labels = _repaired(model, outputs[i : i + 1, :n], log_probs[i, :n, :n], tree, labels)
        results.append([[int(h), r] for h, r in zip(tree[1:], labels, strict=True)])
    return results


def speed_up(pipeline: Any) -> bool:
    """Decode ``pipeline``'s parser with :func:`predict`; False (and nothing changed) when the parser is not
    the kind this module reproduces (Stanza's graph parser without arc embeddings)."""
    processor = getattr(pipeline, "processors", {}).get("depparse")
    model = getattr(getattr(processor, "trainer", None), "model", None)
    if model is None or type(model).__name__ != "GraphParser" or model.args.get("use_arc_embedding"):
        logger.info("parser left as Stanza decodes it: %s", type(model).__name__)
        return False
    model.predict = types.MethodType(predict, model)
    return True
