import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from arena.privacy.inventory import INVENTORY, Action, Kind


def _user_relations() -> set[tuple[str, str]]:
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.is_relation and field.related_model is user_model:
                found.add((model._meta.label, field.name))
    return found


def test_inventory_declares_every_relation_to_the_user_model():
    declared = {(rule.model, rule.field) for rule in INVENTORY}
    missing = _user_relations() - declared
    assert not missing, f"Declare these in arena/privacy/inventory.py: {sorted(missing)}"


@pytest.mark.parametrize("rule", INVENTORY, ids=lambda rule: f"{rule.model}.{rule.field}")
def test_inventory_rule_points_at_a_real_field(rule):
    if rule.optional_app and not apps.is_installed(rule.optional_app):
        pytest.skip(f"{rule.optional_app} is not installed")
    field = apps.get_model(rule.model)._meta.get_field(rule.field)
    if rule.action == Action.REMOVE:
        assert isinstance(field, models.ManyToManyField)
    elif rule.by_email:
        assert not field.is_relation
    elif rule.action == Action.ANONYMISE:
        # Anonymised rows point at the shared placeholder: the field must be able to hold it.
        assert field.is_relation
        assert field.null
        assert rule.kind == Kind.ORGANISATIONAL


def test_inventory_anonymised_user_fields_are_in_no_unconditional_unique_constraint():
    # Many deleted people share one placeholder, so a unique constraint on an anonymised field
    # would make the second deletion fail unless the rule deletes the rows it covers.
    for rule in INVENTORY:
        if rule.action != Action.ANONYMISE or rule.by_email or rule.delete_if is not None:
            continue
        model = apps.get_model(rule.model)
        field = model._meta.get_field(rule.field)
        assert not getattr(field, "unique", False), rule
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                assert rule.field not in (constraint.fields or ()), (rule, constraint.name)
        for together in model._meta.unique_together:
            assert rule.field not in together, rule


def test_inventory_every_cascading_user_relation_is_declared_personal():
    # Deleting the User row cascades along these: only personal rows may go that way.
    user_model = get_user_model()
    rules = {(rule.model, rule.field): rule for rule in INVENTORY}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            cascades = field.is_relation and field.related_model is user_model
            if cascades and field.remote_field.on_delete is models.CASCADE:
                rule = rules[(model._meta.label, field.name)]
                assert rule.kind == Kind.PERSONAL, rule
                assert rule.action == Action.DELETE, rule
