from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from kb.admin.filters import AutocompleteFilter
from kb.admin.messages import MSG_REVOKED
from kb.models import PartnerToken, TokenScopeChoices
from kb.services.tokens import token_create, token_revoke


class PartnerTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=TokenScopeChoices.choices, widget=forms.CheckboxSelectMultiple
    )
    allowed_ips = SimpleArrayField(
        forms.GenericIPAddressField(), required=False, label=_("allowed IP addresses"), help_text=_("Comma-separated.")
    )

    class Meta:
        model = PartnerToken
        fields = ["organisation", "name", "scopes", "expires_at", "allowed_ips"]


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    """Tokens are created here; the key is shown once, in the confirmation message."""

    list_display = ["name", "organisation", "prefix", "scopes", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("organisation", AutocompleteFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    autocomplete_fields = ["organisation"]
    form = PartnerTokenForm
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organisation", "user", "prefix", "scopes", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "scopes", "expires_at", "allowed_ips"]
        return [*self.get_readonly_fields(request, obj), "name", "expires_at", "allowed_ips"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = token_create(
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data.get("expires_at"),
            allowed_ips=form.cleaned_data.get("allowed_ips") or [],
            by=request.user,
        )
        obj.pk = token.pk
        request.new_token_key = key  # shown once, in the response page (never in a cookie: messages are signed only)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "new_token_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Token created"),
            "token": obj,
            "key": key,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/kb/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)
        self.message_user(request, MSG_REVOKED % {"count": len(queryset)})
