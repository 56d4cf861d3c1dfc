"""The kg ontology (kg.ttl), shipped inside the package as ``kg.ontology``."""
