"""The dashboard's home (Oscar finds IndexView here, in the forked app): today's sales,
redemptions and refunds, and what waits for staff, instead of Oscar's stock-shop figures."""
from django.views.generic import TemplateView

from marketplace.curation import business


class IndexView(TemplateView):
    template_name = "dashboard/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=business.business_today(),
                                        week=business.paid_sales_by_day(days=7), **kwargs)
