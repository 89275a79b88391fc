import datetime as dt

from django.utils import timezone

from .kinds import Status
from .models import Document
from .services import CONFIG_ERROR_PREFIX


def operator_alerts(request) -> dict:
    """Staff see a banner while the OCR engine fails for a reason only an operator can fix (credentials)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_staff):
        return {}
    recent = (
        Document.objects.filter(
            status=Status.FAILED,
            error_code__startswith=CONFIG_ERROR_PREFIX,
            updated_at__gte=timezone.now() - dt.timedelta(hours=1),
        )
        .order_by("-updated_at")
        .values("error_message")
        .first()
    )
    return {"ocr_configuration_problem": recent["error_message"] if recent else ""}
