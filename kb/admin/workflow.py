"""Admin pieces of the staff workflow: review actions, version check, change reasons, history, import/export."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.admin import messages as notices
from kb.services.exports import FORMATS, rows_export, rows_export_stream
from kb.services.history import record_history_list
from kb.services.imports.batches import (
    UploadTooLarge,
    import_batch_preview,
)
from kb.services.imports.registry import resource_for_model
from kb.services.review import (
    LOCKED_STATUSES,
    can_review,
    cited_record_edited,
    published_sources_vouch,
    record_publish,
    record_retract,
    record_return,
    record_submit,
)
from kb.services.writes import CHANNEL_ADMIN
from kb.services.writes.records import record_save

MSG_STALE = _(
    "This record was changed by %(user)s at %(when)s, after you opened it. Your changes were not saved: "
    "reload the page to see the current version, then make your changes again."
)
MSG_NO_VERSION = _("The form did not say which version of the record it was opened at; reload the page and try again.")
MAX_XLSX_EXPORT_ROWS = 20_000
MSG_EXPORT_FILTER = _("A filter in the address could not be read, so nothing was exported; choose the filters again.")
MSG_XLSX_EXPORT = _("Excel exports hold up to %(limit)d rows; filter the list further or export CSV.")
EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over someone else's change made since the form was opened (optimistic locking)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("reason for this change"),
        required=False,
        help_text=_("Optional; kept in the record's history."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Lock the row for the rest of the admin's transaction, so the check and the save are one step.
            current = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            seen = cleaned.get("seen_version")
            if seen is None:  # a form without the version it was opened at cannot prove it saw the latest one
                raise ValidationError(MSG_NO_VERSION, code="stale")
            if seen != current.version:
                history = record_history_list(current)
                last = history[-1] if history else None
                raise ValidationError(
                    MSG_STALE,
                    code="stale",
                    params={
                        "user": (last.user if last and last.user else _("someone else")),
                        "when": (last.at.strftime("%Y-%m-%d %H:%M:%S UTC") if last else "?"),
                    },
                )
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))


def apply_each(modeladmin, request, queryset, service, done_message, per_record=None, **kwargs):
    done, failed = 0, []
    for record in queryset:
        try:
            service(record=record, by=request.user, **kwargs, **(per_record(record) if per_record else {}))
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            failed.append(f"{record}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    for message in failed:
        modeladmin.message_user(request, message, messages.ERROR)


@admin.action(description=_("Submit for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    apply_each(modeladmin, request, queryset, record_submit, notices.MSG_SUBMITTED)


@admin.action(description=_("Publish"), permissions=["review"])
def publish(modeladmin, request, queryset):
    apply_each(
        modeladmin,
        request,
        queryset,
        record_publish,
        notices.MSG_PUBLISHED,
        per_record=lambda record: {"seen_version": seen_version(request, record)},
    )


SEEN_VERSION_FIELD = "_seen_version_{pk}"


def seen_version(request, record) -> int | None:
    """The version of `record` the changelist showed the reviewer (a hidden field next to each row)."""
    value = request.POST.get(SEEN_VERSION_FIELD.format(pk=record.pk), "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def reviewer_action_asking_a_reason(name, service, done_message, *, description, title, intro, button, refuse=None):
    """A reviewer's action that asks for a reason first (the record's history keeps it), named `name`. `refuse`:
    (queryset) -> messages of a selection the action cannot apply as chosen; then nothing is done."""

    @admin.action(description=description, permissions=["review"])
    def action(modeladmin, request, queryset):
        if refusals := (refuse(queryset) if refuse else []):
            for message in refusals:
                modeladmin.message_user(request, message, messages.ERROR)
            return None
        return apply_with_reason(
            modeladmin, request, queryset, service, done_message, action=name, title=title, intro=intro, button=button
        )

    action.__name__ = name
    return action


# The editor reads the reason in the record's history: without it a returned record says nothing of what to fix.
return_to_draft = reviewer_action_asking_a_reason(
    "return_to_draft",
    record_return,
    notices.MSG_RETURNED,
    description=_("Return to draft (asks for a reason)"),
    title=_("Return records to draft"),
    intro=_("Returned records go back to their editor as drafts; the reason is kept in each record's history."),
    button=_("Return to draft"),
)
retract = reviewer_action_asking_a_reason(
    "retract",
    record_retract,
    notices.MSG_RETRACTED,
    description=_("Retract (asks for a reason)"),
    title=_("Retract records"),
    intro=_("Retracted records disappear from the public API and stay visible to staff with the reason."),
    button=_("Retract"),
)


def apply_with_reason(modeladmin, request, queryset, service, done_message, *, action, title, intro, button):
    """An action that asks for a reason first (a page with the selected records), then applies `service` to each
    record with it."""
    form = ReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        apply_each(modeladmin, request, queryset, service, done_message, reason=form.cleaned_data["reason"])
        return None
    return TemplateResponse(
        request,
        "admin/kb/reason_confirmation.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "action": action,
            "form": form,
            "queryset": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class HistoryAdminMixin:
    """The History page from the trigger-written history (every channel: admin, API, import, revert), not from the
    admin's own log, which only sees admin edits."""

    object_history_template = "admin/kb/object_history.html"

    def save_model(self, request, obj, form, change):
        """Through the write service, as every write: the rules for reference records (reviewers change what the
        public sees as stored; anyone who may write proposes a source) and the history channel `admin`."""
        record_save(record=obj, by=request.user, channel=CHANNEL_ADMIN, changed=not change or form.has_changed())

    def history_view(self, request, object_id, extra_context=None):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "subtitle": None,
            "entries": record_history_list(obj),
            "object": obj,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, self.object_history_template, context)


class WorkflowAdminMixin(HistoryAdminMixin):
    """Review actions, locking of published records for non-reviewers, version check, reasons and history."""

    form = VersionCheckedForm
    actions = [submit_for_review, publish, return_to_draft, retract]

    def has_review_permission(self, request):
        return can_review(request.user, self.model)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "shown_version"]

    @admin.display(description=_("version"))
    def shown_version(self, obj):
        # Sent back with an action, so "Publish" publishes the version on the reviewer's screen and no later one.
        field = SEEN_VERSION_FIELD.format(pk=obj.pk)
        return format_html('{}<input type="hidden" name="{}" value="{}">', obj.version, field, obj.version)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status in LOCKED_STATUSES:
            return can_review(request.user, obj)  # nothing published changes without a reviewer
        return allowed

    def save_model(self, request, obj, form, change):
        """Through the write service (kb/services/writes/): review status, preference and history, as the API and
        the import write."""
        record_save(
            record=obj,
            by=request.user,
            channel=CHANNEL_ADMIN,
            changed=not change or bool(set(form.changed_data) - {"change_reason", "seen_version"}),
            preferred=self.preference_requested(form),
            reason=form.cleaned_data.get("change_reason") or None,
        )

    def save_related(self, request, form, formsets, change):
        """After the further citations of the form are saved: a change of them sends a record in review back to
        draft, as an edit of its own fields does, and a reviewer's change of a published record vouches for the
        sources it now names (kb/services/review.py)."""
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            cited_record_edited(form.instance)  # an edit of the record, as one of its own fields
        published_sources_vouch(form.instance, request.user)

    def preference_requested(self, form) -> bool | None:
        """The form's explicit preference request (a statistic's admin says; other records have none)."""
        return None


class ImportExportAdminMixin:
    """Import (upload → preview → confirm) and export (CSV, HXL, XLSX with the current filters) on a changelist."""

    change_list_template = "admin/kb/change_list.html"

    @property
    def resource_name(self) -> str:
        return resource_for_model(self.model)[0]

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"export_formats": FORMATS, "can_import": self.has_add_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if getattr(request, "upload_too_large", False):  # skipped while streaming in (kb/uploads.py)
            form.add_error("file", str(UploadTooLarge()))
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            batch = import_batch_preview(
                resource=self.resource_name, content=upload.read(), filename=upload.name, by=request.user
            )
            return HttpResponseRedirect(reverse("admin:kb_importbatch_change", args=[batch.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import %(things)s") % {"things": self.model._meta.verbose_name_plural},
            "form": form,
            "opts": self.model._meta,
            "resource": self.resource_name,
        }
        return TemplateResponse(request, "admin/kb/import_upload.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        fmt = request.GET.get("_format", "csv")
        if fmt not in FORMATS:
            fmt = "csv"
        # The changelist's own filters, search and ordering select the rows.
        query = request.GET.copy()
        query.pop("_format", None)
        request.GET = query
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:  # a filter value the list cannot read: say so, as the list itself does
            self.message_user(request, MSG_EXPORT_FILTER, messages.ERROR)
            return HttpResponseRedirect(request.path.removesuffix("export/"))
        extension = "xlsx" if fmt == "xlsx" else "csv"
        suffix = "-hxl" if fmt == "hxl" else ""
        if fmt == "xlsx":  # a workbook is built in memory: only for selections a spreadsheet can hold anyway
            if queryset.count() > MAX_XLSX_EXPORT_ROWS:
                self.message_user(request, MSG_XLSX_EXPORT % {"limit": MAX_XLSX_EXPORT_ROWS}, messages.ERROR)
                return HttpResponseRedirect(request.path.removesuffix("export/") + "?" + query.urlencode())
            content = rows_export(resource=self.resource_name, queryset=queryset, fmt=fmt)
            response = HttpResponse(content, content_type=EXPORT_CONTENT_TYPES[fmt])
        else:  # CSV streams in constant memory, whatever the number of rows (the API's export path)
            stream = rows_export_stream(resource=self.resource_name, queryset=queryset, fmt=fmt)
            response = StreamingHttpResponse(stream, content_type=EXPORT_CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{self.resource_name}{suffix}.{extension}"'
        return response


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("See docs/import-format.md for the columns."))
