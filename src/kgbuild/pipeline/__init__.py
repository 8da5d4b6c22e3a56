"""The build: ``plan`` drives the four ``rounds`` over ``executors``, with the ``cache`` of incremental builds,
the ``codec`` of what rounds spill (``spill``) and cache, and each partition's triples (``parts``); ``writers``
writes a build's outputs (graph file, store, page, site) into its folder through ``kgbuild.outputs`` (atomic
files, the lock, the manifest). ``kgbuild.build`` is ``plan.build``."""
