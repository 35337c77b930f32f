"""The demo accounts that need a second factor come with published authenticator keys."""

import io

import pyotp
from django.core.management import call_command
from django.utils import timezone

from izdeu.accounts import twofactor
from izdeu.accounts.models import User
from izdeu.demo.load import DEMO_LOGINS, DEMO_TOTP_SECRETS


def test_izdeu_demo_gives_each_demo_account_its_published_key_and_prints_it(db):
    out = io.StringIO()
    call_command("demo", "--seed", "11", "--scale", "0.02", stdout=out)
    printed = out.getvalue().splitlines()
    for username, _role, password in DEMO_LOGINS:
        user = User.objects.get(username=username)
        device = twofactor.confirmed_device(user)
        line = next(line for line in printed if line.split()[:1] == [username])
        if twofactor.requires_two_factor(user):
            secret = DEMO_TOTP_SECRETS[username]
            assert device.secret == secret and secret in line and password in line
            assert twofactor.verify_code(device, pyotp.TOTP(secret).at(timezone.now()))
        else:
            assert device is None and username not in DEMO_TOTP_SECRETS
