"""Build the world actor gazetteer (``ontology/actors/*.ttl``).

The gazetteer is merged from the shared source data (mledoze/countries,
the CIA World Factbook extract, Factbook Appendix B, Natural Earth breakaway
areas) and the hand-curated data files in ``ontology/actors/curated/``, which
add and correct what the sources lack (breakaway entities, organisations
missing from every file, dated memberships, officials, press names, demonyms,
metonyms) and hold the non-state actors and named government bodies
(``nonstate.yaml``: armed groups, media, think tanks, companies, agencies) with
their structural links (``rel:part-of``, ``rel:based-in``, ``rel:allies-with``).
Curated data always wins over source data.

Usage::

    python scripts/build_gazetteer.py [DATA_DIR] [--out OUT_DIR]

``DATA_DIR`` defaults to ``../shared/data`` relative to the repository root,
``OUT_DIR`` to ``ontology/actors``. The output is sorted and deterministic:
building twice gives byte-identical Turtle.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CURATED = REPO / "ontology" / "actors" / "curated"
ACTOR_NS = "https://w3id.org/geokg/actor/"

MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


# ---------------------------------------------------------------- text helpers

def fold(text: str) -> str:
    """Strip accents: ``"Türkiye"`` -> ``"Turkiye"``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text without combining marks.
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """Kebab-case id from an English name: ``"Côte d'Ivoire"`` -> ``"cote-divoire"``.

    Parameters
    ----------
    text : str
        A name.

    Returns
    -------
    str
        Lowercase ASCII letters, digits and single hyphens.
    """
    text = fold(text).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_latin(text: str) -> bool:
    """True if every letter of ``text`` is Latin script (accents allowed)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "")
               for c in text)


def split_top(text: str, seps: str = ",;") -> list[str]:
    """Split on separators outside parentheses and brackets.

    Parameters
    ----------
    text : str
        Text such as ``"La Paz (administrative capital); Sucre (x, y)"``.
    seps : str
        The separator characters.

    Returns
    -------
    list of str
        Stripped, non-empty parts.
    """
    parts, depth, cur = [], 0, []
    for c in text:
        depth += c in "([" and 1 or (c in ")]" and -1 or 0)
        if c in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def cut_note(text: str) -> str:
    """Drop a trailing Factbook ``"; note - ..."`` or ``"note: ..."`` comment."""
    return re.split(r";?\s*note\s*[-:]", text, maxsplit=1)[0].strip()


def iso_date(value) -> str | None:
    """Normalise a curated or Factbook date to ``YYYY-MM-DD``.

    Partial dates get the first day of their period: ``"2012"`` ->
    ``"2012-01-01"``, ``"2012-06"`` -> ``"2012-06-01"``; Factbook dates
    such as ``"31 October 2003"``, ``"Sep 2025"`` are parsed too.

    Parameters
    ----------
    value : str, int, datetime.date or None
        The date.

    Returns
    -------
    str or None
        An ``xsd:date`` lexical form, or None if ``value`` is empty or
        unparseable.
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if m:
        return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"
    m = re.fullmatch(r"(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", text)
    if m and m[2].lower() in MONTHS:
        return f"{m[3]}-{MONTHS[m[2].lower()]:02d}-{int(m[1] or 1):02d}"
    return None


# ---------------------------------------------------------------- actor records

def new_actor(actor_id: str, kind: str, label: str, **fields) -> dict:
    """A mutable actor record; sets hold the name forms."""
    actor = {"id": actor_id, "type": kind, "label": label,
             "alt": set(), "acronyms": set(), "demonyms": set(),
             "nouns": set(), "capitals": set(), "metonyms": set(),
             "ambiguous": set(), "iso2": None, "iso3": None,
             "wikidata": None, "status": None,
             "valid_from": None, "valid_until": None}
    actor.update(fields)
    return actor


def apply_curated(actor: dict, cur: dict) -> None:
    """Merge one curated entry into an actor record (curated wins).

    Keys ``label``, ``type``, ``status``, ``iso2``, ``iso3``, ``wikidata``,
    ``valid_from``, ``valid_until`` replace; ``alt_labels``, ``acronyms``,
    ``demonyms``, ``national_nouns``, ``capitals``, ``metonyms``,
    ``ambiguous`` add; ``drop`` removes forms taken from the sources;
    ``only_demonyms``/``only_national_nouns`` replace the source forms.
    """
    for key in ("label", "type", "status", "iso2", "iso3", "wikidata"):
        if key in cur:
            actor[key] = cur[key]
    for key in ("valid_from", "valid_until"):
        if key in cur:
            actor[key] = iso_date(cur[key])
    if "only_demonyms" in cur:
        actor["demonyms"] = set(cur["only_demonyms"])
    if "only_national_nouns" in cur:
        actor["nouns"] = set(cur["only_national_nouns"])
    for key, field in (("alt_labels", "alt"), ("acronyms", "acronyms"),
                       ("demonyms", "demonyms"), ("national_nouns", "nouns"),
                       ("capitals", "capitals"), ("metonyms", "metonyms"),
                       ("ambiguous", "ambiguous")):
        actor[field].update(cur.get(key, []))
    for form in cur.get("drop", []):
        for field in ("alt", "acronyms", "demonyms", "nouns", "capitals",
                      "metonyms"):
            actor[field].discard(form)


def name_forms(names, actor: dict) -> None:
    """Sort source names into alt labels and acronyms.

    Two-letter codes (``"AM"``, ``"IN"``, ``"US"``) are dropped: they are
    English words or too ambiguous; curated data adds the safe ones back as
    case-sensitive acronyms. All-capital forms of 3-5 letters become acronyms.
    Non-Latin script forms are dropped (the extractor reads English).
    """
    for name in names:
        name = cut_note(name or "").strip()
        if not name or name.lower() == "none" or not is_latin(name):
            continue
        letters = re.sub(r"[^A-Za-z]", "", name)
        if name.isupper() and len(letters) <= 2:
            continue
        if name.isupper() and len(letters) <= 5:
            actor["acronyms"].add(name)
        else:
            actor["alt"].add(name)


def parse_people_words(text: str) -> list[str]:
    """Parse a Factbook nationality noun or adjective into forms.

    ``"Azerbaijani(s)"`` -> ``["Azerbaijanis"]``; ``"Frenchman(men),
    Frenchwoman(women)"`` -> ``["Frenchmen", "Frenchwomen"]``; ``"Motswana
    (singular), Batswana (plural)"`` -> ``["Batswana"]``; ``"Saudi or Saudi
    Arabian"`` -> both; ``"Taiwan (or Taiwanese)"`` -> both.

    Parameters
    ----------
    text : str
        The Factbook ``nationality.noun`` or ``nationality.adjective``.

    Returns
    -------
    list of str
        Capitalised forms; ``"none"`` and singular-only forms are dropped.
    """
    out = []
    text = cut_note(text or "")
    text = re.sub(r"\(or ([^)]+)\)", r", \1", text)
    for part in re.split(r",|;|/|\bor\b", text):
        part = part.strip()
        if not part or "(singular)" in part:
            continue
        m = re.match(r"([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)\((s|es|men|women)\)", part)
        if m:
            stem, suffix = m[1], m[2]
            # "Frenchman(men)" / "Frenchwoman(women)": the stem's final "man" becomes "men"
            word = stem[:-3] + "men" if suffix in ("men", "women") else stem + suffix
        else:
            word = re.sub(r"\s*\([^)]*\)", "", part).strip()
        if word and word[0].isupper() and word.lower() != "none":
            out.append(word)
    return out


def parse_capitals(text: str) -> list[str]:
    """Parse a Factbook capital field into city names.

    ``"La Paz (administrative capital); Sucre (constitutional ... capital)"``
    -> ``["La Paz", "Sucre"]``; ``"Baku (Baki, Baky)"`` -> ``["Baku", "Baki",
    "Baky"]``; ``"Kyiv (Kiev is the transliteration from Russian)"`` ->
    ``["Kyiv", "Kiev"]``. Explanatory parentheses are ignored.
    """
    out = []
    for part in split_top(cut_note(text or "")):
        m = re.match(r"([^(]+)(?:\((.*)\))?", part)
        main = m[1].strip()
        if re.fullmatch(r"[A-Z][\w'.-]*(?: [\w'.-]+){0,3}", main) and not re.search(
                r"\b(in|on|is)\b", main):
            out.append(main)
        inner = m[2] or ""
        alias = re.match(r"(?:aka )?([A-Z][\w'-]+) is the", inner)
        if alias:
            out.append(alias[1])
        elif inner and not re.search(r"[a-z]{2,}\s+[a-z]", inner.replace(" and ", " ")) \
                and not re.search(r"capital|seat|government|\bon\b", inner):
            out += [v.strip() for v in re.split(r"[,/]", inner)
                    if re.fullmatch(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?", v.strip())]
    return out


# ---------------------------------------------------------------- places

def build_places(src: dict, cur: dict) -> dict[str, dict]:
    """States and territories from mledoze, the Factbook, Natural Earth and curation.

    Parameters
    ----------
    src : dict
        Loaded source files (see :func:`load_sources`).
    cur : dict
        Loaded curated files (see :func:`load_curated`).

    Returns
    -------
    dict
        Actor records by id.
    """
    places_cur = cur["places"]
    by_iso = places_cur["by_iso"]
    observers = set(places_cur["un_observers"])
    states_non_un = set(places_cur["non_un_states"])
    factbook = {e["iso_alpha2"]: e for e in src["factbook"]
                if e.get("iso_alpha2") and e["gec"] not in places_cur["factbook_skip"]}
    actors: dict[str, dict] = {}

    for rec in src["mledoze"]:
        iso2 = rec["cca2"]
        c = by_iso.get(iso2, {})
        label = c.get("label", rec["name"]["common"])
        if iso2 in observers:
            kind, status = "State", "un-observer"
        elif rec["unMember"]:
            kind, status = "State", "un-member"
        elif iso2 in states_non_un:
            kind, status = "State", "partially-recognised"
        else:
            kind, status = "Territory", "territory"
        actor = new_actor(c.get("id", slugify(label)), kind, label,
                          iso2=iso2, iso3=rec["cca3"], status=status)
        name_forms([rec["name"]["common"], rec["name"]["official"],
                    *rec.get("altSpellings", [])], actor)
        eng = rec.get("demonyms", {}).get("eng", {})
        for form in {eng.get("m", ""), eng.get("f", "")}:
            actor["demonyms"].update(d.strip() for d in re.split(r",| or ", form) if d.strip())
        actor["capitals"].update(rec.get("capital", []))
        fb = factbook.get(iso2)
        if fb:
            add_factbook_names(actor, fb)
        apply_curated(actor, c)
        actors[actor["id"]] = actor

    for fb in src["factbook"]:
        if fb["gec"] in places_cur["factbook_territories"]:
            c = places_cur["factbook_territories"][fb["gec"]]
            actor = new_actor(c["id"], "Territory", c["label"], status="territory")
            add_factbook_names(actor, fb)
            apply_curated(actor, c)
            actors[actor["id"]] = actor

    ne_map = places_cur["natural_earth"]
    for feat in src["natural_earth"]:
        c = ne_map.get(feat["BRK_A3"], {})
        label = c.get("label", feat["NAME_EN"])
        actor_id = c.get("id", slugify(label))
        actor = actors.get(actor_id) or new_actor(
            actor_id, "Territory", label,
            status={"Breakaway": "breakaway"}.get(feat["TYPE"], "disputed"))
        actor["wikidata"] = actor["wikidata"] or feat.get("WIKIDATAID")
        forms = [feat["NAME_EN"], feat.get("NAME_ALT")]
        if "." not in feat["BRK_NAME"]:
            forms.append(feat["BRK_NAME"])
        formal = feat.get("FORMAL_EN") or ""
        if formal[:1].isupper() and formal != feat["SOVEREIGNT"]:
            forms.append(formal)
        name_forms([f for f in forms if f], actor)
        apply_curated(actor, c)
        actors[actor["id"]] = actor

    for actor_id, c in places_cur["additional"].items():
        actor = new_actor(actor_id, c["type"], c["label"])
        apply_curated(actor, c)
        actors[actor_id] = actor
    return actors


def add_factbook_names(actor: dict, fb: dict) -> None:
    """Add the Factbook conventional names, capitals and nationality forms."""
    name = fb.get("name", {})
    name_forms([name.get("conventional_short"), name.get("conventional_long")], actor)
    actor["capitals"].update(parse_capitals(fb.get("capital", {}).get("name", "")))
    nat = fb.get("nationality", {})
    actor["nouns"].update(parse_people_words(nat.get("noun", "")))
    names = {actor["label"], *actor["alt"]}
    actor["demonyms"].update(d for d in parse_people_words(nat.get("adjective", ""))
                             if d not in names)


def resolve_exclusive(actors: dict, field: str) -> list[str]:
    """Give each demonym or national noun to one actor only.

    A form claimed by a state and by territories stays with the state
    (``"Dutch"`` is the Netherlands', not Aruba's); a form claimed by two
    actors of the same rank is reported, and curated data must settle it.

    Returns
    -------
    list of str
        Remaining conflicts, for the build log.
    """
    rank = {"un-member": 0, "un-observer": 0, "partially-recognised": 1,
            "breakaway": 2, "dissolved": 3}
    owners = defaultdict(list)
    for actor in actors.values():
        for form in actor[field]:
            owners[form].append(actor)
    conflicts = []
    for form, claim in sorted(owners.items()):
        if len(claim) < 2:
            continue
        best = min(rank.get(a["status"], 9) for a in claim)
        keep = [a for a in claim if rank.get(a["status"], 9) == best]
        for actor in claim:
            if actor not in keep:
                actor[field].discard(form)
        if len(keep) > 1:
            conflicts.append(f"{field} {form!r}: {sorted(a['id'] for a in keep)}")
    return conflicts


# ---------------------------------------------------------------- organisations

def build_organizations(src: dict, cur: dict) -> dict[str, dict]:
    """Organisations from Appendix B plus curated organisations.

    Appendix B gives names, acronyms and founding lines; curated data gives
    ids, missing organisations, former names, dissolution dates.
    """
    orgs_cur = cur["organizations"]
    ids = orgs_cur["appendix_b_ids"]
    actors: dict[str, dict] = {}
    for entry in src["appendix_b"]:
        abbr = entry.get("abbreviation")
        key = abbr or entry["name"]
        if key in orgs_cur["appendix_b_skip"] or (not abbr and key not in ids):
            continue
        org_id = ids.get(key, slugify(abbr or ""))
        actor = new_actor(org_id, "Organization", entry["name"].strip(),
                          status="organization")
        if abbr and re.fullmatch(r"[\w&-]+", abbr):
            actor["acronyms"].add(abbr)
        actors[org_id] = actor
    for org_id, c in orgs_cur["organizations"].items():
        actor = actors.get(org_id) or new_actor(org_id, "Organization", c["label"],
                                                status="organization")
        apply_curated(actor, c)
        actors[org_id] = actor
    return actors


def build_memberships(src: dict, cur: dict, actors: dict) -> list[dict]:
    """Dated memberships: curated for the core organisations, Factbook 2026 otherwise.

    Parameters
    ----------
    src, cur : dict
        Loaded sources and curated files.
    actors : dict
        All actors built so far (members and organisations).

    Returns
    -------
    list of dict
        Membership records ``{member, organization, status, valid_from,
        valid_until, source}``.
    """
    orgs_cur = cur["organizations"]
    core = orgs_cur["memberships"]
    tokens = orgs_cur["factbook_tokens"]
    qualifiers = orgs_cur["factbook_qualifiers"]
    iso_to_id = {a["iso2"]: a["id"] for a in actors.values() if a["iso2"]}
    gec_to_id = cur["places"]["factbook_member_ids"]
    out, unknown = [], set()

    for fb in src["factbook"]:
        member = gec_to_id.get(fb["gec"])
        if member is None and fb["gec"] not in cur["places"]["factbook_skip"]:
            member = iso_to_id.get(fb.get("iso_alpha2"))
        if member is None:
            continue
        for item in fb.get("intl_org_list", []):
            org = tokens.get(item["org"], slugify(item["org"]))
            status = qualifiers.get(item.get("qualifier") or "", "member")
            if org in core or org in orgs_cur["factbook_ignore"] or status == "skip":
                continue
            if org not in actors:
                unknown.add(item["org"])
                continue
            status = orgs_cur["contributor_orgs"].get(org, status)
            out.append({"member": member, "organization": org, "status": status,
                        "valid_from": None, "valid_until": None,
                        "source": "factbook-2026-01"})

    rows = [(row["org"], row, {}) for row in orgs_cur["additional_memberships"]]
    for org, spec in core.items():
        for actor_status, mstatus in spec.get("from_status", {}).items():
            out += [{"member": a["id"], "organization": org, "status": mstatus,
                     "valid_from": None, "valid_until": None, "source": "curated"}
                    for a in actors.values() if a["status"] == actor_status]
        rows += [(org, row if isinstance(row, dict) else {"id": row}, spec)
                 for row in spec.get("members", [])]
    for org, row, spec in rows:
        out.append({"member": row["id"], "organization": org,
                    "status": row.get("status", "member"),
                    "valid_from": iso_date(row.get("from", spec.get("from"))),
                    "valid_until": iso_date(row.get("until")),
                    "source": "curated"})
    for member, org in {(m["member"], m["organization"]) for m in out}:
        missing = [x for x in (member, org) if x not in actors]
        if missing:
            raise SystemExit(f"membership {member} -> {org}: unknown actor {missing}")
    if unknown:
        print(f"factbook tokens without organisation (skipped): {sorted(unknown)}",
              file=sys.stderr)
    return out


# ---------------------------------------------------------------- non-state actors

NONSTATE_SECTIONS = {"armed_groups": "ArmedGroup", "media": "MediaOutlet",
                     "think_tanks": "ThinkTank", "companies": "Company",
                     "government_bodies": "GovernmentBody"}
LINK_KEYS = {"part_of": "part-of", "based_in": "based-in", "allies_with": "allies-with"}
ACTOR_TYPES = {"State", "Organization", "GovernmentBody", "Person", "MediaOutlet",
               "ThinkTank", "Company", "ArmedGroup", "Territory", "Group"}


def lookup_key(form: str) -> str:
    """The key ``kg.gazetteer.normalise`` matches a form by (kept in step with it)."""
    text = fold(form).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text, flags=re.IGNORECASE)
    return text.casefold() if sum(c.isalpha() for c in text) >= 4 else text


def actor_forms(actor: dict) -> set[str]:
    """The surface forms ``kg.gazetteer.lookup`` indexes for an actor."""
    return {actor["label"], *actor["alt"], *actor["acronyms"], *actor["metonyms"],
            *actor["capitals"]}


def build_nonstate(cur: dict, known: dict) -> tuple[dict, list[dict]]:
    """Non-state actors and named government bodies from ``curated/nonstate.yaml``.

    Parameters
    ----------
    cur : dict
        Loaded curated files; ``cur["nonstate"]`` has one mapping per section
        (``armed_groups``, ``media``, ``think_tanks``, ``companies``,
        ``government_bodies``) of id -> entry, and ``statuses``.
    known : dict
        The actors built so far (states, territories, organisations), the
        possible link targets besides the non-state actors themselves.

    Returns
    -------
    tuple
        (actor records by id, link records ``{actor, relation, target,
        valid_from, valid_until, source}``).

    Raises
    ------
    SystemExit
        On an unknown type, status or link target, a self-link, a part-of
        cycle, or a name form that also names another actor without being
        flagged ambiguous on the non-state actor.
    """
    spec = cur.get("nonstate") or {}
    statuses = set(spec.get("statuses", {}))
    actors: dict[str, dict] = {}
    links: list[dict] = []
    for section, kind in NONSTATE_SECTIONS.items():
        for actor_id, c in (spec.get(section) or {}).items():
            if actor_id in actors:
                raise SystemExit(f"non-state actor {actor_id} listed twice")
            actor = new_actor(actor_id, c.get("type", kind), c["label"])
            apply_curated(actor, c)
            if actor["type"] not in ACTOR_TYPES:
                raise SystemExit(f"{actor_id}: unknown type {actor['type']}")
            if actor["status"] is not None and actor["status"] not in statuses:
                raise SystemExit(f"{actor_id}: unknown status {actor['status']}")
            actors[actor_id] = actor
            for key, relation in LINK_KEYS.items():
                value = c.get(key)
                for item in value if isinstance(value, list) else [value] if value else []:
                    item = item if isinstance(item, dict) else {"id": item}
                    links.append({"actor": actor_id, "relation": relation, "target": item["id"],
                                  "valid_from": iso_date(item.get("from")),
                                  "valid_until": iso_date(item.get("until")),
                                  "source": "curated"})
    targets = {**known, **actors}
    parents = defaultdict(set)
    for link in links:
        if link["target"] not in targets or link["target"] == link["actor"]:
            raise SystemExit(f"link {link['actor']} {link['relation']} {link['target']}: "
                             "unknown or self target")
        if link["relation"] == "part-of":
            parents[link["actor"]].add(link["target"])
        if link["relation"] == "based-in" and targets[link["target"]]["type"] != "State":
            raise SystemExit(f"{link['actor']} based-in {link['target']}: not a State")
    for start in parents:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            for parent in parents.get(node, ()):
                if parent == start:
                    raise SystemExit(f"part-of cycle through {start}")
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
    owners = defaultdict(set)
    for actor in targets.values():
        for form in actor_forms(actor):
            owners[lookup_key(form)].add(actor["id"])
    for actor in actors.values():
        flagged = {lookup_key(f) for f in actor["ambiguous"]}
        for form in sorted(actor_forms(actor)):
            key = lookup_key(form)
            if len(owners[key]) > 1 and key not in flagged:
                raise SystemExit(f"{actor['id']}: {form!r} also names "
                                 f"{sorted(owners[key] - {actor['id']})}; flag it ambiguous")
    return actors, links


# ---------------------------------------------------------------- people

def proper_case(name: str) -> str:
    """Normalise a Factbook name: ``"Ilham ALIYEV"`` -> ``"Ilham Aliyev"``.

    Upper-case tokens are capitalised per hyphen part (``"OSMANI-Sadriu"`` ->
    ``"Osmani-Sadriu"``), Roman numerals stay (``"CHARLES III"``), name
    particles after the first token go lower case (``"al-SUDANI"`` ->
    ``"al-Sudani"``, ``"VAN DER BELLEN"`` -> ``"van der Bellen"``).
    """
    particles = {"al", "el", "bin", "bint", "ibn", "de", "der", "van", "von",
                 "da", "do", "dos", "del", "di", "e", "i", "la", "le", "y"}
    words = []
    for i, word in enumerate(name.split()):
        if re.fullmatch(r"[IVX]+", word):
            words.append(word)
            continue
        parts = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if (i or j) and low in particles and (part.isupper() or part.islower()):
                parts.append(low)
            elif part.isupper() and len(part) > 1:
                parts.append(part[0] + part[1:].lower())
            else:
                parts.append(part)
        words.append("-".join(parts))
    return " ".join(words)


def parse_leader(text: str, offices: list[dict], honorifics: list[str]):
    """Parse a Factbook leader string.

    ``"President Ilham ALIYEV (since 31 October 2003)"`` ->
    ``("President", "Ilham Aliyev", "2003-10-31")``.

    Parameters
    ----------
    text : str
        ``executive.chief_of_state`` or ``executive.head_of_government``.
    offices : list of dict
        Curated ``{prefix, office}`` pairs, tried longest prefix first.
    honorifics : list of str
        Ranks and titles to drop before the name (``"Gen."``, ``"Dr."``).

    Returns
    -------
    tuple or None
        ``(office, name, start_date)``, or None for prose entries and
        entries without a recognised office or an upper-case family name.
    """
    clause = split_top(text, ";")[0]
    date_m = re.search(r"\((?:since |chairperson since )?((?:\d{1,2} )?[A-Z][a-z]+\.? \d{4}|\d{4})"
                       r"(?:[^)]*)\)", clause) or re.search(
        r"\(since ((?:\d{1,2} )?[A-Z][a-z]+\.? \d{4}|\d{4})\)", text)
    start = iso_date(date_m[1]) if date_m else None
    head = re.sub(r"\s*\([^)]*\)", "", clause).strip()
    for entry in sorted(offices, key=lambda e: -len(e["prefix"])):
        if head.startswith(entry["prefix"] + " "):
            name = head[len(entry["prefix"]):].strip()
            office = entry["office"]
            break
    else:
        return None
    for title in honorifics:
        if name.startswith(title + " "):
            name = name[len(title):].strip()
    name = re.sub(r'\s*"[^"]+"', "", name).replace(",", "").strip()
    parts = re.split(r"[\s-]+", name)
    if not any(p.isupper() and len(p) > 1 for p in parts) or len(name.split()) > 8:
        return None
    return office, proper_case(name), start


def build_people(src: dict, cur: dict, actors: dict) -> tuple[dict, list[dict]]:
    """Persons and dated roles: Factbook leaders of every state plus curated officials.

    A curated person wins over the Factbook: when a Factbook leader's name is
    one of a curated person's names, that person's Factbook roles are
    dropped (the curated roles are dated and complete).

    Returns
    -------
    tuple
        (person records by id, role records).
    """
    ppl = cur["people"]
    persons: dict[str, dict] = {}
    roles: list[dict] = []
    curated_names = {}
    for pid, p in ppl["people"].items():
        person = new_actor(pid, "Person", p["label"])
        apply_curated(person, p)
        persons[pid] = person
        for name in {p["label"], *p.get("alt_labels", []), *p.get("factbook_names", [])}:
            curated_names[fold(name).lower()] = pid
        for r in p.get("roles", []):
            roles.append({"person": pid, "office": r["office"], "of": r["of"],
                          "relation": r.get("relation", "official-of"),
                          "valid_from": iso_date(r.get("from")),
                          "valid_until": iso_date(r.get("until")),
                          "source": "curated"})

    iso_to_id = {a["iso2"]: a["id"] for a in actors.values() if a["iso2"]}
    skipped = []
    for fb in src["factbook"]:
        state = iso_to_id.get(fb.get("iso_alpha2"))
        if fb["gec"] in cur["places"]["factbook_skip"] or state is None \
                or actors[state]["type"] != "State":
            continue
        seen = set()
        for field in ("chief_of_state", "head_of_government"):
            text = fb.get("executive", {}).get(field)
            if not text:
                continue
            parsed = parse_leader(text, ppl["factbook_offices"], ppl["honorifics"])
            if parsed is None:
                skipped.append(f"{fb['gec']}: {text[:70]}")
                continue
            office, name, start = parsed
            key = fold(name).lower()
            if key in curated_names:
                persons[curated_names[key]]["alt"].add(name)
                continue
            pid = slugify(name)
            if (pid, office) in seen:
                continue
            seen.add((pid, office))
            person = persons.setdefault(pid, new_actor(pid, "Person", name))
            roles.append({"person": pid, "office": office, "of": state,
                          "relation": "leader-of", "valid_from": start,
                          "valid_until": None, "source": "factbook-2026-01"})
    if skipped:
        print("factbook leader entries not parsed (prose):\n  " + "\n  ".join(skipped),
              file=sys.stderr)
    for r in roles:
        if r["of"] not in actors:
            raise SystemExit(f"role of {r['person']}: unknown actor {r['of']}")
    return persons, roles


# ---------------------------------------------------------------- Turtle

PREFIXES = """@prefix kg:      <https://w3id.org/geokg/ontology#> .
@prefix rel:     <https://w3id.org/geokg/relation/> .
@prefix actor:   <https://w3id.org/geokg/actor/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

HEADER = """# GENERATED by scripts/build_gazetteer.py -- do not edit; edit curated/*.yaml.
# Contains country data from mledoze/countries (https://github.com/mledoze/countries),
# made available under the ODbL 1.0; this gazetteer is a derived database and is
# offered under the ODbL 1.0 too (see LICENSE.ODbL-1.0.md and README.md).
"""


def lit(text: str) -> str:
    """A Turtle string literal."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def date_lit(value: str) -> str:
    """A Turtle ``xsd:date`` literal."""
    return f'"{value}"^^xsd:date'


def block(subject: str, pairs: list[tuple[str, list[str]]]) -> str:
    """One Turtle subject block; objects of one predicate are sorted."""
    lines = [(p, sorted(set(objs))) for p, objs in pairs if objs]
    body = " ;\n".join(f"    {p} " + " ,\n        ".join(objs) for p, objs in lines)
    return f"{subject}\n{body} .\n"


def actor_block(a: dict) -> str:
    """The Turtle block for one actor."""
    alt = a["alt"] - {a["label"]}
    pairs = [
        ("a", [f"kg:{a['type']}"]),
        ("rdfs:label", [lit(a["label"]) + "@en"]),
        ("skos:prefLabel", [lit(a["label"]) + "@en"]),
        ("skos:altLabel", [lit(x) for x in alt]),
        ("kg:acronym", [lit(x) for x in a["acronyms"]]),
        ("kg:demonym", [lit(x) for x in a["demonyms"]]),
        ("kg:nationalNoun", [lit(x) for x in a["nouns"]]),
        ("kg:capital", [lit(x) for x in a["capitals"]]),
        ("kg:metonym", [lit(x) for x in a["metonyms"] - a["capitals"]]),
        ("kg:ambiguousForm", [lit(x) for x in a["ambiguous"]]),
        ("kg:iso3166Alpha2", [lit(a["iso2"])] if a["iso2"] else []),
        ("kg:iso3166Alpha3", [lit(a["iso3"])] if a["iso3"] else []),
        ("kg:wikidata", [lit(a["wikidata"])] if a["wikidata"] else []),
        ("kg:status", [lit(a["status"])] if a["status"] else []),
        ("kg:validFrom", [date_lit(a["valid_from"])] if a["valid_from"] else []),
        ("kg:validUntil", [date_lit(a["valid_until"])] if a["valid_until"] else []),
    ]
    return block(f"actor:{a['id']}", pairs)


def node_iri(owner: str, fragment: str) -> str:
    """Full IRI of a role or membership node of ``owner``."""
    return f"<{ACTOR_NS}{owner}#{fragment}>"


def dated_block(iri: str, kind: str, fields: list[tuple[str, list[str]]], rec: dict) -> str:
    """Turtle block of a Role or Membership node."""
    return block(iri, [("a", [f"kg:{kind}"]), *fields,
                       ("kg:validFrom", [date_lit(rec["valid_from"])] if rec["valid_from"] else []),
                       ("kg:validUntil", [date_lit(rec["valid_until"])] if rec["valid_until"] else []),
                       ("dcterms:source", [lit(rec["source"])])])


def role_fragment(r: dict) -> str:
    """Stable fragment id of a role: office, state and start year."""
    year = (r["valid_from"] or "")[:4] or "undated"
    return f"role-{slugify(r['office'])}-{r['of']}-{year}"


def link_fragment(link: dict) -> str:
    """Stable fragment id of a structural link: relation, target, start date."""
    return f"link-{link['relation']}-{link['target']}-{link['valid_from'] or 'undated'}"


def membership_fragment(m: dict) -> str:
    """Stable fragment id of a membership: organisation, status, start date."""
    return f"membership-{m['organization']}-{m['status']}-{m['valid_from'] or 'undated'}"


def render(title: str, blocks: list[str]) -> str:
    """A whole Turtle file: header, prefixes, sorted blocks."""
    return f"{HEADER}# {title}\n\n{PREFIXES}\n" + "\n".join(sorted(blocks))


def write_turtle(out: Path, actors: dict, persons: dict, roles: list[dict],
                 memberships: list[dict], nonstate: dict | None = None,
                 links: list[dict] | None = None) -> dict[str, str]:
    """Render and write the gazetteer files; return their contents by file name."""
    groups = {"states.ttl": [], "territories.ttl": [], "organizations.ttl": []}
    nonstate, links = nonstate or {}, links or []
    for a in actors.values():
        name = {"State": "states.ttl", "Organization": "organizations.ttl"}.get(
            a["type"], "territories.ttl")
        groups[name].append(actor_block(a))

    person_blocks = []
    by_person = defaultdict(list)
    for r in roles:
        by_person[r["person"]].append(r)
    for pid, p in persons.items():
        frags = sorted({role_fragment(r) for r in by_person[pid]})
        text = actor_block(p).rstrip(" .\n")
        if frags:
            text += " ;\n    kg:holds " + " ,\n        ".join(node_iri(pid, f) for f in frags)
        text += " .\n"
        for r in by_person[pid]:
            text += "\n" + dated_block(node_iri(pid, role_fragment(r)), "Role", [
                ("kg:office", [lit(r["office"])]),
                ("kg:roleIn", [f"actor:{r['of']}"]),
                ("kg:roleRelation", [f"rel:{r['relation']}"])], r)
        person_blocks.append(text)

    member_blocks = []
    by_member = defaultdict(dict)
    for m in memberships:
        by_member[m["member"]][membership_fragment(m)] = m
    for member, ms in by_member.items():
        text = block(f"actor:{member}", [("kg:hasMembership",
                                          [node_iri(member, f) for f in ms])])
        for frag, m in sorted(ms.items()):
            text += "\n" + dated_block(node_iri(member, frag), "Membership", [
                ("kg:organization", [f"actor:{m['organization']}"]),
                ("kg:status", [lit(m["status"])])], m)
        member_blocks.append(text)

    nonstate_blocks = []
    by_actor = defaultdict(dict)
    for link in links:
        by_actor[link["actor"]][link_fragment(link)] = link
    for aid, a in nonstate.items():
        text = actor_block(a)
        if by_actor[aid]:
            text = text.rstrip(" .\n") + " ;\n    kg:hasLink " + " ,\n        ".join(
                node_iri(aid, f) for f in sorted(by_actor[aid])) + " .\n"
        for frag, link in sorted(by_actor[aid].items()):
            text += "\n" + dated_block(node_iri(aid, frag), "StructuralLink", [
                ("kg:linkRelation", [f"rel:{link['relation']}"]),
                ("kg:linkTarget", [f"actor:{link['target']}"])], link)
        nonstate_blocks.append(text)

    files = {
        "states.ttl": render("States: UN members, UN observers, partially recognised "
                             "and breakaway states.", groups["states.ttl"]),
        "territories.ttl": render("Territories: dependencies, disputed and breakaway "
                                  "regions.", groups["territories.ttl"]),
        "organizations.ttl": render("International organisations.",
                                    groups["organizations.ttl"]),
        "people.ttl": render("People and their dated roles (kg:Role).", person_blocks),
        "memberships.ttl": render("Memberships of states and organisations in "
                                  "organisations (kg:Membership).", member_blocks),
        "nonstate.ttl": render("Non-state actors (armed groups, media, think tanks, companies) "
                               "and named government bodies, with their structural links "
                               "(kg:StructuralLink: rel:part-of, rel:based-in, rel:allies-with).",
                               nonstate_blocks),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return files


# ---------------------------------------------------------------- main

def load_sources(data: Path) -> dict:
    """Read the shared source files."""
    def read(name):
        return json.loads((data / name).read_text(encoding="utf-8"))
    return {"mledoze": read("countries.mledoze.json"),
            "factbook": read("factbook_entities_2026-01.json")["entities"],
            "appendix_b": read("factbook_appendix_b_orgs_2020.json")["entries"],
            "natural_earth": read("naturalearth_breakaway_disputed_areas_50m.json")["features"]}


def load_curated(curated: Path) -> dict:
    """Read the curated YAML files."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(curated.glob("*.yaml"))}


def check_ids(*groups: dict) -> None:
    """Fail on an id used by two actors or not in kebab-case."""
    seen = set()
    for group in groups:
        for actor_id in group:
            if actor_id in seen or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor_id):
                raise SystemExit(f"bad or duplicate actor id: {actor_id}")
            seen.add(actor_id)


def build(data: Path, out: Path, curated: Path = CURATED) -> dict[str, str]:
    """Build the gazetteer from ``data`` into ``out``.

    Parameters
    ----------
    data : Path
        The shared source data directory.
    out : Path
        Output directory for the Turtle files.
    curated : Path
        Directory of curated YAML files.

    Returns
    -------
    dict
        File name -> Turtle text written.
    """
    src, cur = load_sources(data), load_curated(curated)
    places = build_places(src, cur)
    orgs = build_organizations(src, cur)
    check_ids(places, orgs)
    actors = {**places, **orgs}
    conflicts = resolve_exclusive(places, "demonyms") + resolve_exclusive(places, "nouns")
    if conflicts:
        print("shared demonyms/national nouns (by_demonym returns None):\n  "
              + "\n  ".join(conflicts), file=sys.stderr)
    memberships = build_memberships(src, cur, actors)
    nonstate, links = build_nonstate(cur, actors)
    check_ids(actors, nonstate)
    persons, roles = build_people(src, cur, {**actors, **nonstate})
    check_ids(actors, nonstate, persons)
    return write_turtle(out, actors, persons, roles, memberships, nonstate, links)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "ontology" / "actors")
    args = parser.parse_args(argv)
    files = build(args.data, args.out)
    for name, text in sorted(files.items()):
        print(f"{args.out / name}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    main()
