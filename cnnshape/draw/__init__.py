"""Pictures of a checked network: ``cnnshape draw``.

``model`` turns a :class:`~cnnshape.report.FileReport` into a small tree of nodes and
clusters, and ``wiring`` its edges (the only two modules that know the report's structure);
``layout`` places that tree as nested boxes (sequences top-down, branches side by side) and
``routes`` its edges; ``svg`` draws it; ``blocks`` draws the feature-map figure of a mostly
sequential CNN; ``text`` writes Mermaid and Graphviz DOT. Nothing here computes a shape:
every number comes from the report (a split's pieces from the rule's own ``split_sizes``).
"""
