"""``check-data``: validate a data file or folder and list every gap still to fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import DataError, Problem
from .faq import FAQ_FILE, load_faq


def _validators() -> dict[str, Callable[[Path], object]]:
    """file name -> loader that raises DataError. Each part of the app registers its data file."""
    from .search.synonyms import SYNONYMS_FILE, load_synonyms
    from .window import WINDOW_FILE, load_window_file

    return {FAQ_FILE: load_faq, SYNONYMS_FILE: load_synonyms, WINDOW_FILE: load_window_file}


@dataclass
class Report:
    checked: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checked) and not self.problems

    def lines(self) -> list[str]:
        out = [f"检查：{p}" for p in self.checked]
        if self.problems:
            out.append(f"发现 {len(self.problems)} 个错误：")
            out += [f"  {p}" for p in self.problems]
        if self.gaps:
            out.append(f"待补充项（共 {len(self.gaps)} 处）：")
            out += [f"  {g}" for g in self.gaps]
        out.append("结果：数据有效" if self.ok else "结果：数据无效")
        return out


def check_path(target: Path) -> Report:
    target = Path(target)
    report = Report()
    validators = _validators()
    if target.is_dir():
        files = [target / name for name in validators if (target / name).is_file()]
        if not files:
            report.problems.append(Problem(target, None, f"文件夹中没有可检查的数据文件（{'、'.join(validators)}）"))
    elif target.exists():
        files = [target]
    else:
        report.problems.append(Problem(target, None, "找不到文件或文件夹"))
        files = []
    for f in files:
        loader = validators.get(f.name, load_faq)
        report.checked.append(f)
        try:
            value = loader(f)
        except DataError as exc:
            report.problems += exc.problems
            continue
        if f.name == FAQ_FILE or loader is load_faq:
            for entry, label in value.gap_list():  # type: ignore[attr-defined]
                where = f"{f}:{entry.line} [{entry.id}]" if entry else f"{f} [文件信息]"
                report.gaps.append(f"{where} 〔待补充：{label}〕")
    return report
