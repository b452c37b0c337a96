from rest_framework import serializers

from api.serializers.casualties import CasualtyRecordSerializer
from api.serializers.contamination import ContaminationRecordSerializer
from api.serializers.funding import FundingRecordSerializer
from api.serializers.land_release import LandReleaseRecordSerializer
from api.serializers.milestones import ProgrammeMilestoneSerializer
from api.serializers.obligations import ObligationStandingSerializer, TreatyObligationSerializer
from api.serializers.production import ProductionRecordSerializer, UseReportSerializer
from api.serializers.programmes import ProgrammeFinancingSerializer, ProgrammeSerializer
from api.serializers.reference import AreaSerializer
from api.serializers.stockpiles import StockpileRecordSerializer
from api.serializers.transfers import TransferSerializer
from api.serializers.treaties import TreatyStatusSerializer


class CasualtyPointSerializer(serializers.Serializer):
    """One year of the casualty series (preferred, national, not broken down)."""

    year = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    killed = serializers.IntegerField(allow_null=True)
    injured = serializers.IntegerField(allow_null=True)
    fate_unknown = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(source="source.slug")


class CountryProfileSerializer(serializers.Serializer):
    area = AreaSerializer()
    on = serializers.DateField()
    treaty_status = TreatyStatusSerializer(many=True)
    obligations = ObligationStandingSerializer(
        many=True, help_text="Standing on each treaty article with a deadline (stockpile destruction, clearance)."
    )
    transparency_reports = TreatyObligationSerializer(many=True, help_text="Article 7 reports, newest year first.")
    casualty_series = CasualtyPointSerializer(many=True)
    latest_casualties = CasualtyRecordSerializer(many=True)
    latest_contamination = ContaminationRecordSerializer(many=True)
    latest_land_release = LandReleaseRecordSerializer(many=True)
    latest_stockpiles = StockpileRecordSerializer(many=True)
    production = ProductionRecordSerializer(many=True)
    use_reports = UseReportSerializer(many=True)
    transfers = TransferSerializer(many=True, help_text="Transfers of mines to or from the state, oldest first.")
    programmes = ProgrammeSerializer(many=True)
    milestones = ProgrammeMilestoneSerializer(many=True, help_text="Dated steps of the state's programmes.")
    financing = ProgrammeFinancingSerializer(many=True, help_text="Loans and grants for the state's programmes.")
    latest_funding = FundingRecordSerializer(many=True)


class CoverageRowSerializer(serializers.Serializer):
    area = serializers.SerializerMethodField()
    cells = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    missing_years = serializers.ListField(
        child=serializers.IntegerField(), help_text="Years of the matrix in which the area has no figure at all."
    )
    reported_years = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="universe=contaminated: the years a source reports the area as contaminated; otherwise null.",
    )
    missing = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        allow_null=True,
        help_text=(
            "universe=contaminated: for each reported year, the checked statistics without a figure (an area listed "
            "as contaminated without its extent lacks contamination); otherwise null."
        ),
    )

    def get_area(self, row) -> dict:
        return {"iso3": row["area"].code, "name": row["area"].localized_name}


class CoverageSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.IntegerField())
    statistics = serializers.ListField(child=serializers.CharField())
    checked = serializers.ListField(
        child=serializers.CharField(),
        help_text="universe=contaminated: the statistics each reported year is checked for; otherwise empty.",
    )
    rows = CoverageRowSerializer(many=True)
