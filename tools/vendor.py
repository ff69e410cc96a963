"""`make vendor`: take the front-end libraries from npm and commit their built files.

Run at vendoring time only (it needs `npm`); `make run` and the tests use the committed files
under app/static/vendor/ and never need Node. Each library gets its LICENSE and a VERSION file
naming the npm package, version and integrity, so an audit can tell what is served.

- Designsystemet (Digdir, MIT): `@digdir/designsystemet-css` gives one CSS file per component;
  only the components in COMPONENTS are concatenated (with `base.css`) into designsystemet.css,
  and the default theme (its tokens) into theme.css.
- Leaflet (BSD-2-Clause): the map library, its CSS and marker images.

    python -m tools.vendor            # fetch the pinned versions and write app/static/vendor/
    python -m tools.vendor --check    # exit 1 when the committed files differ from npm's
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "app" / "static" / "vendor"

DESIGNSYSTEMET = "@digdir/designsystemet-css@1.22.0"
LEAFLET = "leaflet@1.9.4"

#: The Designsystemet components Tinget's templates use (files of dist/src/ in the package).
#: Add one here when a template starts using its classes, then run `make vendor`.
COMPONENTS = [
    "alert", "breadcrumbs", "button", "card", "details", "error-summary", "field", "fieldset",
    "input", "label", "link", "pagination", "skip-link", "table", "tag", "validation-message",
]


def npm_pack(spec: str, workdir: Path) -> tuple[Path, dict]:
    """Download one package tarball with `npm pack` and unpack it; its root and npm's record."""
    out = subprocess.run(["npm", "pack", spec, "--json", "--silent"], cwd=workdir,
                         check=True, capture_output=True, text=True).stdout
    record = json.loads(out)[0]
    target = workdir / record["name"].replace("/", "_").lstrip("@")
    target.mkdir()
    with tarfile.open(workdir / record["filename"]) as archive:
        archive.extractall(target, filter="data")
    return target / "package", record


def write_version(folder: Path, record: dict, files: list[str]) -> None:
    (folder / "VERSION").write_text(
        f"package: {record['name']}\nversion: {record['version']}\n"
        f"integrity: {record['integrity']}\nfiles: {', '.join(files)}\n", encoding="utf-8")


def vendor_designsystemet(workdir: Path, out: Path) -> None:
    package, record = npm_pack(DESIGNSYSTEMET, workdir)
    out.mkdir(parents=True, exist_ok=True)
    src = package / "dist" / "src"
    header = (f"/* {record['name']} {record['version']} (MIT, see LICENSE): base + "
              f"{', '.join(COMPONENTS)}. Written by tools/vendor.py; do not edit. */\n")
    parts = [header, (src / "base.css").read_text(encoding="utf-8")]
    for name in COMPONENTS:
        parts.append((src / f"{name}.css").read_text(encoding="utf-8"))
    (out / "designsystemet.css").write_text("\n".join(parts), encoding="utf-8")
    theme = (package / "dist" / "theme" / "designsystemet.css").read_text(encoding="utf-8")
    (out / "theme.css").write_text(
        f"/* {record['name']} {record['version']} default theme (MIT, see LICENSE). */\n" + theme,
        encoding="utf-8")
    shutil.copy(package / "LICENSE", out / "LICENSE")
    write_version(out, record, ["designsystemet.css", "theme.css"])


def vendor_leaflet(workdir: Path, out: Path) -> None:
    package, record = npm_pack(LEAFLET, workdir)
    out.mkdir(parents=True, exist_ok=True)
    dist = package / "dist"
    shutil.copy(dist / "leaflet.js", out / "leaflet.js")
    shutil.copy(dist / "leaflet.css", out / "leaflet.css")
    images = out / "images"
    images.mkdir(exist_ok=True)
    for image in sorted((dist / "images").iterdir()):
        shutil.copy(image, images / image.name)
    shutil.copy(package / "LICENSE", out / "LICENSE")
    write_version(out, record, ["leaflet.js", "leaflet.css", "images/"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print("make vendor needs npm (Debian: apt-get install npm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        target = work / "vendor" if args.check else VENDOR
        vendor_designsystemet(work, target / "designsystemet")
        vendor_leaflet(work, target / "leaflet")
        if args.check:
            diff = subprocess.run(["diff", "-r", str(target), str(VENDOR)],
                                  capture_output=True, text=True)
            if diff.returncode:
                print(diff.stdout or diff.stderr)
                return 1
            print("app/static/vendor matches npm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
