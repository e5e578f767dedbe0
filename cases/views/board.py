from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import selectors


@require_GET
def board(request):
    now = timezone.now()
    page = Paginator(selectors.board_open_cases(now=now), 50).get_page(request.GET.get("page"))
    rows = [(case, case.clock(now)) for case in page.object_list]
    return render(request, "cases/board.html", {"page": page, "rows": rows, "now": now})
