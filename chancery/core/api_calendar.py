"""The working-day calendar over the API: /api/v1/calendar/add and /api/v1/calendar/count."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import selectors, workdays


def _within_calendar(day: Any) -> None:
    """The calendar holds the years 1900 to 2100: a day outside is refused, never counted past the last date
    Python knows (9999-12-31 + 10 days)."""
    if not workdays.CALENDAR_FIRST_YEAR <= day.year <= workdays.CALENDAR_LAST_YEAR:
        raise serializers.ValidationError(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": workdays.CALENDAR_FIRST_YEAR, "last": workdays.CALENDAR_LAST_YEAR}
        )


class PeriodQuery(serializers.Serializer[Any]):
    start = serializers.DateField(
        help_text="the day of the event that starts the period (YYYY-MM-DD)", validators=[_within_calendar]
    )
    days = serializers.IntegerField(min_value=1, max_value=workdays.MAX_DAYS)
    unit = serializers.ChoiceField(choices=[("working", _("working days")), ("calendar", _("calendar days"))])


class CountQuery(serializers.Serializer[Any]):
    start = serializers.DateField(validators=[_within_calendar])
    end = serializers.DateField(validators=[_within_calendar])


class CalendarViewSet(viewsets.ViewSet):
    """Periods counted under the Civil Code (Articles 147–148) on the office's working-day calendar."""

    @extend_schema(
        parameters=[PeriodQuery],
        responses=inline_serializer(
            "PeriodEnd",
            {
                "start": serializers.DateField(),
                "days": serializers.IntegerField(),
                "unit": serializers.CharField(),
                "end": serializers.DateField(),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def add(self, request: Request) -> Response:
        """The last day of a period: day 1 is the day after `start`; a calendar-day period ending on a day
        off ends on the next working day."""
        query = PeriodQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        end = selectors.period_end(data["start"], data["days"], working_days=data["unit"] == "working")
        return Response({**query.data, "end": end.isoformat()})

    @extend_schema(
        parameters=[CountQuery],
        responses=inline_serializer(
            "WorkingDayCount",
            {
                "start": serializers.DateField(),
                "end": serializers.DateField(),
                "working_days": serializers.IntegerField(),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def count(self, request: Request) -> Response:
        """Working days after `start` up to and including `end`."""
        query = CountQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(
            {**query.data, "working_days": selectors.working_days_between(data["start"], data["end"])}
        )
