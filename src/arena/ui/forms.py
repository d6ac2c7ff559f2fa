from typing import Any

from django.forms.renderers import TemplatesSetting

# Django's select includes one template per option (and one more for its attributes): on a list
# page's filter form that was most of the form's rendering time. This copy writes the options
# inline, with the same markup (tests/ui/test_forms.py compares the two).
_REPLACED_TEMPLATES = {"django/forms/widgets/select.html": "ui/forms/widgets/select.html"}


class ArenaFormRenderer(TemplatesSetting):
    """One renderer for every form, so labels, help, errors and their ARIA ties live in one place."""

    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"

    def get_template(self, template_name: str) -> Any:
        return super().get_template(_REPLACED_TEMPLATES.get(template_name, template_name))
