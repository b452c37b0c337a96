"""Who sees what: reviewable records by role, and the relations serializers read."""

from kb.services.history import published_as_of

NOT_SERIALIZED = ("submitted_by", "reviewed_by", "partner_organisation", "proposed_by")


def serialized_relations(model) -> list[str]:
    """The foreign keys the serializers read, for select_related."""
    return [f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in NOT_SERIALIZED]


def visible_for(user):
    """`visible(Model)` for selectors: what `user` may see of each reviewable model."""

    def visible(model):
        return model._default_manager.visible_to(user)

    return visible


def visible_at(request, as_of):
    """`visible(Model)` for selectors: what the caller may see now, or what was published at `as_of` (the same
    history source as the lists)."""
    return visible_for(request.user) if as_of is None else published_as_of(as_of)


class VisibilityMixin:
    """Staff see every status, a partner also its own submissions, everyone else published records only (a detail
    of another is a 404)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
