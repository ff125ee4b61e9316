"""``zmdhelp search [--json] [--limit N] QUERY`` and ``zmdhelp search --stdin --json``."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="搜索问题（支持口语、拼音、繁体、同义词）")
    p.add_argument("query", nargs="*", metavar="查询", help="要搜索的文字；多个词用空格隔开")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出（id、question、category、score、snippet）")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="最多显示几条结果（默认 10）")
    p.add_argument("--stdin", action="store_true", help="从标准输入逐行读取查询，每行输出一个结果（配合 --json 批量检查）")
    p.set_defaults(func=run)


def _engine(args: argparse.Namespace):
    from ..cli import content_and_phrase
    from .engine import SearchEngine

    faq, phrase = content_and_phrase(args)
    return SearchEngine(faq, data=getattr(args, "data", None), window_phrase=phrase)


def _print_hits(hits, as_json: bool) -> None:
    if as_json:
        print(json.dumps([h.to_json() for h in hits], ensure_ascii=False))
        return
    for n, h in enumerate(hits, start=1):
        print(f"{n}. {h.question_marked()}  [{h.id}]")
        print(f"   （{' › '.join(h.category)}）  相关度 {h.score:.2f}")
        print(f"   {h.snippet_marked()}")


def run(args: argparse.Namespace) -> int:
    from ..cli import warn

    if args.limit < 1:
        print("错误：--limit 必须是正整数", file=sys.stderr)
        return 2
    if not args.stdin and not "".join(ch for ch in " ".join(args.query) if ch.isprintable()).strip():
        print("错误：请输入要搜索的文字，例如：zmdhelp search 收不到验证码", file=sys.stderr)
        return 2
    engine = _engine(args)
    engine.prepare()
    warn(engine.warnings)
    if args.stdin:
        for line in sys.stdin:
            hits = engine.search(line.rstrip("\r\n"), limit=args.limit)
            if args.json:
                _print_hits(hits, True)
            else:
                print(f"== {line.strip()}")
                _print_hits(hits, False) if hits else print("（没有找到）")
            sys.stdout.flush()
        return 0
    query = " ".join(args.query)
    hits = engine.search(query, limit=args.limit)
    if hits:
        _print_hits(hits, args.json)
        return 0
    if args.json:
        print("[]")
        return 0
    print(f"没有找到与“{query.strip()[:50]}”相关的问题。可以换个说法，或看看这些常见问题：")
    _print_hits(engine.suggest(query, limit=5), False)
    return 0
