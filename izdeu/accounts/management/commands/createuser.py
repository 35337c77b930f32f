import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from izdeu.accounts.models import Organisation, Role, User


class Command(BaseCommand):
    help = (
        "Create an account for a volunteer, lawyer, coordinator or administrator. "
        "The password is asked for twice and never taken from the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The name they sign in with.")
        parser.add_argument("--role", required=True, choices=Role.values, help="What they may do in izdeu.")
        parser.add_argument("--organisation", required=True, help="Their organisation; created if it does not exist.")
        parser.add_argument("--email", default="", help="Their email address.")
        parser.add_argument("--language", default="kk", choices=["kk", "ru", "en"], help="Their language (default kk).")

    def handle(self, *args, username, role, organisation, email, language, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(_("An account named %(name)s already exists.") % {"name": username})
        user = User(username=username, role=role, email=email, language=language)
        password = self._ask_password(user)
        with transaction.atomic():
            user.organisation, _created = Organisation.objects.get_or_create(name=organisation)
            user.set_password(password)
            user.save()
        self.stdout.write(_("Created %(role)s account %(name)s.") % {"role": user.get_role_display(), "name": username})

    def _ask_password(self, user: User) -> str:
        for _attempt in range(3):
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password again: ")):
                self.stderr.write(_("The two passwords differ."))
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
        raise CommandError(_("No acceptable password given."))
