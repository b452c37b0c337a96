"""Ordering that refuses unknown fields (DRF's default silently ignores them) and breaks ties by id, the requested
ordering's as the list's default: rows equal on the ordering keys keep one order from request to request, and a client
paging through them sees each row once. Unreported figures (NULL) come last in either direction, as in a
spreadsheet: PostgreSQL puts NULL first in a descending order, so `-total` listed them before the largest figures."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, ForeignKey
from django.db.models.expressions import Col
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

MSG_ORDERING = "Cannot order by {fields}; use one of: {allowed} (prefix '-' for descending)."


class StrictOrderingFilter(OrderingFilter):
    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*unknown_last(without_pinned(ordering, queryset.query), queryset.model))

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            requested = [term.strip() for term in params.split(",") if term.strip()]
            allowed = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
            unknown = [term for term in requested if term.lstrip("-") not in allowed]
            if unknown:
                message = MSG_ORDERING.format(fields=", ".join(unknown), allowed=", ".join(allowed))
                raise ValidationError({self.ordering_param: [message]})
        # A list without an ordering of its own keeps its queryset's (or model's) default, tie-broken too.
        ordering = (
            super().get_ordering(request, queryset, view) or queryset.query.order_by or queryset.model._meta.ordering
        )
        return ordering_tie_broken(ordering, queryset.model) if ordering else ordering

    def get_schema_operation_parameters(self, view):
        if getattr(view, "action", "list") != "list":  # a summary orders its groups itself
            return []
        fields = [name for name, _ in self.get_valid_fields(view.get_queryset(), view, {})]
        choices = [value for name in fields for value in (name, f"-{name}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order by these fields (comma-separated; '-' for descending).",
                "schema": {"type": "array", "items": {"type": "string", "enum": choices}},
                "style": "form",
                "explode": False,
            }
        ]


def ordering_tie_broken(ordering, model) -> list[str]:
    """The requested ordering with the record's id (or primary key) as its last key, unless it already has one."""
    key = "id" if any(field.name == "id" for field in model._meta.concrete_fields) else "pk"
    terms = list(ordering or ())
    if any(isinstance(term, str) and term.lstrip("-") in (key, "pk") for term in terms):
        return terms
    return [*terms, key]


def without_pinned(ordering, query) -> list:
    """`ordering` without the terms through a relation the filters pin to one record (`area__name` where `area=UKR`):
    equal on every row, they order nothing, and sorting a country's rows by its name, then by date, cost PostgreSQL
    a join and a sort where the index on country and year gives the rows at once."""
    pinned = pinned_relations(query)
    return [term for term in ordering if not (isinstance(term, str) and term.lstrip("-").split("__")[0] in pinned)]


def pinned_relations(query) -> set[str]:
    """The foreign keys that the query's filters, joined by AND at their top, each test for equality to one value."""
    where = query.where
    if where.connector != AND or where.negated:
        return set()
    return {
        child.lhs.target.name
        for child in where.children
        if isinstance(child, Exact)
        and isinstance(child.lhs, Col)
        and isinstance(child.lhs.target, ForeignKey)
        and child.lhs.alias == query.base_table
        and not hasattr(child.rhs, "resolve_expression")
    }


def unknown_last(ordering, model) -> list:
    """`ordering` with each descending term on a nullable column of `model` as `DESC NULLS LAST`; the other terms as
    they are (a column that cannot be NULL keeps the plain form, which its index serves)."""
    return [_nulls_last(term, model) if isinstance(term, str) and term.startswith("-") else term for term in ordering]


def _nulls_last(term: str, model):
    try:
        nullable = model._meta.get_field(term[1:]).null
    except FieldDoesNotExist:  # a path through a relation (`-area__name`): names are never NULL
        return term
    return F(term[1:]).desc(nulls_last=True) if nullable else term
