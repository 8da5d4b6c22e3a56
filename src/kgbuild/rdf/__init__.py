"""The graph: the ontology's closed ``namespaces``, the ``mapping`` that is the one place triples are made, the
rdflib ``terms`` helpers, ``reason`` (owlrl) and ``validate`` (SHACL), and ``export``: the sorted parts merged
into Turtle and the other formats."""
