import datetime as dt

from django.utils import timezone

from .failures import translated
from .kinds import Status
from .models import Document
from .selectors import user_is_operator
from .services import CONFIG_ERROR_PREFIX


def operator_alerts(request) -> dict:
    """Operators see a banner while the OCR engine fails for a reason only they can fix (credentials); others see
    only that reading is temporarily unavailable, on the failed document (documents/failures.py)."""
    user = getattr(request, "user", None)
    if not (user and user_is_operator(user)):
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
    return {"ocr_configuration_problem": translated(recent["error_message"]) if recent else ""}
