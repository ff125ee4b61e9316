"""Search speed: prints numbers, asserts nothing (not collected by pytest).

    .venv/bin/python tests/benchmarks/bench_search.py [--entries 10000] [--queries 300] [--one-process]

Each cold step runs in a fresh process (what a user waits for at start-up):
- dictionary load: full jieba dictionary (no cache / jieba's cache) vs the trimmed, cached one;
- index build for the bundled FAQ and for N synthetic entries; opening an existing index;
- query latency p50/p95 over the evaluation queries (FAQ) and over mixed queries (N entries).

A large collection is analysed in forked processes where that is safe (see
``zmdhelp.search.index.worker_count``); ``--one-process`` measures the single-process build
that the GUI (which prepares in a worker thread), Windows and frozen bundles use.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_CHILD = r'''
import json, sys, time, logging
t0 = time.perf_counter()
mode, cache, n, nq = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
if sys.argv[6] == "1":
    from zmdhelp.search import index
    index.worker_count = lambda count: 1
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
# Names, places and organisations mixed into synthetic texts so that answers are mostly unique
# (no per-text cache can profit from repeated texts, as it could from the old one-template answers).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅玉兵志宏鹏飞辉晓东海燕雪琳浩宇婷欣瑞佳新文斌波春"
PLACES = ["驿城区", "西平县", "上蔡县", "平舆县", "正阳县", "确山县", "泌阳县", "汝南县", "遂平县", "新蔡县",
          "经济开发区", "产业集聚区", "城乡一体化示范区", "高新区"]
STREETS = ["解放路", "文明大道", "开源大道", "练江大道", "风光路", "雪松路", "天中山大道", "驿城大道", "中华路", "乐山大道",
           "健康路", "交通路", "置地大道", "金山路", "铜山大道"]
TRADES = ["商贸", "建材", "物流", "农业", "食品", "机械", "医药", "纺织", "电子", "建筑", "餐饮", "教育", "文化", "汽车服务",
          "家政", "印刷", "环保", "能源", "置业", "劳务"]
ORG_KINDS = ["有限公司", "有限责任公司", "合作社", "个体工商户", "股份有限公司", "中心", "事务所", "门诊部"]


def _pool():
    """Clauses of the bundled FAQ (answers, questions, similar questions) and its keywords."""
    from zmdhelp.content import load_content

    faq = load_content(None).value
    split = re.compile(r"[，。；！？：、,.;!?:\n]+")
    clauses: list[str] = []
    titles: list[str] = []
    for e in faq.entries:
        clauses += [c.strip(" -") for c in split.split(e.answer) if len(c.strip(" -")) >= 4]
        for q in (e.question, *e.similar):
            titles += [c for c in split.split(q) if len(c) >= 4]
    keywords = sorted({k for e in faq.entries for k in e.keywords})
    return faq, clauses, titles, keywords


def synthetic_faq(n: int, seed: int = 7):
    """``n`` entries recombined from the FAQ's own clauses, keywords and similar questions plus
    random names, places, organisations and numbers. Lengths follow the real FAQ: answers 30–250
    characters (most around 90), questions 10–40, 1–3 similar questions, 3–8 keywords."""
    from zmdhelp.faq import FAQ, Category, Entry, Meta

    rnd = random.Random(seed)
    faq, clauses, titles, keywords = _pool()
    words = keywords + TOPICS + OBJECTS

    def name() -> str:
        return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))

    def org() -> str:
        return f"驻马店市{rnd.choice(PLACES)}{rnd.choice(GIVEN)}{rnd.choice(GIVEN)}{rnd.choice(TRADES)}{rnd.choice(ORG_KINDS)}"

    def fact() -> str:
        k = rnd.randrange(9)
        if k == 0:
            return f"咨询电话0396-{rnd.randint(2000000, 3999999)}"
        if k == 1:
            return f"地址在{rnd.choice(PLACES)}{rnd.choice(STREETS)}{rnd.randint(1, 999)}号{rnd.randint(1, 30)}楼{rnd.randint(101, 999)}室"
        if k == 2:
            return f"经办人{name()}，手机1{rnd.choice('3578')}{rnd.randint(100000000, 999999999)}"
        if k == 3:
            return f"{org()}于{rnd.randint(2015, 2026)}年{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日参保"
        if k == 4:
            return f"审核一般需要{rnd.randint(1, 20)}个工作日"
        if k == 5:
            return f"缴费基数为{rnd.randint(2000, 30000)}元，比例{rnd.randint(1, 16)}%"
        if k == 6:
            return f"到{rnd.choice(PLACES)}社保大厅{rnd.randint(1, 40)}号窗口办理{rnd.choice(TOPICS)}业务"
        if k == 7:
            return f"{rnd.choice(OBJECTS)}{name()}的{rnd.choice(words)}已{rnd.choice(['通过', '退回', '受理', '办结'])}"
        return f"统一社会信用代码9141{rnd.randint(10**13, 10**14 - 1)}"

    def answer() -> str:
        target = int(rnd.triangular(30, 250, 90))
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            r = rnd.random()
            if r < 0.55:
                parts.append(rnd.choice(clauses))
            elif r < 0.85:
                parts.append(fact())
            else:
                parts.append(f"{rnd.choice(OBJECTS)}{rnd.choice(words)}{rnd.choice(ACTIONS)}")
        text = "".join(p + rnd.choice("，，，；。") for p in parts)[:target].rstrip("，；")
        return text + "。"

    def question(i: int) -> str:
        for _ in range(20):
            r = rnd.random()
            if r < 0.4:
                q = f"{rnd.choice(OBJECTS)}{rnd.choice(words)}{rnd.choice(ACTIONS)}"
            elif r < 0.7:
                q = f"{rnd.choice(titles)}，{rnd.choice(words)}{rnd.choice(ACTIONS)}"
            elif r < 0.85:
                q = f"{name()}{rnd.choice(['问', '反映', '咨询'])}{rnd.choice(titles)}"
            else:
                q = f"{rnd.choice(PLACES)}{rnd.choice(OBJECTS)}{rnd.choice(titles)}"
            q += rnd.choice(["？", "？", "", "怎么办？"])
            if 10 <= len(q) <= 40:
                return q
        return q[:40]

    cats = tuple(faq.categories) + tuple(
        Category(f"{i + 3}、{t}业务", (f"{t}办理", f"{t}查询")) for i, t in enumerate(TOPICS))
    entries = []
    for i in range(n):
        cat = rnd.choice(cats)
        kw = tuple(dict.fromkeys(rnd.sample(words, rnd.randint(3, 8))))
        entries.append(Entry(id=f"e{i}", category=(cat.name, rnd.choice(cat.topics)), question=question(i),
                             answer=answer(), keywords=kw,
                             similar=tuple(question(i) for _ in range(rnd.randint(1, 3))), line=i + 1))
    return FAQ(Meta("合成", "", "", ""), cats, tuple(entries))


def queries(n: int, count: int) -> list[str]:
    if n == 0:
        sys.path.insert(0, str(REPO / "tests" / "eval"))
        from evaluate import load_cases

        qs = [c.query for c in load_cases()]
    else:
        sys.path.insert(0, str(REPO / "tests" / "eval"))
        from evaluate import load_cases

        real = [c.query for c in load_cases()]  # how people type, against the large collection
        rnd = random.Random(3)
        qs = []
        for i in range(count):
            kind = i % 6
            if kind == 5:
                qs.append(rnd.choice(real))
                continue
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


def child(mode: str, cache: Path, n: int, nq: int, one_process: bool = False) -> dict:
    env = dict(os.environ)
    env.pop("ZMDHELP_HOME", None)
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(cache), str(n), str(nq), str(Path(__file__).parent),
                          "1" if one_process else "0"],
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
    ap.add_argument("--one-process", action="store_true", help="never fork to build the index")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
              + (", index built in one process" if args.one_process else ""))
        r1 = child("jieba-full", tmp / "j", 0, 0)
        r2 = child("jieba-full", tmp / "j", 0, 0)
        print(f"jieba full dictionary load, no cache:            {ms(r1['load'])}")
        print(f"jieba full dictionary load, jieba's cache file:  {ms(r2['load'])}")
        for label, n in (("FAQ", 0), (f"{args.entries} entries", args.entries)):
            cache = tmp / f"c{n}"
            cold = child("engine", cache, n, args.queries, args.one_process)
            warm = child("engine", cache, n, args.queries, args.one_process)
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
