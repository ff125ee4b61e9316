"""The ``zmdhelp`` command line. Chinese help; bad input gives a message and exit code 2, never a
traceback. Subcommands of other parts (search, window) register themselves from their modules."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from . import APP_TITLE, __version__
from .errors import DataError, NotFound, ZmdError

log = logging.getLogger("zmdhelp")

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

# Modules that add subcommands: each has register(subparsers) setting func=run(args) -> int.
PLUGINS = ("zmdhelp.search.cli", "zmdhelp.window_cli")


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # argparse's own messages are English; say it in Chinese
        self.print_usage(sys.stderr)
        translated = (
            message.replace("the following arguments are required", "缺少参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("expected one argument", "需要一个值")
            .replace("invalid int value", "不是有效的整数")
        )
        self.exit(EXIT_USAGE, f"{self.prog}: 错误：{translated}\n")

    def format_help(self) -> str:
        text = super().format_help()
        return (
            text.replace("usage:", "用法：")
            .replace("positional arguments:", "位置参数：")
            .replace("options:", "选项：")
            .replace("optional arguments:", "选项：")
        )


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="zmdhelp",
        description=f"{APP_TITLE}：离线桌面帮助。不带子命令时启动桌面程序。",
    )
    parser.add_argument("--version", action="version", version=f"zmdhelp {__version__}", help="显示版本号并退出")
    parser.add_argument("--data", type=Path, metavar="PATH", help="使用指定的数据文件夹（或 faq.toml）代替内置内容")
    parser.add_argument("--self-test", action="store_true", help="启动主窗口做一次自检（搜索、打开、复制），输出耗时 JSON")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseArgumentParser)

    p = sub.add_parser("list", help="列出全部问题")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="显示一个问题及答复")
    p.add_argument("id", help="问题编号（id），可用 zmdhelp list 查看")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check-data", help="检查数据文件或文件夹，并列出所有待补充项")
    p.add_argument("path", nargs="?", type=Path, help="数据文件或文件夹（默认：内置数据）")
    p.set_defaults(func=cmd_check_data)

    for name in PLUGINS:
        importlib.import_module(name).register(sub)
    return parser


def shown(text: str, limit: int = 40) -> str:
    """User input echoed in a message: control characters made visible, long input shortened."""
    safe = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return safe if len(safe) <= limit else safe[:limit] + "…"


_said: set[str] = set()  # warnings printed in this run: content, rules and engine repeat some


def warn(warnings: list[str]) -> None:
    for w in warnings:
        if w not in _said:
            _said.add(w)
            print(f"提示：{w}", file=sys.stderr)


def window_phrase(data: Path | None) -> tuple[str, list[str]]:
    from .window import load_rules

    rules = load_rules(data)
    return rules.value.phrase(), rules.warnings


def entry_dict(entry, phrase: str) -> dict:
    from .answer import plain_text
    from .markers import fill_window

    return {
        "id": entry.id,
        "category": list(entry.category),
        "question": entry.question,
        "answer": plain_text(fill_window(entry.answer, phrase)),
        "keywords": list(entry.keywords),
        "similar": list(entry.similar),
        "source": entry.source,
        "updated": entry.updated,
        "reconstructed": entry.reconstructed,
    }


def content_and_phrase(args):
    """The FAQ and the phrase for 〔申报时间〕; their warnings printed once per run."""
    from .content import load_content

    loaded = load_content(args.data)
    phrase, warnings = window_phrase(args.data)
    warn(loaded.warnings + warnings)
    return loaded.value, phrase


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=None if isinstance(value, list) else 2))


def cmd_list(args) -> int:
    faq, phrase = content_and_phrase(args)
    if args.json:
        print(json.dumps([entry_dict(e, phrase) for e in faq], ensure_ascii=False, indent=2))
        return EXIT_OK
    current = None
    for e in faq:
        if e.category != current:
            if current is not None:
                print()
            current = e.category
            print(f"【{e.category_path}】")
        print(f"  {e.id:<28} {e.question}")
    return EXIT_OK


def cmd_show(args) -> int:
    from .answer import plain_text
    from .markers import fill_window

    faq, phrase = content_and_phrase(args)
    entry = faq.get(args.id)
    if entry is None:
        raise NotFound(f"没有编号为“{shown(args.id)}”的问题。可用 zmdhelp list 查看全部编号。")
    if args.json:
        print(json.dumps(entry_dict(entry, phrase), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(entry.question)
    print(f"（{entry.category_path}）")
    print()
    print(plain_text(fill_window(entry.answer, phrase)))
    print()
    print(f"来源：{entry.source}  更新：{entry.updated}")
    if entry.reconstructed:
        print(f"说明：{entry.note or '标题为编辑重拟'}")
    return EXIT_OK


def cmd_check_data(args) -> int:
    from . import paths
    from .validate import check_path

    target = args.path or paths.bundled_data_dir()
    report = check_path(target)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    from .logs import setup_logging

    setup_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    _said.clear()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            from .gui.app import run_gui  # imported only when the GUI is wanted

            return run_gui(args)
        return args.func(args)
    except NotFound as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        print(f"数据错误：\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except ZmdError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last resort: log the traceback, show a sentence
        log.exception("unexpected error")
        from . import paths

        print(f"出现意外错误：{exc.__class__.__name__}: {exc}\n详细信息已写入日志：{paths.log_file()}", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
