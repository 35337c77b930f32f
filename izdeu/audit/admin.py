from django.contrib.admin.utils import flatten_fieldsets, unquote

from izdeu.audit.log import record_read


class RecordsReads:
    """Mix into the ModelAdmin of a model holding personal data (staff accounts included):
    every change page shown is recorded in the audit log as a read of that record."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            record_read(request, [obj], fields=flatten_fieldsets(self.get_fieldsets(request, obj)))
        return response
