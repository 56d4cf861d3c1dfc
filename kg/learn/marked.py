"""Labelled sentences written by hand, in a markup people can read and edit.

One example is a sentence with its names in brackets, then its relations, one a
line, indented; a blank line ends it. Lines starting with ``#`` are comments::

    [Ada Moss](Person), 52, of [Dayton](Place), [Ohio](Place), joined [Acme](Organization) in May.
        livesIn(Ada Moss; Dayton)
        livesIn(Ada Moss; Ohio)
        locatedIn(Dayton; Ohio)
        worksFor(Ada Moss; Acme)

Every relation between the bracketed names must be listed: the pairs left out
teach the classifier what states no relation. A file says which properties it
marks completely with a comment line ``# relations: worksFor, acquired, ...``
(``declared_relations``); without one, those of the mapping ``kg``. ``load_marked`` turns a file into
the same examples as a JSON Lines dataset (``text``, ``entities`` with offsets,
``relations``), whose relation types are kg properties (mapping ``kg``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kg.errors import InputError
from kg.schema import fits
from kg.vocab import KG

CLASSES = ("Person", "Organization", "Place", "Product")
_NAME = re.compile(r"\[([^\[\]]+)\]\((\w+)\)")
_RELATION = re.compile(r"^(\w+)\(([^;()]+);([^;()]+)\)$")
_DECLARED = re.compile(r"^#\s*relations:\s*(.+)$")


def parse_example(sentence: str, relation_lines: list[str], where: str) -> dict:
    """One example from its marked-up sentence and its relation lines."""
    text, entities, offset = [], [], 0
    for match in _NAME.finditer(sentence):
        text.append(sentence[offset:match.start()])
        name, cls = match.group(1), match.group(2)
        if cls not in CLASSES:
            raise InputError(where, f"unknown class {cls!r} of {name!r} (one of {', '.join(CLASSES)})")
        start = sum(map(len, text))
        entities.append({"start": start, "end": start + len(name), "type": cls, "text": name})
        text.append(name)
        offset = match.end()
    text.append(sentence[offset:])
    plain = "".join(text)
    if "[" in plain or "](" in plain:
        raise InputError(where, "a bracket that is not a name: write names as [Name](Class)")
    by_name: dict[str, int] = {}
    for number, entity in enumerate(entities):
        by_name.setdefault(entity["text"], number)
    relations = []
    for line in relation_lines:
        match = _RELATION.match(line.strip())
        if not match:
            raise InputError(where, f"not a relation line: {line.strip()!r} (write property(Head; Tail))")
        prop, head, tail = match.group(1), match.group(2).strip(), match.group(3).strip()
        try:
            KG[prop]
        except AttributeError:
            raise InputError(where, f"{prop!r} is not a property of the kg ontology") from None
        for name in (head, tail):
            if name not in by_name:
                raise InputError(where, f"{name!r} is not a bracketed name of the sentence")
        h, t = by_name[head], by_name[tail]
        if not fits(prop, entities[h]["type"], entities[t]["type"]):
            raise InputError(where, f"{prop}({head}; {tail}): the ontology does not allow "
                                    f"{entities[h]['type']} -> {entities[t]['type']}")
        relations.append({"head": h, "tail": t, "type": prop})
    return {"text": plain, "entities": entities, "relations": relations}


def declared_relations(path: str | Path) -> tuple[str, ...] | None:
    """The properties a file's ``# relations:`` line says it marks completely, or None."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        match = _DECLARED.match(line.strip())
        if match:
            names = tuple(name.strip() for name in match.group(1).split(","))
            for name in names:
                try:
                    KG[name]
                except AttributeError:
                    raise InputError(f"{path}:{number}", f"{name!r} is not a property of the kg ontology") from None
            return names
    return None


def load_marked(path: str | Path) -> list[dict]:
    """The examples of a marked-up file, in the JSON Lines dataset form."""
    path = Path(path)
    examples: list[dict] = []
    sentence, relations, first = None, [], 0
    lines = path.read_text(encoding="utf-8").split("\n") + [""]
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            continue
        if not line.strip():
            if sentence is not None:
                example = parse_example(sentence, relations, f"{path}:{first}")
                example["id"] = f"{path.stem}:{first}"
                examples.append(example)
            sentence, relations = None, []
        elif line[0].isspace() and sentence is not None:
            relations.append(line)
        elif sentence is None:
            sentence, first = line.strip(), number
        else:
            raise InputError(f"{path}:{number}", "a second sentence without a blank line between; indent relation lines")
    return examples


if __name__ == "__main__":  # python -m kg.learn.marked FILE...: check files and count what they hold
    from collections import Counter

    for name in sys.argv[1:]:
        try:
            loaded = load_marked(name)
        except InputError as error:
            sys.exit(f"error: {error}")
        counts = Counter(r["type"] for e in loaded for r in e["relations"])
        print(f"{name}: {len(loaded)} examples, {sum(counts.values())} relations: {dict(counts.most_common())}")
