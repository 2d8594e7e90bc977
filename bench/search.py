#!/usr/bin/env python3
"""Search benchmark: index build time and bytes a first query transfers, planportal against
Pagefind, on the synthetic bilingual site.

    python3 bench/search.py                      # N = 10,000
    python3 bench/search.py 10000 --runs 3 --pagefind /path/to/node_modules/.bin/pagefind

For N it
  1. builds the default site plus N bilingual generated news pages (as bench/run.py does) with
     the release binary and `--timings`, `--runs` times, and reports the median wall time of
     the whole build, of writing the search index (tokenising, stemming, sharding, writing:
     the `search` line) and the CPU time of handing pages to the index (`listen`: text
     extraction, done while rendering);
  2. reports the index: files and bytes of the entry files, chunks, page tables and fragments;
  3. with --pagefind (the binary `npm install pagefind` brings; not part of this repository),
     runs it on the same built output (`pagefind --site OUT`), `--runs` times, and reports its
     median wall time and output size;
  4. opens both search pages in Chromium with a two-word query and counts the bytes transferred
     (tests/search_transfer.rs), for planportal and, with --pagefind, for Pagefind's own script
     on the same output and query.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402

REPO = bench.REPO
QUERIES = "zh:性能 缓存;en:cache memory"


def size(folder, pattern="*"):
    files = [p for p in Path(folder).rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", default="/dev/shm/planportal-bench")
    ap.add_argument("--pagefind", help="path of the pagefind binary (npm install pagefind)")
    ap.add_argument("--queries", default=QUERIES, help="lang:query;lang:query")
    args = ap.parse_args()

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "planportal"
    site = bench.planportal_site(args.n, work)
    out = work / f"out-search-{args.n}"
    walls, searches, listens = [], [], []
    for _ in range(args.runs):
        if out.exists():
            subprocess.run(["rm", "-rf", str(out)], check=True)
        start = time.perf_counter()
        done = subprocess.run([str(binary), "build", "--timings", "--output", str(out)], cwd=site,
                              check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        for line in done.stdout.splitlines():
            parts = line.split()
            if parts and parts[0] == "search":
                searches.append(float(parts[1]) / 1000)
            if parts and parts[0] == "listen":
                listens.append(float(parts[1]) / 1000)
    print(f"N = {args.n:,}: planportal build {statistics.median(walls):.2f} s wall; search index written in "
          f"{statistics.median(searches):.2f} s wall after the pages; text extraction {statistics.median(listens):.2f} s CPU "
          f"while rendering ({args.runs} run(s), median)")
    for prefix in ["", "en/"]:
        s = out / prefix / "search"
        entry = (s / "index.json").stat().st_size
        chunks = size(s / "c")
        tables = size(s / "p")
        frags = size(s / "f")
        print(f"  {prefix or 'zh/'}search: entry {entry / 1000:.1f} KB; {chunks[0]} chunks {chunks[1] / 1e6:.1f} MB "
              f"(largest {max(p.stat().st_size for p in (s / 'c').iterdir()) / 1000:.0f} KB); "
              f"{tables[0]} page tables {tables[1] / 1e6:.2f} MB; {frags[0]} fragments {frags[1] / 1e6:.1f} MB")

    env = dict(os.environ, SEARCH_SITE=str(out), SEARCH_QUERIES=args.queries)
    if args.pagefind:
        pf_walls = []
        for _ in range(args.runs):
            subprocess.run(["rm", "-rf", str(out / "pagefind")], check=True)
            start = time.perf_counter()
            subprocess.run([args.pagefind, "--site", str(out)], check=True, stdout=subprocess.DEVNULL)
            pf_walls.append(time.perf_counter() - start)
        files, total = size(out / "pagefind")
        idx = size(out / "pagefind", "*.pf_index")
        frag = size(out / "pagefind", "*.pf_fragment")
        print(f"pagefind: indexed in {statistics.median(pf_walls):.2f} s wall ({args.runs} run(s), median); "
              f"{files} files, {total / 1e6:.1f} MB ({idx[0]} chunks {idx[1] / 1e6:.1f} MB, "
              f"{frag[0]} fragments {frag[1] / 1e6:.1f} MB; compressed as Pagefind writes them)")
        env["PAGEFIND"] = "1"
    subprocess.run(["cargo", "test", "--quiet", "--test", "search_transfer", "--",
                    "--ignored", "--nocapture"], cwd=REPO, env=env, check=True)


if __name__ == "__main__":
    main()
