from django.db import models


class Partner(models.Model):
    """An organisation that integrates over the REST API; its documents are visible only to it."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
