"""The audit log, retention and erasure.

- ``izdeu.audit.log``: record reads and changes (``record_read``, ``record_change``, ``record``,
  ``record_bulk``, ``acting_as``); saves and deletes of models marked ``audited = True`` and
  sign-ins are recorded by themselves.
- ``izdeu.audit.chain``: check the hash chain (``izdeu audit verify``).
- ``izdeu.audit.retention``: how long what is kept, ``purge`` (``izdeu purge``) and ``erase``.
"""
