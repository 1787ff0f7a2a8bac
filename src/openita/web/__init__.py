"""The OpenITA web app: a Django project whose apps are named after domain nouns.

Views stay thin: they check access (:mod:`openita.web.agencies.access`), call the pure
packages (ingest, scoring, analysis, reports) through each app's ``services`` module, and
render templates. No score is computed in a view, a model or a template.
"""
