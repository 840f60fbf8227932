#!/usr/bin/env python3
"""Random Markdown documents through `copydesk check`, to find panics and broken invariants.

    scripts/random-markdown.py [--documents N] [--seeds FIRST:LAST] [--binary PATH]

Each seed writes N documents (default 1,000) of 1 to 80 pieces drawn from the grammar below:
links, images, emphasis, lists, tables, footnotes, code, HTML, comments, quotation marks,
sentence ends and copy the rules look at. They are checked with the debug build by default
(`cargo build` first), whose assertions include that paragraphs, sentences and segments
follow one another without overlapping. Any exit status above 1 is a failure: the script
names the document and prints it. The property tests (`tests/properties.rs`) run a smaller
grammar in CI; this one is for a longer search by hand (docs/ROBUSTNESS.md).
"""

import argparse
import pathlib
import random
import subprocess
import sys
import tempfile

PIECES = [
    # Links, images, references and footnotes.
    "[", "]", "](x)", "![", "![a](p.png)", "[He left.](u)", "[a]: http://x", "[ref][a]",
    "![b][a]", "[^1]", "[^1]: note", "<http://x.y>",
    # Emphasis, code and HTML.
    "**", "*", "_", "`", "``", "~~", "```\n", "    ", "<b>", "</b>", "<img src=x>",
    "<!-- x -->", "<!-- copydesk-disable -->", "&amp;", "\\",
    # Quotation marks and sentence ends.
    '"', "“", "”", "'", "’", "‘", "«", "»", ". ", ".", "?", "!", "…", "...", "(", ")",
    # Blocks and line ends.
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "- ", "1. ", "> ", "# ", "## ", "|", "| --- |",
    "---\n", "+++\n", "===",
    # Copy the rules read.
    "Kim said", "The regime fell", "Kiev", "last year", "critics say", "WASHINGTON (AP) — ",
    "Mr.", "U.S.", "Image: ", "By Ann Lee", "Q:", "A:", "$", "\u00a0", "é", "😀",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seeds", default="1:10", help="FIRST:LAST, inclusive")
    parser.add_argument("--binary", default="target/debug/copydesk")
    args = parser.parse_args()
    first, last = (int(part) for part in args.seeds.split(":"))
    failures = 0
    for seed in range(first, last + 1):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as directory:
            folder = pathlib.Path(directory)
            for index in range(args.documents):
                pieces = rng.randint(1, 80)
                text = "".join(rng.choice(PIECES) for _ in range(pieces))
                (folder / f"{index}.md").write_text(text, encoding="utf-8")
            run = subprocess.run(
                [args.binary, "check", str(folder), "--format", "json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if run.returncode <= 1:
                continue
            failures += 1
            for path in sorted(folder.glob("*.md"), key=lambda p: int(p.stem)):
                one = subprocess.run(
                    [args.binary, "check", str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                if one.returncode > 1:
                    print(f"seed {seed}, document {path.stem}: exit {one.returncode}")
                    print(repr(path.read_text(encoding="utf-8")))
                    print(one.stderr.decode(errors="replace").splitlines()[1:2])
                    break
    documents = (last - first + 1) * args.documents
    print(f"{documents} documents, {failures} seeds with a failure")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
