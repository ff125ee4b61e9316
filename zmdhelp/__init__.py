"""zmdhelp: offline desktop help for the Zhumadian employer social-insurance FAQ.

The package root and everything directly in it is Qt-free: FAQ records, validation, search,
submission-window rules and clipboard text can be used and tested without a screen. The GUI lives
in :mod:`zmdhelp.gui` and only shows and wires what the core provides.
"""

__version__ = "0.1.0"
APP_NAME = "zmdhelp"
APP_TITLE = "驻马店社保网上服务平台常见问题"
