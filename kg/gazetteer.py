"""The world actor gazetteer: names, demonyms, metonyms, dated roles, memberships and links.

Loads the Turtle in the ontology's ``actors/`` directory (built by
``scripts/build_gazetteer.py``) into plain Python structures, once per process.
The extractor uses it to resolve surface forms to actor ids, to date
offices and memberships, and to roll non-state actors and government bodies
up to the state they belong to.

Actors are states, territories, organisations, people, and the non-state
actors and named government bodies of ``nonstate.ttl``: armed groups
(Hamas, the Houthis, Wagner Group), media outlets (Reuters, TASS, Kommersant),
think tanks (Chatham House, Valdai Discussion Club), companies (Gazprom,
Lockheed Martin) and agencies (FSB, CIA, "the Pentagon"). Their structural
links are dated :class:`Link` records with a relation of the inventory:

* ``part-of``: an agency, unit, branch, state-run outlet or think tank, or a
  state-owned company -> the state or body that owns or controls it (the
  rollup edge: Quds Force -> IRGC -> Iran; RIA Novosti -> Rossiya Segodnya ->
  Russia);
* ``based-in``: a non-state actor that is not part of a state -> its state
  (Kommersant -> Russia, Hezbollah -> Lebanon);
* ``allies-with``: a state's openly acknowledged backing of an armed group
  (Hezbollah -> Iran); never a rollup.

``GazetteerActor.status`` of a non-state actor says who owns or controls it:
state-run, state-owned, partly-state-owned, state-funded, state-affiliated,
public, semi-official or private.

Matching rules
--------------
* Names, acronyms and metonyms are compared after folding accents, collapsing
  spaces and dropping a leading "the". Forms with 4 letters or more are also
  case-folded ("nato", "Kremlin"); shorter forms are matched **case-sensitively**,
  so "US", "U.S.", "UK", "EU", "UN", "WHO" never match the words "us", "who".
* Demonyms and national nouns are matched with their capital letter ("Polish",
  not "polish"); an all-capitals input is title-cased first.
* Dates are ISO strings; a role or membership is valid on ``on`` when
  ``valid_from <= on < valid_until`` (a missing bound is open). Curated partial
  dates were stored as the first day of their period.

Examples
--------
>>> gz = load()
>>> [a.id for a in gz.lookup("the Kremlin")]
['russia']
>>> gz.by_demonym("Azeri").id
'azerbaijan'
>>> gz.holders("russia", "president", "2021-04-12")
['vladimir-putin']
>>> "uzbekistan" in gz.members("csto", "2021-01-01")
False
>>> gz.affiliations("kommersant")
[('based-in', 'russia')]
>>> gz.country("quds-force")
'iran'
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import pyoxigraph

from kg.vocab import ontology_dir

__all__ = ["GazetteerActor", "Role", "Membership", "Link", "Gazetteer", "load", "normalise"]

_KG = "https://w3id.org/geokg/ontology#"
_ACTOR = "https://w3id.org/geokg/actor/"
_REL = "https://w3id.org/geokg/relation/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_ACTOR_TYPES = {"State", "Organization", "GovernmentBody", "Person", "MediaOutlet",
                "ThinkTank", "Company", "ArmedGroup", "Territory", "Group"}
_TYPE_ORDER = {"State": 0, "Organization": 1, "Territory": 2, "Person": 3,
               "GovernmentBody": 4, "ArmedGroup": 5, "MediaOutlet": 6, "ThinkTank": 7,
               "Company": 8, "Group": 9}
_FULL_MEMBER = {"member", "permanent-member", "co-chair"}


@dataclass(frozen=True)
class GazetteerActor:
    """One known actor.

    ``names`` holds the label, alternative labels and acronyms; ``metonyms``
    includes capitals. ``ambiguous`` lists forms of ``names``/``metonyms``
    that often name something else ("Georgia", "Washington"): the extractor
    must confirm them by context.
    """

    id: str
    type: str
    label: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    national_nouns: tuple[str, ...]
    metonyms: tuple[str, ...]
    iso2: str | None
    iso3: str | None
    status: str | None
    valid_from: str | None
    valid_until: str | None
    acronyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class Role:
    """An office held by a person in a state or organisation, dated.

    ``relation`` is ``"leader-of"`` or ``"official-of"``.
    """

    person: str
    office: str
    of: str
    relation: str
    valid_from: str | None
    valid_until: str | None


@dataclass(frozen=True)
class Membership:
    """A membership of ``member`` in ``organization``, dated.

    ``status`` is member, permanent-member, observer, partner, associate,
    candidate, dialogue-partner, suspended, frozen, invited, participant,
    co-chair or contributor (troops to a mission).
    """

    member: str
    organization: str
    status: str
    valid_from: str | None
    valid_until: str | None


@dataclass(frozen=True)
class Link:
    """A structural link of a non-state actor or government body, dated.

    ``relation`` is ``"part-of"`` (owned or controlled by ``target``: the rollup
    edge), ``"based-in"`` (a non-state actor's state) or ``"allies-with"`` (a
    state's acknowledged backing of an armed group). Curated, half-open dates.
    """

    actor: str
    relation: str
    target: str
    valid_from: str | None
    valid_until: str | None


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def normalise(surface: str) -> str:
    """The lookup key of a surface form.

    Parameters
    ----------
    surface : str
        A name, acronym or metonym as written.

    Returns
    -------
    str
        Accents folded, curly apostrophes straightened, spaces collapsed,
        a leading "the" dropped; case-folded if it has 4 letters or more.

    Examples
    --------
    >>> normalise("The Élysée")
    'elysee'
    >>> normalise("U.S.")
    'U.S.'
    """
    text = _fold(surface).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text, flags=re.IGNORECASE)
    return text.casefold() if sum(c.isalpha() for c in text) >= 4 else text


_ARTICLE = re.compile(r"\b([AaEe]l)-(?=[A-Z])")
_PARTICLES = {"bin", "ibn", "bint", "al", "el", "de", "da", "do", "dos", "del", "van", "von", "der", "le", "la", "ben", "abu"}


def name_variants(name: str) -> list[str]:
    """Other ways news text writes a person's name.

    The Arabic article spelt the other way ("el-Sisi" / "al-Sisi"), and a
    formal name of three or more words without its first given name
    ("Muhammad Shehbaz Sharif" is "Shehbaz Sharif").

    Examples
    --------
    >>> name_variants("Abdel Fattah el-Sisi")
    ['Abdel Fattah al-Sisi', 'Fattah el-Sisi']
    >>> name_variants("Muhammad Shehbaz Sharif")
    ['Shehbaz Sharif']
    >>> name_variants("Mohammed bin Salman")
    []
    """
    out = []
    swapped = _ARTICLE.sub(lambda m: {"a": "e", "A": "E", "e": "a", "E": "A"}[m.group(1)[0]] + "l-", name)
    if swapped != name:
        out.append(swapped)
    words = name.split()
    if len(words) >= 3 and words[1][:1].isupper() and words[1].lower() not in _PARTICLES:
        out.append(" ".join(words[1:]))
    return out


def _valid(item, on: str | None) -> bool:
    return on is None or ((item.valid_from is None or item.valid_from <= on)
                          and (item.valid_until is None or on < item.valid_until))


class Gazetteer:
    """Actors, roles and memberships with lookups by surface form and date.

    Parameters
    ----------
    actors : dict
        Actor id -> :class:`GazetteerActor`.
    roles : list of Role
    memberships : list of Membership

    Examples
    --------
    >>> gz = load()
    >>> gz.actors["azerbaijan"].iso3
    'AZE'
    >>> [a.id for a in gz.lookup("Baku")]
    ['azerbaijan']
    """

    def __init__(self, actors: dict[str, GazetteerActor], roles: list[Role],
                 memberships: list[Membership], links: list[Link] = ()) -> None:
        self.actors = actors
        self._links = defaultdict(list)
        self._linked = defaultdict(list)
        for link in links:
            self._links[link.actor].append(link)
            self._linked[link.target].append(link)
        self._roles = defaultdict(list)
        self._holders = defaultdict(list)
        for role in roles:
            self._roles[role.person].append(role)
            self._holders[role.of].append(role)
        self._memberships = defaultdict(list)
        self._members = defaultdict(list)
        for m in memberships:
            self._memberships[m.member].append(m)
            self._members[m.organization].append(m)
        self._index = defaultdict(set)
        self._demonyms = defaultdict(set)
        self._nouns = defaultdict(set)
        for actor in actors.values():
            for form in (*actor.names, *actor.metonyms):
                self._index[normalise(form)].add(actor.id)
            for form in actor.demonyms:
                self._demonyms[_fold(form)].add(actor.id)
            for form in actor.national_nouns:
                self._nouns[_fold(form)].add(actor.id)
        # people's other spellings, where no other actor has them
        variants = defaultdict(set)
        for actor in actors.values():
            if actor.type == "Person":
                for name in actor.names:
                    for v in name_variants(name):
                        variants[normalise(v)].add((actor.id, v))
        self._variants = defaultdict(list)
        for key, owners in variants.items():
            if key not in self._index and len({a for a, _ in owners}) == 1:
                aid, form = min(owners)
                self._index[key].add(aid)
                self._variants[aid].append(form)

    def _sorted(self, ids) -> list[GazetteerActor]:
        actors = [self.actors[i] for i in ids]
        return sorted(actors, key=lambda a: (_TYPE_ORDER.get(a.type, 9), a.id))

    def lookup(self, surface: str) -> list[GazetteerActor]:
        """Actors named by a name, acronym or metonym.

        Parameters
        ----------
        surface : str
            The form as written ("Baku", "the Kremlin", "CSTO").

        Returns
        -------
        list of GazetteerActor
            States first, then organisations, territories, people, government
            bodies, armed groups, media, think tanks, companies; empty if
            unknown. Forms in an actor's ``ambiguous`` ("Georgia", "AP",
            "Shell") often name something else: confirm them by context.

        Examples
        --------
        >>> gz = load()
        >>> [a.id for a in gz.lookup("Collective Security Treaty Organization")]
        ['csto']
        >>> [a.id for a in gz.lookup("us")]
        []
        """
        return self._sorted(self._index.get(normalise(surface), ()))

    def _unique(self, index: dict, form: str) -> GazetteerActor | None:
        form = _fold(form.strip())
        ids = index.get(form) or (index.get(form.title()) if form.isupper() else None)
        return self.actors[next(iter(ids))] if ids and len(ids) == 1 else None

    def by_demonym(self, adjective: str) -> GazetteerActor | None:
        """The actor of a nationality adjective.

        Returns None if unknown or shared by two states ("Congolese").

        Examples
        --------
        >>> gz = load()
        >>> gz.by_demonym("Azerbaijani").id, gz.by_demonym("British").id
        ('azerbaijan', 'united-kingdom')
        >>> gz.by_demonym("polish") is None
        True
        """
        return self._unique(self._demonyms, adjective)

    def by_national_noun(self, noun: str) -> GazetteerActor | None:
        """The actor whose nationals a plural noun names.

        Examples
        --------
        >>> load().by_national_noun("Armenians").id
        'armenia'
        """
        return self._unique(self._nouns, noun)

    def roles(self, person_id: str, on: str | None = None) -> list[Role]:
        """Roles of a person, those valid on ISO date ``on`` (all if None).

        Examples
        --------
        >>> [r.office for r in load().roles("sergei-shoigu", "2025-01-01")]
        ['Secretary of the Security Council']
        """
        return sorted((r for r in self._roles.get(person_id, ()) if _valid(r, on)),
                      key=lambda r: (r.valid_from or "", r.office))

    def holders(self, of: str, office_keyword: str, on: str | None = None) -> list[str]:
        """Ids of the people holding an office of ``of`` on date ``on``.

        An office whose title equals ``office_keyword`` (case ignored) wins;
        otherwise any office containing it as whole words, unless preceded by
        "vice", "deputy" or "of the" ("Press Secretary of the President" is not
        a president).

        Examples
        --------
        >>> gz = load()
        >>> gz.holders("russia", "defence", "2021-04-12")
        ['sergei-shoigu']
        >>> gz.holders("nato", "secretary general", "2025-06-01")
        ['mark-rutte']
        """
        key = office_keyword.strip().lower()
        roles = [r for r in self._holders.get(of, ()) if _valid(r, on)]
        exact = [r for r in roles if r.office.lower() == key]
        pattern = re.compile(rf"(?<!vice )(?<!deputy )(?<!of the )\b{re.escape(key)}\b")
        chosen = exact or [r for r in roles if pattern.search(r.office.lower())]
        return sorted({r.person for r in chosen})

    def memberships(self, actor_id: str, on: str | None = None) -> list[Membership]:
        """Memberships of an actor, those valid on ``on`` (all if None).

        Examples
        --------
        >>> [m.status for m in load().memberships("armenia", "2025-01-01")
        ...  if m.organization == "csto"]
        ['frozen']
        """
        return sorted((m for m in self._memberships.get(actor_id, ()) if _valid(m, on)),
                      key=lambda m: (m.organization, m.valid_from or "", m.status))

    def members(self, org_id: str, on: str | None = None) -> list[str]:
        """Ids of the full members (member, permanent-member, co-chair) of an organisation.

        Examples
        --------
        >>> load().members("eaeu", "2024-01-01")
        ['armenia', 'belarus', 'kazakhstan', 'kyrgyzstan', 'russia']
        """
        return sorted({m.member for m in self._members.get(org_id, ())
                       if m.status in _FULL_MEMBER and _valid(m, on)})

    def links(self, actor_id: str, on: str | None = None,
              relation: str | None = None) -> list[Link]:
        """Structural links of an actor, those valid on ``on`` (all if None).

        Parameters
        ----------
        actor_id : str
        on : str, optional
            ISO date.
        relation : str, optional
            Only this relation ("part-of", "based-in", "allies-with").

        Examples
        --------
        >>> gz = load()
        >>> [(l.relation, l.target) for l in gz.links("azov-brigade", "2020-01-01")]
        [('part-of', 'national-guard-of-ukraine')]
        >>> gz.links("azov-brigade", "2014-06-01")
        []
        """
        return sorted((k for k in self._links.get(actor_id, ())
                       if _valid(k, on) and (relation is None or k.relation == relation)),
                      key=lambda k: (k.relation, k.target, k.valid_from or ""))

    def affiliations(self, actor_id: str, on: str | None = None) -> list[tuple[str, str]]:
        """``(relation, target)`` pairs of an actor's structural links valid on ``on``.

        Examples
        --------
        >>> load().affiliations("hezbollah")
        [('allies-with', 'iran'), ('based-in', 'lebanon')]
        >>> load().affiliations("gazprom")
        [('part-of', 'russia')]
        """
        return [(k.relation, k.target) for k in self.links(actor_id, on)]

    def parent(self, actor_id: str, on: str | None = None) -> str | None:
        """The actor that owns or controls this one (its ``part-of`` target), or None.

        Examples
        --------
        >>> load().parent("ria-novosti")
        'rossiya-segodnya'
        >>> load().parent("kommersant") is None
        True
        """
        parents = self.links(actor_id, on, "part-of")
        return parents[0].target if parents else None

    def rollup(self, actor_id: str, on: str | None = None) -> str:
        """The top of the ``part-of`` chain: the actor itself if it has no parent.

        Examples
        --------
        >>> load().rollup("quds-force"), load().rollup("us-central-command")
        ('iran', 'united-states')
        """
        seen = {actor_id}
        while (up := self.parent(actor_id, on)) is not None and up not in seen:
            seen.add(up)
            actor_id = up
        return actor_id

    def country(self, actor_id: str, on: str | None = None) -> str | None:
        """The state an actor belongs to: itself if a state, else the first state
        up its ``part-of`` chain, else the state the top of the chain is based in.

        Examples
        --------
        >>> gz = load()
        >>> gz.country("kommersant"), gz.country("nord-stream-ag"), gz.country("russia")
        ('russia', 'russia', 'russia')
        >>> gz.country("islamic-state") is None
        True
        """
        seen = set()
        while actor_id is not None and actor_id not in seen:
            seen.add(actor_id)
            actor = self.actors.get(actor_id)
            if actor is not None and actor.type == "State":
                return actor_id
            up = self.parent(actor_id, on)
            if up is None:
                based = self.links(actor_id, on, "based-in")
                return based[0].target if based else None
            actor_id = up
        return None

    def dependents(self, target_id: str, relation: str | None = None,
                   on: str | None = None) -> list[str]:
        """Ids of the actors linked to ``target_id`` (by ``relation`` if given).

        Examples
        --------
        >>> load().dependents("irgc", "part-of")
        ['basij', 'quds-force']
        """
        return sorted({k.actor for k in self._linked.get(target_id, ())
                       if _valid(k, on) and (relation is None or k.relation == relation)})

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """All ``(surface, actor_id, kind)`` triples, for a phrase matcher.

        ``kind`` is name, acronym, demonym, national_noun or metonym
        (metonyms include capitals). Acronyms and forms under 4 letters must
        be matched case-sensitively (see the module docstring).

        Examples
        --------
        >>> ("Azeri", "azerbaijan", "demonym") in set(load().surface_forms())
        True
        """
        for actor in sorted(self.actors.values(), key=lambda a: a.id):
            acronyms = set(actor.acronyms)
            for form in (*actor.names, *self._variants.get(actor.id, ())):
                yield form, actor.id, "acronym" if form in acronyms else "name"
            for kind, forms in (("demonym", actor.demonyms),
                                ("national_noun", actor.national_nouns),
                                ("metonym", actor.metonyms)):
                for form in forms:
                    yield form, actor.id, kind


def _local(iri: str) -> str:
    return iri[len(_ACTOR):] if iri.startswith(_ACTOR) else iri


@lru_cache(maxsize=None)
def _load(directory: Path) -> Gazetteer:
    props = defaultdict(lambda: defaultdict(list))
    for path in sorted(directory.glob("*.ttl")):
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            props[triple.subject.value][triple.predicate.value].append(triple.object.value)

    def one(p: dict, name: str, ns: str = _KG) -> str | None:
        values = p.get(ns + name)
        return min(values) if values else None

    def many(p: dict, *names: str) -> tuple[str, ...]:
        return tuple(sorted({v for n in names for v in p.get(n, ())}))

    actors, roles, memberships, links = {}, [], [], []
    for subject, p in props.items():
        types = {t[len(_KG):] for t in p.get(_RDF_TYPE, ()) if t.startswith(_KG)}
        kind = next(iter(types & _ACTOR_TYPES), None)
        if kind:
            acronyms = many(p, _KG + "acronym")
            label = one(p, "label", _RDFS_LABEL[:-5])
            actors[_local(subject)] = GazetteerActor(
                id=_local(subject), type=kind, label=label,
                names=(label, *sorted(set(many(p, _SKOS_ALT, _KG + "acronym")) - {label})),
                demonyms=many(p, _KG + "demonym"),
                national_nouns=many(p, _KG + "nationalNoun"),
                metonyms=many(p, _KG + "metonym", _KG + "capital"),
                iso2=one(p, "iso3166Alpha2"), iso3=one(p, "iso3166Alpha3"),
                status=one(p, "status"), valid_from=one(p, "validFrom"),
                valid_until=one(p, "validUntil"), acronyms=acronyms,
                ambiguous=many(p, _KG + "ambiguousForm"), wikidata=one(p, "wikidata"))
            for role in p.get(_KG + "holds", ()):
                r = props[role]
                roles.append(Role(
                    person=_local(subject), office=one(r, "office"),
                    of=_local(one(r, "roleIn")),
                    relation=one(r, "roleRelation")[len(_REL):],
                    valid_from=one(r, "validFrom"), valid_until=one(r, "validUntil")))
        for node in p.get(_KG + "hasLink", ()):
            k = props[node]
            links.append(Link(
                actor=_local(subject), relation=one(k, "linkRelation")[len(_REL):],
                target=_local(one(k, "linkTarget")), valid_from=one(k, "validFrom"),
                valid_until=one(k, "validUntil")))
        for node in p.get(_KG + "hasMembership", ()):
            m = props[node]
            memberships.append(Membership(
                member=_local(subject), organization=_local(one(m, "organization")),
                status=one(m, "status"), valid_from=one(m, "validFrom"),
                valid_until=one(m, "validUntil")))
    return Gazetteer(actors, roles, memberships, links)


def load(path: Path | None = None) -> Gazetteer:
    """Load the gazetteer, cached per process and directory.

    Parameters
    ----------
    path : Path, optional
        Directory of gazetteer Turtle files; default the ontology's
        ``actors/`` directory (see :func:`kg.vocab.ontology_dir`).

    Returns
    -------
    Gazetteer

    Examples
    --------
    >>> load() is load()
    True
    >>> len([a for a in load().actors.values() if a.status == "un-member"])
    193
    """
    directory = Path(path) if path is not None else ontology_dir() / "actors"
    return _load(directory.resolve())
