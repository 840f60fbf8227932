#!/usr/bin/env python3
"""Write the seed inputs of the `incremental_edits` fuzz target into seeds/incremental_edits/.

Each seed is a flags byte, a starting story from seeds/engine/, a NUL byte and a few edits
in the format the target's header describes. Run from fuzz/: python3 seeds/make_incremental_seeds.py
"""
import pathlib
import random
import struct

HERE = pathlib.Path(__file__).parent
TOKEN_COUNT = 50  # at least as many as TOKENS in fuzz_targets/incremental_edits.rs
# Inputs kept as the fuzzer found them, not written here.
FOUND_BY_FUZZING = {"image_description_inside_its_paragraph.bin"}


def offset(fraction):
    """An offset operand: `fraction` (0 to 1) of the way into the text."""
    return struct.pack("<H", min(int(fraction * 65536), 65535))


def insert_bytes(at, data):
    return bytes([0]) + offset(at) + bytes([len(data)]) + data


def delete(at, length):
    return bytes([1]) + offset(at) + bytes([length])


def token(at, index):
    return bytes([2]) + offset(at) + bytes([index])


def replace(at, length, index):
    return bytes([3]) + offset(at) + bytes([length, index])


def delete_long(at, fraction):
    return bytes([4]) + offset(at) + offset(fraction)


def edits(rng, count):
    out = b""
    for _ in range(count):
        at = rng.random()
        op = rng.randrange(3)
        if op == 0:
            out += token(at, rng.randrange(TOKEN_COUNT))
        elif op == 1:
            out += delete(at, rng.randrange(1, 40))
        else:
            out += replace(at, rng.randrange(0, 20), rng.randrange(TOKEN_COUNT))
    return out


def main():
    rng = random.Random(7)
    out = HERE / "incremental_edits"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        if old.name not in FOUND_BY_FUZZING:
            old.unlink()
    # Short texts (flags 0 plain, 1 Markdown): typing at the end one character at a time,
    # a paragraph break in the middle, then edits here and there.
    for kind, name in [(0, "seed_story.txt"), (0, "wikinews_news_worship.txt"),
                       (1, "markdown.md"), (1, "line_ends.txt")]:
        text = (HERE / "engine" / name).read_bytes()
        typed = b"".join(insert_bytes(1.0, bytes([ch])) for ch in b'Kim said "it works.')
        seed = bytes([kind]) + text + b"\0" + typed + token(0.5, 11) + edits(rng, 24)
        (out / (pathlib.Path(name).stem + ".bin")).write_bytes(seed)
    # Long texts (flag 2): a few edits here and there, one that deletes a tenth of the text.
    for kind, name in [(2, "seed_story.txt"), (3, "markdown.md")]:
        text = (HERE / "engine" / name).read_bytes()
        seed = bytes([kind]) + text + b"\0" + edits(rng, 2) + delete_long(0.3, 0.1) + edits(rng, 1)
        (out / ("long_" + pathlib.Path(name).stem + ".bin")).write_bytes(seed)
    # The Markdown of fixed bugs (links and images inside paragraphs, markup between
    # sentences), typed into and edited as the short texts are. Last, so that the seeds
    # above stay as they were.
    for name in ["links_and_images_inside_paragraphs.md", "markup_between_sentences.md"]:
        text = (HERE / "engine" / name).read_bytes()
        typed = b"".join(insert_bytes(1.0, bytes([ch])) for ch in b' **He left.** Then')
        seed = bytes([1]) + text + b"\0" + typed + token(0.5, 11) + edits(rng, 24)
        (out / (pathlib.Path(name).stem + ".bin")).write_bytes(seed)


if __name__ == "__main__":
    main()
