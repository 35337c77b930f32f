"""Encrypt sensitive fields at rest; the IIN becomes ciphertext plus a keyed hash (iin_hash).

Rows already in the database (a demo world loaded earlier) are encrypted in place, before
the constraints on iin_hash are added; reversing writes the plaintext back.
"""

import izdeu.encryption.fields
import izdeu.people.fields
from django.db import migrations, models

from izdeu.encryption.rotation import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('searches', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='searchrequest',
            name='searches_searchrequest_iin_twelve_digits',
        ),
        migrations.AddField(
            model_name='searchrequest',
            name='iin_hash',
            field=izdeu.encryption.fields.BlindIndexField(blank=True, db_index=True, default='', editable=False, max_length=64, purpose='iin', source='iin'),
        ),
        migrations.AlterField(
            model_name='requester',
            name='email',
            field=izdeu.encryption.fields.EncryptedEmailField(blank=True, max_length=254, verbose_name='email'),
        ),
        migrations.AlterField(
            model_name='requester',
            name='name',
            field=izdeu.encryption.fields.EncryptedCharField(max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='requester',
            name='phone',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=32, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='requester',
            name='reachable_when',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=200, verbose_name='when they can be reached'),
        ),
        migrations.AlterField(
            model_name='requester',
            name='telegram',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=64, verbose_name='Telegram'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='circumstances',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='circumstances'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='description',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='appearance and clothing'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='health_needs',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='injuries or health needs'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='iin',
            field=izdeu.people.fields.IINField(blank=True, max_length=12, verbose_name='IIN'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='last_seen_place',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=300, verbose_name='last seen where'),
        ),
        migrations.AlterField(
            model_name='searchrequest',
            name='phone',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=32, verbose_name="sought person's phone"),
        ),
        encrypt_existing('searches', 'requester'),
        encrypt_existing('searches', 'searchrequest'),
        migrations.AddConstraint(
            model_name='searchrequest',
            constraint=models.CheckConstraint(condition=models.Q(('iin_hash', ''), ('iin_hash__regex', '^[0-9a-f]{64}$'), _connector='OR'), name='searches_searchrequest_iin_hash_hex'),
        ),
        migrations.AddConstraint(
            model_name='searchrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('iin', ''), ('iin_hash', '')), models.Q(models.Q(('iin', ''), _negated=True), models.Q(('iin_hash', ''), _negated=True)), _connector='OR'), name='searches_searchrequest_iin_hashed'),
        ),
    ]
