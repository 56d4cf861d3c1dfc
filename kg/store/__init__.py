"""The store: the RDF dataset of a build, and where it lives between builds.

- ``kg.store.dataset``: analyses and resolution in, an rdflib Dataset out (one named
  graph per article, PROV-O evidence, events, memberships, the facts graph).
- ``kg.store.disk``: the persistent store on disk (Oxigraph), written a whole
  generation at a time so a crash leaves the previous state, with the list of the
  articles it holds.
- ``kg.store.cache``: each article's analysis by content, so an unchanged article
  is never parsed twice.
- ``kg.store.lock``: one writer at a time.
"""

from kg.store.dataset import (EVENTS, MEMBERSHIPS, NOT_ASSERTED, PREFIXES, EventKind, FactSupport, Reading,  # noqa: F401
                              add_article, add_facts, asserts_fact, build_dataset, class_label, combine,
                              date_literal, decimal_literal, event_date_literal, membership_role,
                              merged_qualifiers, new_dataset, noisy_or, qualifier_literal, reading, readings,
                              resolved_facts, stored_confidence)
