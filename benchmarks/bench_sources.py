"""Speed and memory of real-world sources, against baselines measured in the same run.

  python benchmarks/bench_sources.py [--articles 120] [--small 100] [--large 1000]

- HTML end to end: words/s of `newsld convert` over web pages vs over the same articles' extracted
  text as .txt files (target >= 0.8x: extracting main text and metadata must not dominate);
- WARC memory: peak RSS converting a 1,000-record archive vs a 100-record one (target <= 1.2x).
Pages are the dev corpus texts (../shared) and the bundled articles, wrapped in a page template with
navigation, a JSON-LD block, related links and a footer; archives are built with warcio.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
from pathlib import Path

from _common import FIXTURES, report
from bench_convert import corpus_texts, run

sys.path.insert(0, str(FIXTURES / "sources"))

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Bench Herald</title>
<link rel="canonical" href="https://herald.example.org/story/{n}">
<meta property="og:site_name" content="The Bench Herald">
<script type="application/ld+json">{ld}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{body}
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather warning for the coast</a></li></ul></aside></main>
<footer><p>© The Bench Herald</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>
"""


def page(n: int, text: str) -> bytes:
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    title = paragraphs[0][:90]
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": "2025-05-01T08:00:00+00:00",
                     "author": {"@type": "Person", "name": "Staff Reporter"}})
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return TEMPLATE.format(title=html.escape(title), n=n, ld=ld, body=body).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from build_archives import many_records

    from newsld.sources.base import Limits
    from newsld.sources.html import read_page

    texts = corpus_texts()
    newsld = [sys.executable, "-m", "newsld"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages_dir, text_dir = root / "pages", root / "texts"
        pages_dir.mkdir()
        text_dir.mkdir()
        words = 0
        for i in range(args.articles):
            data = page(i, texts[i % len(texts)])
            (pages_dir / f"p{i:05}.html").write_bytes(data)
            extracted = read_page(data, "p", "p", "p", Limits()).text
            (text_dir / f"p{i:05}.txt").write_text(extracted, encoding="utf-8")
            words += len(extracted.split())
        print(f"{args.articles} pages, {words:,} words of extracted text")
        html_runs, text_runs = [], []
        for _ in range(args.repeat):  # alternate, keep the best of each: other load hits both alike
            text_runs.append(run([*newsld, "convert", str(text_dir), "-o", str(root / "o1"), "-q"])[0])
            html_runs.append(run([*newsld, "convert", str(pages_dir), "-o", str(root / "o2"), "-q"])[0])
        report("end-to-end words/s: HTML pages vs their extracted text", words / min(html_runs),
               words / min(text_runs), ">= 0.8x")

        pages = [page(i, t) for i, t in enumerate(texts)]
        paragraphs = [p for t in texts for p in t.split("\n\n") if len(p.split()) >= 40]
        short_pages = [page(i, p) for i, p in enumerate(paragraphs)] or pages
        sizes = {}
        for count in (args.small, args.large):
            archive = root / f"crawl-{count}.warc.gz"
            with archive.open("wb") as handle:
                for record in many_records(count, short_pages):
                    handle.write(record)
            _, sizes[count] = run([*newsld, "convert", str(archive), "-o", str(root / f"w{count}"), "-q"])
        print(f"{f'peak memory, WARC of {args.large} vs {args.small} records (MiB)':58} ours "
              f"{sizes[args.large] / 1024:12,.1f}   baseline {sizes[args.small] / 1024:12,.1f}   ratio "
              f"{sizes[args.large] / sizes[args.small]:5.2f}x   target <= 1.2x")


if __name__ == "__main__":
    main()
