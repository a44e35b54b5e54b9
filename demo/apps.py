from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The generated demo: loaders of every layer's demo data and the commands that run them.

    Sits above every other app and is imported by none of them.
    """

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
