"""Forms for the staff pages: they parse input; the checks on file content live in documents/uploads.py."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from . import bulk
from .kinds import Kind, Status
from .search import DEFAULT_SORT, DocumentQuery, sort_key


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern). Content is checked per file by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [upload for upload in files if upload]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        return files


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document kind"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.BUSINESS_CERTIFICATE
    )
    files = MultipleFileField(
        label=_("Files"),
        # image/*: a phone offers its camera and photo library; the server still accepts only PNG, JPEG and PDF
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf", "multiple": True}),
    )


class DocumentFilterForm(forms.Form):
    """The list's filters, all in the URL (so a link, a bookmark, a saved filter and the export carry them)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("Company, registration number, file name or #id")}))
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)
    # years a document can carry (a date far outside them, e.g. 9999-12-31, overflows the day after it)
    uploaded_from = forms.DateField(label=_("Uploaded from"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}),
                                    validators=[MinValueValidator(dt.date(2000, 1, 1)),
                                                MaxValueValidator(dt.date(2999, 12, 31))])
    uploaded_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  validators=[MinValueValidator(dt.date(2000, 1, 1)),
                                              MaxValueValidator(dt.date(2999, 12, 31))])
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("uploaded_from"), cleaned.get("uploaded_to")
        if start and end and start > end:
            self.add_error("uploaded_to", _("The end of the date range is before its start."))
        return cleaned

    def query(self) -> DocumentQuery:
        """What was asked, keeping only the parts that parse (a bad date is shown as an error, not a 500)."""
        self.is_valid()
        chosen = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        return DocumentQuery(
            q=chosen.get("q") or "", status=chosen.get("status") or "", kind=chosen.get("kind") or "",
            uploaded_from=chosen.get("uploaded_from"), uploaded_to=chosen.get("uploaded_to"),
            sort=sort_key(chosen.get("sort") or DEFAULT_SORT),
        )


class BulkActionForm(forms.Form):
    """Checked documents on the list and what to do with them."""

    action = forms.ChoiceField(label=_("Action"), choices=[
        (bulk.RETRY, _("Retry")), (bulk.CHANGE_KIND, _("Change kind and read again")),
        (bulk.REVIEW, _("Send to review")), (bulk.ERASE, _("Erase")),
    ])
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Select at least one document.")})
    kind = forms.ChoiceField(label=_("New kind"), choices=[("", "—"), *Kind.choices], required=False)

    MAX_DOCUMENTS = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(value, value) for value in posted if str(value).isdigit()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == bulk.CHANGE_KIND and not cleaned.get("kind"):
            self.add_error("kind", _("Choose the kind of document to read them as."))
        if len(cleaned.get("ids") or ()) > self.MAX_DOCUMENTS:
            self.add_error("ids", _("Select at most %(n)d documents at once.") % {"n": self.MAX_DOCUMENTS})
        return cleaned


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class KindForm(forms.Form):
    """The kind a document should be read as, when the uploader chose the wrong one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
