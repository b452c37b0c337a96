"""Partner accounts keyed by organisation id (partner-org-<id>) instead of a name cut to 40 characters, which let two
organisations share one account. Each token moves to its organisation's own account, and so do the records its
organisation submitted through a partner account (their submitted_by), so each partner keeps seeing exactly its own
drafts."""

from django.db import migrations

REVIEWABLE = [
    "CasualtyRecord",
    "ContaminationRecord",
    "LandReleaseRecord",
    "StockpileRecord",
    "ProductionRecord",
    "UseReport",
    "Programme",
    "FundingRecord",
    "TreatyAction",
    "ArmedConflictPeriod",
]


def forwards(apps, schema_editor):
    User = apps.get_model("auth", "User")
    PartnerToken = apps.get_model("kb", "PartnerToken")
    for token in PartnerToken.objects.all():
        account, _ = User.objects.get_or_create(
            username=f"partner-org-{token.organisation_id}", defaults={"is_staff": False}
        )
        if token.user_id != account.pk:
            PartnerToken.objects.filter(pk=token.pk).update(user=account)
    for name in REVIEWABLE:
        model = apps.get_model("kb", name)
        for organisation_id in model.objects.filter(partner_organisation__isnull=False).values_list(
            "partner_organisation_id", flat=True
        ).distinct():
            account, _ = User.objects.get_or_create(
                username=f"partner-org-{organisation_id}", defaults={"is_staff": False}
            )
            # Only rows a partner account submitted: a reviewer's or editor's submission keeps its staff account.
            model.objects.filter(
                partner_organisation_id=organisation_id, submitted_by__username__startswith="partner-"
            ).exclude(submitted_by=account).update(submitted_by=account)


class Migration(migrations.Migration):
    dependencies = [("kb", "0007_source_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
