"""The writer of an essay, a column or a letter: who "I" is in the narration.

Opinion pages speak in the first person and name their writer once, in a closing line ("Charlotte Meehan is
playwright-in-residence at Wheaton College …", "Rudy Giuliani is the former mayor of New York City.") or in a
byline ("By Jane Doe"). Outside a quotation, "I" and "me" are that person; inside one they are the quoted
speaker, which the cue already says.
"""

from __future__ import annotations

from .document import Doc
from .names import NameMention

# The word after the writer's name in a closing line: "… is a professor", "… was an adviser", "… writes …"
TAGLINE_VERBS = {"is", "was", "has", "writes", "teaches", "served", "lives", "works"}
# How many of the closing sentences may carry the tagline (a last line of thanks or a link may follow it)
TAGLINE_SENTENCES = 2
# How many of the opening sentences may carry a byline (the headline comes first)
BYLINE_SENTENCES = 3
FIRST_PERSON = {"i", "me"}


def essay_author(doc: Doc, names: list[NameMention]) -> NameMention | None:
    """The name that introduces the writer, from a closing tagline or an opening byline; None for news
    articles, which name no writer in their text."""
    if not doc.sentences:
        return None
    opening = {s.i for s in doc.sentences[:BYLINE_SENTENCES]}
    closing = {s.i for s in doc.sentences[-TAGLINE_SENTENCES:]}
    for nm in names:
        if nm.last - nm.first < 1:
            continue  # a full name, not a surname that refers back
        first = doc.words[nm.first]
        sent = doc.sentences[first.sent]
        nxt = doc.words[nm.last + 1] if nm.last + 1 <= sent.last else None
        if sent.i in closing and sent.first == nm.first and nxt is not None and nxt.text.lower() in TAGLINE_VERBS:
            return nm
        if sent.i in opening and nm.first - 1 == sent.first and doc.words[sent.first].text.lower() == "by":
            return nm
    return None
