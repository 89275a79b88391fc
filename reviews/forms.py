from django import forms
from django.utils.translation import gettext_lazy as _

from documents.kinds import Kind

from .categories import typed_halves
from .routing import LABELS
from .services import REJECT_REASONS


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("All reasons")), *((c, lbl) for c, lbl in LABELS.items())]
    )


class RejectForm(forms.Form):
    use_required_attribute = False  # it shares the review form with Approve; the server checks the reason
    reject_reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *REJECT_REASONS.items()])
    reject_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def corrections_from(data, *, fields) -> dict[int, str]:
    """The inputs whose text differs from what the screen showed: those are the reviewer's corrections."""
    changed = {}
    for f in fields:
        name = f"field_{f.pk}"
        if name in data and data[name].strip() != f.display_value.strip():
            changed[f.pk] = data[name]
    return changed


def additions_from(data) -> dict[str, str]:
    """Values typed for required fields the engine did not read at all."""
    return {key.removeprefix("new_"): value for key, value in data.items() if key.startswith("new_") and value.strip()}


def category_additions_from(data) -> dict[tuple[int, str], str]:
    """Values typed into business category halves the engine did not read: (row, field name) -> text."""
    return typed_halves(data)
