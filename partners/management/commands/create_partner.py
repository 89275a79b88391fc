from django.core.management.base import BaseCommand, CommandError

from partners import services
from partners.models import Partner


class Command(BaseCommand):
    help = "Create a partner (or reuse one of that name with --existing) and print a new API key, shown only once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--email", default="", help="contact told when a webhook endpoint is disabled")
        parser.add_argument("--key-name", default="", help="what the key is for, e.g. 'production'")
        parser.add_argument("--existing", action="store_true", help="add a key to an existing partner")

    def handle(self, *args, name: str, email: str, key_name: str, existing: bool, **options):
        partner = Partner.objects.filter(name=name).first()
        if partner is not None and not existing:
            raise CommandError(f"A partner named {name!r} exists; pass --existing to give it another key.")
        if partner is None:
            partner = services.partner_create(name=name, contact_email=email)
        api_key, raw_key = services.api_key_create(partner=partner, name=key_name)
        self.stderr.write(f"Partner {partner.name} (id {partner.pk}); key {api_key.prefix}… — store it now, "
                          "it cannot be shown again:")
        self.stdout.write(raw_key)
