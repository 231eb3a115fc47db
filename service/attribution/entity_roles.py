"""Roles an entity holds: the titles and bodies the article gives it, carried to the mention that states
them. ``Resolver`` (coref.py) takes these rules as a mixin, as it does the description rules: they read its
entities, names and lexicons."""

from __future__ import annotations

import re

from .document import Doc, Word
from .entities import EntityState
from .lexicons import Lexicons
from .names import NameMention
from .records import Role, Span
from .roles import APPOSITION_WINDOW, PARTY_BODY, affiliation_after

# "his aides", "her spokesman", "their lawyer": the possessive pronouns that name whom a title serves, and how
# many words before a name they may stand ("his senior climate adviser, Brian Deese")
OWNER_PRONOUNS = {"his", "her", "their"}
OWNER_REACH = 6
# plural abbreviated titles, as a group holds them spelled out ("Sens. Jeff Merkley, Sherrod Brown and …")
PLURAL_ABBREVIATIONS = {"sens.": "senators", "reps.": "representatives"}
# titles of those who serve a state, whose party-state tag ("(D-Mo.)") gives the body they belong to
LEGISLATOR_TITLES = {"sen", "senator", "rep", "representative", "congressman", "congresswoman", "del", "delegate",
                     "state sen", "state rep", "lawmaker"}  # fmt: skip
# "the Clinton campaign", "Trump's campaign": a campaign the article names by its candidate
CAMPAIGN_NAME = re.compile(r"\b([A-Z][a-z]+)(?:['’]s)? (?:presidential )?campaign\b")
# titles of a candidate's staff, whose body is the campaign ("Trump campaign spokesman", "Clinton aide")
CAMPAIGN_ROLES = {"spokesman", "spokeswoman", "spokesperson", "manager", "chairman", "chairwoman", "aide", "adviser",
                  "advisor", "surrogate", "strategist", "pollster", "director", "secretary", "staffer", "official",
                  "aides", "advisers", "surrogates", "officials", "staffers"}  # fmt: skip


class RoleResolver:
    """The role rules of :class:`~service.attribution.coref.Resolver`."""

    doc: Doc
    lex: Lexicons
    entities: list[EntityState]
    names: list[NameMention]
    by_word: dict[int, EntityState]
    _mention_roles: dict[tuple[int, int], Role]
    _name_roles: dict[int, Role]

    def _owned_roles(self) -> None:
        """ "His senior climate adviser, Brian Deese": a title that a possessive pronoun owns belongs to the one
        the pronoun refers to, read once every name has its entity."""
        for nm in self.names:
            e = self.by_word.get(nm.first)
            role = self._name_roles.get(nm.first)
            if e is None or role is None or role.affiliation:
                continue
            sent = self.doc.sentences[self.doc.words[nm.first].sent]
            window = self.doc.words[max(sent.first, nm.first - OWNER_REACH) : nm.first]
            owner = self._owner(window, e, [])
            if owner is None:
                continue
            owned = Role(title=role.title, affiliation=owner)
            e.roles = [owned if r == role else r for r in e.roles]
            e.role_words.update(owner.lower().split())
            self._name_roles[nm.first] = owned

    def _owner(self, words: list[Word], speaker: EntityState | None,
               excluded: list[tuple[int, int]]) -> str | None:  # fmt: skip
        """The name of the one a possessive pronoun among ``words`` refers to ("his aides" → "Donald Trump"), not
        the speaker's own; None without such a pronoun."""
        inside = {w.i for w in words}
        for w in words:
            if w.text.lower() in OWNER_PRONOUNS and w.deprel == "nmod:poss" and w.head in inside:
                owner = self._pronoun(w, excluded)
                if owner is not None and owner is not speaker and owner.named:
                    return owner.name
        return None

    def _singular_title(self, title: str) -> str:
        """ "one of the family's attorneys, Justin Bamberg": one person holds the title in the singular."""
        words = title.split()
        last = words[-1]
        if last.lower() in PLURAL_ABBREVIATIONS:
            return " ".join([*words[:-1], last[:-2] + "."])  # "Sens. Jon Tester and David Vitter": each a Sen.
        for stem in (last[:-2] if last.endswith("es") else None, last[:-1] if last.endswith("s") else None):
            if stem and self.lex.is_title([*words[:-1], stem]):
                return " ".join([*words[:-1], stem])
        return title

    def _role_for(self, e: EntityState, role: Role | None) -> Role | None:
        """A role read off the text, as ``e`` holds it: one person's title in the singular, a candidate's
        staff in the campaign."""
        if role is not None and role.title and e.kind in ("person", "anonymous"):
            role = Role(title=self._singular_title(role.title), affiliation=role.affiliation)
        elif role is not None and role.title and role.title.lower() in PLURAL_ABBREVIATIONS:
            role = Role(title=PLURAL_ABBREVIATIONS[role.title.lower()], affiliation=role.affiliation)  # the group
        elif role is not None and e.kind == "group" and (role.title or "").lower() in self.lex.group_descriptors:
            # "Civil rights activists", "fellow Democrats": an occupation or a fellowship names no group's office
            role = Role(title=None, affiliation=role.affiliation) if role.affiliation else None
        return self._campaign_role(role)

    def _campaign_role(self, role: Role | None) -> Role | None:
        """ "Clinton spokeswoman", "Hillary Clinton's campaign manager": a candidate's staff belong to the
        campaign, the affiliation the identity brief gives ("Clinton campaign"), when the article speaks of that
        campaign or the title says so."""
        if role is None or not role.title or not role.affiliation or role.affiliation.lower().endswith("campaign"):
            return role
        last = role.affiliation.split()[-1]
        title = role.title.lower()
        person = any(e.kind == "person" and e.surname == last.lower() for e in self.entities)
        campaign = "campaign" in title or re.search(rf"\b{re.escape(last)}(?:['’]s)? campaign\b", self.doc.text)
        if person and campaign and title.split()[-1] in CAMPAIGN_ROLES:
            return Role(title=role.title, affiliation=f"{role.affiliation} campaign")
        return role

    def _the_campaign(self, mention: list[Word], title: str) -> str | None:
        """ "a campaign aide", "campaign aides": the one campaign the article names by its candidate."""
        first = title.lower().split()[0]
        pairs = zip(mention, mention[1:], strict=False)
        if not any(w.text.lower() == "campaign" and nxt.text.lower() == first for w, nxt in pairs):
            return None
        named = [(m.start(), m.group(1)) for m in CAMPAIGN_NAME.finditer(self.doc.text)
                 if self.person_by_surname(m.group(1))]  # fmt: skip
        if len({name for _, name in named}) == 1:
            return f"{named[0][1]} campaign"
        # two campaigns in the article: "Phoenix … demanding that Donald Trump’s campaign stop …" then "The
        # state’s campaign chairman": the one named last before the mention
        before = [name for at, name in named if at < mention[0].start]
        return f"{before[-1]} campaign" if before else None

    def _body_after(self, mention: list[Word], excluded: list[tuple[int, int]]) -> str | None:
        """ "A reporter for USA Today spotted …" with the parser hanging "for USA Today" on the verb: a body
        right after a mention that ends on its title, outside the quotations and contents."""
        words = self.doc.words
        sent = self.doc.sentences[mention[-1].sent]
        after = [w for w in words[mention[-1].i : sent.last + 1] if not any(a <= w.start < b for a, b in excluded)]
        if len(after) < 3 or after[1].i != mention[-1].i + 1:
            return None
        return affiliation_after(self.doc, after[:APPOSITION_WINDOW], 0)

    def role_at(self, mention: Span, entity: EntityState) -> Role | None:
        """The role a record's speaker mention states ("the Republican nominee said", "Gov. Mike Pence said"),
        completed from the entity's roles (an affiliation given elsewhere for the same title). None, so the
        entity's best role stands, when the mention states no title, or a title with no body while the entity
        holds a fuller one ("The head of state says" after "Romanian President Klaus Iohannis")."""
        role = self._mention_roles.get((mention.start, mention.end))
        if role is None:
            return None
        # "Democratic Sen. Claire McCaskill (D-Mo.)": a legislator's party word yields to the state her tag names
        legislator = role.title.lower().rstrip(".") in LEGISLATOR_TITLES
        weak = not role.affiliation or (legislator and role.affiliation in PARTY_BODY.values())
        for held in entity.roles:
            if (held.title and held.title.lower() == role.title.lower() and weak and held.affiliation
                    and held.affiliation != role.affiliation):  # fmt: skip
                return held
        best = entity.best_role
        if not role.affiliation and best is not None and best.title and best.affiliation:
            return None
        return role
