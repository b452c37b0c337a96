"""A detail route's key read in any case (countries/pol/, treaties/apmbc/), as the list filters read codes."""

from django.http import Http404

from api.filters.lists import canonical_key


class AnyCaseLookupMixin:
    def get_object(self):
        try:
            return super().get_object()
        except Http404:  # only a key as stored finds its row: look for another spelling on a miss, never before
            kwarg = self.lookup_url_kwarg or self.lookup_field
            given = self.kwargs.get(kwarg)
            if self.lookup_field in ("pk", "id") or given is None:
                raise
            stored = canonical_key(self.get_queryset(), self.lookup_field, given)
            if stored == given:
                raise
            self.kwargs[kwarg] = stored
            return super().get_object()
