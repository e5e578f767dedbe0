"""Supervisors download every case (importable CSV) and, as a second file, every timeline."""

from django.views.decorators.http import require_GET

from cases import exporters
from cases.models import Case
from cases.permissions import supervisor_required


@supervisor_required
@require_GET
def export_cases(request):
    return exporters.cases_csv_response(Case.objects.all())


@supervisor_required
@require_GET
def export_timeline(request):
    return exporters.events_csv_response(Case.objects.all())
