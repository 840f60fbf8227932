#!/usr/bin/env python3
"""Write the seed inputs of the `incremental_edits` fuzz target into seeds/incremental_edits/.

Each seed is a kind byte, a starting story from seeds/engine/, a NUL byte and a few edits
in the format the target's header describes. Run from fuzz/: python3 seeds/make_incremental_seeds.py
"""
import pathlib
import random
import struct

HERE = pathlib.Path(__file__).parent
TOKEN_COUNT = 50  # at least as many as TOKENS in fuzz_targets/incremental_edits.rs


def insert_bytes(at, data):
    return bytes([0]) + struct.pack("<H", at) + bytes([len(data)]) + data


def delete(at, length):
    return bytes([1]) + struct.pack("<H", at) + bytes([length])


def token(at, index):
    return bytes([2]) + struct.pack("<H", at) + bytes([index])


def replace(at, length, index):
    return bytes([3]) + struct.pack("<H", at) + bytes([length, index])


def main():
    rng = random.Random(7)
    out = HERE / "incremental_edits"
    out.mkdir(exist_ok=True)
    for kind, name in [(0, "seed_story.txt"), (0, "wikinews_news_worship.txt"),
                       (1, "markdown.md"), (1, "line_ends.txt")]:
        text = (HERE / "engine" / name).read_bytes()
        edits = b""
        # Typing at the end, one character at a time, then a paragraph break.
        for ch in b'Kim said "it works.':
            edits += insert_bytes(len(text) + 1, bytes([ch]))
        edits += token(len(text) // 2, 11)
        # Edits here and there: tokens, deletions, replacements.
        for _ in range(24):
            at = rng.randrange(len(text) + 1)
            op = rng.randrange(3)
            if op == 0:
                edits += token(at, rng.randrange(TOKEN_COUNT))
            elif op == 1:
                edits += delete(at, rng.randrange(1, 40))
            else:
                edits += replace(at, rng.randrange(0, 20), rng.randrange(TOKEN_COUNT))
        seed = bytes([kind]) + text + b"\0" + edits
        (out / (pathlib.Path(name).stem + ".bin")).write_bytes(seed)


if __name__ == "__main__":
    main()
