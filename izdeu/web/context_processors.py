from django.conf import settings


def site(request):
    """What every page needs: whether the data shown is a fictional demo, and the languages."""
    from izdeu.demo.models import DemoWorld

    return {
        "demo_world": DemoWorld.objects.only("seed", "scale").first(),
        "LANGUAGES_NATIVE": [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        "DEBUG": settings.DEBUG,
    }
