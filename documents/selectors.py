"""Everything that reads documents for a person: who may see what."""

from django.db.models import QuerySet

from .models import Document

ALL_DOCUMENTS_GROUPS = ("reviewer", "admin")


def user_sees_all_documents(user) -> bool:
    return user.is_superuser or user.is_staff or user.groups.filter(name__in=ALL_DOCUMENTS_GROUPS).exists()


def documents_visible_to(user) -> QuerySet[Document]:
    if not user.is_authenticated:
        return Document.objects.none()
    documents = Document.objects.select_related("uploader")
    return documents if user_sees_all_documents(user) else documents.filter(uploader=user)


def document_list(*, user, status: str = "", kind: str = "") -> QuerySet[Document]:
    documents = documents_visible_to(user)
    if status:
        documents = documents.filter(status=status)
    if kind:
        documents = documents.filter(kind=kind)
    return documents


def document_for_display(*, user, document_id: int) -> Document | None:
    """The document with its extraction and fields, or None when it does not exist or is not the user's to see."""
    return (
        documents_visible_to(user)
        .select_related("extraction")
        .prefetch_related("extraction__fields")
        .filter(pk=document_id)
        .first()
    )
