"""The desktop window (PySide6). It only shows and wires what the Qt-free core provides.

Nothing here is imported by the core; ``zmdhelp.gui.app`` is imported only when the GUI starts, so
the command-line subcommands never pay for Qt.
"""
