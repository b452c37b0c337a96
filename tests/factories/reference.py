import factory

from kb.choices import AreaKindChoices, OrganisationKindChoices
from kb.models import AdminArea, Area, Organisation


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"X{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
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
