"""Entities from the article's names: people named in full by surname, bare surnames and typos of them,
first names, acronyms and what they abbreviate. ``Resolver`` (coref.py) takes these rules as a mixin, as it
does the description and role rules: they fill its entities and its index of words to entities."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .document import Doc
from .entities import HONORIFIC_GENDER, KIN_WORDS, SUBJECT_RELS, TITLE_GENDER, EntityState, gender_fits
from .lexicons import Lexicons
from .names import NameMention, acronym_initials, is_acronym, name_kind, surname_of
from .records import Role, Span
from .salience import Sighting


def _same_person(known: str, name: str, first_word: str) -> bool:
    """Whether two full names with one surname are one person: the same first word ("Donald Trump", "Donald
    J. Trump"), or one name's words inside the other's."""
    known_words, words = known.lower().split(), name.lower().split()
    return known_words[0] == first_word or set(words) <= set(known_words) or set(known_words) <= set(words)


# a surname one letter off the surname of someone named in full is a typo for it, when it is this long
MISSPELT_MIN = 5


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    k = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[k + (len(a) == len(b)) :] == b[k + 1 :]


def _misspelt_surname(key: str, by_surname: dict[str, list[EntityState]]) -> EntityState | None:
    """The one person named in full whose surname ``key`` misspells by a letter (same first letter)."""
    if len(key) < MISSPELT_MIN or key in by_surname:
        return None
    # "the Obamas" is the family, no typo
    people = [e for s, es in by_surname.items() if len(s) >= MISSPELT_MIN and s[0] == key[0] and _one_edit(s, key)
              and key != s + "s" for e in es if e.name_tokens >= 2]  # fmt: skip
    return people[0] if len(people) == 1 else None


# How far after a bare surname in the body its namesake's full name may first come (the lede's "Obama", then
# "Barack Obama" a paragraph or two on). Dev resolution 92.4 -> 92.5% at 600 to 3,000 characters.
BARE_AHEAD_CHARS = 1500


def _short_company_name(e: EntityState, word: str, lex: Lexicons) -> bool:
    """Whether ``word`` is the company ``e`` named by its first word: "Patriot" for "Patriot Coal"."""
    parts = e.name.lower().split()
    return e.kind == "organisation" and len(parts) == 2 and parts[0] == word and parts[1] in lex.organisations


def _bare_surname(people: list[EntityState], offset: int, gender: str | None, headline_end: int,
                  headlined: bool = False) -> EntityState | None:  # fmt: skip
    """Of the people sharing a surname, the one a bare "Cruz" or "Mrs. Clinton" at ``offset`` means: the
    honorific's gender first, then the one named most often so far (the story's subject: relatives and
    namesakes are named once and then by their first names), then, where the headline carries the surname
    (``headlined``), the one the body names first, then the one named last, else the first named after, not
    too far on (BARE_AHEAD_CHARS). None when the honorific fits none of them ("Mr. Obama" where only Michelle
    Obama is named in full)."""
    fitting = [e for e in people if gender_fits(e, gender)]
    if not fitting:
        return None
    # "Clinton Hid Past Health Problems", then "Hillary Clinton's health" before "former President Bill
    # Clinton": the headline's Clinton is the one the story opens on
    opener = min(fitting, key=lambda e: min((m.start for m in e.mentions if m.start >= headline_end), default=10**12))
    # a headline's title-case run ("Gold Star Mom Corners Obama") is a poor namesake: named in the body first
    introduced = [(-any(m.start >= headline_end for m in e.mentions), -sum(m.start < offset for m in e.mentions),
                   -(headlined and e is opener), -max(m.start for m in e.mentions if m.start < offset), e.id, e)
                  for e in fitting if any(m.start < offset for m in e.mentions)]  # fmt: skip
    if introduced:
        return min(introduced)[-1]
    first = min(fitting, key=lambda e: min((m.start for m in e.mentions), default=10**12))
    # "President Obama" early on, "Michelle Obama" named 5,000 characters on: no namesake; a headline's
    # "Obama" is measured from the body's start
    if min(m.start for m in first.mentions) - max(offset, headline_end) > BARE_AHEAD_CHARS:
        return None
    return first


class NameEntities:
    """The name rules of :class:`~service.attribution.coref.Resolver`."""

    doc: Doc
    lex: Lexicons
    entities: list[EntityState]
    names: list[NameMention]
    by_word: dict[int, EntityState]
    _made: int
    _quoted: Sequence[tuple[int, int]]
    _headline_end: int
    _title_case_headline: bool
    _name_roles: dict[int, Role]
    _role_for: Callable[[EntityState, Role | None], Role | None]  # entity_roles.RoleResolver's

    # -- entities from names ---------------------------------------------------------------------------
    def _new(self, kind: str, name: str, tokens: int) -> EntityState:
        self._made += 1  # a counter, not len(): merged acronyms leave the list shorter
        e = EntityState(id=f"e{self._made}", kind=kind, name=name, name_tokens=tokens)
        self.entities.append(e)
        return e

    def _build_name_entities(self) -> None:
        # People named in full, by surname: several people may share one ("Jeh Johnson", "Gary Johnson").
        by_surname: dict[str, list[EntityState]] = {}
        others: dict[str, EntityState] = {}
        pending_single: list[NameMention] = []
        for nm in self.names:
            if nm.text.lower() in self.lex.time_words:
                continue  # "Monday", "January": a capitalised time word names no one
            kind = name_kind(nm, self.doc, self.lex)
            ntok = nm.last - nm.first + 1
            if kind == "person" and ntok >= 2:
                key = surname_of(self.doc, nm)
                first = self.doc.words[nm.first].text.lower()
                same = [e for e in by_surname.get(key, []) if _same_person(e.name, nm.text, first)]
                if same:
                    e = same[0]
                    if ntok > e.name_tokens:
                        e.name, e.name_tokens = nm.text, ntok
                else:
                    e = self._new("person", nm.text, ntok)
                    e.surname = key
                    by_surname.setdefault(key, []).append(e)
                self._attach(e, nm)
            else:
                pending_single.append(nm)
        # first names of the people named in full ("Donald" for Donald Trump), when only one person has it
        first_names: dict[str, list[EntityState]] = {}
        for people in by_surname.values():
            for e in people:
                first_names.setdefault(e.name.split()[0].lower(), []).append(e)
        headline_words = {w.text.lower() for w in self.doc.words if w.end <= self._headline_end}
        for nm in pending_single:
            ntok = nm.last - nm.first + 1
            key = surname_of(self.doc, nm)
            start = self.doc.words[nm.first].start
            # a bare surname ("Pence", "Mr. Obama"); "U.S. Court of Appeals for the Sixth Circuit" is no namesake
            # of a "Sixth Circuit"
            namesake = ntok == 1 and key in by_surname and _bare_surname(by_surname[key], start, self._honorific(nm),
                                                           self._headline_end, key in headline_words)  # fmt: skip
            if namesake:
                self._attach(namesake, nm)
                continue
            if ntok == 1 and len(first_names.get(key, [])) == 1:
                self._attach(first_names[key][0], nm)
                continue
            misspelt = _misspelt_surname(key, by_surname) if ntok == 1 else None
            if misspelt is not None:
                self._attach(misspelt, nm)  # "Wines" after "Leslie Wimes", "McLenney" after "Tyresha McClenney"
                continue
            kind = name_kind(nm, self.doc, self.lex)
            key = nm.text.lower()
            short_for = [e for e in others.values() if _short_company_name(e, key, self.lex)] if ntok == 1 else []
            if len(short_for) == 1:
                self._attach(short_for[0], nm)  # "Patriot" after "Patriot Coal"
                continue
            e = others.get(key)
            if e is None:
                e = others[key] = self._new(kind, nm.text, ntok)
                if kind == "person":
                    e.surname = surname_of(self.doc, nm)
                    by_surname.setdefault(e.surname, []).append(e)
            self._attach(e, nm)
        self._merge_acronyms()
        self._bodies_by_affiliation()

    def _merge_acronyms(self) -> None:
        """ "The IMF", "the S.E.C.", "AROS": one entity with the name they abbreviate, when the article spells
        it out ("International Monetary Fund", "Alliance to Reclaim Our Schools")."""
        by_initials: dict[str, EntityState] = {}
        for e in self.entities:
            initials = acronym_initials(e.name)
            if e.kind != "person" and len(initials) >= 2 and not is_acronym(e.name):
                by_initials.setdefault(initials, e)
        for short in [e for e in self.entities if is_acronym(e.name)]:
            full = by_initials.get(short.name.replace(".", "").upper())
            if full is None or full is short:
                continue
            for m in short.mentions:
                full.add_mention(m)
            full.sightings.extend(short.sightings)
            full.sightings.sort(key=lambda s: s.start)
            for r in short.roles:
                full.add_role(r)
            for k, e in list(self.by_word.items()):
                if e is short:
                    self.by_word[k] = full
            self.entities.remove(short)

    def _bodies_by_affiliation(self) -> None:
        """A name the article gives as someone's affiliation is a body, not a person, when nothing shows it is
        one: "Wells Fargo" in "Wells Fargo CEO John Stumpf" (two capitalised words read as a person's name)."""
        bodies = {r.affiliation.lower() for e in self.entities for r in e.roles if r.affiliation}
        for e in self.entities:
            if (e.kind == "person" and e.gender is None and e.name.lower() in bodies
                    and not any(r.title for r in e.roles)
                    and e.name.split()[0].lower() not in self.lex.first_names
                    and not any(o.name.lower().endswith(" " + e.name.lower()) for o in self.entities)):  # fmt: skip
                e.kind = "organisation"
                e.surname = None

    def _attach(self, e: EntityState, nm: NameMention) -> None:
        start = self.doc.words[nm.first].start
        headline = self._title_case_headline and start < self._headline_end
        quoted = any(a <= start < b for a, b in self._quoted)
        # "Black Lawmakers Rip Donald Trump": a title-case headline's capitals are no titles
        role = None if headline or quoted else self._role_for(e, nm.role)
        e.add_role(role)
        if role is not None and role.title:
            self._name_roles[nm.first] = role
        e.named = True
        if nm.kind_hint == "person" and e.kind == "organisation" and e.name_tokens == 1:
            # "Obama" in a headline, then "Mr. Obama" / "President Obama": a person after all
            e.kind = "person"
            e.surname = e.surname or e.name.lower()
        if nm.party:
            e.role_words.add(nm.party)
        if e.gender is None:
            e.gender = self._gender_of(nm)
        before = self.doc.words[nm.first - 1].text.lower() if nm.first > 0 else ""
        if before in KIN_WORDS:
            e.relations.add(before)  # "wife Ivana": "his ex-wife" may stand for her later
        words = self.doc.words
        e.add_mention(Span(nm.text, words[nm.first].start, words[nm.last].end))
        # "President Zelensky said": the subject may be the title in front, with the name under it
        edge = [words[k] for k in range(max(nm.first - 2, 0), nm.last + 1) if words[k].sent == words[nm.first].sent]
        subject = any(w.rel in SUBJECT_RELS for w in edge)
        e.sightings.append(Sighting(words[nm.first].start, words[nm.first].sent, subject))
        for k in range(nm.first, nm.last + 1):
            self.by_word[k] = e

    def _honorific(self, nm: NameMention) -> str | None:
        """The gender of an honorific right before a name ("Mrs. Clinton"), if any."""
        words = self.doc.words
        for k in (nm.first - 1, nm.first - 2):
            if k >= 0 and words[k].sent == words[nm.first].sent and words[k].text.lower() in HONORIFIC_GENDER:
                return HONORIFIC_GENDER[words[k].text.lower()]
        return None

    def _gender_of(self, nm: NameMention) -> str | None:
        """The gender a name mention shows: an honorific before it, a known first name, a gendered title."""
        honorific = self._honorific(nm)
        if honorific:
            return honorific
        before = self.doc.words[nm.first - 1].text.lower() if nm.first > 0 else ""
        if before in TITLE_GENDER:
            return TITLE_GENDER[before]  # "9/11 widow Terry Strada", "his wife Ivana": the text over the name list
        # the written first word: "Donna" though the tokenizer cut it into "Don" + "na"
        gender = self.lex.first_names.get(nm.text.split()[0].lower())
        if gender:  # "Melanie" alone, or a first name before a surname
            return gender
        last = ((nm.role.title or "").lower().split() or [""])[-1] if nm.role else ""
        if last in TITLE_GENDER:
            return TITLE_GENDER[last]
        if last.endswith("woman"):  # spokeswoman, congresswoman
            return "f"
        return "m" if last.endswith("man") and last not in ("chairman", "human") else None

    def body_by_acronym(self, acronym: str) -> EntityState | None:
        """The body the article names that an acronym the tagger missed abbreviates ("AROS" tagged as a noun)."""
        key = acronym.replace(".", "").upper()
        found = [e for e in self.entities if e.kind != "person" and e.named
                 and (e.name.replace(".", "").upper() == key or acronym_initials(e.name) == key)]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def person_by_surname(self, surname: str) -> EntityState | None:
        """The person entity the article names with this surname, if any (for a name the tagger missed)."""
        key = surname.lower()
        people = [e for e in self.entities if e.kind == "person" and e.surname]
        found = [e for e in people if e.surname == key]
        if not found:  # "Wines believes" tagged as a noun, after "Leslie Wimes"
            by_surname: dict[str, list[EntityState]] = {}
            for e in people:
                by_surname.setdefault(e.surname, []).append(e)
            return _misspelt_surname(key, by_surname)
        return found[0] if len(found) == 1 else None
