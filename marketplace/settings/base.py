"""Base settings: everything that varies between machines is read from the environment."""
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403  Oscar's documented way to take its defaults

from marketplace.core import order_status

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="") or ("dev-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://marketplace:marketplace@127.0.0.1:5432/marketplace"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Django's documented server-side binding: psycopg sends the parameters apart from the SQL
    # and prepares a statement after DATABASE_PREPARE_THRESHOLD uses on a connection, so PostgreSQL
    # skips parsing and planning the till's fixed statements (marketplace/core/rawsql.py) again.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "server_side_binding": env.bool("DATABASE_SERVER_SIDE_BINDING", default=True),
        "prepare_threshold": env.int("DATABASE_PREPARE_THRESHOLD", default=5),
    })
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.postgres",  # unaccent lookups (search's database fallback), on PostgreSQL only
    "django.contrib.sitemaps",  # /sitemap.xml of the deals (marketplace/deals/sitemaps.py)
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",  # forked: its home is ours (marketplace/dashboard)
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    # Oscar's dependencies
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # API
    "rest_framework",
    "drf_spectacular",
    # Ours
    "marketplace.deals.apps.DealsConfig",
    "merchants.apps.MerchantsConfig",
    "vouchers.apps.VouchersConfig",
    "marketplace.payments.apps.PaymentsConfig",
    "marketplace.ledger.apps.LedgerConfig",
    "marketplace.curation.apps.CurationConfig",
    "marketplace.merchant_portal.apps.MerchantPortalConfig",
    "marketplace.demo.apps.DemoConfig",
    "marketplace.groupbuy.apps.GroupbuyConfig",
    "marketplace.reviews.apps.MerchantReviewsConfig",
    "parler",
    "marketplace.languages.apps.LanguagesConfig",
    "marketplace.bookings.apps.BookingsConfig",  # store slots and places (docs/trades.md)
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the ?lang= link, the cookie of the switch, else Accept-Language (below: the
    # signed-in account's choice, marketplace/languages/middleware.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.languages.middleware.ChosenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "marketplace.curation.middleware.CategoryRedirectMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.deals.context_processors.city",
                "marketplace.languages.context_processors.languages",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = (
    "django.contrib.auth.backends.ModelBackend",  # the Django admin (username)
    "allauth.account.auth_backends.AuthenticationBackend",  # e-mail sign-in (see Accounts below)
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_REDIRECT_URL = "/"

TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Languages (marketplace/languages, README "Languages") ---------------------------------
# en-gb, not en: gettext reads "en" as en_US, and Oscar's en_US catalogue says "Cart" for "Basket".
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("zh-hans", "简体中文"), ("pt-pt", "Português")]
# Ours first (makemessages), then hand-kept translations of Oscar's and Django's own strings
# that their catalogues lack; the first catalogue that has a message wins.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_extra"]
# Dates and times in each language (British English with the 24-hour clock).
FORMAT_MODULE_PATH = ["marketplace.languages.locale_formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switch's choice outlives the browser session
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Deal, option and store texts in several languages (django-parler on our side models). A text
# missing in the reader's language falls back to the object's own language, per object
# (marketplace/languages/content.py), not to a site-wide language: no parler fallbacks.
PARLER_LANGUAGES = {
    SITE_ID: tuple({"code": code} for code, _name in LANGUAGES),
    "default": {"fallbacks": [], "hide_untranslated": False},
}
# Lists prefetch their translations; parler's cache would keep stale copies after bulk updates.
PARLER_ENABLE_CACHING = False
# The symbol before the amount, separators of the reader's language: €48.00 in English, €48,00
# in Portuguese (Oscar's currency filter, and marketplace/languages/formats.py outside templates).
OSCAR_CURRENCY_FORMAT = {
    "EUR": {"format": "¤#,##0.00"},
    "CNY": {"format": "¤#,##0.00"},
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".services" / "static"
STATICFILES_DIRS = [BASE_DIR / "marketplace" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / ".services" / "media"))

# django-redis keeps its redis client; Django's own Redis backend builds one per call, which
# cost every till request ~0.17 ms of CPU for its rate-limit read (docs/redemption.md).
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
    }
}

# --- E-mail --------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / ".services" / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Dealmarket <deals@dealmarket.local>")

# --- Celery ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="marketplace")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BEAT_SCHEDULE = {}
CELERY_BEAT_SCHEDULE["vouchers-deliver-due-gifts"] = {
    "task": "vouchers.tasks.vouchers_deliver_due_task", "schedule": 15 * 60}
# Payments the buyer abandoned are given up, recent ones read again (marketplace/order/sync.py).
CELERY_BEAT_SCHEDULE["orders-sync-overdue"] = {
    "task": "marketplace.order.tasks.orders_sync_overdue_task", "schedule": 5 * 60}
CELERY_BEAT_SCHEDULE["vouchers-issue-missing"] = {
    "task": "vouchers.tasks.vouchers_issue_missing_task", "schedule": 10 * 60}

# --- Elasticsearch -------------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="marketplace")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0)

# Oscar 4.2's catalogue and search modules import haystack, which refuses to be imported
# without this setting. The haystack app is not installed: nothing searches, indexes or
# listens to model signals through it (our search app asks Elasticsearch, search/).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

VOUCHER_CODE_KEY = env("VOUCHER_CODE_KEY", default="")  # empty: derived from SECRET_KEY
# The voucher PDF's font: TrueType, covering Chinese, Portuguese and €/¥ (vouchers/pdf.py).
VOUCHER_PDF_FONT = env("VOUCHER_PDF_FONT", default="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# --- Redemption at the counter -------------------------------------------------------------
# A manager may undo a redemption within this window; after this many undos, staff must act.
REDEMPTION_UNDO_WINDOW_MINUTES = env.int("REDEMPTION_UNDO_WINDOW_MINUTES", default=30)
REDEMPTION_MAX_UNDOS = env.int("REDEMPTION_MAX_UNDOS", default=2)
# Failed code look-ups per member and per store within the window before a lockout.
REDEMPTION_FAILURE_LIMIT = env.int("REDEMPTION_FAILURE_LIMIT", default=10)
REDEMPTION_FAILURE_WINDOW_SECONDS = env.int("REDEMPTION_FAILURE_WINDOW_SECONDS", default=600)
REDEMPTION_LOCKOUT_SECONDS = env.int("REDEMPTION_LOCKOUT_SECONDS", default=900)
# Staff see lockouts after repeated failed look-ups (curation's RedemptionAlertsView).
OSCAR_DASHBOARD_NAVIGATION += [  # noqa: F405  Oscar's list, from oscar.defaults
    {
        "label": _("Redemption alerts"),
        "icon": "fas fa-bell",
        "url_name": "curation:curation-redemption-alerts",
        "access_fn": lambda user, url_name, url_args=None, url_kwargs=None: user.is_staff,
    },
]

# --- Stripe --------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_localstripe")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="pk_test_localstripe")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_localstripe")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # empty: the real Stripe API
# Stripe Connect (merchant accounts, account links, transfers) may have its own API base:
# localstripe has no Connect, so development and tests point this at stripe-mock. Empty: the
# real Stripe API.
STRIPE_CONNECT_API_BASE = env("STRIPE_CONNECT_API_BASE", default="")
# Stripe retries a webhook for about three days: within that window a payment not read for
# ORDER_RECHECK_HOURS is read again by the sweep, at most ORDER_RECHECK_BATCH per run, so that
# a notification lost for good still reaches the order.
ORDER_RECHECK_DAYS = env.int("ORDER_RECHECK_DAYS", default=3)
ORDER_RECHECK_HOURS = env.int("ORDER_RECHECK_HOURS", default=6)
ORDER_RECHECK_BATCH = env.int("ORDER_RECHECK_BATCH", default=200)
STRIPE_JS_URL = env(
    "STRIPE_JS_URL",
    default=(STRIPE_API_BASE.rstrip("/") + "/js.stripe.com/v3/") if STRIPE_API_BASE
    else "https://js.stripe.com/v3/",
)

# --- Oscar -----------------------------------------------------------------------------------
OSCAR_SHOP_NAME = "Dealmarket"
OSCAR_SHOP_TAGLINE = _("Local deals, redeemed in store")
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_HOMEPAGE = "/"
# Oscar makes thumbnails (and deletes them with a category or product image) through sorl.
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
# Buying a deal: the order exists, units reserved, before the card is charged; what Stripe says
# of the payment moves it on (marketplace/order/lifecycle.py says what each change causes).
OSCAR_INITIAL_ORDER_STATUS = order_status.INITIAL
OSCAR_ORDER_STATUS_PIPELINE = order_status.PIPELINE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "marketplace.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Every API error is {"code", "message", "detail"} (marketplace/errors.py).
    "EXCEPTION_HANDLER": "marketplace.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dealmarket API",
    "DESCRIPTION": "Point-of-sale redemption and deal search.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# The city a visitor sees first when they have not chosen one.
MARKETPLACE_DEFAULT_CITY = env("MARKETPLACE_DEFAULT_CITY", default="Lisbon")

# --- Curation (platform staff) -------------------------------------------------------------
# The commission when neither the merchant nor the deal's category has a rate of its own.
CURATION_DEFAULT_COMMISSION_PERCENT = env.str("CURATION_DEFAULT_COMMISSION_PERCENT", default="20.00")
OSCAR_DASHBOARD_NAVIGATION += [  # noqa: F405  Oscar's list, from oscar.defaults
    {
        "label": _("Curation"),
        "icon": "fas fa-star",
        "children": [
            {"label": _("Deal review"), "url_name": "curation:curation-deal-queue"},
            {"label": _("Merchant applications"), "url_name": "curation:curation-application-list"},
            {"label": _("Categories"), "url_name": "curation:curation-category-list"},
            {"label": _("Featured deals"), "url_name": "curation:curation-featured-list"},
            {"label": _("Commissions"), "url_name": "curation:curation-commissions"},
            {"label": _("Merchants' money"), "url_name": "curation:curation-money"},
            {"label": _("Voucher support"), "url_name": "curation:curation-voucher-search"},
        ],
    },
]

# --- Group buying (marketplace/groupbuy) and expiry (vouchers/expiry.py) ---------------------
# Absolute links in e-mails (complete a payment, refund, review).
MARKETPLACE_SITE_URL = env("MARKETPLACE_SITE_URL", default="http://127.0.0.1:8000")
# A card authorisation lapses after about 7 days: a deal whose sale window is longer saves the
# card (SetupIntent) and charges it off-session when it tips.
GROUPBUY_AUTHORISATION_DAYS = env.int("GROUPBUY_AUTHORISATION_DAYS", default=6)
# A buyer asked by the bank to authenticate an off-session charge has this long before the unit
# goes back on sale.
GROUPBUY_ACTION_HOURS = env.int("GROUPBUY_ACTION_HOURS", default=48)
GROUPBUY_BATCH_SIZE = env.int("GROUPBUY_BATCH_SIZE", default=50)
CELERY_BEAT_SCHEDULE.update({
    "vouchers-expire": {"task": "vouchers.tasks.vouchers_expire_task", "schedule": 15 * 60},
    "vouchers-expiry-reminders": {"task": "vouchers.tasks.vouchers_send_expiry_reminders_task",
                                  "schedule": 60 * 60},
    # Safety nets of the tipping point (tipping itself is triggered by each authorisation).
    "groupbuy-deals-tip-pending": {"task": "groupbuy.deals_tip_pending", "schedule": 5 * 60},
    "groupbuy-deals-close-short": {"task": "groupbuy.deals_close_short", "schedule": 60},
    "groupbuy-pledges-release-overdue": {"task": "groupbuy.pledges_release_overdue",
                                         "schedule": 15 * 60},
})

# --- Trades: bookings and time-shaped deals (docs/trades.md) ------------------------------
# How far ahead a slot can be booked, and how far ahead the search index knows the windows and
# free slots of a deal (refreshed hourly by beat).
BOOKING_HORIZON_DAYS = env.int("BOOKING_HORIZON_DAYS", default=28)
SEARCH_TIMES_AHEAD_DAYS = env.int("SEARCH_TIMES_AHEAD_DAYS", default=14)
CELERY_BEAT_SCHEDULE.update({
    "bookings-send-reminders": {"task": "vouchers.tasks.bookings_send_reminders_task",
                                "schedule": 15 * 60},
    "bookings-no-shows": {"task": "vouchers.tasks.bookings_no_shows_task", "schedule": 30 * 60},
    "search-index-refresh-times": {"task": "search.tasks.search_index_refresh_times_task",
                                   "schedule": 60 * 60},
})

# --- Ledger: merchants' money, statements, payouts (marketplace/ledger, docs/money.md) ---------
# The country of the Stripe Express accounts made for merchants (Connect onboarding).
LEDGER_CONNECT_COUNTRY = env("LEDGER_CONNECT_COUNTRY", default="PT")
# The font of statement PDFs: one with the euro sign and CJK (scripts/services.sh start fonts).
LEDGER_PDF_FONT = env("LEDGER_PDF_FONT", default="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CELERY_BEAT_SCHEDULE.update({
    # Each merchant is paid after their pay period ends; a run also finishes pending payouts.
    "ledger-payouts-run": {"task": "marketplace.ledger.tasks.payouts_run_task",
                           "schedule": 60 * 60},
    "ledger-reserves-release": {"task": "marketplace.ledger.tasks.reserves_release_task",
                                "schedule": 60 * 60},
    "ledger-payouts-follow": {"task": "marketplace.ledger.tasks.payouts_follow_task",
                              "schedule": 6 * 60 * 60},
})
# The ledger's covering index (merchant, time) carries the summed columns on PostgreSQL;
# SQLite (the demo) ignores them and says so at every start.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Accounts (marketplace/accounts, django-allauth) ------------------------------------------
# Sign-up, sign-in, password reset and e-mail changes go through allauth; an address is verified
# by a signed, expiring link confirmed by POST. Guest purchases of an address are claimed only by
# the account that verified it in its own signed-in browser (marketplace/accounts/claims.py).
INSTALLED_APPS += ["allauth", "allauth.account", "marketplace.accounts.apps.AccountsConfig"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "allauth.account.middleware.AccountMiddleware")
LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "marketplace.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"  # auth.User keeps a username; allauth fills it
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env.int("ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", default=3)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners follow links: confirming takes a POST
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # the old address stays until the new one is verified
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
# Behind the proxy set 1: allauth's per-IP limits then read the client's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# A guest may buy with an address that has an account (no "this address exists" oracle).
OSCAR_ALLOW_GUEST_CHECKOUT_WITH_ACCOUNT = True
# A "link my earlier purchases" link (marketplace/accounts/claims.py) lives this long.
ACCOUNTS_CLAIM_LINK_HOURS = env.int("ACCOUNTS_CLAIM_LINK_HOURS", default=24)

# --- Input limits (issue 14; the forms' own limits are in marketplace/core/limits.py) --------
# Form and API bodies beyond this are refused (400; 413 under /api/) before they are parsed; one uploaded
# photo may be larger (marketplace.core.limits.UPLOAD_MAX_BYTES), and uWSGI's limit-post
# (scripts/uwsgi.ini) caps a whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Content-Security-Policy (django-csp) -----------------------------------------------------
# Scripts only from the site and Stripe.js, inline ones only with the request's nonce (Oscar's
# body-load script in templates/oscar/base.html); no inline handlers. Style sheets from the site;
# style="" attributes are allowed because Oscar's own templates (basket, checkout, dashboard)
# carry them and an attribute cannot run code. The browser tests fail on any violation.

def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_STRIPE = sorted({o for o in (_origin(STRIPE_JS_URL), _origin(STRIPE_API_BASE) or "https://api.stripe.com",
                              "https://hooks.stripe.com") if o})
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
STRIPE_ONBOARDING_ORIGINS = env.list("STRIPE_ONBOARDING_ORIGINS",
                                     default=["https://connect.stripe.com"])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, _origin(STRIPE_JS_URL)],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, *_STRIPE],
        "frame-src": _STRIPE,
        "media-src": [SELF, "blob:"],  # the counter's camera (QR scan)
        # The merchant's "Connect a Stripe account" form is answered with a redirect to Stripe's
        # onboarding (an Account Link); Chromium applies form-action to that redirect too.
        "form-action": [SELF, *STRIPE_ONBOARDING_ORIGINS],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "marketplace": {"handlers": ["console"], "level": "INFO"},
        "merchants": {"handlers": ["console"], "level": "INFO"},
        "vouchers": {"handlers": ["console"], "level": "INFO"},
        "search": {"handlers": ["console"], "level": "INFO"},
    },
}

# --- Merchant onboarding: store addresses on the map (merchants/geocoding.py) -------------------
# "nominatim": a Nominatim server through geopy (OpenStreetMap's asks for a user agent naming the
# application and at most one request a second; answers are cached). "gazetteer": the streets of
# the demo cities shipped in merchants/data/gazetteer.json, offline (tests, the demo).
GEOCODER = env("GEOCODER", default="nominatim")
GEOCODER_NOMINATIM_URL = env("GEOCODER_NOMINATIM_URL", default="https://nominatim.openstreetmap.org")
GEOCODER_USER_AGENT = env("GEOCODER_USER_AGENT", default="Dealmarket merchant onboarding")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=5.0)
# Map tiles under the store pin (Leaflet is served from the project; the tiles are images from a
# tile server). Empty: no tiles, the pin on a plain background (offline).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")

# --- A deals marketplace, not a stock shop -------------------------------------------------------
# One review system: merchant reviews from used vouchers (marketplace/reviews), so Oscar's product
# reviews are off (their URLs answer 404); no wish lists either (marketplace/urls.py also closes
# the account's address book, product alerts and wish lists).
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
# The staff dashboard shows what a curator uses: its home (today's business,
# marketplace/dashboard), orders, customers and our own menus; Oscar's stock-shop menus
# (products, stock alerts, offers and promo-code vouchers, shipping, product reviews, pages,
# shop reports) are left out of it.
DASHBOARD_SHOP_MENUS = {
    "dashboard:catalogue-product-list", "dashboard:catalogue-class-list",
    "dashboard:catalogue-category-list", "dashboard:range-list", "dashboard:stock-alert-list",
    "dashboard:catalogue-option-list", "dashboard:catalogue-attribute-option-group-list",
    "dashboard:order-stats", "dashboard:partner-list", "dashboard:user-alert-list",
    "dashboard:offer-list", "dashboard:voucher-list", "dashboard:voucher-set-list",
    "dashboard:page-list", "dashboard:comms-list", "dashboard:reviews-list",
    "dashboard:reports-index",
}
OSCAR_DASHBOARD_NAVIGATION = [  # noqa: F405  Oscar's list, from oscar.defaults
    {**item, "children": [c for c in item["children"] if c.get("url_name") not in DASHBOARD_SHOP_MENUS]}
    if "children" in item else item
    for item in OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
    if item.get("url_name") not in DASHBOARD_SHOP_MENUS
]
OSCAR_DASHBOARD_NAVIGATION = [item for item in OSCAR_DASHBOARD_NAVIGATION
                              if item.get("url_name") or item.get("children")]
