"""Search speed: prints numbers, asserts nothing (not collected by pytest).

    .venv/bin/python tests/benchmarks/bench_search.py [--entries 10000] [--queries 300]

Each cold step runs in a fresh process (what a user waits for at start-up):
- dictionary load: full jieba dictionary (no cache / jieba's cache) vs the trimmed, cached one;
- index build for the bundled FAQ and for N synthetic entries; opening an existing index;
- query latency p50/p95 over the evaluation queries (FAQ) and over mixed queries (N entries).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_CHILD = r'''
import json, sys, time, logging
t0 = time.perf_counter()
mode, cache, n, nq = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
from bench_search import synthetic_faq, queries
from pathlib import Path
out = {}
if mode == "jieba-full":
    import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = cache
    t = time.perf_counter(); tok.initialize(); out["load"] = time.perf_counter() - t
else:
    from zmdhelp.content import load_content
    from zmdhelp.search import SearchEngine
    faq = load_content(None).value if n == 0 else synthetic_faq(n)
    t = time.perf_counter()
    e = SearchEngine(faq, cache_dir=Path(cache))
    e.prepare()
    out["prepare"] = time.perf_counter() - t
    out.update(e.timings)
    qs = queries(n, nq)
    lat = []
    for q in qs[:20]:
        e.search(q)  # warm-up
    for q in qs:
        t = time.perf_counter(); e.search(q, limit=10); lat.append(time.perf_counter() - t)
    out["lat"] = lat
print(json.dumps(out))
'''

TOPICS = ["养老", "失业", "工伤", "医疗", "生育", "缴费", "基数", "证书", "登录", "注册", "审核", "申报", "退休",
          "转移", "补缴", "退费", "稽核", "待遇", "参保", "停保"]
ACTIONS = ["怎么办理", "需要什么材料", "在哪里查询", "多久能办好", "提示失败怎么办", "能不能网上办", "有什么条件", "去哪个窗口"]
OBJECTS = ["单位", "职工", "个人", "灵活就业人员", "机关事业单位", "企业", "退休人员", "经办人"]
FILLER = ("根据相关规定，{o}办理{t}业务时应当携带身份证原件和营业执照复印件，到社保大厅{w}号窗口办理，"
          "也可以登录网上服务平台在线申报，审核一般需要{d}个工作日。咨询电话0396-{p}，地址在{r}楼{k}室。")


def synthetic_faq(n: int, seed: int = 7):
    from zmdhelp.faq import FAQ, Category, Entry, Meta

    rnd = random.Random(seed)
    cats = tuple(Category(f"{i + 1}、{t}业务", (f"{t}办理", f"{t}查询")) for i, t in enumerate(TOPICS))
    entries = []
    for i in range(n):
        t = TOPICS[i % len(TOPICS)]
        o = rnd.choice(OBJECTS)
        a = rnd.choice(ACTIONS)
        q = f"{o}{t}{rnd.choice(TOPICS)}业务{a}（第{i}号）？"
        ans = FILLER.format(o=o, t=t, w=rnd.randint(1, 40), d=rnd.randint(1, 10), p=rnd.randint(1000000, 9999999),
                            r=rnd.randint(1, 30), k=rnd.randint(100, 999))
        cat = cats[i % len(TOPICS)]
        entries.append(Entry(id=f"e{i}", category=(cat.name, cat.topics[i % 2]), question=q, answer=ans,
                             keywords=(t, o, f"{t}{a[:2]}"), similar=(f"{o}的{t}{a}",), line=i + 1))
    return FAQ(Meta("合成", "", "", ""), cats, tuple(entries))


def queries(n: int, count: int) -> list[str]:
    if n == 0:
        sys.path.insert(0, str(REPO / "tests" / "eval"))
        from evaluate import load_cases

        qs = [c.query for c in load_cases()]
    else:
        rnd = random.Random(3)
        qs = []
        for i in range(count):
            kind = i % 5
            if kind == 0:
                qs.append(rnd.choice(OBJECTS) + rnd.choice(TOPICS) + rnd.choice(ACTIONS))
            elif kind == 1:
                qs.append(rnd.choice(TOPICS))
            elif kind == 2:
                qs.append(f"我们{rnd.choice(OBJECTS)}想问一下{rnd.choice(TOPICS)}业务{rnd.choice(ACTIONS)}，还有{rnd.choice(TOPICS)}")
            elif kind == 3:
                qs.append(str(rnd.randint(1000, 9999)))
            else:
                qs.append(rnd.choice(["yanglao", "shenhe", "dengl", "zhuce", "jiaofei jishu"]))
    return (qs * (count // len(qs) + 1))[:count]


def child(mode: str, cache: Path, n: int, nq: int) -> dict:
    env = dict(os.environ)
    env.pop("ZMDHELP_HOME", None)
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(cache), str(n), str(nq), str(Path(__file__).parent)],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        r1 = child("jieba-full", tmp / "j", 0, 0)
        r2 = child("jieba-full", tmp / "j", 0, 0)
        print(f"jieba full dictionary load, no cache:            {ms(r1['load'])}")
        print(f"jieba full dictionary load, jieba's cache file:  {ms(r2['load'])}")
        for label, n in (("FAQ", 0), (f"{args.entries} entries", args.entries)):
            cache = tmp / f"c{n}"
            cold = child("engine", cache, n, args.queries)
            warm = child("engine", cache, n, args.queries)
            print(f"--- {label}")
            print(f"first start (trim dictionary + build index):      prepare {ms(cold['prepare'])} "
                  f"(dictionary {ms(cold['dictionary'])}, index build {ms(cold['index'])})")
            print(f"next start (cached dictionary + open index):      prepare {ms(warm['prepare'])} "
                  f"(dictionary {ms(warm['dictionary'])}, index open {ms(warm['index'])})")
            lat = warm["lat"]
            print(f"query latency over {len(lat)} queries:                 p50 {ms(statistics.median(lat))}, "
                  f"p95 {ms(pct(lat, 95))}, max {ms(max(lat))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
