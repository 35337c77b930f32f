from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from izdeu.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Issue an API token for an account. The token is printed once and only its hash is kept: "
        "store it in the tool that will use it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account the token acts as.")
        parser.add_argument("name", help="What the token is for, e.g. 'hospital list sync'.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active account named %(name)s.") % {"name": username})
        try:
            _token, secret = ApiToken.issue(user, name)
        except IntegrityError:
            raise CommandError(_("That account already has a token named %(name)s.") % {"name": name}) from None
        self.stdout.write(secret)
