#!/usr/bin/env python3
"""Build-speed benchmark: planportal against Hugo on the same synthetic bilingual site.

    python3 bench/run.py                 # N = 1,000 and 10,000
    python3 bench/run.py 1000 10000 50000 --runs 3
    python3 bench/run.py 1000 --no-hugo

For each N it
  1. generates the synthetic site with ../shared/bench/gen_site.py (flavour `plain`, and
     `hugo` when Hugo is installed), cached under the work folder;
  2. puts the generated `content/news/` into a copy of the default site (config, content,
     data, theme), so planportal builds the plan portal *plus* N bilingual news pages, their
     paginated list (20 a page), one page per tag (paginated by 20) and the sitemap;
  3. builds it with the release binary, output on tmpfs (/dev/shm: this machine's disk is slow
     at deleting and rewriting trees, which swamps the comparison), `--runs` times;
  4. builds the Hugo flavour the same way (`hugo --quiet --minify`), when `hugo` is on PATH;
  5. prints median wall time, CPU time (user + system) and peak memory (max RSS) of each
     tool, the HTML pages each produced, and the ratio planportal / Hugo;
  6. prints the weight of each tool's HTML: all `.html` files, the `<main>` elements in them,
     the same news page (`news/p00042/`, Chinese) whole and its `<main>`, and the pages both
     tools write (same paths: news pages, their lists, tag pages) — the same content, which
     the weight target is judged on; planportal's plan pages have no Hugo counterpart;
  7. with --serve, starts `planportal serve` on the largest site, edits one page's text
     several times and reports the time from saving the file to the server answering with
     the new page (debounce, incremental rebuild and HTTP included).

Timing and memory come from os.wait4 on each build process: exact per-process figures.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_site.py"


def run_measured(cmd, cwd):
    """Runs cmd; returns (wall seconds, cpu seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def count_html(folder):
    return sum(1 for _ in Path(folder).rglob("*.html"))


MAIN = re.compile(rb"<main[ >].*?</main>", re.S)


def html_weights(folder):
    """{relative path: (bytes of the HTML file, bytes of its <main> element)}."""
    sizes = {}
    for f in Path(folder).rglob("*.html"):
        data = f.read_bytes()
        m = MAIN.search(data)
        sizes[f.relative_to(folder).as_posix()] = (len(data), len(m.group(0)) if m else 0)
    return sizes


def page_weight(folder, rel="news/p00042/index.html"):
    """(bytes of one page, bytes of its <main>), or None when the page is missing."""
    f = Path(folder) / rel
    if not f.exists():
        return None
    data = f.read_bytes()
    m = MAIN.search(data)
    return len(data), len(m.group(0)) if m else 0


def print_weight(label, out):
    sizes = html_weights(out)
    total = sum(s[0] for s in sizes.values())
    main = sum(s[1] for s in sizes.values())
    page = page_weight(out)
    one = f"news/p00042/ {page[0]:,} B, <main> {page[1]:,} B" if page else "news/p00042/ missing"
    print(f"  {label:<11} HTML {total / 1e6:8.1f} MB, <main> {main / 1e6:8.1f} MB; {one}", flush=True)
    return total, main, page, sizes


def same_content(wp, wh):
    """HTML bytes of the pages both tools write (same paths: the news pages, their lists and
    the tag pages), per tool, and how many pages that is. The plan portal's own pages (tasks,
    projects, services, indicators, open data) have no counterpart in the Hugo site."""
    both = wp[3].keys() & wh[3].keys()
    return sum(wp[3][k][0] for k in both), sum(wh[3][k][0] for k in both), len(both)


def generate(n, flavour, work):
    target = work / f"gen-{flavour}-{n}"
    if not (target / "content").exists():
        subprocess.run([sys.executable, str(GEN), str(n), str(target), "--flavour", flavour, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def planportal_site(n, work):
    """A copy of the default site with the generated news pages added."""
    site = work / f"site-{n}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for part in ["content", "data", "themes"]:
        shutil.copytree(REPO / part, site / part)
    shutil.copy(REPO / "config.toml", site / "config.toml")
    generated = generate(n, "plain", work) / "content" / "news"
    for f in generated.iterdir():
        if not f.name.startswith("_index"):
            shutil.copy(f, site / "content" / "news" / f.name)
    return site


def measure(label, cmd, cwd, out, runs):
    results = []
    for _ in range(runs):
        if out.exists():
            shutil.rmtree(out)
        results.append(run_measured(cmd, cwd))
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    rss = max(r[2] for r in results)
    pages = count_html(out)
    print(f"  {label:<11} {wall:8.2f} s wall  {cpu:8.2f} s CPU  {rss:8.0f} MiB peak  {pages:7d} HTML pages", flush=True)
    if runs > 1:
        walls = [r[0] for r in results]
        cpus = [r[1] for r in results]
        print(f"  {'':<11} min–max {min(walls):.2f}–{max(walls):.2f} s wall, {min(cpus):.2f}–{max(cpus):.2f} s CPU", flush=True)
    return wall, cpu, rss, pages


def measure_serve(binary, site, edits=8):
    """Median ms from saving a one-page edit to `planportal serve` serving the new page."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(site / "serve.log", "w")
    proc = subprocess.Popen([str(binary), "serve", "--port", str(port)], cwd=site, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/news/p00042/"
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except Exception:
                time.sleep(0.5)
        time.sleep(3)  # let the first search index write finish
        page = site / "content" / "news" / "p00042.md"
        times = []
        for n in range(edits):
            text = page.read_text(encoding="utf-8")
            marker = f"EDIT-MARKER-{n}-{time.time_ns()}"
            text = text.replace("## ", f"{marker}\n\n## ", 1)
            start = time.perf_counter()
            page.write_text(text, encoding="utf-8")
            while time.perf_counter() - start < 30:
                try:
                    if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8"):
                        break
                except Exception:
                    pass
                time.sleep(0.002)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.7)
        return statistics.median(times), times
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def print_targets(summary):
    """The targets of issue 16, each with the figure measured in this run."""
    by_n = {s[0]: s for s in summary}
    lines = []

    def check(label, value, limit, unit="×"):
        ok = value <= limit
        lines.append(f"  {'met    ' if ok else 'NOT met'} {label}: {value:.2f}{unit} (target ≤ {limit}{unit})")

    for n, limit in [(1000, 0.4), (10000, 0.33)]:
        s = by_n.get(n)
        if s and s[2]:
            check(f"{n:,} pages, wall time / Hugo's", s[1][0] / s[2][0], limit)
            check(f"{n:,} pages, CPU time / Hugo's", s[1][1] / s[2][1], limit)
    if 1000 in by_n and 10000 in by_n:
        check("growth 1,000 → 10,000 pages, wall time", by_n[10000][1][0] / by_n[1000][1][0], 10)
    for n in (1000, 10000):
        s = by_n.get(n)
        if s and s[4]:
            p_same, h_same, _ = same_content(s[3], s[4])
            check(f"{n:,} pages, HTML of the pages both write / Hugo's", p_same / h_same, 1.5)
            lines.append(f"  (info)  {n:,} pages, all HTML / Hugo's, the plan portal's own pages included: "
                         f"{s[3][0] / s[4][0]:.2f}×")
            if s[3][2] and s[4][2]:
                check(f"{n:,} pages, news/p00042/ <main> / Hugo's", s[3][2][1] / s[4][2][1], 1.0)
    if 10000 in by_n and 100000 in by_n:
        check("100,000 pages, wall time / 10,000 pages'", by_n[100000][1][0] / by_n[10000][1][0], 11)
        check("100,000 pages, peak memory", by_n[100000][1][2] / 1024, 1.5, " GiB")
    if lines:
        print("targets (issue 16):")
        print("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3, help="builds per tool and size (median reported)")
    ap.add_argument("--work", default="/dev/shm/planportal-bench", help="work folder (tmpfs recommended)")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo even if installed")
    ap.add_argument("--serve", action="store_true", help="also time a one-page edit in `serve` on the largest site")
    ap.add_argument("--hugo-max", type=int, default=10000,
                    help="largest N Hugo is run on (at 100,000 it needs more memory and time than the machine has)")
    ap.add_argument("--keep-output", action="store_true", help="keep the outputs below 100,000 pages for inspection")
    args = ap.parse_args()

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "planportal"
    hugo = None if args.no_hugo else shutil.which("hugo")
    print(f"machine: {os.cpu_count()} cores; output on {work}")
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
        print(f"hugo: {version}")
    else:
        print("hugo: not installed (apt-get install hugo) — planportal only")

    summary = []
    for n in args.sizes:
        print(f"N = {n:,} bilingual pages")
        site = planportal_site(n, work)
        out = work / f"out-planportal-{n}"
        pp = measure("planportal", [str(binary), "build", "--output", str(out)], site, out, args.runs)
        hg = None
        if hugo and n <= args.hugo_max:
            hsite = generate(n, "hugo", work)
            hout = work / f"out-hugo-{n}"
            hg = measure("hugo", [hugo, "--quiet", "--minify", "-d", str(hout)], hsite, hout, args.runs)
            print(f"  ratio       {pp[0] / hg[0]:8.2f} × wall  {pp[1] / hg[1]:8.2f} × CPU  {pp[2] / hg[2]:8.2f} × memory")
        elif hugo:
            print(f"  hugo        not run above --hugo-max {args.hugo_max:,}")
        wp = print_weight("planportal", out)
        if hg:
            wh = print_weight("hugo", hout)
            line = f"  weight      {wp[0] / wh[0]:8.2f} × HTML  {wp[1] / wh[1]:8.2f} × <main>"
            if wp[2] and wh[2]:
                line += f"  {wp[2][1] / wh[2][1]:8.2f} × the news page's <main>"
            print(line)
            p_same, h_same, n_same = same_content(wp, wh)
            only = wp[0] - p_same
            print(f"  same pages  {n_same:,} pages both write: {p_same / 1e6:.1f} MB vs {h_same / 1e6:.1f} MB, "
                  f"{p_same / h_same:.2f} × HTML; planportal's pages with no counterpart: {only / 1e6:.1f} MB")
        if n >= 100000 or not args.keep_output:
            # Large outputs do not stay on tmpfs after they are measured.
            shutil.rmtree(out, ignore_errors=True)
        summary.append((n, pp, hg, wp, wh if hg else None))

    for (n0, p0, *_), (n1, p1, *_) in zip(summary, summary[1:]):
        print(f"growth: {n1 // n0}× the pages ({n0:,} → {n1:,}) took {p1[0] / p0[0]:.1f}× the wall time, {p1[1] / p0[1]:.1f}× the CPU time")
    largest = [s for s in summary if s[0] >= 100000]
    for n, p, *_ in largest:
        print(f"scale: N = {n:,}: {p[0]:.1f} s wall, {p[1]:.1f} s CPU, peak {p[2]:,.0f} MiB ({p[3]:,} HTML pages)")
    print_targets(summary)
    if args.serve:
        n = max(args.sizes)
        median, times = measure_serve(binary, work / f"site-{n}")
        print(f"serve, N = {n:,}: one-page edit to new page served: median {median:.0f} ms ({', '.join(f'{t:.0f}' for t in times)})")


if __name__ == "__main__":
    main()
