"""Forms for the staff pages: they parse input; the checks on file content live in documents/uploads.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Kind, Status


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
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)


class KindForm(forms.Form):
    """The kind a document should be read as, when the uploader chose the wrong one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
