"""Abbreviations readers type instead of the full name, shared by both engines: Elasticsearch
loads them into its synonym filter, the database engine ORs each abbreviation a reader types
with its full forms. The list itself is core.abbreviations (written with accents, also read
aloud by core.speech); here it is folded."""

from core.abbreviations import search_rules

# Folded forms, one rule per line, Solr format ("a, b, c" are equivalent).
ABBREVIATIONS = search_rules()

_SETS = [[form.split() for form in rule.split(", ")] for rule in ABBREVIATIONS]


def alternatives(word: str) -> list[list[str]]:
    """The other forms of a folded word that is an abbreviation ("ubnd" → [["uy", "ban",
    "nhan", "dan"]]); [] for an ordinary word."""
    return [form for forms in _SETS if [word] in forms for form in forms if form != [word]]
