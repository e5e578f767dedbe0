from django.shortcuts import get_object_or_404

from cases import selectors
from cases.models import Case


def get_case_or_404(pk: int) -> Case:
    return get_object_or_404(selectors.case_list_queryset(), pk=pk)
