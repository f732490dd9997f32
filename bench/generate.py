"""Write a complete synthetic data set (a counties/ folder) for benchmarks.

    python bench/generate.py --counties 58 --assets 40 --cycles 3 --out /tmp/bench/counties

The first 58 counties are California's own (from counties/_shared/counties.yml); more get
made-up slugs and regions of 6 counties each. Text lengths follow the sample data (names of
about 40 characters, summaries of about 250), and every county gets needs, goals, actions,
partners from a shared registry and some assets shared with neighbours. Files are written in
block style like the sample files (one `key: value` per line, lists of terms in brackets, long
text folded), so reading them costs what reading contributors' files costs. The output is the
same for the same arguments.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / "counties" / "_shared"
MODELINE = "# yaml-language-server: $schema=../../hooks/asset_map/schemas/{}.schema.json"
WORDS = (
    "teacher leaders science math computer lesson study network families community partners summer "
    "institute coaching grades students discourse equity access rural pathway standards integration "
    "phenomena curriculum assessment English learners leadership district county region practice "
    "university museum inquiry data collaboration resources planning reflection cohort workshop"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def read_yaml_list(name: str, key: str) -> list[dict]:
    import yaml

    return yaml.safe_load((SHARED / f"{name}.yml").read_text(encoding="utf-8"))[key]


def counties(n: int) -> tuple[list[dict], list[dict]]:
    real = read_yaml_list("counties", "counties")
    regions = read_yaml_list("regions", "regions")
    chosen = [dict(c) for c in real[:n]]
    for i in range(len(chosen), n):
        region = 12 + (i - len(real)) // 6
        chosen.append(
            {
                "slug": f"synthetic-{i:04d}",
                "name": f"Synthetic {i:04d}",
                "fips": f"{90000 + i:05d}",
                "region": min(region, 99),
                "coe": f"Synthetic {i:04d} County Office of Education",
            }
        )
    for number in sorted({c["region"] for c in chosen} - {r["number"] for r in regions}):
        regions.append({"number": number, "name": f"Synthetic region {number}"})
    return chosen, regions


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,'()/:@+_-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WRAP = 96
"""Long text is folded (`>-`) at about this width, as contributors' files are."""


def scalar(value: object) -> str:
    """A value as a contributor writes it: plain where YAML reads it back the same, else quoted."""
    import yaml

    if isinstance(value, bool | int | float):
        return json.dumps(value)
    text = str(value)
    if _DATE.fullmatch(text) or (
        _PLAIN.fullmatch(text) and ": " not in text and not text.endswith(":") and yaml.safe_load(text) == text
    ):
        return text
    return json.dumps(text)


def block(item: dict, indent: int) -> list[str]:
    """One list item in block style: `- key: value` lines, lists of terms in brackets, long
    text folded, nested mappings indented (like the sample files in counties/)."""
    lines = []
    pad = " " * indent
    for number, (key, value) in enumerate(item.items()):
        lead = f"{pad}- " if number == 0 else f"{pad}  "
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{pad}    {k}: {scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, str) and len(value) > WRAP - indent - len(key):
            lines.append(f"{lead}{key}: >-")
            lines += textwrap.wrap(value, WRAP, initial_indent=f"{pad}    ", subsequent_indent=f"{pad}    ")
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def list_lines(key: str, items: list[dict]) -> list[str]:
    if not items:
        return [f"{key}: []"]
    return [f"{key}:"] + [line for item in items for line in block(item, 2)]


def write_list_file(path: Path, schema: str, key: str, items: list[dict]) -> None:
    lines = [MODELINE.format(schema), *list_lines(key, items)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(n_counties: int, n_assets: int, n_cycles: int, out: Path, seed: int = 7) -> None:
    import yaml

    rng = random.Random(seed)
    vocab = yaml.safe_load((SHARED / "vocabularies.yml").read_text(encoding="utf-8"))
    terms = {name: list(values) for name, values in vocab.items()}
    if out.exists():
        shutil.rmtree(out)
    (out / "_shared").mkdir(parents=True)
    shutil.copyfile(SHARED / "vocabularies.yml", out / "_shared" / "vocabularies.yml")
    shutil.copyfile(SHARED / "checklist.yml", out / "_shared" / "checklist.yml")
    shutil.copyfile(SHARED / "synonyms.yml", out / "_shared" / "synonyms.yml")
    chosen, regions = counties(n_counties)
    write_list_file(out / "_shared" / "counties.yml", "counties", "counties", chosen)
    write_list_file(out / "_shared" / "regions.yml", "regions", "regions", regions)
    partners = [
        {
            "id": f"partner-{i:04d}",
            "name": sentence(rng, 4)[:-1],
            "type": rng.choice(terms["partner_types"]),
            "website": f"https://partner-{i}.example.org/",
        }
        for i in range(max(20, n_counties * 2))
    ]
    write_list_file(out / "_shared" / "partners.yml", "partners", "partners", partners)
    by_region: dict[int, list[str]] = {}
    for county in chosen:
        by_region.setdefault(county["region"], []).append(county["slug"])

    for county in chosen:
        folder = out / county["slug"]
        folder.mkdir()
        neighbours = [s for s in by_region[county["region"]] if s != county["slug"]]
        assets = []
        for i in range(n_assets):
            temporary = rng.random() < 0.5
            item = {
                "id": f"asset-{i:03d}",
                "name": sentence(rng, 6)[:-1],
                "summary": sentence(rng, 38),
                "kind": rng.choice(terms["asset_kinds"]),
                "subjects": rng.sample(terms["subjects"], rng.randint(1, 2)),
                "grades": rng.sample(terms["grade_bands"], rng.randint(1, 3)),
                "audiences": rng.sample(terms["audiences"], rng.randint(1, 2)),
                "focus": rng.sample(terms["focus_areas"], rng.randint(1, 3)),
                "duration": "temporary" if temporary else "enduring",
                "partners": [p["id"] for p in rng.sample(partners, rng.randint(0, 3))],
            }
            if temporary:
                item.update(starts="2024-07-01", ends="2025-06-30")
            if neighbours and i % 10 == 0:
                item["counties"] = rng.sample(neighbours, min(2, len(neighbours)))
            if i % 4 == 0:
                item["location"] = {
                    "name": "Somewhere",
                    "lat": round(rng.uniform(33, 41), 3),
                    "lon": round(rng.uniform(-123, -115), 3),
                }
            assets.append(item)
        needs = [
            {
                "id": f"need-{i:03d}",
                "statement": sentence(rng, 24),
                "subjects": rng.sample(terms["subjects"], 1),
                "grades": rng.sample(terms["grade_bands"], 2),
                "focus": rng.sample(terms["focus_areas"], 2),
                "evidence": sentence(rng, 12),
                "priority": rng.choice(["high", "medium", "low"]),
            }
            for i in range(max(1, n_assets // 4))
        ]
        goals = [
            {
                "id": f"goal-{i:03d}",
                "statement": sentence(rng, 18),
                "needs": [needs[i % len(needs)]["id"]],
                "assets": [assets[i % len(assets)]["id"]] if assets else [],
            }
            for i in range(max(1, n_assets // 8))
        ]
        actions = [
            {
                "id": f"action-{i:03d}",
                "step": sentence(rng, 14),
                "goal": goals[i % len(goals)]["id"],
                "owner": "Coordinator",
                "due": "2025-05-30",
                "status": rng.choice(["planned", "in-progress", "done"]),
            }
            for i in range(max(1, n_assets // 4))
        ]
        for c in range(n_cycles):
            start = 2025 - n_cycles + 1 + c
            cycle = f"{start}-{(start + 1) % 100:02d}"
            kept = assets[: max(0, n_assets - (n_cycles - 1 - c) * 2)]  # later cycles add assets
            lines = [
                MODELINE.format("county"),
                "# Synthetic benchmark data.",
                f"updated: {start}-10-01",
                *list_lines(
                    "contacts", [{"role": "Coordinator", "name": "Example Person", "email": "person@example.org"}]
                ),
            ]
            for key, items in (("assets", kept), ("needs", needs), ("goals", goals), ("actions", actions)):
                lines += list_lines(key, items)
            text = "\n".join(lines) + "\n"
            if not kept:
                text = text.replace("assets: [asset-000]", "assets: []")
            (folder / f"{cycle}.yml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=58)
    parser.add_argument("--assets", type=int, default=40)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.counties, args.assets, args.cycles, args.out)
    print(f"Wrote {args.counties} counties x {args.assets} assets x {args.cycles} cycles to {args.out}")


if __name__ == "__main__":
    main()
