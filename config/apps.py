"""App configurations the project gives to third-party apps."""

from axes.apps import AppConfig as BaseAxesConfig


class AxesConfig(BaseAxesConfig):
    # django-axes names its app after its label ("Axes"); the admin index lists it by this name.
    verbose_name = "登录保护"
