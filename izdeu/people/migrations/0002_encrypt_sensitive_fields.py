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
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='person',
            name='people_person_iin_twelve_digits',
        ),
        migrations.AddField(
            model_name='person',
            name='iin_hash',
            field=izdeu.encryption.fields.BlindIndexField(blank=True, db_index=True, default='', editable=False, max_length=64, purpose='iin', source='iin'),
        ),
        migrations.AlterField(
            model_name='event',
            name='cause_of_death',
            field=izdeu.encryption.fields.EncryptedCharField(blank=True, max_length=300, verbose_name='cause of death'),
        ),
        migrations.AlterField(
            model_name='event',
            name='death_circumstances',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='circumstances of death'),
        ),
        migrations.AlterField(
            model_name='event',
            name='note',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='event',
            name='physical_condition',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='physical condition'),
        ),
        migrations.AlterField(
            model_name='person',
            name='description',
            field=izdeu.encryption.fields.EncryptedTextField(blank=True, verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='person',
            name='iin',
            field=izdeu.people.fields.IINField(blank=True, max_length=12, verbose_name='IIN'),
        ),
        encrypt_existing('people', 'person'),
        encrypt_existing('people', 'event'),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(('iin_hash', ''), ('iin_hash__regex', '^[0-9a-f]{64}$'), _connector='OR'), name='people_person_iin_hash_hex'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('iin', ''), ('iin_hash', '')), models.Q(models.Q(('iin', ''), _negated=True), models.Q(('iin_hash', ''), _negated=True)), _connector='OR'), name='people_person_iin_hashed'),
        ),
    ]
