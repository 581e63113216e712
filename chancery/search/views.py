from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chancery.search import forms, selectors

PAGE_SIZE = 20


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    results, page = None, 1
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        page = data.get("page") or 1
        results = selectors.search(
            request.user,
            selectors.SearchFilter(
                q=data["q"], module=data["module"], date_from=data["date_from"], date_to=data["date_to"]
            ),
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "page": page,
            "base_query": params.urlencode(),
        },
    )
