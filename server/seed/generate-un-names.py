#!/usr/bin/env python3
"""Writes un-names.csv: the UN's own short names of every country and area of
countries.csv, in the six official languages.

Source: OCHA's Countries & Territories Taxonomy, the CSV shipped inside the PyPI
package `hdx-python-country` (MIT; see README.md beside this file). For each
area it takes the UNTERM short names when UNTERM lists all six, else the M49
names (the areas UNTERM does not list: territories such as Aruba or Bermuda).
Names are copied as the source spells them, except for the few entries of the
source that are broken as a reader sees them (CORRECTIONS below: a placeholder
left in, a truncated or garbled Arabic name, Russian names in an oblique case,
a stray capital): each correction is the same name, mended, and its row's
source says `+corrected`.

Run from this folder:
    python3 -m venv /tmp/un-names && /tmp/un-names/bin/pip install hdx-python-country==4.2.5
    /tmp/un-names/bin/python generate-un-names.py > un-names.csv
or give the taxonomy CSV's path as the first argument.
"""

import csv
import pathlib
import sys

LANGS = [("ar", "Arabic"), ("zh", "Chinese"), ("en", "English"),
         ("fr", "French"), ("ru", "Russian"), ("es", "Spanish")]
TAXONOMY = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"

# (ISO3, language) -> (name, what was wrong in the taxonomy, hdx-python-country 4.2.5).
CORRECTIONS = {
    ("NLD", "ar"): ("هولندا (مملكة -)", "a literal '_' where UNTERM's inverted names put '-'"),
    ("UMI", "ar"): ("جزر الولايات المتحدة النائية الصغيرة", "truncated: 'نائية التابعة للولايات المتحدة'"),
    ("IOT", "ar"): ("الإقليم البريطاني في المحيط الهندي", "words out of order"),
    ("ATF", "ar"): ("الأراضي الفرنسية الجنوبية", "a word repeated"),
    ("ALA", "ru"): ("Аландские острова", "genitive 'Аландских островов'"),
    ("ATA", "ru"): ("Антарктика", "prepositional 'Антарктике'"),
    ("CCK", "ru"): ("Кокосовые (Килинг) острова", "genitive 'Кокосовых (Килинг) островов'"),
    ("CXR", "ru"): ("Остров Рождества", "lower-case initial"),
    ("CYM", "ru"): ("Каймановы острова", "'Кайман острова', not a Russian form"),
    ("MAF", "en"): ("Saint Martin (French part)", "'French Part', against M49's own 'Dutch part'"),
    ("SXM", "es"): ("San Martín (parte neerlandesa)", "'parte Holandesa': capital, and 'neerlandesa' as in 'Reino de los Países Bajos'"),
}


def taxonomy_path() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    import hdx.location  # the installed package's data folder
    return pathlib.Path(hdx.location.__file__).parent / TAXONOMY


def main() -> None:
    here = pathlib.Path(__file__).parent
    with open(taxonomy_path(), encoding="utf-8", newline="") as f:
        by_iso3 = {r["ISO 3166-1 Alpha 3-Codes"]: r for r in csv.DictReader(f)}
    with open(here / "countries.csv", encoding="utf-8", newline="") as f:
        ours = list(csv.DictReader(f))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["iso3", "m49", "source"] + [f"name_{code}" for code, _ in LANGS])
    for row in ours:
        entry = by_iso3.get(row["iso3"])
        if entry is None:
            sys.exit(f"{row['iso3']} is not in the taxonomy")
        if entry["m49 numerical code"].zfill(3) != row["m49"]:
            sys.exit(f"{row['iso3']}: M49 {entry['m49 numerical code']} there, {row['m49']} here")
        unterm = [entry[f"{name} Short"].strip() for _, name in LANGS]
        m49 = [entry[f"M49 {name}"].strip() for _, name in LANGS]
        if all(unterm):
            source, names = "unterm", unterm
        elif all(m49):
            source, names = "m49", m49
        else:
            sys.exit(f"{row['iso3']}: neither UNTERM nor M49 names it in all six languages")
        for i, (code, _) in enumerate(LANGS):
            fix = CORRECTIONS.get((row["iso3"], code))
            if fix:
                names[i] = fix[0]
                source = source.split("+")[0] + "+corrected"
        out.writerow([row["iso3"], row["m49"], source] + names)


if __name__ == "__main__":
    main()
