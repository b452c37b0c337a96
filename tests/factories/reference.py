import csv
from pathlib import Path

import factory

from kb.choices import AreaKindChoices, OrganisationKindChoices
from kb.models import AdminArea, Area, Organisation

# X-codes the reference data gives real areas (Kosovo's XKX...): a factory's area is always a new one, so a test
# that counts what a record added is not handed Kosovo when the sequence reaches its code.
_REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "areas.csv"
_TAKEN = {row["code"] for row in csv.DictReader(_REFERENCE.read_text(encoding="utf-8").splitlines())}
_CODES = [code for n in range(676) if (code := f"X{chr(65 + n // 26)}{chr(65 + n % 26)}") not in _TAKEN]


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: _CODES[n % len(_CODES)])
    kind = AreaKindChoices.TERRITORY
    name = factory.Sequence(lambda n: f"Area {n}")


class AdminAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminArea

    pcode = factory.Sequence(lambda n: f"XA{n:04d}")
    name = factory.Sequence(lambda n: f"Province {n}")
    area = factory.SubFactory(AreaFactory)
    level = 1


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKindChoices.NGO
