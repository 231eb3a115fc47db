"""Build the training treebanks for the shipped Stanza models from ../shared/data/ud.

Two treebanks come out, laid out the way Stanza's own preparation scripts expect ($UDBASE/UD_English-X/):

* ``UD_English-Newsroom``: EWT train + GUM-cc train (dev and test the same way), with quotation marks and
  apostrophes rewritten to the typographic forms news text uses. The tagger, lemmatizer, MWT expander and
  parser train on it.
* ``UD_English-Newstok``: the same, plus synthetic news-style quotation sentences (``“…,” she said.``,
  ``He said: “….”``, quotes running over two sentences). Only the tokenizer trains on it: the synthetic
  sentences carry dummy trees, which is harmless for a model that only learns token and sentence boundaries.

The treebanks hold about 70 sentences with curly quotes, while news text uses them everywhere; without this
the tokenizer glues ``”`` to words and splits sentences inside ``“Text,” she said``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DOUBLE_STYLES = [("“", "”", 0.80), ("«", "»", 0.05), ("„", "“", 0.02), ('"', '"', 0.13)]
SINGLE_STYLES = [("‘", "’", 0.7), ("'", "'", 0.3)]
NAMES = [
    "Smith", "Jen Psaki", "Stoltenberg", "the minister", "the spokesperson", "Zelensky", "Maria Lopez",
    "the official", "a spokesman for the company", "Mr. Obama", "Ms. Warren", "Iohannis", "the senator",
    "Dr. Chen", "the police chief", "Trump", "Clinton", "the prime minister", "Ahmed", "the White House",
]
# News writes titles as abbreviations the treebanks rarely hold ("Rep." occurs 6 times in EWT and GUM-cc).
# Without these a longer-trained tokenizer learns to cut "Rep." into "Rep" + "." and the parse of
# "Rep. Elijah Cummings of Maryland said" loses its subject.
TITLED_NAMES = [
    "Rep. Elijah Cummings", "Sen. Ted Cruz", "Gov. Chris Christie", "Rep. Nancy Pelosi of California",
    "Sen. Claire McCaskill", "Lt. Gov. Dan Patrick", "Gen. David Petraeus", "Sens. Jon Tester and David Vitter",
    "Reps. Jim Jordan and Mark Meadows", "Rev. Al Sharpton", "Sgt. Maria Lopez", "Gov. Jerry Brown of California",
    "Sen. Bernie Sanders of Vermont", "Rep. Jim Clyburn", "Prof. Anna Weiss", "Lt. Col. Steve Warren",
    "Adm. Mike Mullen", "Supt. Eddie Johnson", "Capt. Tom Ryan", "Insp. Gen. Michael Horowitz",
]
# Speakers as news prints them, in UD's tokens ("|" joins tokens written without a space). UD splits hyphens
# ("Miami - based") and party tags ("( D - Mont . )"); without these a longer-trained tokenizer ends a
# sentence inside a quoted nickname ("Rep. Robert C. “Bobby” Scott") or after a state abbreviation.
NEWS_SPEAKERS = [
    "Rep. Robert C. |“|Bobby|”| Scott", "Sen. Jon Tester (|D|-|Mont.|)", "Rep. Steve King (|R|-|Iowa|)",
    "Sen. Elizabeth Warren (|D|-|Mass.|)", "Sen. Lindsey Graham (|R|-|S.C.|)", "Miami|-|based lawyer Ana Ruiz",
    "a Chicago|-|based spokesman", "Gov. John W. Hickenlooper", "Sen. Thomas R. |“|Tom|”| Carper",
    "former Vice President Joseph R. Biden Jr.", "Dr. Martin Luther King Jr.", "Rep. Jim McGovern (|D|-|Mass.|)",
    "a Washington|-|based analyst", "Sen. Mitch McConnell (|R|-|Ky.|)", "Deputy Chief Mary E. |“|Beth|”| Ortiz",
]
PRONOUNS = ["he", "she", "they", "He", "She", "They", "I", "we"]
CUES = ["said", "added", "told reporters", "wrote", "warned", "says", "tweeted", "explained", "noted", "insisted"]


class Sentence:
    """One CoNLL-U sentence as comments plus token rows, with helpers to rebuild its text."""

    def __init__(self, lines: list[str]):
        self.comments = [line for line in lines if line.startswith("#")]
        self.rows = [line.split("\t") for line in lines if not line.startswith("#")]

    def surface(self) -> list[list[str]]:
        """Rows that carry surface text: MWT ranges and the words outside any range."""
        out, skip_until = [], 0
        for row in self.rows:
            rid = row[0]
            if "." in rid:
                continue
            if "-" in rid:
                start, end = (int(x) for x in rid.split("-"))
                skip_until = end
                out.append(row)
            elif int(rid) > skip_until:
                out.append(row)
        return out

    def text(self) -> str:
        """Text rebuilt from the surface rows and their SpaceAfter marks."""
        parts = []
        for row in self.surface():
            parts.append(row[1])
            if "SpaceAfter=No" not in row[9]:
                parts.append(" ")
        return "".join(parts).rstrip(" ")

    def original_text(self) -> str | None:
        for c in self.comments:
            if c.startswith("# text = "):
                return c[len("# text = "):]
        return None

    def lines(self) -> list[str]:
        """Serialise back, with the ``# text`` comment rebuilt from the tokens."""
        comments = [c for c in self.comments if not c.startswith("# text = ")]
        comments.append("# text = " + self.text())
        return comments + ["\t".join(r) for r in self.rows]


def read_conllu(path: Path) -> list[list[str]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
        else:
            cur.append(line)
    if cur:
        sents.append(cur)
    return sents


def pick(styles, rng):
    r, acc = rng.random(), 0.0
    for open_, close, p in styles:
        acc += p
        if r <= acc:
            return open_, close
    return styles[-1][0], styles[-1][1]


def restyle_quotes(sent: Sentence, rng: random.Random) -> bool:
    """Rewrite straight quote tokens as typographic pairs; True when the sentence changed."""
    surf = sent.surface()
    if sent.original_text() != sent.text():
        return False  # tokens do not rebuild the text: leave the sentence alone
    changed = False
    dq_open, dq_close = pick(DOUBLE_STYLES, rng)
    sq_open, sq_close = pick(SINGLE_STYLES, rng)
    for i, row in enumerate(surf):
        form = row[1]
        if form not in {'"', "'", "``", "''"} or (row[3] != "PUNCT" and "-" not in row[0]):
            continue
        space_before = i == 0 or "SpaceAfter=No" not in surf[i - 1][9]
        space_after = "SpaceAfter=No" not in row[9] or i == len(surf) - 1
        opening = space_before and not (space_after and i > 0)
        pair = (dq_open, dq_close) if form in {'"', "``", "''"} else (sq_open, sq_close)
        new = pair[0] if opening else pair[1]
        if new != form:
            row[1] = new
            if row[2] in {'"', "'", "``", "''"}:
                row[2] = new
            changed = True
    return changed


def curl_apostrophes(sent: Sentence) -> None:
    """Use ’ in contractions and possessives ('s, n't, 're) as most news sites do."""
    for row in sent.rows:
        if "'" in row[1] and (len(row[1]) > 1 or row[3] == "PART"):
            row[1] = row[1].replace("'", "’")


def mwt_consistent(sent: Sentence) -> bool:
    """Every MWT range's form must still be the concatenation of its words (Stanza checks this for English)."""
    words = {r[0]: r[1] for r in sent.rows if r[0].isdigit()}
    for r in sent.rows:
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            if "".join(words.get(str(i), "") for i in range(a, b + 1)).lower() != r[1].lower():
                return False
    return True


def phrase_tokens(phrase: str) -> list[tuple[str, bool]]:
    """(token, space after) pairs of a phrase whose no-space joins are written as "|"."""
    out = []
    for word in phrase.split():
        parts = [t for t in word.split("|") if t]
        out += [(t, False) for t in parts[:-1]] + [(parts[-1], True)]
    return out


def synth_quote(sent: Sentence, rng: random.Random, style: tuple[str, str]) -> list[list[str]] | None:
    """Turn a plain declarative sentence into a news-style direct quotation, with dummy tree rows."""
    surf = sent.surface()
    if not (5 <= len(surf) <= 45) or surf[-1][1] not in {".", "!", "?"}:
        return None
    if any(r[1] in {'"', "“", "”", "'", "‘", "’", "«", "»"} for r in surf):
        return None
    if sent.original_text() != sent.text():
        return None
    words = [(r[1], "SpaceAfter=No" not in r[9]) for r in surf]
    # The quoted sentence starts a clause: keep its capital; news quotes keep the first word capitalised.
    speaker = rng.choice(NAMES + TITLED_NAMES + NEWS_SPEAKERS + PRONOUNS)
    cue = rng.choice(CUES)
    o, c = style
    variant = rng.random()
    spk = phrase_tokens(speaker)
    cue_t = phrase_tokens(cue)
    if variant < 0.45:
        # “Body,” she said.
        body = words[:-1]
        toks = [(o, False)] + body[:-1] + [(body[-1][0], False), (",", False), (c, True)]
        if rng.random() < 0.3 and speaker not in PRONOUNS:
            toks += cue_t + spk
        else:
            toks += spk + cue_t
        toks[-1] = (toks[-1][0], False)
        toks.append((".", True))
    elif variant < 0.75:
        # She said: “Body.”  /  She said, “Body.”
        sep = ":" if rng.random() < 0.6 else ","
        spk_cap = [(spk[0][0][:1].upper() + spk[0][0][1:], spk[0][1])] + spk[1:]
        toks = spk_cap + cue_t[:-1] + [(cue_t[-1][0], False), (sep, True), (o, False)]
        toks += words[:-1] + [(words[-1][0], False), (c, True)]
        if rng.random() < 0.3:
            # The closing mark after the period-less quote, then the period: “…”.
            toks = toks[:-2] + [(c, False), (".", True)]
    else:
        # “Body.” as a sentence of its own, inside a quoted paragraph.
        toks = [(o, False)] + words[:-1] + [(words[-1][0], False), (c, True)]
    rows = []
    for i, (form, space) in enumerate(toks, start=1):
        misc = "_" if space else "SpaceAfter=No"
        head, rel = ("0", "root") if i == 1 else ("1", "dep")
        upos = "PUNCT" if form in {o, c, ",", ".", ":"} else "X"
        rows.append([str(i), form, form, upos, "_", "_", head, rel, "_", misc])
    return rows


def write_sents(path: Path, sents: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for s in sents:
            f.write("\n".join(s) + "\n\n")


def augment(sents: list[list[str]], rng: random.Random, quote_ratio: float, apos_ratio: float) -> list[list[str]]:
    out = []
    for lines in sents:
        s = Sentence(lines)
        if rng.random() < quote_ratio:
            restyle_quotes(s, rng)
        if rng.random() < apos_ratio and s.original_text() == s.text():
            curl_apostrophes(s)
        keep = s.original_text() == s.text() or not mwt_consistent(s)
        out.append(lines if keep else s.lines())
    return out


def synthetic_block(sents: list[list[str]], rng: random.Random, count: int) -> list[list[str]]:
    """News-style quotation sentences grouped into paragraphs, as a document of their own."""
    out: list[list[str]] = []
    candidates = list(range(len(sents)))
    rng.shuffle(candidates)
    made = 0
    for idx in candidates:
        if made >= count:
            break
        style = pick(DOUBLE_STYLES[:3], rng)
        rows = synth_quote(Sentence(sents[idx]), rng, style)
        if rows is None:
            continue
        comments = []
        if made == 0:
            comments.append("# newdoc id = synthetic-quotes")
        if made % 4 == 0:
            comments.append("# newpar")
        comments.append(f"# sent_id = synth-{made}")
        s = Sentence(comments + ["\t".join(r) for r in rows])
        out.append(s.lines())
        made += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ud", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data" / "ud")
    ap.add_argument("--out", type=Path, required=True, help="UDBASE folder to write the treebanks into")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--quote-ratio", type=float, default=0.6)
    ap.add_argument("--apos-ratio", type=float, default=0.5)
    ap.add_argument("--synthetic", type=int, default=2500, help="synthetic quotation sentences for the tokenizer")
    ap.add_argument("--tok-ewt-copies", type=int, default=0,
                    help="extra copies of EWT train (each restyled afresh) for the tokenizer only")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    splits = {}
    for split in ("train", "dev", "test"):
        sents = []
        for tb in ("en_ewt", "en_gumcc"):
            sents += read_conllu(args.ud / f"{tb}-ud-{split}.conllu")
        splits[split] = sents
    ewt_train = read_conllu(args.ud / "en_ewt-ud-train.conllu") if args.tok_ewt_copies else []

    train = augment(splits["train"], rng, args.quote_ratio, args.apos_ratio)
    news = args.out / "UD_English-Newsroom"
    write_sents(news / "en_newsroom-ud-train.conllu", train)
    write_sents(news / "en_newsroom-ud-dev.conllu", splits["dev"])
    write_sents(news / "en_newsroom-ud-test.conllu", splits["test"])

    tok = args.out / "UD_English-Newstok"
    synth = synthetic_block(splits["train"], rng, args.synthetic)
    # EWT's web and e-mail text ends sentences without a full stop far more often than news or GUM does; extra
    # copies weight the tokenizer toward those boundaries (drawn after the rest, so copies=0 changes nothing)
    extra = [s for _ in range(args.tok_ewt_copies)
             for s in augment(ewt_train, rng, args.quote_ratio, args.apos_ratio)]
    write_sents(tok / "en_newstok-ud-train.conllu", train + synth + extra)
    write_sents(tok / "en_newstok-ud-dev.conllu", splits["dev"])
    write_sents(tok / "en_newstok-ud-test.conllu", splits["test"])
    print(f"train {len(train)} sentences, +{len(synth)} synthetic for the tokenizer; dev {len(splits['dev'])}")


if __name__ == "__main__":
    main()
