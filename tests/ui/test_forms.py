import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from arena.knowledge.forms import GuideFilterForm
from arena.notices.forms import NoticeFilterForm
from arena.supply.forms import SolutionFilterForm
from arena.ui.forms import ArenaFormRenderer


class _DjangoSelects(ArenaFormRenderer):
    """The same renderer with Django's own select template."""

    def get_template(self, template_name):
        return TemplatesSetting.get_template(self, template_name)


class _DisabledOptionSelect(forms.Select):
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "b":
            option["attrs"]["disabled"] = True
            option["attrs"]["data-note"] = 'a "quoted" <note>'
        return option


class _OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


class _EveryKindOfSelect(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Å & <b>"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("Frukt", [("apple", "Äpple"), ("pear", "Päron")]), ("none", "Ingen")]
    )
    multiple = forms.MultipleChoiceField(choices=[(1, "Ett"), (2, "Två"), (3, "Tre")])
    disabled = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=_DisabledOptionSelect(attrs={"class": "x"})
    )
    own_template = forms.ChoiceField(choices=[("a", "A")], widget=_OwnOptionTemplate)


def _both(form):
    return form.render(renderer=ArenaFormRenderer()), form.render(renderer=_DjangoSelects())


@pytest.mark.parametrize(
    "data",
    [{}, {"plain": "a", "grouped": "pear", "multiple": ["1", "3"], "disabled": "b"}],
    ids=["unbound-values", "selected"],
)
def test_arena_select_writes_the_same_markup_as_djangos(data):
    ours, django = _both(_EveryKindOfSelect(data))

    assert ours == django
    assert ours.count("<option") == 11


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [SolutionFilterForm, NoticeFilterForm, GuideFilterForm])
def test_arena_select_renders_the_filter_forms_as_django_does(form_class):
    ours, django = _both(form_class({}))

    assert ours == django
    assert "<select" in ours


def test_arena_form_renderer_uses_its_own_select_template():
    template = ArenaFormRenderer().get_template("django/forms/widgets/select.html")

    assert template.origin.name.endswith("ui/forms/widgets/select.html")
