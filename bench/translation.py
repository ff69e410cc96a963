"""How long machine translation takes (bokmål → nynorsk with Apertium), for the README.

    .venv/bin/python bench/translation.py [--words 2000] [--runs 5]

Translates a consultation text of about --words words (paragraphs of municipal prose, with
Markdown emphasis, links and addresses) as the admin's "draft nynorsk" does (`translate_text`),
and a resident's idea as HTML (`translate_html`), each --runs times, and prints the median and the
slowest run, and the words per second. The machine's load average is printed beside the figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPHS = [
    "Kommunen ønsker innspill fra innbyggerne, lag og foreninger til forslaget om ny "
    "kommunedelplan for sykkel og gange. Planen skal gjøre det tryggere og enklere å sykle og gå "
    "til skole, jobb og fritidsaktiviteter.",
    "Forslaget bygger på **innspill fra folkemøtene** i fjor og på en kartlegging av trafikken "
    "langs de viktigste skoleveiene. Se [kartet over traseene](https://kart.example.no/sykkel) "
    "før du svarer.",
    "Vi vil særlig høre hva du mener om prioriteringen av tiltakene, om forslaget til nye "
    "sykkelveier langs fylkesveien og om parkering for sykler ved kollektivknutepunktene.",
    "Høringsfristen er seks uker etter at planen er lagt ut. Spørsmål kan sendes til "
    "postmottak@kommune.example.no. Alle høringssvar blir offentlige og blir lagt fram for "
    "kommunestyret sammen med kommunedirektørens vurdering.",
]


def text_of(words: int) -> str:
    out, count, n = [], 0, 0
    while count < words:
        paragraph = PARAGRAPHS[n % len(PARAGRAPHS)]
        out.append(paragraph)
        count += len(paragraph.split())
        n += 1
    return "\n\n".join(out)


def timed(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from app import create_app
    from app.core.translation import can_translate, translate_html, translate_text

    app = create_app("testing")
    with app.app_context():
        if not can_translate("nb", "nn"):
            print("Apertium (apertium-nno-nob) is not installed: nothing to measure.")
            return 1
        text = text_of(args.words)
        words = len(text.split())
        html = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[:4])
        html_words = len(" ".join(text.split("\n\n")[:4]).split())
        rows = [("consultation text (Markdown)", words, timed(
                    lambda: translate_text(text, "nb", "nn"), args.runs)),
                ("idea (HTML)", html_words, timed(
                    lambda: translate_html(html, "nb", "nn"), args.runs))]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, {args.runs} runs each")
    print(f"{'text':32} {'words':>6} {'median s':>9} {'max s':>7} {'words/s':>8}")
    for name, count, times in rows:
        median = statistics.median(times)
        print(f"{name:32} {count:6d} {median:9.2f} {max(times):7.2f} {count / median:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
