"""A test-only page with a picker form, for the browser tests (ROOT_URLCONF points here)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from arena.reference.forms import CpvCodesField

PAGE = """{% extends "ui/base.html" %}
{% block title %}Picker{% endblock %}
{% block content %}
<h1>Picker</h1>
{% if saved is not None %}<p data-testid="saved">Saved: {{ saved|join:"," }}</p>{% endif %}
<form method="post" class="stacked" novalidate>{% csrf_token %}
  <div class="field"><label for="id_title">Title</label><input type="text" id="id_title" name="title"></div>
  {{ form }}
  <button type="submit" class="button">Save</button>
</form>
{% endblock %}
"""


class PickerForm(forms.Form):
    cpv_codes = CpvCodesField(required=False, help_text="What you want to buy.")


def picker_page(request: HttpRequest) -> HttpResponse:
    saved = None
    form = PickerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = sorted(form.cleaned_data["cpv_codes"].values_list("code", flat=True))
        form = PickerForm(initial={"cpv_codes": saved})
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"form": form, "saved": saved}, request))


urlpatterns = [
    path("picker/", picker_page),
    path("", include("arena.urls")),
]
