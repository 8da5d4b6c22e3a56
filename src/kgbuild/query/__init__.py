"""Asking the graph: the query ``engines`` (the build's pyoxigraph ``store``, rdflib, a remote endpoint over the
``http_client``), the ``sparql`` checks a query passes first, the ``results`` and their formats, and the servers:
``load`` into Oxigraph or Virtuoso, ``serve`` a read-only SPARQL endpoint."""
