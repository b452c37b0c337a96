"""Partner access: API tokens with scopes, held by an organisation."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.models.fields import optional_field, reference_field, user_field


class TokenScopeChoices(models.TextChoices):
    READ = "read", _("Read published data")
    SUBMIT = "submit", _("Submit figures (arrive as drafts)")


class PartnerToken(models.Model):
    """An API token of a partner organisation. Only a hash of the key is stored; the key is shown once."""

    organisation = reference_field("kb.Organisation", _("partner organisation"), related_name="tokens")
    user = reference_field(
        settings.AUTH_USER_MODEL,
        _("acts as"),
        related_name="partner_tokens",
        help_text=_("The (non-staff) account that the partner's submissions are recorded under."),
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'IMSMA sync'."),
    )
    prefix = models.CharField(
        verbose_name=_("key prefix"),
        max_length=12,
        unique=True,
        help_text=_("The first characters of the key, to recognise it; the rest is never stored."),
    )
    key_hash = models.CharField(
        verbose_name=_("key hash"),
        max_length=64,
    )
    scopes = ArrayField(
        models.CharField(max_length=10, choices=TokenScopeChoices.choices),
        verbose_name=_("scopes"),
        default=list,
    )
    allowed_ips = ArrayField(
        models.GenericIPAddressField(),
        verbose_name=_("allowed IP addresses"),
        default=list,
        blank=True,
        help_text=_("Empty: any address."),
    )
    expires_at = optional_field(models.DateTimeField, _("expires at"))
    revoked_at = optional_field(models.DateTimeField, _("revoked at"))
    last_used_at = optional_field(models.DateTimeField, _("last used at"))
    created_by = user_field(_("created by"))
    created_at = models.DateTimeField(
        verbose_name=_("created at"),
        auto_now_add=True,
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(scopes__contained_by=TokenScopeChoices.values),
                name="%(app_label)s_%(class)s_scopes_valid",
                violation_error_message=_("Scopes are read and submit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
