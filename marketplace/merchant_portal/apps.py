"""The merchant portal: a member's pages for their merchant under /merchant/, phone first.

A plain AppConfig, not Oscar's OscarDashboardConfig: Oscar's permissions_map grants a page by
global user flags and permissions (is_staff, partner.dashboard_access), answers 403 to everyone
signed in who lacks them and draws its desktop staff layout; the portal's access is per merchant
and per role (a member of this merchant, with this role, at these stores) and an outsider must
get 404. Every view is guarded by merchants.permissions.member_required instead.
"""
from django.apps import AppConfig


class MerchantPortalConfig(AppConfig):
    name = "marketplace.merchant_portal"
    label = "merchant_portal"
    verbose_name = "Merchant portal"
