"""Saved filters: the block above every change list (save the current selection, re-apply one) and each staff
member's own list of them. Every staff member may save filters; each sees and removes only their own (and uses the
ones others shared)."""

import copy

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IS_FACETS_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kb.models import SavedFilter
from kb.services.saved_filters import saved_filter_querystring_clean, saved_filter_save

MSG_SAVED = _("The filter “%(name)s” was saved.")
MSG_UPDATED = _("The filter “%(name)s” was updated.")
MSG_NOT_A_LIST = _("There is no such list to save a filter for.")
MSG_BAD_FILTERS = _("These filters do not apply to this list; nothing was saved.")
DATE_PARTS = ("year", "month", "day")


class SaveFilterForm(forms.Form):
    model = forms.CharField(max_length=100)
    name = forms.CharField(label=_("name"), max_length=100)
    querystring = forms.CharField(max_length=2000, required=False, strip=False)
    shared = forms.BooleanField(label=_("shared"), required=False)


def changelist_params(changelist) -> set[str]:
    """The parameters a change list reads: its filters, search, ordering, counts switch and date drill-down."""
    params = {SEARCH_VAR, ORDER_VAR, IS_FACETS_VAR}
    for spec in changelist.filter_specs:
        params.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        params.update(f"{changelist.date_hierarchy}__{part}" for part in DATE_PARTS)
    return params


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    """A staff member's own saved filters: open, rename, share or delete them. New ones are saved from a list."""

    list_display = ["name", "list_name", "shared", "created_at", "open_link"]
    list_filter = ["shared"]
    search_fields = ["name"]
    fields = ["name", "model_label", "querystring", "shared"]
    readonly_fields = ["model_label", "querystring"]  # set from its list (checked there), never typed
    change_list_template = "admin/change_list.html"  # no saved-filter block on the list of saved filters

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.user_id == request.user.pk)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request):
        return False  # saved from the block above each change list, which knows the list and its filters

    @admin.display(description=_("list"), ordering="model_label")
    def list_name(self, obj):
        try:
            return apps.get_model(obj.model_label)._meta.verbose_name_plural
        except (LookupError, ValueError):
            return obj.model_label

    @admin.display(description=_("open"))
    def open_link(self, obj):
        try:
            url = changelist_url(apps.get_model(obj.model_label))
        except (LookupError, ValueError):
            return "-"
        return format_html('<a href="{}?{}">{}</a>', url, obj.querystring, _("open the list"))

    def get_urls(self):
        save = path("save/", self.admin_site.admin_view(self.save_view), name="kb_savedfilter_save")
        return [save, *super().get_urls()]

    def save_view(self, request):
        """Save the selection of the list the form was posted from, then show that list with it applied."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = SaveFilterForm(request.POST)
        model_admin = self._list_admin(form)
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        back = changelist_url(model_admin.model)
        if not form.is_valid():
            for errors in form.errors.values():
                self.message_user(request, " ".join(errors), messages.ERROR)
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        try:
            # Which parameters the list reads does not depend on the values; the values are checked on save.
            allowed = changelist_params(self._changelist(model_admin, request, ""))
            querystring = saved_filter_querystring_clean(querystring=data["querystring"], allowed=allowed)
            self._changelist(model_admin, request, querystring)
            saved, created = saved_filter_save(
                by=request.user,
                model_label=model_admin.model._meta.label_lower,
                name=data["name"],
                querystring=querystring,
                allowed=allowed,
                shared=data["shared"],
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(request, (MSG_SAVED if created else MSG_UPDATED) % {"name": saved.name}, messages.SUCCESS)
        return HttpResponseRedirect(f"{back}?{saved.querystring}" if saved.querystring else back)

    def _list_admin(self, form):
        try:
            model = apps.get_model(form.data.get("model", ""))
        except (LookupError, ValueError):
            raise PermissionDenied(MSG_NOT_A_LIST) from None
        if not self.admin_site.is_registered(model):
            raise PermissionDenied(MSG_NOT_A_LIST)
        return self.admin_site.get_model_admin(model)

    @staticmethod
    def _changelist(model_admin, request, querystring):
        """The list as it would show with `querystring`, to learn which parameters it reads (and refuse others)."""
        probe = copy.copy(request)
        probe.GET = QueryDict(querystring.lstrip("?"))
        try:
            return model_admin.get_changelist_instance(probe)
        except (IncorrectLookupParameters, SuspiciousOperation):
            raise ValidationError(MSG_BAD_FILTERS) from None

    def response_delete(self, request, obj_display, obj_id):
        # Deleted from the block above a change list: back to that list.
        back = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            self.message_user(request, _("The filter “%(name)s” was deleted.") % {"name": obj_display})
            return HttpResponseRedirect(back)
        return super().response_delete(request, obj_display, obj_id)
