"""Releases in the admin: reviewers and administrators publish one with the add form, which queues its packaging
for the task worker (Release jobs show its progress); nothing changes afterwards."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F, Func, IntegerField
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.admin.filters import ReadableLookupsMixin
from kb.models import Release
from kb.services.release_jobs import release_job_create
from kb.services.releases import release_check


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = Release
        fields = ["name", "title", "as_of"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "as_of" in self.fields:  # the add form (a stored release is shown read-only)
            self.fields["as_of"].initial = timezone.now

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("as_of"):
            try:
                release_check(name=cleaned["name"], as_of=cleaned["as_of"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return cleaned


@admin.register(Release)
class ReleaseAdmin(ReadableLookupsMixin, admin.ModelAdmin):
    """A release is published once (packaged by the task worker after the add form) and then only viewed and
    downloaded."""

    list_display = ["name", "title", "as_of", "published_at", "published_by", "size", "download"]
    search_fields = ["name", "title"]
    readonly_fields = ["name", "title", "as_of", "published_at", "published_by", "archive_sha256", "size", "download"]
    form = ReleaseForm
    date_hierarchy = "as_of"

    def get_queryset(self, request):
        # The size without loading the archive: octet_length reads it in the database.
        size = Func(F("archive"), function="octet_length", output_field=IntegerField())
        return super().get_queryset(request).defer("archive", "records", "datapackage").annotate(archive_bytes=size)

    def get_fields(self, request, obj=None):
        return ["name", "title", "as_of"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_add_permission(self, request):
        return request.user.has_perm("kb.publish_release")

    def has_change_permission(self, request, obj=None):
        return False  # frozen (the database refuses updates too)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("archive size"))
    def size(self, obj):
        return f"{obj.archive_bytes:,} B" if hasattr(obj, "archive_bytes") else "—"

    @admin.display(description=_("download"))
    def download(self, obj):
        url = reverse("release-archive", args=[obj.name])
        return format_html('<a href="{}">{}</a>', url, _("zip archive"))

    def save_model(self, request, obj, form, change):
        # Nothing of the release is stored yet: the task worker packages it and stores it when complete.
        obj.job = release_job_create(
            name=form.cleaned_data["name"],
            title=form.cleaned_data.get("title") or "",
            as_of=form.cleaned_data["as_of"],
            by=request.user,
        )

    def log_addition(self, request, obj, message):
        return super().log_addition(request, obj.job, message)  # the job, which is what was stored

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("Release %(name)s is queued for the task worker; this page shows its progress.") % {"name": obj.name},
        )
        return HttpResponseRedirect(reverse("admin:kb_releasejob_change", args=[obj.job.pk]))
