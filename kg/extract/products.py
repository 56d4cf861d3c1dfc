"""X makes, sells or provides P: ``P productOf X`` (the frames are in kg.extract.offerings)."""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.offerings import product_frames
from kg.extract.syntax import SentenceView


@register_extractor("products", predicates=["productOf"])
def extract_products(view: SentenceView) -> Iterator[Finding]:
    for maker, head in product_frames(view, lambda m: view.cls(m) == "Organization"):
        product = view.mention(head)
        if product is not None and view.cls(product) == "Product" and product != maker:
            yield Finding(product, "productOf", maker, 0.7)
