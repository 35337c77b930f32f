import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from izdeu.accounts.models import Organisation, User
from izdeu.facilities.models import Facility
from izdeu.lists.importing import KINDS, ImportRefused, ImportSummary, import_file
from izdeu.lists.models import Reliability
from izdeu.lists.problems import describe

# The words an operator types, and the kinds of list they stand for.
class Command(BaseCommand):
    help = (
        "Load a list (CSV, XLSX or a chat paste) into izdeu. The file is kept encrypted; rows that "
        "cannot be read are quarantined with their reasons; loading the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The list file.")
        parser.add_argument("--source", required=True, help="The list's name; the same name again makes a new version.")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS), help="What kind of list it is.")
        parser.add_argument("--facility", help="The facility it comes from, by its name in any language.")
        parser.add_argument("--list-date", help="The day the list speaks of (2022-01-07 or 07.01.2022).")
        parser.add_argument("--reliability", default=Reliability.UNCONFIRMED, choices=Reliability.values,
                            help="How far the list can be trusted (default unconfirmed).")  # fmt: skip
        parser.add_argument("--provided-by", default="", help="Who gave the list.")
        parser.add_argument("--organisation", required=True, help="The organisation the list belongs to.")
        parser.add_argument("--as", dest="username", required=True, help="The account loading it.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, file, source, kind, facility, list_date, reliability, provided_by, organisation,
               username, as_json, **options):  # fmt: skip
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        org = _organisation(organisation)
        try:
            summary = import_file(
                path, path.name, source_name=source, kind=KINDS[kind], organisation=org, user=_user(username, org),
                facility=_facility(facility) if facility else None,
                list_date=_date(list_date) if list_date else None, reliability=reliability, provided_by=provided_by,
            )  # fmt: skip
        except ImportRefused as refused:
            raise CommandError(" ".join(describe(code) for code in refused.codes)) from refused
        except OSError as error:
            raise CommandError(_("The file could not be read: %(error)s") % {"error": error.strerror}) from error
        self.stdout.write(_json_line(summary) if as_json else _human(summary))


def _organisation(name: str) -> Organisation:
    try:
        return Organisation.objects.get(name=name)
    except Organisation.DoesNotExist:
        raise CommandError(_("No organisation named %(name)s.") % {"name": name}) from None


def _user(username: str, organisation: Organisation) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active account named %(name)s.") % {"name": username})
    if user.organisation_id != organisation.pk:
        raise CommandError(_("The account %(name)s belongs to another organisation.") % {"name": username})
    return user


def _facility(name: str) -> Facility:
    # Compared in Python: SQLite folds the case of Latin letters only, and facilities are few.
    wanted = _fold(name)
    found = [f for f in Facility.objects.all() if wanted in {_fold(f.name_kk), _fold(f.name_ru), _fold(f.name_en)}]
    if not found:
        raise CommandError(_("No facility named %(name)s: check the name in the admin site.") % {"name": name})
    if len(found) > 1:
        raise CommandError(_("Several facilities are named %(name)s: use another of their names.") % {"name": name})
    return found[0]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a day, not a moment)
        except ValueError:
            continue
    raise CommandError(_("%(date)s is not a date: write it as 2022-01-07 or 07.01.2022.") % {"date": text})


def _json_line(summary: ImportSummary) -> str:
    return json.dumps(summary.as_json(), ensure_ascii=False)


def _human(summary: ImportSummary) -> str:
    lines = []
    if summary.already_imported:
        lines.append(_("This file was already loaded into this list: nothing changed."))
    lines.append(
        _("%(rows)d rows read: %(imported)d loaded, %(quarantined)d set aside to check, %(duplicates)d repeated.")
        % {"rows": summary.rows, "imported": summary.imported, "quarantined": summary.quarantined,
           "duplicates": summary.duplicates}  # fmt: skip
    )
    if summary.appeared is not None:
        lines.append(
            _("Since the previous version: %(appeared)d appeared, %(disappeared)d disappeared.")
            % {"appeared": summary.appeared, "disappeared": summary.disappeared}
        )
    if summary.disappeared_entry_ids:
        count = len(summary.disappeared_entry_ids)
        lines.append(ngettext("%(count)d person left this custody list: follow them up.",
                              "%(count)d people left this custody list: follow them up.", count) % {"count": count})  # fmt: skip
    for code in sorted({problem["code"] for problem in summary.problems}):
        lines.append(describe(code))
    return "\n".join(lines)
