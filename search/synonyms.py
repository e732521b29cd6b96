"""Abbreviations readers type instead of the full name, shared by both engines: Elasticsearch
loads them into its synonym filter, the database engine ORs each abbreviation a reader types
with its full forms."""

# Folded forms, one rule per line, Solr format ("a, b, c" are equivalent).
ABBREVIATIONS = [
    "ubnd, uy ban nhan dan",
    "hdnd, hoi dong nhan dan",
    "mttq, mat tran to quoc",
    "tp hcm, tphcm, tp ho chi minh, thanh pho ho chi minh, sai gon",
    "tp, thanh pho",
    "tdkt, thi dua khen thuong",
    "ldld, lien doan lao dong",
    "ntm, nong thon moi",
    "kt xh, kinh te xa hoi",
]

_SETS = [[form.split() for form in rule.split(", ")] for rule in ABBREVIATIONS]


def alternatives(word: str) -> list[list[str]]:
    """The other forms of a folded word that is an abbreviation ("ubnd" → [["uy", "ban",
    "nhan", "dan"]]); [] for an ordinary word."""
    return [form for forms in _SETS if [word] in forms for form in forms if form != [word]]
