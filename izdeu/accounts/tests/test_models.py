from izdeu.accounts.models import Role, User
from izdeu.tests.factory import refuses


def test_only_administrators_are_staff(volunteer, administrator):
    assert administrator.is_staff and not volunteer.is_staff
    volunteer.role = Role.ADMINISTRATOR
    volunteer.save()
    assert volunteer.is_staff


def test_the_database_refuses_staff_who_are_not_administrators(lawyer):
    refuses(lambda: User.objects.filter(pk=lawyer.pk).update(is_staff=True))


def test_the_database_refuses_unknown_roles(lawyer):
    refuses(lambda: User.objects.filter(pk=lawyer.pk).update(role="superhero"))
