"""A detail route's key read in any case (countries/pol/, treaties/apmbc/), as the list filters read codes."""

from api.filters.lists import canonical_key


class AnyCaseLookupMixin:
    def get_object(self):
        kwarg = self.lookup_url_kwarg or self.lookup_field
        if self.lookup_field not in ("pk", "id") and kwarg in self.kwargs:
            self.kwargs[kwarg] = canonical_key(self.get_queryset(), self.lookup_field, self.kwargs[kwarg])
        return super().get_object()
