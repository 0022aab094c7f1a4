"""``kg serve``: the graph on the web -- a SPARQL 1.1 Protocol endpoint, entity and document pages, the visual.

``app.create_app`` builds the Starlette application over a read-only store;
``sparql`` is the protocol endpoint (``engine`` runs queries under the time and
row limits, in ``worker`` processes for a store folder; ``results`` writes their
answers; ``http`` chooses formats and words errors); ``pages`` renders the HTML
pages from ``templates/`` and the linked-data views of entity and document IRIs.
"""
