from django.forms.renderers import TemplatesSetting


class ArenaFormRenderer(TemplatesSetting):
    """One renderer for every form, so labels, help, errors and their ARIA ties live in one place."""

    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"
