"""One declaration per statistic (kb/statistics/base.py): the model, the route, the cell, the figures, the columns
with their HXL tags, the API filters and the admin's list. The import and export mapping, the API's serializers,
filters and routes, the admin, coverage, the change feed and the data dictionary read their field lists from it;
`registry.STATISTICS` holds them all. This package imports no model, so a model may read its cell from here."""
