"""Pagination in one place, so every listing answers bad input the same way:
`?page=abc` or `?page=0` shows page 1 and `?page=99999` shows the last page, never a 500."""

from django.core.paginator import Paginator

PAGE_SIZE = 12


def paginate(request, items, per_page=PAGE_SIZE):
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "1")
    # Cap the length before int() so a thousand-digit number costs nothing.
    page_number = int(raw) if raw.isdigit() and len(raw) < 10 and int(raw) >= 1 else 1
    return paginator.get_page(page_number)
