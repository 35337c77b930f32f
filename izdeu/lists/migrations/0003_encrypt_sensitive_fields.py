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
        ('lists', '0002_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='listentry',
            name='lists_listentry_iin_twelve_digits',
        ),
        migrations.AddField(
            model_name='listentry',
            name='iin_hash',
            field=izdeu.encryption.fields.BlindIndexField(blank=True, db_index=True, default='', editable=False, max_length=64, purpose='iin', source='iin'),
        ),
        migrations.AlterField(
            model_name='listentry',
            name='iin',
            field=izdeu.people.fields.IINField(blank=True, max_length=12, verbose_name='IIN'),
        ),
        migrations.AlterField(
            model_name='listentry',
            name='note',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='listentry',
            name='raw',
            field=izdeu.encryption.fields.EncryptedJSONField(verbose_name='row as read'),
        ),
        encrypt_existing('lists', 'listentry'),
        migrations.AddConstraint(
            model_name='listentry',
            constraint=models.CheckConstraint(condition=models.Q(('iin_hash', ''), ('iin_hash__regex', '^[0-9a-f]{64}$'), _connector='OR'), name='lists_listentry_iin_hash_hex'),
        ),
        migrations.AddConstraint(
            model_name='listentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('iin', ''), ('iin_hash', '')), models.Q(models.Q(('iin', ''), _negated=True), models.Q(('iin_hash', ''), _negated=True)), _connector='OR'), name='lists_listentry_iin_hashed'),
        ),
    ]
